//! `GET /lang/{code}?next=/path`: remembers the language in a cookie and
//! goes back. A plain link, so it works without JavaScript.

use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::i18n::Lang;

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only a path of this site: `/` then not a second `/` or `\\` (which
/// browsers read as another host), and only the printable ASCII a URL is
/// made of. Browsers drop tabs and line breaks inside a `Location`, so
/// `/\t/evil.example` would have become `//evil.example`; anything
/// unusual is refused rather than cleaned.
fn same_site_path(next: &str) -> bool {
    let mut bytes = next.bytes();
    bytes.next() == Some(b'/')
        && !matches!(bytes.next(), Some(b'/' | b'\\'))
        && next
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%#[]".contains(&b))
}

pub async fn switch_language(Path(code): Path<String>, Query(query): Query<Next>) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let next = query
        .next
        .filter(|next| same_site_path(next))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        Lang::COOKIE,
        lang.code()
    );
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let (Ok(location), Ok(cookie)) =
        (HeaderValue::from_str(&next), HeaderValue::from_str(&cookie))
    {
        headers.insert(header::LOCATION, location);
        headers.insert(header::SET_COOKIE, cookie);
    }
    response
}
