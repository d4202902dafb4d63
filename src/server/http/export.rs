//! CSV downloads: plain GET links, so they work with or without JavaScript.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::server::scope::Identity;
use crate::server::state::AppState;

pub async fn extensions_csv(
    State(state): State<AppState>,
    Extension(Identity(signed_in)): Extension<Identity>,
    Path(pbx_connection_id): Path<i64>,
) -> Response {
    let result = match &signed_in {
        Some(actor) => {
            crate::server::provisioning::import::export(&state, actor, pbx_connection_id).await
        }
        None => Err(AppError::Unauthenticated),
    };
    match result {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"extensions-{pbx_connection_id}.csv\""),
                ),
            ],
            csv,
        )
            .into_response(),
        Err(error) => (error.status(), error.to_string()).into_response(),
    }
}
