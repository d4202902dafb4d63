//! Recordings: the list of a PBX's recordings, its sync ("Sync now" and
//! progress), and retention by age.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{RecordingFilter, RecordingList, RetentionPlan, RetentionReport, SyncProgress};

#[server(endpoint = "recordings/list")]
pub async fn list_recordings(
    pbx_connection_id: i64,
    #[server(default)] filter: RecordingFilter,
) -> Result<RecordingList, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::recordings::list(&state, &actor, pbx_connection_id, &filter).await
}

/// Starts a sync of the connection now (or joins the one running) and
/// answers at once; `sync_status` follows it.
#[server(endpoint = "recordings/sync")]
pub async fn sync_recordings(pbx_connection_id: i64) -> Result<SyncProgress, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::recordings::sync_now(&state, &actor, pbx_connection_id).await
}

#[server(endpoint = "recordings/sync_status")]
pub async fn sync_status(pbx_connection_id: i64) -> Result<Option<SyncProgress>, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::recordings::sync_status(&state, &actor.scope, pbx_connection_id).await
}

/// Every connection in scope with its last (or running) sync: the cards
/// of the Settings page, in one request made with the page's list.
#[server(endpoint = "recordings/sync_states")]
pub async fn sync_states() -> Result<Vec<(i64, Option<SyncProgress>)>, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::recordings::sync_states(&state, &actor.scope).await
}

/// Sets how many days a tenant keeps recordings (`None`: for ever).
#[server(endpoint = "recordings/set_retention")]
pub async fn set_retention(tenant_id: i64, days: Option<u32>) -> Result<(), AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::tenants::set_recording_retention(&state, &actor, tenant_id, days).await
}

/// What retention would delete now: the preview.
#[server(endpoint = "recordings/preview_retention")]
pub async fn preview_retention(tenant_id: i64) -> Result<RetentionPlan, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::recordings::retention::plan(&state, &actor, tenant_id).await
}

/// Deletes what the preview showed (`shown`), on the PBX and here.
#[server(endpoint = "recordings/apply_retention")]
pub async fn apply_retention(
    tenant_id: i64,
    #[server(default)] shown: Vec<i64>,
) -> Result<RetentionReport, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::recordings::retention::apply(&state, &actor, tenant_id, &shown).await
}
