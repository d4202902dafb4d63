//! CSV downloads: plain GET links, so they work with or without JavaScript.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::server::scope::SignedIn;
use crate::server::state::AppState;

pub async fn extensions_csv(
    State(state): State<AppState>,
    actor: SignedIn,
    Path(pbx_connection_id): Path<i64>,
) -> Response {
    match crate::server::services::import::export(&state, &actor, pbx_connection_id).await {
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
        Err(error) => error.into_response(),
    }
}

/// The whole filtered call history as CSV, streamed (all pages, whatever
/// the page parameters say).
pub async fn calls_csv(
    State(state): State<AppState>,
    actor: SignedIn,
    Path(pbx_connection_id): Path<i64>,
    Query(filter): Query<crate::model::CdrFilter>,
) -> Response {
    match crate::server::services::calls::export(&state, &actor.scope, pbx_connection_id, &filter)
        .await
    {
        Ok(pieces) => {
            let body = futures_util::stream::unfold(pieces, |mut pieces| async move {
                pieces.recv().await.map(|piece| (piece, pieces))
            });
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"calls-{pbx_connection_id}.csv\""),
                    ),
                ],
                axum::body::Body::from_stream(body),
            )
                .into_response()
        }
        Err(error) => error.into_response(),
    }
}
