//! HTTP plumbing around the Leptos app: cross-site protection, server
//! function error statuses, client address, language switch.

pub mod audio;
pub mod client_addr;
pub mod export;
pub mod headers;
pub mod language;
pub mod live;
pub mod same_origin;
pub mod server_fn_status;
pub mod url_errors;
