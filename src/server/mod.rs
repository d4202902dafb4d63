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
