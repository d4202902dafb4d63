//! Headers every answer carries, and the `Host` check.
//!
//! Pages get a Content-Security-Policy naming the nonce Leptos put on its
//! inline hydration script (`page_policy`, set while the shell renders):
//! only our own scripts and the WASM they instantiate run, nothing may
//! frame the panel (clickjacking an "Originate" button), and forms post
//! only here. Everything else gets a policy that allows nothing.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::server::state::AppState;

/// For answers that are not pages (JSON, CSV, audio, errors).
const NOTHING: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The policy of a page whose inline scripts carry `nonce`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(NOTHING));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Same-origin requests keep their Referer (the same-origin check may
    // read it); no other site learns our URLs, which carry searches.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Refuses a request naming a host this server is not (DNS rebinding: a
/// page of another site whose name now resolves to this server would
/// otherwise be same-origin with it).
pub async fn known_host_only(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    match host {
        Some(host) if state.allowed_hosts.contains(&host) => next.run(request).await,
        _ => {
            tracing::warn!(host = ?request.headers().get(header::HOST), "refused a request for another host");
            (StatusCode::MISDIRECTED_REQUEST, "unknown host").into_response()
        }
    }
}
