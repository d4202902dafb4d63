//! Everything that only runs on the server. Never compiled to WASM.

pub mod asterisk;
pub mod config;
pub mod crypto;
pub mod db;
pub mod errors;
pub mod http;
pub mod passwords;
pub mod provisioning;
pub mod realtime;
pub mod run;
pub mod scope;
pub mod state;
pub mod time_zone;

/// A spreadsheet would run a cell starting with = + - @ as a formula: such
/// cells get a leading apostrophe (OWASP's advice for CSV injection). Every
/// CSV we write passes its text cells through this.
pub fn csv_safe(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}
