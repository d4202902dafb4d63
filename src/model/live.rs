use serde::{Deserialize, Serialize};

/// How Switchboard's own AMI connection to a PBX stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PbxLink {
    Connecting,
    Connected {
        /// The AMI version from the banner.
        version: String,
    },
    /// Lost or refused; the next attempt is due in `retry_in_secs`.
    Retrying {
        retry_in_secs: u64,
        last_error: String,
    },
}
