//! Extensions of a PBX: list, create, edit, delete, reveal the secret,
//! import and export CSV. The work is in `server::services` (extensions, import).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    CreatedExtension, Extension, ExtensionForm, ExtensionList, ImportReport, RevealedSecret,
};

#[server(endpoint = "extensions/list")]
pub async fn list_extensions(
    pbx_connection_id: i64,
    #[server(default)] page: Option<u32>,
    /// Number prefix or part of the name; empty lists everything.
    #[server(default)]
    search: String,
) -> Result<ExtensionList, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::extensions::list(&state, &actor, pbx_connection_id, page, &search)
        .await
}

#[server(endpoint = "extensions/get")]
pub async fn get_extension(pbx_connection_id: i64, number: String) -> Result<Extension, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::extensions::get(&state, &actor, pbx_connection_id, &number).await
}

#[server(endpoint = "extensions/create")]
pub async fn create_extension(form: ExtensionForm) -> Result<CreatedExtension, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::extensions::create(&state, &actor, &form).await
}

#[server(endpoint = "extensions/update")]
pub async fn update_extension(form: ExtensionForm) -> Result<Extension, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let saved = crate::server::services::extensions::update(&state, &actor, &form).await?;
    leptos_axum::redirect(&format!("/pbx/{}/extensions", form.pbx_connection_id));
    Ok(saved)
}

#[server(endpoint = "extensions/delete")]
pub async fn delete_extension(
    pbx_connection_id: i64,
    number: String,
    version: String,
) -> Result<(), AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::extensions::delete(
        &state,
        &actor,
        pbx_connection_id,
        &number,
        &version,
    )
    .await
}

/// Shows an extension's SIP secret to an admin; audited.
#[server(endpoint = "extensions/reveal")]
pub async fn reveal_extension_secret(
    pbx_connection_id: i64,
    number: String,
) -> Result<RevealedSecret, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::extensions::reveal(&state, &actor, pbx_connection_id, &number).await
}

/// `dry_run`: judge every line and change nothing.
#[server(endpoint = "extensions/import")]
pub async fn import_extensions(
    pbx_connection_id: i64,
    csv: String,
    #[server(default)] dry_run: bool,
) -> Result<ImportReport, AppError> {
    let actor = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::import::import(&state, &actor, pbx_connection_id, &csv, dry_run).await
}
