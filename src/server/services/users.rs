//! Users: SUPER_ADMIN manages everyone; TENANT_ADMIN the users of its own
//! tenant and never a SUPER_ADMIN; READ_ONLY only looks. Each change and
//! its audit entry are one transaction.

use super::audit::{self, Entry};
use crate::error::{AppError, Problem};
use crate::model::{Page, Role, User};
use crate::server::scope::{Scope, SignedIn};
use crate::server::state::AppState;
use crate::server::{db, passwords};
use crate::validate::{self, Checks};

/// One page of the users the scope may see.
pub async fn list(
    state: &AppState,
    scope: &Scope,
    page: Option<u32>,
) -> Result<Page<User>, AppError> {
    db::users::list(&state.db, scope, page).await
}

pub struct NewUser {
    pub tenant_id: Option<i64>,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

pub async fn create(state: &AppState, actor: &SignedIn, new: NewUser) -> Result<User, AppError> {
    let scope = &actor.scope;
    scope.require_write()?;
    let email = new.email.trim().to_lowercase();
    let display_name = new.display_name.trim().to_owned();
    let mut checks = Checks::new();
    checks
        .check("email", validate::email(&email))
        .check("display_name", validate::display_name(&display_name))
        .check("password", validate::new_password(&new.password));
    // Only a SUPER_ADMIN makes another SUPER_ADMIN, who belongs to no tenant.
    let tenant_id = match new.role {
        Role::SuperAdmin => {
            scope
                .require_super_admin()
                .map_err(|_| AppError::field("role", Problem::RoleNotAllowed))?;
            None
        }
        _ => {
            let tenant_id = scope.target_tenant(new.tenant_id)?;
            if db::tenants::get(&state.db, scope, tenant_id).await.is_err() {
                checks.check("tenant_id", Err(Problem::UnknownTenant));
            }
            Some(tenant_id)
        }
    };
    checks.finish()?;
    // Hashed before the transaction: Argon2 takes ~100 ms, no lock held.
    let hash = passwords::hash(new.password).await;
    let mut tx = state.db.begin().await?;
    let id = db::users::insert(
        &mut *tx,
        db::users::NewUser {
            tenant_id,
            email: &email,
            display_name: &display_name,
            password_hash: &hash,
            role: new.role,
        },
    )
    .await?;
    let user = db::users::get(&mut *tx, scope, id).await?;
    audit::record(&mut tx, actor, Entry::created(&user)).await?;
    tx.commit().await?;
    tracing::info!(user_id = id, by = scope.user_id, "user created");
    Ok(user)
}

pub struct UserChange {
    pub display_name: String,
    pub role: Role,
    pub enabled: bool,
}

pub async fn update(
    state: &AppState,
    actor: &SignedIn,
    id: i64,
    change: UserChange,
) -> Result<(), AppError> {
    let scope = &actor.scope;
    let mut tx = crate::server::db::write(&state.db).await?;
    let existing = db::users::get(&mut *tx, scope, id).await?;
    scope.require_write()?;
    let display_name = change.display_name.trim().to_owned();
    let mut checks = Checks::new();
    checks.check("display_name", validate::display_name(&display_name));
    // A user's place (tenant or none) is fixed: roles may not cross it.
    if (change.role == Role::SuperAdmin) != (existing.role == Role::SuperAdmin) {
        checks.check("role", Err(Problem::RoleNotAllowed));
    }
    // Nobody locks themselves out.
    if id == scope.user_id && (!change.enabled || change.role != existing.role) {
        checks.check("role", Err(Problem::RoleNotAllowed));
    }
    checks.finish()?;
    db::users::update(
        &mut *tx,
        scope,
        id,
        &display_name,
        change.role,
        change.enabled,
    )
    .await?;
    let after = db::users::get(&mut *tx, scope, id).await?;
    audit::record(&mut tx, actor, Entry::updated(&existing, &after)).await?;
    tx.commit().await?;
    tracing::info!(user_id = id, by = scope.user_id, "user updated");
    Ok(())
}
