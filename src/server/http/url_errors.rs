//! Errors carried in a URL, signed. A form posted without JavaScript comes
//! back to its page with server_fn's `__path` and `__err` (the error,
//! base64 JSON) in the query, and the page shows that error as the
//! server's. Unsigned, anyone could link an admin to
//! `/account?__path=…&__err=…` and have our page say "Asterisk refused:
//! <their text>" (issue 13, finding 6).
//!
//! So the redirect that carries an error also carries `__sig`, an
//! HMAC-SHA256 of the path and the error under a key made at start (never
//! stored: a restart only drops the message of a form posted just before
//! it), bound to the browser's session cookie: a link signed for one
//! browser is no good in another. A page request whose error does not
//! verify is sent, with 303, to the same address without it.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::server::crypto::UrlErrorKey;
use crate::server::sessions::COOKIE as SESSION_COOKIE;

const PATH: &str = "__path";
const ERROR: &str = "__err";
const SIGNATURE: &str = "__sig";

/// Verifies the error a page request carries (or sends the browser to the
/// page without it), and signs the error a form's redirect carries. Runs
/// outside the session layer, so that it sees the cookie the response sets.
pub async fn signed_url_errors(
    State(key): State<std::sync::Arc<UrlErrorKey>>,
    request: Request,
    next: Next,
) -> Response {
    let session = session_cookie(&request);
    if request.method() == Method::GET
        && let Some(query) = request.uri().query()
    {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let carried = pairs.iter().any(|(name, _)| is_error_param(name));
        if carried && !carries_valid(&key, session.as_deref().unwrap_or(""), &pairs) {
            let kept: Vec<_> = pairs
                .into_iter()
                .filter(|(name, _)| !is_error_param(name))
                .collect();
            let query = serde_urlencoded::to_string(kept).unwrap_or_default();
            let path = request.uri().path();
            let target = if query.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{query}")
            };
            return see_other(&target);
        }
    }
    let mut response = next.run(request).await;
    if response.status().is_redirection() {
        // The session the browser holds once it has this response.
        let session = set_session_cookie(&response).or(session);
        if let Some(location) = response.headers().get(LOCATION).cloned()
            && let Ok(location) = location.to_str()
            && let Some(signed) = sign_location(&key, session.as_deref().unwrap_or(""), location)
                .or_else(|| without_signature(location))
            && let Ok(value) = HeaderValue::from_str(&signed)
        {
            response.headers_mut().insert(LOCATION, value);
        }
    }
    response
}

fn is_error_param(name: &str) -> bool {
    matches!(name, PATH | ERROR | SIGNATURE)
}

/// Exactly one of each, and the signature verifies.
fn carries_valid(key: &UrlErrorKey, session: &str, pairs: &[(String, String)]) -> bool {
    let one = |wanted: &str| {
        let mut values = pairs.iter().filter(|(name, _)| name == wanted);
        match (values.next(), values.next()) {
            (Some((_, value)), None) => Some(value.as_str()),
            _ => None,
        }
    };
    match (one(PATH), one(ERROR), one(SIGNATURE)) {
        (Some(path), Some(error), Some(signature)) => key.verifies(session, path, error, signature),
        _ => false,
    }
}

/// A Location with an error: the last `__path` and `__err` server_fn
/// appended (an earlier error of the page's own URL is dropped), signed.
fn sign_location(key: &UrlErrorKey, session: &str, location: &str) -> Option<String> {
    let (base, query) = location.split_once('?')?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    let last = |wanted: &str| {
        pairs
            .iter()
            .rev()
            .find(|(name, _)| name == wanted)
            .map(|(_, value)| value.clone())
    };
    let (path, error) = (last(PATH)?, last(ERROR)?);
    let signature = key.signature(session, &path, &error);
    let mut kept: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(name, _)| !is_error_param(name))
        .collect();
    kept.push((PATH.into(), path));
    kept.push((ERROR.into(), error));
    kept.push((SIGNATURE.into(), signature));
    Some(format!(
        "{base}?{}",
        serde_urlencoded::to_string(kept).ok()?
    ))
}

/// A Location without an error but with the signature of an earlier one:
/// server_fn, on success, sends the browser back to its page with the
/// `__path` and `__err` it had removed, and our `__sig` left behind (which
/// would cost a 303 more). Without it.
fn without_signature(location: &str) -> Option<String> {
    let (base, query) = location.split_once('?')?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    if !pairs.iter().any(|(name, _)| name == SIGNATURE) {
        return None;
    }
    let kept: Vec<_> = pairs
        .into_iter()
        .filter(|(name, _)| !is_error_param(name))
        .collect();
    if kept.is_empty() {
        return Some(base.to_owned());
    }
    Some(format!(
        "{base}?{}",
        serde_urlencoded::to_string(kept).ok()?
    ))
}

fn session_cookie(request: &Request) -> Option<String> {
    request
        .headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

fn set_session_cookie(response: &Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|cookie| cookie.split(';').next()?.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

fn see_other(target: &str) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(value) = HeaderValue::from_str(target) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_location_verifies_for_its_session_only() {
        let key = UrlErrorKey::random();
        let signed = sign_location(
            &key,
            "session-a",
            "http://x.test/account?tab=1&__path=%2Fapi%2Fa&__err=old&__path=%2Fapi%2Fb&__err=new",
        )
        .expect("a location with an error");
        let (_, query) = signed.split_once('?').expect("a query");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).expect("pairs");
        assert!(pairs.contains(&("tab".into(), "1".into())));
        assert_eq!(pairs.iter().filter(|(n, _)| n == ERROR).count(), 1);
        assert!(pairs.contains(&(ERROR.into(), "new".into())));
        assert!(carries_valid(&key, "session-a", &pairs));
        assert!(!carries_valid(&key, "session-b", &pairs));
        assert!(!carries_valid(&UrlErrorKey::random(), "session-a", &pairs));
        let mut changed = pairs.clone();
        for (name, value) in &mut changed {
            if name == ERROR {
                value.push('x');
            }
        }
        assert!(!carries_valid(&key, "session-a", &changed));
    }

    #[test]
    fn a_location_without_an_error_is_left_alone() {
        let key = UrlErrorKey::random();
        assert_eq!(sign_location(&key, "s", "/settings?new=1"), None);
        assert_eq!(sign_location(&key, "s", "/settings"), None);
    }

    #[test]
    fn a_signature_left_by_a_successful_post_is_dropped() {
        assert_eq!(
            without_signature("/account?__sig=abc").as_deref(),
            Some("/account")
        );
        assert_eq!(
            without_signature("/pbx/1/x?tab=2&__sig=abc").as_deref(),
            Some("/pbx/1/x?tab=2")
        );
        assert_eq!(without_signature("/account?tab=2"), None);
    }
}
