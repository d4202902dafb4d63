//! The service layer: the one place a feature's rules and orchestration
//! live. Each function takes the state it needs, the caller (`SignedIn` or
//! its `Scope`) and typed input; server functions (`api/`), plain routes
//! (`http/`), the scheduler and the API call these and nothing below them.
//! Nothing here knows about HTTP. Below: repositories (`db`, `realtime`)
//! and protocol clients (`asterisk`, `recordings`), then `model`.

pub mod audit;
pub mod auth;
pub mod calls;
pub mod connection_test;
pub mod connections;
pub mod extensions;
pub mod import;
pub mod live;
pub mod pbx_config;
pub mod queues;
pub mod recordings;
pub mod tenants;
pub mod trunks;
pub mod two_factor;
pub mod users;
