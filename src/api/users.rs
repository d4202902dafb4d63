//! Users: SUPER_ADMIN manages everyone; TENANT_ADMIN the users of its own
//! tenant and never a SUPER_ADMIN; READ_ONLY only looks.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Page, Role, User};

#[server(endpoint = "users/list")]
pub async fn list_users(page: Option<u32>) -> Result<Page<User>, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::db::users::list(&state.db, &signed_in.scope, page).await
}

#[server(endpoint = "users/create")]
pub async fn create_user(
    tenant_id: Option<i64>,
    email: String,
    display_name: String,
    role: Role,
    password: String,
) -> Result<User, AppError> {
    use crate::error::Problem;
    use crate::server::{db, passwords};
    use crate::validate::{self, Checks};

    let signed_in = super::ssr::signed_in().await?;
    let scope = &signed_in.scope;
    scope.require_write()?;
    let state = super::ssr::state()?;
    let email = email.trim().to_lowercase();
    let display_name = display_name.trim().to_owned();
    let mut checks = Checks::new();
    checks
        .check("email", validate::email(&email))
        .check("display_name", validate::display_name(&display_name))
        .check("password", validate::new_password(&password));
    // Only a SUPER_ADMIN makes another SUPER_ADMIN, who belongs to no tenant.
    let tenant_id = match role {
        Role::SuperAdmin => {
            scope
                .require_super_admin()
                .map_err(|_| AppError::field("role", Problem::RoleNotAllowed))?;
            None
        }
        _ => {
            let tenant_id = scope.target_tenant(tenant_id)?;
            if db::tenants::get(&state.db, scope, tenant_id).await.is_err() {
                checks.check("tenant_id", Err(Problem::UnknownTenant));
            }
            Some(tenant_id)
        }
    };
    checks.finish()?;
    let hash = passwords::hash(password).await;
    let id = db::users::insert(
        &state.db,
        db::users::NewUser {
            tenant_id,
            email: &email,
            display_name: &display_name,
            password_hash: &hash,
            role,
        },
    )
    .await?;
    tracing::info!(user_id = id, by = scope.user_id, "user created");
    let user = db::users::get(&state.db, scope, id).await?;
    super::ssr::audit_user(&signed_in, crate::model::AuditAction::Create, None, &user).await?;
    Ok(user)
}

#[server(endpoint = "users/update")]
pub async fn update_user(
    id: i64,
    display_name: String,
    role: Role,
    // A checkbox: absent from a posted form when unticked.
    #[server(default)] enabled: bool,
) -> Result<(), AppError> {
    use crate::error::Problem;
    use crate::server::db;
    use crate::validate::{self, Checks};

    let signed_in = super::ssr::signed_in().await?;
    let scope = &signed_in.scope;
    let state = super::ssr::state()?;
    let existing = db::users::get(&state.db, scope, id).await?;
    scope.require_write()?;
    let display_name = display_name.trim().to_owned();
    let mut checks = Checks::new();
    checks.check("display_name", validate::display_name(&display_name));
    // A user's place (tenant or none) is fixed: roles may not cross it.
    if (role == Role::SuperAdmin) != (existing.role == Role::SuperAdmin) {
        checks.check("role", Err(Problem::RoleNotAllowed));
    }
    // Nobody locks themselves out.
    if id == scope.user_id && (!enabled || role != existing.role) {
        checks.check("role", Err(Problem::RoleNotAllowed));
    }
    checks.finish()?;
    db::users::update(&state.db, scope, id, &display_name, role, enabled).await?;
    let after = db::users::get(&state.db, scope, id).await?;
    super::ssr::audit_user(
        &signed_in,
        crate::model::AuditAction::Update,
        Some(&existing),
        &after,
    )
    .await?;
    tracing::info!(user_id = id, by = scope.user_id, "user updated");
    Ok(())
}
