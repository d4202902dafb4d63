//! Shared server state, reaching axum handlers through `State` and server
//! functions through Leptos context.

use std::sync::Arc;

use crate::server::db::Pool;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::server::asterisk::hub::Hub;
use crate::server::config::Config;
use crate::server::crypto::Keyring;
use crate::server::crypto::UrlErrorKey;
use crate::server::realtime::RealtimePools;
use crate::server::recordings::Recordings;
use crate::server::targets::TargetPolicy;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Pool,
    pub keyring: Arc<Keyring>,
    pub config: Arc<Config>,
    pub realtime: Arc<RealtimePools>,
    /// The live feed of every PBX connection.
    pub hub: Arc<Hub>,
    /// Where PBX connections may point (networks, ports, the Realtime
    /// directory) and who may change it.
    pub targets: Arc<TargetPolicy>,
    /// The `Host` values this server answers to.
    pub allowed_hosts: Arc<Vec<String>>,
    /// Running recording syncs and the audio cache.
    pub recordings: Arc<Recordings>,
    /// Running refreshes of the call statistics' daily summaries.
    pub cdr_summaries: Arc<crate::server::services::calls::summary::Summaries>,
    /// Signs the errors a no-JavaScript form's redirect carries in its URL.
    pub url_errors: Arc<UrlErrorKey>,
}
