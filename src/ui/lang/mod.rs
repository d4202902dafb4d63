//! The page's language: chosen on the server (cookie, then Accept-Language)
//! and written into `<html lang>`, which the browser reads back so both
//! sides render the same text.

use leptos::prelude::*;

use crate::i18n::{Lang, T};

#[cfg(feature = "ssr")]
mod server_side;
#[cfg(feature = "ssr")]
use server_side::detect;

#[cfg(not(feature = "ssr"))]
mod browser_side;
#[cfg(not(feature = "ssr"))]
use browser_side::detect;

pub fn initial_lang() -> Lang {
    detect()
}

pub fn provide_lang() {
    provide_context(initial_lang());
}

pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The text `key` in the page's language.
pub fn t(key: T) -> &'static str {
    use_lang().t(key)
}
