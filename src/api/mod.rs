//! Server functions, one file per domain. Each obtains the caller's identity
//! the same way (`ssr::signed_in`) and passes its `Scope` to the repository.
//! Every one of them is listed in `tests/scope_matrix.rs`.

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
