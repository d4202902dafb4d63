//! Server functions, one file per domain: thin adapters. Each obtains the
//! caller the same way (`ssr::signed_in`), calls the feature's service
//! (`server::services`) and chooses where the browser goes next. Every one
//! of them is listed in `tests/integration/scope_matrix.rs`.

pub mod audit;
pub mod auth;
pub mod cdr;
pub mod extensions;
pub mod live;
pub mod pbx;
pub mod queues;
pub mod recordings;
pub mod tenants;
pub mod trunks;
pub mod two_factor;
pub mod users;

#[cfg(feature = "ssr")]
pub(crate) mod ssr;
