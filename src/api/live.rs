//! Acting on live calls. The live stream itself is `/api/live/events`
//! (server-sent events, `server::http::live`).

use leptos::prelude::*;

use crate::error::AppError;

#[server(endpoint = "live/hangup")]
pub async fn hangup_call(pbx_connection_id: i64, call_id: String) -> Result<(), AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::live::hangup(&state, &actor, pbx_connection_id, &call_id).await
}

/// Blind transfer of the call's caller to `number`.
#[server(endpoint = "live/transfer")]
pub async fn transfer_call(
    pbx_connection_id: i64,
    call_id: String,
    number: String,
) -> Result<(), AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::live::transfer(&state, &actor, pbx_connection_id, &call_id, &number)
        .await
}

/// Click-to-call from `extension` to `number`.
#[server(endpoint = "live/originate")]
pub async fn originate_call(
    pbx_connection_id: i64,
    extension: String,
    number: String,
) -> Result<(), AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::live::originate(&state, &actor, pbx_connection_id, &extension, &number)
        .await
}
