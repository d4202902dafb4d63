//! server_fn answers every error with status 500. This layer reads our
//! `AppError` back from the body and sets its real status (401, 403, 404,
//! 422...). A plain HTML form posted without JavaScript is left alone:
//! server_fn already redirects it back to its page with the error in the
//! URL (`__path`, `__err`), where `ui::components::action_error` finds it.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

use crate::error::AppError;

/// Errors are small (inputs are bounded, one message per field); this only
/// guards the copy.
const MAX_ERROR_BODY: usize = 1024 * 1024;

pub async fn apply_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
        || response.status().is_redirection()
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ERROR_BODY)
        .await
        .unwrap_or_default();
    let (error, bytes) = match serde_json::from_slice::<AppError>(&bytes) {
        Ok(error) => (error, bytes),
        // Never an empty 500: the browser gets an error it can show.
        Err(_) => {
            let error = crate::server::errors::internal("unreadable server function error");
            let bytes = serde_json::to_vec(&error).unwrap_or_default().into();
            (error, bytes)
        }
    };
    parts.status = error.status();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}
