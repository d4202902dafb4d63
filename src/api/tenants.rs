//! Tenants: everyone signed in sees their own (SUPER_ADMIN all); only a
//! SUPER_ADMIN creates, renames, disables.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Page, Tenant};

#[server(endpoint = "tenants/list")]
pub async fn list_tenants() -> Result<Vec<Tenant>, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::db::tenants::list(&state.db, &signed_in.scope).await
}

/// One page of tenants, for the Tenants table (`list_tenants` feeds pickers).
#[server(endpoint = "tenants/page")]
pub async fn tenant_page(page: Option<u32>) -> Result<Page<Tenant>, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::db::tenants::page(&state.db, &signed_in.scope, page).await
}

#[server(endpoint = "tenants/create")]
pub async fn create_tenant(name: String) -> Result<Tenant, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    signed_in.scope.require_super_admin()?;
    let name = name.trim().to_owned();
    crate::validate::Checks::new()
        .check("name", crate::validate::name(&name))
        .finish()?;
    let state = super::ssr::state()?;
    let tenant = crate::server::db::tenants::create(&state.db, &name).await?;
    super::ssr::audit_tenant(&signed_in, crate::model::AuditAction::Create, None, &tenant).await?;
    tracing::info!(
        tenant_id = tenant.id,
        by = signed_in.scope.user_id,
        "tenant created"
    );
    Ok(tenant)
}

#[server(endpoint = "tenants/rename")]
pub async fn rename_tenant(id: i64, name: String) -> Result<(), AppError> {
    use crate::server::scope::Scope;
    let signed_in = super::ssr::signed_in().await?;
    let name = name.trim().to_owned();
    super::ssr::change_tenant(
        &signed_in,
        id,
        Scope::require_super_admin,
        async |db, scope| {
            crate::validate::Checks::new()
                .check("name", crate::validate::name(&name))
                .finish()?;
            crate::server::db::tenants::rename(db, scope, id, &name).await
        },
    )
    .await
}

#[server(endpoint = "tenants/set_enabled")]
pub async fn set_tenant_enabled(id: i64, enabled: bool) -> Result<(), AppError> {
    use crate::server::scope::Scope;
    let signed_in = super::ssr::signed_in().await?;
    super::ssr::change_tenant(
        &signed_in,
        id,
        Scope::require_super_admin,
        async |db, scope| crate::server::db::tenants::set_enabled(db, scope, id, enabled).await,
    )
    .await?;
    tracing::info!(
        tenant_id = id,
        enabled,
        by = signed_in.scope.user_id,
        "tenant enabled flag changed"
    );
    Ok(())
}

/// The tenant's time zone (what "today" is in its call history). A
/// SUPER_ADMIN sets any tenant's, a TENANT_ADMIN their own.
#[server(endpoint = "tenants/set_time_zone")]
pub async fn set_tenant_time_zone(id: i64, time_zone: String) -> Result<(), AppError> {
    use crate::server::scope::Scope;
    let signed_in = super::ssr::signed_in().await?;
    let time_zone = time_zone.trim().to_owned();
    super::ssr::change_tenant(&signed_in, id, Scope::require_write, async |db, scope| {
        crate::validate::Checks::new()
            .check(
                "time_zone",
                crate::server::time_zone::check(&time_zone).map(|_| ()),
            )
            .finish()?;
        crate::server::db::tenants::set_time_zone(db, scope, id, &time_zone).await
    })
    .await
}

/// Every IANA time zone name, for the time zone field's suggestions.
#[server(endpoint = "tenants/time_zones")]
pub async fn time_zones() -> Result<Vec<String>, AppError> {
    super::ssr::signed_in().await?;
    Ok(crate::server::time_zone::names())
}
