//! Recordings found on the PBXs, and each connection's last sync. Every
//! function takes the caller's scope (the server's own for scheduled
//! syncs) and keeps to it.

use std::collections::HashMap;

use crate::server::db::Pool;

use super::{Flag, now, one_row};
use crate::error::AppError;
use crate::model::{
    CheckProblem, MatchedBy, Page, Recording, RecordingFilter, RecordingOrigin, SyncProgress,
    page_bounds,
};
use crate::server::scope::{Scope, TenantScope};

/// A write for `tenant_id` is only for a scope that holds it.
fn require_tenant(scope: &Scope, tenant_id: i64) -> Result<(), AppError> {
    match scope.tenant {
        TenantScope::One(own) if own != tenant_id => Err(AppError::NotFound),
        _ => Ok(()),
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    pbx_connection_id: i64,
    name: String,
    format: String,
    size_bytes: i64,
    duration_ms: Option<i64>,
    started_at: String,
    source: String,
    destination: String,
    uniqueid: String,
    linkedid: String,
    matched_by: String,
    origin: String,
    #[sqlx(try_from = "Flag")]
    empty: bool,
    found_at: i64,
    gone_at: Option<i64>,
}

const COLUMNS: &str = "r.id, r.pbx_connection_id, r.name, r.format, r.size_bytes, r.duration_ms, \
     r.started_at, r.source, r.destination, r.uniqueid, r.linkedid, r.matched_by, r.origin, \
     r.empty, r.found_at, r.gone_at";

impl From<Row> for Recording {
    fn from(row: Row) -> Recording {
        Recording {
            id: row.id,
            pbx_connection_id: row.pbx_connection_id,
            name: row.name,
            format: row.format,
            size_bytes: row.size_bytes.max(0) as u64,
            duration_ms: row.duration_ms.map(|d| d.max(0) as u64),
            started_at: row.started_at,
            source: row.source,
            destination: row.destination,
            uniqueid: row.uniqueid,
            linkedid: row.linkedid,
            matched_by: if row.matched_by == "cdr" {
                MatchedBy::Cdr
            } else {
                MatchedBy::FileName
            },
            origin: if row.origin == "freepbx" {
                RecordingOrigin::FreePbx
            } else {
                RecordingOrigin::Asterisk
            },
            empty: row.empty,
            found_at: row.found_at,
            gone_at: row.gone_at,
        }
    }
}

/// A recording the sync has just read, before it has an id.
#[derive(Debug, Clone)]
pub struct NewRecording {
    pub name: String,
    pub format: String,
    pub size_bytes: u64,
    pub duration_ms: Option<u64>,
    pub started_at: String,
    pub source: String,
    pub destination: String,
    pub uniqueid: String,
    pub linkedid: String,
    pub matched_by: MatchedBy,
    pub origin: RecordingOrigin,
    pub empty: bool,
}

/// What the sync already knows of a connection: (name, format) → whether
/// it is marked gone. Deleted rows count as known (never re-added).
pub async fn known(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
) -> Result<HashMap<(String, String), (i64, bool)>, AppError> {
    let rows: Vec<(i64, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, format, gone_at FROM recordings \
         WHERE pbx_connection_id = $1 AND ($2 IS NULL OR tenant_id = $2) AND deleted_at IS NULL",
    )
    .bind(pbx_connection_id)
    .bind(scope.tenant_filter())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, format, gone)| ((name, format), (id, gone.is_some())))
        .collect())
}

/// Records a new recording once: a second sync (or two at once) adds
/// nothing. True when this call inserted it.
pub async fn insert(
    pool: &Pool,
    scope: &Scope,
    tenant_id: i64,
    pbx_connection_id: i64,
    new: &NewRecording,
) -> Result<bool, AppError> {
    require_tenant(scope, tenant_id)?;
    let done = sqlx::query(
        "INSERT INTO recordings (tenant_id, pbx_connection_id, name, format, size_bytes, \
         duration_ms, started_at, source, destination, uniqueid, linkedid, matched_by, origin, \
         empty, found_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (pbx_connection_id, name, format) DO NOTHING",
    )
    .bind(tenant_id)
    .bind(pbx_connection_id)
    .bind(&new.name)
    .bind(&new.format)
    .bind(new.size_bytes as i64)
    .bind(new.duration_ms.map(|d| d as i64))
    .bind(&new.started_at)
    .bind(&new.source)
    .bind(&new.destination)
    .bind(&new.uniqueid)
    .bind(&new.linkedid)
    .bind(match new.matched_by {
        MatchedBy::Cdr => "cdr",
        MatchedBy::FileName => "file_name",
    })
    .bind(match new.origin {
        RecordingOrigin::FreePbx => "freepbx",
        RecordingOrigin::Asterisk => "asterisk",
    })
    .bind(new.empty)
    .bind(now())
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks recordings gone (the PBX no longer lists them) or back.
pub async fn set_gone(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
    ids: &[i64],
    gone: bool,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    for id in ids {
        sqlx::query(
            "UPDATE recordings SET gone_at = CASE WHEN $3 THEN $4 ELSE NULL END \
             WHERE id = $1 AND pbx_connection_id = $2 AND ($5 IS NULL OR tenant_id = $5)",
        )
        .bind(id)
        .bind(pbx_connection_id)
        .bind(gone)
        .bind(now())
        .bind(scope.tenant_filter())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// One page of a connection's recordings, newest first.
pub async fn list(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
    filter: &RecordingFilter,
) -> Result<Page<Recording>, AppError> {
    let (page, limit, offset) = page_bounds(Some(filter.page));
    let condition = "r.pbx_connection_id = $1 AND ($2 IS NULL OR r.tenant_id = $2) \
         AND r.deleted_at IS NULL AND ($3 OR r.empty = FALSE) AND ($4 OR r.gone_at IS NULL) \
         AND ($5 = '' OR r.uniqueid = $5 OR r.linkedid = $5)";
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM recordings r WHERE {condition}"
    ))
    .bind(pbx_connection_id)
    .bind(scope.tenant_filter())
    .bind(filter.show_empty)
    .bind(filter.show_gone)
    .bind(filter.call.trim())
    .fetch_one(pool)
    .await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM recordings r WHERE {condition} \
         ORDER BY r.started_at DESC, r.id DESC LIMIT $6 OFFSET $7"
    ))
    .bind(pbx_connection_id)
    .bind(scope.tenant_filter())
    .bind(filter.show_empty)
    .bind(filter.show_gone)
    .bind(filter.call.trim())
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    Ok(Page {
        items: rows.into_iter().map(Recording::from).collect(),
        total: total.max(0) as u64,
        page,
        per_page: limit as u32,
    })
}

/// One recording inside the scope; deleted ones do not exist.
pub async fn get(pool: &Pool, scope: &Scope, id: i64) -> Result<Recording, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM recordings r WHERE r.id = $1 AND ($2 IS NULL OR r.tenant_id = $2) \
         AND r.deleted_at IS NULL"
    ))
    .bind(id)
    .bind(scope.tenant_filter())
    .fetch_optional(pool)
    .await?;
    row.map(Recording::from).ok_or(AppError::NotFound)
}

/// The recordings of the calls in `uniqueids` (a page of call history),
/// as (uniqueid, recording id).
pub async fn of_calls(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
    uniqueids: &[String],
) -> Result<Vec<(String, i64)>, AppError> {
    // One query for the whole page, the ids as parameters: a page holds at
    // most `CDR_MAX_LIMIT` (500), and SQLite and PostgreSQL take 32,766 and
    // 65,535 parameters.
    let ids: Vec<&String> = uniqueids.iter().filter(|id| !id.is_empty()).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (0..ids.len())
        .map(|i| format!("${}", i + 3))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT uniqueid, id FROM recordings WHERE pbx_connection_id = $1 \
         AND ($2 IS NULL OR tenant_id = $2) AND uniqueid IN ({placeholders}) \
         AND deleted_at IS NULL AND gone_at IS NULL ORDER BY id"
    );
    let mut query = sqlx::query_as(&sql)
        .bind(pbx_connection_id)
        .bind(scope.tenant_filter());
    for id in ids {
        query = query.bind(id);
    }
    Ok(query.fetch_all(pool).await?)
}

/// Recordings of a tenant that started before `cutoff` (PBX local time,
/// `YYYY-MM-DD HH:MM:SS`), or were found before `cutoff_unix` when their
/// start is unknown; oldest first.
pub async fn older_than(
    pool: &Pool,
    scope: &Scope,
    tenant_id: i64,
    cutoff: &str,
    cutoff_unix: i64,
) -> Result<Vec<Recording>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM recordings r WHERE r.tenant_id = $1 AND ($2 IS NULL OR r.tenant_id = $2) \
         AND r.deleted_at IS NULL \
         AND ((r.started_at <> '' AND r.started_at < $3) OR (r.started_at = '' AND r.found_at < $4)) \
         ORDER BY r.started_at, r.id"
    ))
    .bind(tenant_id)
    .bind(scope.tenant_filter())
    .bind(cutoff)
    .bind(cutoff_unix)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Recording::from).collect())
}

pub async fn mark_deleted<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    id: i64,
) -> Result<(), AppError> {
    one_row(
        sqlx::query(
            "UPDATE recordings SET deleted_at = $3 WHERE id = $1 AND ($2 IS NULL OR tenant_id = $2)",
        )
        .bind(id)
        .bind(scope.tenant_filter())
        .bind(now())
        .execute(db)
        .await?,
    )
}

pub async fn set_retention_days<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    tenant_id: i64,
    days: Option<u32>,
) -> Result<(), AppError> {
    one_row(
        sqlx::query(
            "UPDATE tenants SET recording_retention_days = $3 WHERE id = $1 AND ($2 IS NULL OR id = $2)",
        )
        .bind(tenant_id)
        .bind(scope.tenant_filter())
        .bind(days.map(i64::from))
        .execute(db)
        .await?,
    )
}

#[derive(sqlx::FromRow)]
struct SyncRow {
    started_at: i64,
    finished_at: Option<i64>,
    found: i64,
    added: i64,
    failed: i64,
    gone: i64,
    error: Option<String>,
    consecutive_failures: i64,
    next_run_at: i64,
}

/// The last sync of a connection inside the scope, if it ever ran.
pub async fn last_sync(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
) -> Result<Option<(SyncProgress, u32)>, AppError> {
    let row: Option<SyncRow> = sqlx::query_as(
        "SELECT started_at, finished_at, found, added, failed, gone, error, consecutive_failures, \
         next_run_at FROM recording_syncs WHERE pbx_connection_id = $1 \
         AND ($2 IS NULL OR tenant_id = $2)",
    )
    .bind(pbx_connection_id)
    .bind(scope.tenant_filter())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| {
        let count = |n: i64| n.max(0) as u64;
        (
            SyncProgress {
                running: false,
                found: count(row.found),
                added: count(row.added),
                failed: count(row.failed),
                gone: count(row.gone),
                examined: count(row.added) + count(row.failed),
                to_examine: count(row.added) + count(row.failed),
                started_at: Some(row.started_at),
                finished_at: row.finished_at,
                error: row
                    .error
                    .and_then(|e| serde_json::from_str::<CheckProblem>(&e).ok()),
                next_run_at: Some(row.next_run_at),
            },
            row.consecutive_failures.clamp(0, 64) as u32,
        )
    }))
}

/// Saves how a sync ended and when the next one is due.
pub async fn save_sync(
    pool: &Pool,
    scope: &Scope,
    tenant_id: i64,
    pbx_connection_id: i64,
    progress: &SyncProgress,
    consecutive_failures: u32,
) -> Result<(), AppError> {
    require_tenant(scope, tenant_id)?;
    sqlx::query(
        "INSERT INTO recording_syncs (pbx_connection_id, tenant_id, started_at, finished_at, found, \
         added, failed, gone, error, consecutive_failures, next_run_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (pbx_connection_id) DO UPDATE SET started_at = excluded.started_at, \
         finished_at = excluded.finished_at, found = excluded.found, added = excluded.added, \
         failed = excluded.failed, gone = excluded.gone, error = excluded.error, \
         consecutive_failures = excluded.consecutive_failures, next_run_at = excluded.next_run_at",
    )
    .bind(pbx_connection_id)
    .bind(tenant_id)
    .bind(progress.started_at.unwrap_or_else(now))
    .bind(progress.finished_at)
    .bind(progress.found as i64)
    .bind(progress.added as i64)
    .bind(progress.failed as i64)
    .bind(progress.gone as i64)
    .bind(
        progress
            .error
            .as_ref()
            .and_then(|e| serde_json::to_string(e).ok()),
    )
    .bind(i64::from(consecutive_failures))
    .bind(progress.next_run_at.unwrap_or_else(now))
    .execute(pool)
    .await?;
    Ok(())
}

/// Connections in the scope whose next sync is due (or that never
/// synced), as ids.
pub async fn due(pool: &Pool, scope: &Scope, at: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT p.id FROM pbx_connections p LEFT JOIN recording_syncs s \
         ON s.pbx_connection_id = p.id WHERE p.ari_password_sealed IS NOT NULL \
         AND ($2 IS NULL OR p.tenant_id = $2) \
         AND (s.next_run_at IS NULL OR s.next_run_at <= $1) ORDER BY p.id",
    )
    .bind(at)
    .bind(scope.tenant_filter())
    .fetch_all(pool)
    .await?)
}
