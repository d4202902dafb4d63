//! Queues of a PBX and their members.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Queue, QueueForm, QueueList};

#[server(endpoint = "queues/list")]
pub async fn list_queues(pbx_connection_id: i64) -> Result<QueueList, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::queues::list(&state, &actor, pbx_connection_id).await
}

/// Creates the queue when `form.version` is empty, else updates it.
#[server(endpoint = "queues/save")]
pub async fn save_queue(form: QueueForm) -> Result<Queue, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let saved = crate::server::services::queues::save(&state, &actor, &form).await?;
    leptos_axum::redirect(&format!("/pbx/{}/queues", form.pbx_connection_id));
    Ok(saved)
}

#[server(endpoint = "queues/delete")]
pub async fn delete_queue(
    pbx_connection_id: i64,
    number: String,
    version: String,
) -> Result<(), AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::queues::delete(&state, &actor, pbx_connection_id, &number, &version)
        .await
}
