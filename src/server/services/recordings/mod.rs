//! Recordings: found on each PBX over ARI and matched to their calls
//! (`sync`, also the scheduler), and deleted by age (`retention`).

pub mod retention;
pub mod sync;

use crate::error::AppError;
use crate::model::{Recording, RecordingFilter, RecordingList, SyncProgress};
use crate::server::db;
use crate::server::scope::{Scope, SignedIn};
use crate::server::state::AppState;

/// One page of a connection's recordings, with its sync state and the
/// tenant's retention (setting and preview): the page's one answer, so it
/// needs one resource and nothing awaits another.
pub async fn list(
    state: &AppState,
    actor: &SignedIn,
    pbx_connection_id: i64,
    filter: &RecordingFilter,
) -> Result<RecordingList, AppError> {
    let scope = &actor.scope;
    let connection = db::pbx::get(&state.db, scope, pbx_connection_id).await?;
    let page = db::recordings::list(&state.db, scope, connection.id, filter).await?;
    let tenant = db::tenants::get(&state.db, scope, connection.tenant_id).await?;
    Ok(RecordingList {
        page,
        sync: sync_state(state, scope, connection.id).await?,
        tenant_id: tenant.id,
        retention_days: tenant.recording_retention_days,
        retention: retention::plan(state, actor, tenant.id).await?,
    })
}

/// Starts a sync of the connection now (or joins the one running) and
/// answers at once with its progress; `sync_status` follows it.
pub async fn sync_now(
    state: &AppState,
    actor: &SignedIn,
    pbx_connection_id: i64,
) -> Result<SyncProgress, AppError> {
    let target = super::connections::target(state, &actor.scope, pbx_connection_id).await?;
    actor.scope.require_write()?;
    // Claimed here, before answering: the first poll then finds it running.
    if let Some(running) = state.recordings.begin(target.connection.id) {
        let (background, scope) = (state.clone(), actor.scope.clone());
        tokio::spawn(async move {
            sync::run_claimed(&background, &scope, &target, running).await;
        });
    }
    Ok(sync_state(state, &actor.scope, pbx_connection_id)
        .await?
        .unwrap_or(SyncProgress {
            running: true,
            ..SyncProgress::default()
        }))
}

/// The sync of one connection in scope (another tenant's is "not found").
pub async fn sync_status(
    state: &AppState,
    scope: &Scope,
    pbx_connection_id: i64,
) -> Result<Option<SyncProgress>, AppError> {
    let connection = db::pbx::get(&state.db, scope, pbx_connection_id).await?;
    sync_state(state, scope, connection.id).await
}

/// Every connection in scope with its last (or running) sync: the
/// Settings page's cards, in one request made with the page's list.
pub async fn sync_states(
    state: &AppState,
    scope: &Scope,
) -> Result<Vec<(i64, Option<SyncProgress>)>, AppError> {
    let mut states = Vec::new();
    for connection in db::pbx::list(&state.db, scope).await? {
        states.push((
            connection.id,
            sync_state(state, scope, connection.id).await?,
        ));
    }
    Ok(states)
}

/// The sync running now for a connection, or its last one; `None` before
/// the first. The caller has found the connection inside its scope.
pub async fn sync_state(
    state: &AppState,
    scope: &Scope,
    pbx_connection_id: i64,
) -> Result<Option<SyncProgress>, AppError> {
    if let Some(running) = state.recordings.progress(pbx_connection_id) {
        return Ok(Some(running));
    }
    Ok(
        db::recordings::last_sync(&state.db, scope, pbx_connection_id)
            .await?
            .map(|(progress, _)| progress),
    )
}

/// A recording the caller may play: in its scope and not deleted. Anything
/// else, another tenant's included, is "not found".
pub async fn playable(state: &AppState, scope: &Scope, id: i64) -> Result<Recording, AppError> {
    match db::recordings::get(&state.db, scope, id).await? {
        recording if recording.gone_at.is_none() => Ok(recording),
        _ => Err(AppError::NotFound),
    }
}
