//! Deleting a tenant's recordings by age: what would go is shown first,
//! and only what was shown goes, on the PBX (ARI) and here, audited.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use crate::error::AppError;
use crate::model::{AuditAction, AuditObject, RetentionPlan, RetentionReport};
use crate::server::asterisk::ari::Ari;
use crate::server::db::{self, now, recordings as repository};
use crate::server::scope::SignedIn;
use crate::server::state::AppState;

/// The recordings of `tenant_id` older than its retention days (none when
/// retention is off), oldest first.
pub async fn plan(
    state: &AppState,
    actor: &SignedIn,
    tenant_id: i64,
) -> Result<RetentionPlan, AppError> {
    let scope = &actor.scope;
    let tenant = db::tenants::get(&state.db, scope, tenant_id).await?;
    let Some(days) = tenant.recording_retention_days else {
        return Ok(RetentionPlan::default());
    };
    let cutoff_unix = now() - i64::from(days) * 86_400;
    // Starts are in the PBX's local time, as its CDR writes them.
    let cutoff =
        crate::server::time_zone::local_text(cutoff_unix, &tenant.time_zone).unwrap_or_default();
    let recordings =
        repository::older_than(&state.db, scope, tenant_id, &cutoff, cutoff_unix).await?;
    Ok(RetentionPlan {
        days: Some(days),
        recordings,
    })
}

/// Deletes the recordings of the plan that were shown (`shown` ids): one
/// not in today's plan (younger, or already gone) stays whatever was asked.
pub async fn apply(
    state: &AppState,
    actor: &SignedIn,
    tenant_id: i64,
    shown: &[i64],
) -> Result<RetentionReport, AppError> {
    // Found first: outside the scope is 404 whatever the role.
    let plan = plan(state, actor, tenant_id).await?;
    actor.scope.require_write()?;
    let shown: HashSet<i64> = shown.iter().copied().collect();
    let mut clients: HashMap<i64, Option<Ari>> = HashMap::new();
    let mut report = RetentionReport::default();
    for recording in plan.recordings.iter().filter(|r| shown.contains(&r.id)) {
        let pbx = recording.pbx_connection_id;
        if let Entry::Vacant(slot) = clients.entry(pbx) {
            let target =
                crate::server::services::connections::target(state, &actor.scope, pbx).await;
            let ari = match target {
                Ok(target) => Ari::open(&target).await.ok(),
                Err(_) => None,
            };
            slot.insert(ari);
        }
        // A recording the PBX no longer lists needs no ARI call.
        let deleted_on_pbx = match (
            recording.gone_at,
            clients.get(&pbx).and_then(Option::as_ref),
        ) {
            (Some(_), _) => true,
            (None, Some(ari)) => ari.delete(&recording.name).await.is_ok(),
            (None, None) => false,
        };
        if !deleted_on_pbx {
            report.failed += 1;
            continue;
        }
        // The file is gone from the PBX: the row and its entry go together.
        let mut tx = state.db.begin().await?;
        repository::mark_deleted(&mut *tx, &actor.scope, recording.id).await?;
        let file_name = recording.file_name();
        crate::server::services::audit::record(
            &mut tx,
            actor,
            crate::server::services::audit::Entry {
                object: AuditObject::Recording,
                action: AuditAction::Delete,
                tenant_id: Some(tenant_id),
                pbx_connection_id: Some(pbx),
                key: recording.id.to_string(),
                label: &file_name,
                before: Some(recording),
                after: None,
            },
        )
        .await?;
        tx.commit().await?;
        state.recordings.cache.forget(recording.id).await;
        report.deleted += 1;
    }
    Ok(report)
}
