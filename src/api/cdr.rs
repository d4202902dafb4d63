//! Call history: the PBX's CDR table, searched in place.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{CdrFilter, CdrPage, CdrStats};

#[server(endpoint = "cdr/search")]
pub async fn search_cdr(
    pbx_connection_id: i64,
    #[server(default)] filter: CdrFilter,
) -> Result<CdrPage, AppError> {
    use crate::server::realtime::cdr;
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let (source, search) =
        crate::server::services::calls::open(&state, &actor.scope, pbx_connection_id, &filter)
            .await?;
    let mut page = cdr::search(&source, &search).await?;
    let uniqueids: Vec<String> = page.records.iter().map(|r| r.uniqueid.clone()).collect();
    page.recordings = crate::server::db::recordings::of_calls(
        &state.db,
        &actor.scope,
        pbx_connection_id,
        &uniqueids,
    )
    .await?;
    Ok(page)
}

/// How many rows the search finds, all pages.
#[server(endpoint = "cdr/count")]
pub async fn count_cdr(
    pbx_connection_id: i64,
    #[server(default)] filter: CdrFilter,
) -> Result<u64, AppError> {
    use crate::server::realtime::cdr;
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let (source, search) =
        crate::server::services::calls::open(&state, &actor.scope, pbx_connection_id, &filter)
            .await?;
    cdr::count(&source, &search).await
}

#[server(endpoint = "cdr/statistics")]
pub async fn cdr_statistics(
    pbx_connection_id: i64,
    #[server(default)] filter: CdrFilter,
) -> Result<CdrStats, AppError> {
    use crate::server::realtime::cdr;
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let (source, search) =
        crate::server::services::calls::open(&state, &actor.scope, pbx_connection_id, &filter)
            .await?;
    cdr::statistics(&source, &search).await
}
