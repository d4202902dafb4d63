//! Call history: the PBX's CDR table, searched in place.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{CdrFilter, CdrPage, CdrStats};

#[server(endpoint = "cdr/search")]
pub async fn search_cdr(
    pbx_connection_id: i64,
    #[server(default)] filter: CdrFilter,
) -> Result<CdrPage, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::calls::search(&state, &actor.scope, pbx_connection_id, &filter).await
}

/// How many rows the search finds, all pages.
#[server(endpoint = "cdr/count")]
pub async fn count_cdr(
    pbx_connection_id: i64,
    #[server(default)] filter: CdrFilter,
) -> Result<u64, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::calls::count(&state, &actor.scope, pbx_connection_id, &filter).await
}

#[server(endpoint = "cdr/statistics")]
pub async fn cdr_statistics(
    pbx_connection_id: i64,
    #[server(default)] filter: CdrFilter,
) -> Result<CdrStats, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::calls::statistics(&state, &actor.scope, pbx_connection_id, &filter)
        .await
}
