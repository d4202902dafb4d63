//! Refuses state-changing requests that another site made a browser send.
//!
//! Session cookies are SameSite=Lax already; on top of that every non-GET
//! request must carry an `Origin` (or, failing that, a `Referer`) whose
//! host matches the `Host` it was sent to.

use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

use crate::error::AppError;

pub async fn same_origin_only(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if is_same_origin(&request) {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        refusal(request.uri().path())
    }
}

fn is_same_origin(request: &Request) -> bool {
    let headers = request.headers();
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|value| value.to_str().ok());
    match source.and_then(|s| url::Url::parse(s).ok()) {
        Some(url) => {
            let authority = match (url.host_str(), url.port()) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                (Some(h), None) => h.to_owned(),
                (None, _) => return false,
            };
            authority.eq_ignore_ascii_case(host)
        }
        None => false,
    }
}

fn refusal(path: &str) -> Response {
    // server_fn's error header: the browser's server fn reads the body as
    // its error.
    (
        [(
            header::HeaderName::from_static(SERVER_FN_ERROR_HEADER),
            path.to_owned(),
        )],
        AppError::CrossSite,
    )
        .into_response()
}
