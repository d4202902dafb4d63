//! Call history: the PBX's CDR table, searched in place.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{CdrFilter, CdrPage, CdrStats};

#[server(endpoint = "cdr/search")]
pub async fn search_cdr(
    pbx_connection_id: i64,
    #[server(default)] filter: CdrFilter,
) -> Result<CdrPage, AppError> {
    use crate::server::provisioning::Pbx;
    use crate::server::realtime::cdr;
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let pbx = Pbx::open(&state, &actor.scope, pbx_connection_id).await?;
    // "Today" is UTC's until tenants have a time zone of their own.
    let today = time::OffsetDateTime::now_utc().date();
    let search = cdr::Search::check(&filter, today)?;
    cdr::search(&pbx.realtime, &search).await
}

#[server(endpoint = "cdr/statistics")]
pub async fn cdr_statistics(
    pbx_connection_id: i64,
    #[server(default)] filter: CdrFilter,
) -> Result<CdrStats, AppError> {
    use crate::server::provisioning::Pbx;
    use crate::server::realtime::cdr;
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let pbx = Pbx::open(&state, &actor.scope, pbx_connection_id).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let search = cdr::Search::check(&filter, today)?;
    cdr::statistics(&pbx.realtime, &search).await
}
