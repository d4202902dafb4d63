//! SIP trunks of a PBX: provider endpoints, registrations, identify-by-IP.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{TrunkForm, TrunkList, TrunkSaved};

#[server(endpoint = "trunks/list")]
pub async fn list_trunks(pbx_connection_id: i64) -> Result<TrunkList, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::trunks::list(&state, &actor, pbx_connection_id).await
}

/// Creates the trunk when `form.version` is empty, else updates it; the
/// reply says how the registration reload went.
#[server(endpoint = "trunks/save")]
pub async fn save_trunk(form: TrunkForm) -> Result<TrunkSaved, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::trunks::save(&state, &actor, &form).await
}

#[server(endpoint = "trunks/delete")]
pub async fn delete_trunk(
    pbx_connection_id: i64,
    name: String,
    version: String,
) -> Result<TrunkSaved, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::trunks::delete(&state, &actor, pbx_connection_id, &name, &version)
        .await
}
