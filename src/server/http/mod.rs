//! HTTP plumbing around the Leptos app: who is asking (identity), errors
//! as replies, cross-site protection, server function error statuses,
//! client address, language switch; and the plain routes (audio, CSV
//! exports, the live stream).

pub mod audio;
pub mod client_addr;
mod error;
pub mod export;
pub mod headers;
pub mod identity;
pub mod language;
pub mod live;
pub mod same_origin;
pub mod server_fn_status;
pub mod url_errors;
