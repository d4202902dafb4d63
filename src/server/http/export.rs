//! CSV downloads: plain GET links, so they work with or without JavaScript.

use axum::Extension;
use axum::extract::{Path, Query, State};
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

/// The whole filtered call history as CSV, streamed (all pages, whatever
/// the page parameters say).
pub async fn calls_csv(
    State(state): State<AppState>,
    Extension(Identity(signed_in)): Extension<Identity>,
    Path(pbx_connection_id): Path<i64>,
    Query(filter): Query<crate::model::CdrFilter>,
) -> Response {
    use crate::server::realtime::cdr;
    let prepared = async {
        let actor = signed_in.as_ref().ok_or(AppError::Unauthenticated)?;
        cdr::open(&state, &actor.scope, pbx_connection_id, &filter).await
    };
    match prepared.await {
        Ok((source, search)) => {
            let (sink, pieces) = tokio::sync::mpsc::channel(4);
            tokio::spawn(cdr::export(source, search, sink));
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
        Err(error) => (error.status(), error.to_string()).into_response(),
    }
}
