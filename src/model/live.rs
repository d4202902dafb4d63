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

/// One channel of a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leg {
    pub uniqueid: String,
    pub channel: String,
    /// Asterisk's ChannelStateDesc: Down, Ring, Ringing, Up, Busy...
    pub state: String,
    pub caller_number: String,
    pub caller_name: String,
    pub connected_number: String,
    pub connected_name: String,
    /// The bridge the leg is in, if any.
    pub bridge: Option<String>,
    /// Seconds since the Unix epoch when Switchboard first saw the leg.
    pub started_at: i64,
}

/// Channels sharing a Linkedid: one call, whatever its legs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    /// The Linkedid.
    pub id: String,
    pub legs: Vec<Leg>,
    pub started_at: i64,
}

impl Call {
    /// Up when any leg is answered; otherwise the first leg's state.
    pub fn state(&self) -> &str {
        if self.legs.iter().any(|l| l.state == "Up") {
            "Up"
        } else {
            self.legs.first().map_or("Down", |l| l.state.as_str())
        }
    }

    /// Who called: the first leg's caller id.
    pub fn caller(&self) -> String {
        self.legs
            .first()
            .map_or_else(String::new, |l| l.caller_number.clone())
    }

    /// Whom they reached: the first leg's connected line.
    pub fn callee(&self) -> String {
        self.legs
            .first()
            .map_or_else(String::new, |l| l.connected_number.clone())
    }
}

/// A registered contact of an extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerStatus {
    /// Reachable, Unreachable, NonQualified, Unknown, or Removed.
    pub status: String,
    pub user_agent: String,
    pub address: String,
}
