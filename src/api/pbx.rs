//! PBX connections and "Test connection". Secrets go in, never come out.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ConnectionTestReport, PbxConnection, PbxConnectionForm};

#[server(endpoint = "pbx/list")]
pub async fn list_pbx_connections() -> Result<Vec<PbxConnection>, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::connections::list(&state, &signed_in.scope).await
}

/// Whether the caller may create connections and change where they point
/// (otherwise the Settings page shows those fields read-only).
#[server(endpoint = "pbx/may_set_targets")]
pub async fn may_set_targets() -> Result<bool, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    Ok(crate::server::services::connections::may_set_targets(
        &state, &signed_in,
    ))
}

#[server(endpoint = "pbx/save")]
pub async fn save_pbx_connection(form: PbxConnectionForm) -> Result<PbxConnection, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let saved = crate::server::services::connections::save(&state, &signed_in, form).await?;
    // Back to the list, with or without JavaScript.
    leptos_axum::redirect("/settings");
    Ok(saved)
}

#[server(endpoint = "pbx/delete")]
pub async fn delete_pbx_connection(id: i64) -> Result<(), AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::connections::delete(&state, &signed_in, id).await
}

/// Checks AMI, ARI and the Realtime database of a saved connection. Changes
/// nothing, so READ_ONLY may run it too.
#[server(endpoint = "pbx/test")]
pub async fn test_pbx_connection(id: i64) -> Result<ConnectionTestReport, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let report =
        crate::server::services::connection_test::test(&state, &signed_in.scope, id).await?;
    tracing::info!(
        pbx_connection = id,
        ok = report.all_ok(),
        "pbx connection tested"
    );
    Ok(report)
}
