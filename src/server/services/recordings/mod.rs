//! Recordings: found on each PBX over ARI and matched to their calls
//! (`sync`, also the scheduler), and deleted by age (`retention`).

pub mod retention;
pub mod sync;

use crate::error::AppError;
use crate::model::SyncProgress;
use crate::server::db;
use crate::server::scope::Scope;
use crate::server::state::AppState;

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
