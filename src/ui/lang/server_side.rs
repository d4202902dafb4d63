use crate::i18n::Lang;

pub fn detect() -> Lang {
    let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() else {
        return Lang::default();
    };
    let from_cookie = parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == Lang::COOKIE)
        .and_then(|(_, value)| Lang::from_code(value));
    from_cookie
        .or_else(|| {
            parts
                .headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}
