//! The call history: every way into it (the page, its statistics, the CSV
//! export) opens the PBX's CDR through the caller's scope here; the
//! queries themselves are `realtime::cdr`'s; `summary` keeps the daily
//! figures the statistics of longer ranges add up.

pub mod summary;

use std::sync::Arc;

use crate::error::AppError;
use time::PrimitiveDateTime;

use crate::model::{CdrFilter, CdrPage, CdrStats, PbxConnection};
use crate::server::db;
use crate::server::realtime::cdr::{self, CdrSource, Search};
use crate::server::scope::Scope;
use crate::server::state::AppState;

/// The PBX's CDR database, reached through the caller's scope (another
/// tenant's PBX is "not found"), and the checked search. Every way into the
/// call history (page, statistics, export) starts here.
async fn open(
    state: &AppState,
    scope: &Scope,
    pbx_connection_id: i64,
    filter: &CdrFilter,
) -> Result<Opened, AppError> {
    open_at(
        state,
        scope,
        pbx_connection_id,
        filter,
        jiff::Timestamp::now(),
    )
    .await
}

/// `open` as at the moment `at`.
async fn open_at(
    state: &AppState,
    scope: &Scope,
    pbx_connection_id: i64,
    filter: &CdrFilter,
    at: jiff::Timestamp,
) -> Result<Opened, AppError> {
    let connection = db::pbx::get(&state.db, scope, pbx_connection_id).await?;
    let source = super::connections::call_history(state, &connection).await?;
    // "Today" is the tenant's: the dates of a search are compared with the
    // PBX's own timestamps, which it writes in its local time.
    let tenant = db::tenants::get(&state.db, scope, connection.tenant_id).await?;
    let now = crate::server::time_zone::local_at(at, &tenant.time_zone);
    Ok(Opened {
        search: Search::check(filter, now.date())?,
        connection,
        source,
        now,
    })
}

struct Opened {
    connection: PbxConnection,
    source: Arc<CdrSource>,
    search: Search,
    /// The tenant's wall-clock time.
    now: PrimitiveDateTime,
}

/// One page of calls, each with its recordings (matched by `uniqueid`).
pub async fn search(
    state: &AppState,
    scope: &Scope,
    pbx_connection_id: i64,
    filter: &CdrFilter,
) -> Result<CdrPage, AppError> {
    let Opened { source, search, .. } = open(state, scope, pbx_connection_id, filter).await?;
    let mut page = cdr::search(&source, &search).await?;
    let uniqueids: Vec<String> = page.records.iter().map(|r| r.uniqueid.clone()).collect();
    page.recordings =
        db::recordings::of_calls(&state.db, scope, pbx_connection_id, &uniqueids).await?;
    Ok(page)
}

/// How many calls the search finds, all pages.
pub async fn count(
    state: &AppState,
    scope: &Scope,
    pbx_connection_id: i64,
    filter: &CdrFilter,
) -> Result<u64, AppError> {
    let Opened { source, search, .. } = open(state, scope, pbx_connection_id, filter).await?;
    cdr::count(&source, &search).await
}

/// Calls per hour or day, outcomes, talk time and the busiest numbers of
/// the search; a range narrowed by its dates only adds up the days
/// Switchboard summarised (`summary`).
pub async fn statistics(
    state: &AppState,
    scope: &Scope,
    pbx_connection_id: i64,
    filter: &CdrFilter,
) -> Result<CdrStats, AppError> {
    statistics_at(
        state,
        scope,
        pbx_connection_id,
        filter,
        jiff::Timestamp::now(),
    )
    .await
}

/// `statistics` as they are at the moment `at`: which day is today and
/// which of its hours are over (the tests' and benchmarks' clock).
pub async fn statistics_at(
    state: &AppState,
    scope: &Scope,
    pbx_connection_id: i64,
    filter: &CdrFilter,
    at: jiff::Timestamp,
) -> Result<CdrStats, AppError> {
    let opened = open_at(state, scope, pbx_connection_id, filter, at).await?;
    if !opened.search.dates_only() {
        return cdr::statistics(&opened.source, &opened.search).await;
    }
    summary::statistics(
        state,
        scope,
        &opened.connection,
        opened.source,
        &opened.search,
        opened.now,
    )
    .await
}

/// The CSV of the whole filtered call history (all pages), as pieces in a
/// bounded channel: a slow download slows the query down rather than
/// piling rows up. A wrong filter or an unreachable PBX is an error here,
/// before any byte goes out; a failure halfway ends the stream with it.
pub async fn export(
    state: &AppState,
    scope: &Scope,
    pbx_connection_id: i64,
    filter: &CdrFilter,
) -> Result<cdr::CsvPieces, AppError> {
    let Opened { source, search, .. } = open(state, scope, pbx_connection_id, filter).await?;
    let (sink, pieces) = tokio::sync::mpsc::channel(4);
    tokio::spawn(cdr::export(source, search, sink));
    Ok(pieces)
}
