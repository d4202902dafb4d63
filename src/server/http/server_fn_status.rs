//! server_fn answers every error with status 500. This layer reads our
//! `AppError` back from the body and sets its real status (401, 403, 404,
//! 422...). For a plain HTML form posted without JavaScript, which Leptos
//! redirects back to the form's page, it adds the error to that page's URL
//! (`?error=<json>`), so the page can show it.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

use crate::error::AppError;

/// The query parameter that carries a server function's error to a page
/// rendered without JavaScript.
pub const ERROR_PARAM: &str = "error";
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn apply_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ERROR_BODY)
        .await
        .unwrap_or_default();
    let error: AppError = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| crate::server::errors::internal("unreadable server function error"));
    if parts.status.is_redirection() {
        if let Some(location) = parts
            .headers
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .and_then(|l| with_error(l, &error))
        {
            parts.headers.insert(header::LOCATION, location);
        }
        parts.status = axum::http::StatusCode::SEE_OTHER;
    } else {
        parts.status = error.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn with_error(location: &str, error: &AppError) -> Option<HeaderValue> {
    let mut url = url::Url::parse(location).ok()?;
    let json = serde_json::to_string(error).ok()?;
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != ERROR_PARAM)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(ERROR_PARAM, &json);
    // Keep it relative: only path and query of our own page.
    let relative = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    HeaderValue::from_str(&relative).ok()
}
