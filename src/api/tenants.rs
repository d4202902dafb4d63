//! Tenants: everyone signed in sees their own (SUPER_ADMIN all); only a
//! SUPER_ADMIN creates, renames, disables.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Page, Tenant};

#[server(endpoint = "tenants/list")]
pub async fn list_tenants() -> Result<Vec<Tenant>, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::tenants::list(&state, &signed_in.scope).await
}

/// One page of tenants, for the Tenants table (`list_tenants` feeds pickers).
#[server(endpoint = "tenants/page")]
pub async fn tenant_page(page: Option<u32>) -> Result<Page<Tenant>, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::tenants::page(&state, &signed_in.scope, page).await
}

#[server(endpoint = "tenants/create")]
pub async fn create_tenant(name: String) -> Result<Tenant, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::tenants::create(&state, &signed_in, &name).await
}

#[server(endpoint = "tenants/rename")]
pub async fn rename_tenant(id: i64, name: String) -> Result<(), AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::tenants::rename(&state, &signed_in, id, &name).await
}

#[server(endpoint = "tenants/set_enabled")]
pub async fn set_tenant_enabled(id: i64, enabled: bool) -> Result<(), AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::tenants::set_enabled(&state, &signed_in, id, enabled).await
}

/// The tenant's time zone (what "today" is in its call history). A
/// SUPER_ADMIN sets any tenant's, a TENANT_ADMIN their own.
#[server(endpoint = "tenants/set_time_zone")]
pub async fn set_tenant_time_zone(id: i64, time_zone: String) -> Result<(), AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::tenants::set_time_zone(&state, &signed_in, id, &time_zone).await
}

/// Every IANA time zone name, for the time zone field's suggestions.
#[server(endpoint = "tenants/time_zones")]
pub async fn time_zones() -> Result<Vec<String>, AppError> {
    super::ssr::signed_in().await?;
    Ok(crate::server::time_zone::names())
}
