//! Everything that only runs on the server. Never compiled to WASM.

pub mod asterisk;
pub mod config;
pub mod crypto;
pub mod db;
pub mod errors;
pub mod http;
pub mod passwords;
pub mod realtime;
pub mod recordings;
pub mod run;
pub mod scope;
pub mod services;
pub mod sessions;
pub mod state;
pub mod targets;
pub mod time_zone;

/// A spreadsheet would run a cell starting with = + - @ as a formula: such
/// cells get a leading apostrophe (OWASP's advice for CSV injection). Every
/// CSV we write passes its text cells through this; a cell that needs
/// nothing (almost every one) is borrowed, not copied.
pub fn csv_safe(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}
