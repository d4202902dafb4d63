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
    let connection =
        crate::server::db::pbx::get(&state.db, &actor.scope, pbx_connection_id).await?;
    let page = crate::server::db::recordings::list(&state.db, &actor.scope, connection.id, &filter)
        .await?;
    let tenant =
        crate::server::db::tenants::get(&state.db, &actor.scope, connection.tenant_id).await?;
    Ok(RecordingList {
        page,
        sync: crate::server::services::recordings::sync_state(&state, &actor.scope, connection.id)
            .await?,
        tenant_id: tenant.id,
        retention_days: tenant.recording_retention_days,
        // With the list, in one answer: the page's one resource.
        retention: crate::server::services::recordings::retention::plan(&state, &actor, tenant.id)
            .await?,
    })
}

/// Starts a sync of the connection now (or joins the one running) and
/// answers at once; `sync_status` follows it.
#[server(endpoint = "recordings/sync")]
pub async fn sync_recordings(pbx_connection_id: i64) -> Result<SyncProgress, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let target =
        crate::server::services::connections::target(&state, &actor.scope, pbx_connection_id)
            .await?;
    actor.scope.require_write()?;
    // Claimed here, before answering: the first poll then finds it running.
    if let Some(running) = state.recordings.begin(target.connection.id) {
        let (background, scope) = (state.clone(), actor.scope.clone());
        tokio::spawn(async move {
            crate::server::services::recordings::sync::run_claimed(
                &background,
                &scope,
                &target,
                running,
            )
            .await;
        });
    }
    Ok(
        crate::server::services::recordings::sync_state(&state, &actor.scope, pbx_connection_id)
            .await?
            .unwrap_or(SyncProgress {
                running: true,
                ..SyncProgress::default()
            }),
    )
}

#[server(endpoint = "recordings/sync_status")]
pub async fn sync_status(pbx_connection_id: i64) -> Result<Option<SyncProgress>, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let connection =
        crate::server::db::pbx::get(&state.db, &actor.scope, pbx_connection_id).await?;
    crate::server::services::recordings::sync_state(&state, &actor.scope, connection.id).await
}

/// Every connection in scope with its last (or running) sync: the cards
/// of the Settings page, in one request made with the page's list.
#[server(endpoint = "recordings/sync_states")]
pub async fn sync_states() -> Result<Vec<(i64, Option<SyncProgress>)>, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let mut states = Vec::new();
    for connection in crate::server::db::pbx::list(&state.db, &actor.scope).await? {
        let progress =
            crate::server::services::recordings::sync_state(&state, &actor.scope, connection.id)
                .await?;
        states.push((connection.id, progress));
    }
    Ok(states)
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
