//! Tenants: everyone signed in sees their own (SUPER_ADMIN all); only a
//! SUPER_ADMIN creates, renames, disables and requires two-factor; a
//! tenant's admin sets its time zone and how long it keeps recordings.

use crate::server::db::Connection;

use super::audit::{self, Entry};
use crate::error::{AppError, Problem};
use crate::model::{MAX_RETENTION_DAYS, Page, Tenant};
use crate::server::db;
use crate::server::scope::{Scope, SignedIn};
use crate::server::state::AppState;
use crate::validate::{self, Checks};

/// Every tenant the scope may see, for pickers.
pub async fn list(state: &AppState, scope: &Scope) -> Result<Vec<Tenant>, AppError> {
    db::tenants::list(&state.db, scope).await
}

/// One page of them, for the Tenants table.
pub async fn page(
    state: &AppState,
    scope: &Scope,
    page: Option<u32>,
) -> Result<Page<Tenant>, AppError> {
    db::tenants::page(&state.db, scope, page).await
}

pub async fn create(state: &AppState, actor: &SignedIn, name: &str) -> Result<Tenant, AppError> {
    actor.scope.require_super_admin()?;
    let name = name.trim();
    Checks::new().check("name", validate::name(name)).finish()?;
    let mut tx = state.db.begin().await?;
    let tenant = db::tenants::create(&mut *tx, name).await?;
    audit::record(&mut tx, actor, Entry::created(&tenant)).await?;
    tx.commit().await?;
    tracing::info!(
        tenant_id = tenant.id,
        by = actor.scope.user_id,
        "tenant created"
    );
    Ok(tenant)
}

pub async fn rename(
    state: &AppState,
    actor: &SignedIn,
    id: i64,
    name: &str,
) -> Result<(), AppError> {
    let name = name.trim();
    change(
        state,
        actor,
        id,
        Scope::require_super_admin,
        async |db, scope| {
            Checks::new().check("name", validate::name(name)).finish()?;
            db::tenants::rename(db, scope, id, name).await
        },
    )
    .await
}

pub async fn set_enabled(
    state: &AppState,
    actor: &SignedIn,
    id: i64,
    enabled: bool,
) -> Result<(), AppError> {
    change(
        state,
        actor,
        id,
        Scope::require_super_admin,
        async |db, scope| db::tenants::set_enabled(db, scope, id, enabled).await,
    )
    .await?;
    tracing::info!(
        tenant_id = id,
        enabled,
        by = actor.scope.user_id,
        "tenant enabled flag changed"
    );
    Ok(())
}

/// What "today" is in the tenant's call history: an IANA name.
pub async fn set_time_zone(
    state: &AppState,
    actor: &SignedIn,
    id: i64,
    time_zone: &str,
) -> Result<(), AppError> {
    let time_zone = time_zone.trim();
    change(state, actor, id, Scope::require_write, async |db, scope| {
        Checks::new()
            .check(
                "time_zone",
                crate::server::time_zone::check(time_zone).map(|_| ()),
            )
            .finish()?;
        db::tenants::set_time_zone(db, scope, id, time_zone).await
    })
    .await
}

/// Whether the tenant's users must sign in with a second factor.
pub async fn set_require_two_factor(
    state: &AppState,
    actor: &SignedIn,
    id: i64,
    required: bool,
) -> Result<(), AppError> {
    change(
        state,
        actor,
        id,
        Scope::require_super_admin,
        async |db, scope| db::tenants::set_require_two_factor(db, scope, id, required).await,
    )
    .await
}

/// How many days the tenant keeps recordings (`None`: for ever).
pub async fn set_recording_retention(
    state: &AppState,
    actor: &SignedIn,
    id: i64,
    days: Option<u32>,
) -> Result<(), AppError> {
    change(state, actor, id, Scope::require_write, async |db, scope| {
        if days.is_some_and(|d| d == 0 || d > MAX_RETENTION_DAYS) {
            return Err(AppError::field(
                "days",
                Problem::OutOfRange {
                    min: 1,
                    max: i64::from(MAX_RETENTION_DAYS),
                },
            ));
        }
        db::recordings::set_retention_days(db, scope, id, days).await
    })
    .await
}

/// Changes one tenant, in one transaction: found inside the caller's scope
/// first (outside it, 404 whatever the role), then `allowed` (403), then
/// `change` (which checks its input), then audited with the tenant before
/// and after. `BEGIN IMMEDIATE`: the read of "before" and the write hold
/// the same lock, so the entry shows what the change really replaced.
async fn change(
    state: &AppState,
    actor: &SignedIn,
    id: i64,
    allowed: fn(&Scope) -> Result<(), AppError>,
    change: impl AsyncFnOnce(&mut Connection, &Scope) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let mut tx = crate::server::db::write(&state.db).await?;
    let before = db::tenants::get(&mut *tx, &actor.scope, id).await?;
    allowed(&actor.scope)?;
    change(&mut tx, &actor.scope).await?;
    let after = db::tenants::get(&mut *tx, &actor.scope, id).await?;
    audit::record(&mut tx, actor, Entry::updated(&before, &after)).await?;
    tx.commit().await?;
    Ok(())
}
