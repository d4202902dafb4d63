use serde::{Deserialize, Serialize};

use super::{CheckProblem, Codec, LiveState, SecretInput};

/// A SIP trunk to a provider: endpoint + AOR (the provider's address) +
/// outbound auth, with an outbound registration and identify-by-IP when
/// the provider needs them. The secret is never sent back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trunk {
    pub pbx_connection_id: i64,
    /// The Asterisk object id: a letter, then letters, digits, - and _.
    pub name: String,
    pub host: String,
    pub port: u16,
    /// Empty when the provider does not authenticate us.
    pub username: String,
    pub secret_set: bool,
    pub register: bool,
    /// Addresses or networks the provider calls from.
    pub match_ips: Vec<String>,
    pub codecs: Vec<Codec>,
    /// Asterisk's outbound registration status (Registered, Rejected...),
    /// when registering and known.
    pub registration_status: Option<String>,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrunkList {
    pub trunks: Vec<Trunk>,
    pub live: LiveState,
}

/// Create (no `version`) or edit a trunk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct TrunkForm {
    pub pbx_connection_id: i64,
    pub name: String,
    pub host: String,
    pub port: u16,
    pub username: String,
    /// Empty keeps the saved secret.
    pub secret: SecretInput,
    /// A checkbox: absent when unticked.
    pub register: bool,
    /// Comma- or space-separated addresses or CIDR networks.
    pub match_ips: String,
    pub codecs: String,
    pub version: Option<String>,
}

/// What asking Asterisk to reload its outbound registrations gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ReloadOutcome {
    /// No registration changed: nothing to reload.
    NotNeeded,
    Reloaded,
    Failed {
        problem: CheckProblem,
    },
    /// Asterisk answered the reload with an error message.
    Refused {
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrunkSaved {
    pub trunk: Option<Trunk>,
    pub reload: ReloadOutcome,
}
