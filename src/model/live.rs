use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// How Switchboard's own AMI connection to a PBX stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "state",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum PbxLink {
    Connecting,
    Connected {
        /// The AMI version from the banner.
        version: String,
    },
    /// Lost or refused; the next attempt is due in `retry_in_secs`.
    Retrying {
        retry_in_secs: u64,
        /// Why the last attempt failed, said in the reader's language.
        last_error: super::CheckProblem,
    },
}

/// One channel of a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
#[serde(rename_all = "camelCase")]
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
#[serde(rename_all = "camelCase")]
pub struct PeerStatus {
    /// Reachable, Unreachable, NonQualified, Unknown, or Removed.
    pub status: String,
    pub user_agent: String,
    pub address: String,
}

/// Asterisk's device state of a phone or queue member, as an operator panel
/// colours it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceState {
    #[default]
    Unknown,
    Idle,
    InUse,
    Busy,
    Ringing,
    OnHold,
    Unavailable,
    Invalid,
}

impl DeviceState {
    /// Reads the three spellings AMI uses: `NOT_INUSE` (DeviceStateChange),
    /// `Not in use` (EndpointList) and `1` (queue member Status).
    pub fn parse(value: &str) -> DeviceState {
        match value.trim().to_ascii_lowercase().as_str() {
            "not_inuse" | "not in use" | "1" => DeviceState::Idle,
            "inuse" | "in use" | "2" => DeviceState::InUse,
            "busy" | "3" => DeviceState::Busy,
            "invalid" | "4" => DeviceState::Invalid,
            "unavailable" | "5" => DeviceState::Unavailable,
            "ringing" | "ringinuse" | "ring+inuse" | "6" | "7" => DeviceState::Ringing,
            "onhold" | "on hold" | "8" => DeviceState::OnHold,
            _ => DeviceState::Unknown,
        }
    }

    /// The CSS class and the key of its label.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceState::Unknown => "unknown",
            DeviceState::Idle => "idle",
            DeviceState::InUse => "in_use",
            DeviceState::Busy => "busy",
            DeviceState::Ringing => "ringing",
            DeviceState::OnHold => "on_hold",
            DeviceState::Unavailable => "unavailable",
            DeviceState::Invalid => "invalid",
        }
    }
}

/// One extension on the operator panel: every PJSIP endpoint that phones
/// register to, registered or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveExtension {
    pub id: String,
    pub device: DeviceState,
    /// Its registered contact, if a phone is registered.
    pub contact: Option<PeerStatus>,
}

impl LiveExtension {
    /// Whether a phone is registered and not known to be unreachable.
    pub fn registered(&self) -> bool {
        self.contact.as_ref().is_some_and(|c| {
            matches!(
                c.status.as_str(),
                "Reachable" | "NonQualified" | "Created" | "Updated" | "Unknown"
            )
        })
    }
}

/// A caller waiting in a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueCaller {
    pub uniqueid: String,
    pub caller_number: String,
    pub caller_name: String,
    /// 1 is next to be answered.
    pub position: u32,
    /// Seconds since the Unix epoch when the caller joined.
    pub joined_at: i64,
}

/// A member (agent) of a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueAgent {
    /// `PJSIP/1000`.
    pub interface: String,
    pub name: String,
    pub device: DeviceState,
    pub paused: bool,
    pub in_call: bool,
    pub calls_taken: u32,
}

/// One queue as callers and agents see it now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveQueue {
    pub id: String,
    pub strategy: String,
    pub waiting: Vec<QueueCaller>,
    pub members: Vec<QueueAgent>,
    pub completed: u32,
    pub abandoned: u32,
}

/// What kind of peer a status is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerKind {
    Extension,
    Trunk,
}

/// Counters of one PBX, sent every 2 s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PbxStats {
    pub pbx_connection_id: i64,
    pub active_calls: u32,
    pub registered_extensions: u32,
    pub registered_trunks: u32,
}

/// Everything the live stream sends; the SSE event name is `name()`, the
/// data is this value as JSON, which names the event too (`"event"`) and
/// spells its fields in camelCase, as browsers' JavaScript does
/// (`stats:update` is `{"event":"stats:update","pbxConnectionId":1,
/// "activeCalls":0,...}`). Shared by the server and the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all_fields = "camelCase")]
pub enum LiveEvent {
    /// The whole state of one PBX: first on every (re)connect of a browser.
    #[serde(rename = "snapshot")]
    Snapshot {
        pbx_connection_id: i64,
        pbx_name: String,
        link: PbxLink,
        calls: Vec<Arc<Call>>,
        extensions: Vec<LiveExtension>,
        trunks: Vec<(String, String)>,
        queues: Vec<LiveQueue>,
    },
    #[serde(rename = "pbx:link")]
    Link {
        pbx_connection_id: i64,
        link: PbxLink,
    },
    #[serde(rename = "stats:update")]
    Stats(PbxStats),
    #[serde(rename = "call:new")]
    CallNew {
        pbx_connection_id: i64,
        call: Arc<Call>,
    },
    #[serde(rename = "call:update")]
    CallUpdate {
        pbx_connection_id: i64,
        call: Arc<Call>,
    },
    #[serde(rename = "call:state-change")]
    CallStateChange {
        pbx_connection_id: i64,
        id: String,
        state: String,
    },
    #[serde(rename = "call:hangup")]
    CallHangup { pbx_connection_id: i64, id: String },
    #[serde(rename = "peer:status")]
    PeerStatus {
        pbx_connection_id: i64,
        /// `extension` or `trunk`.
        #[serde(rename = "type")]
        kind: PeerKind,
        id: String,
        status: String,
    },
    /// An extension's device state or contact changed.
    #[serde(rename = "extension:update")]
    ExtensionUpdate {
        pbx_connection_id: i64,
        extension: LiveExtension,
    },
    /// A queue's callers, members or counters changed: the whole queue.
    #[serde(rename = "queue:update")]
    QueueUpdate {
        pbx_connection_id: i64,
        queue: LiveQueue,
    },
}

impl LiveEvent {
    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::Snapshot { .. } => "snapshot",
            LiveEvent::Link { .. } => "pbx:link",
            LiveEvent::Stats(_) => "stats:update",
            LiveEvent::CallNew { .. } => "call:new",
            LiveEvent::CallUpdate { .. } => "call:update",
            LiveEvent::CallStateChange { .. } => "call:state-change",
            LiveEvent::CallHangup { .. } => "call:hangup",
            LiveEvent::PeerStatus { .. } => "peer:status",
            LiveEvent::ExtensionUpdate { .. } => "extension:update",
            LiveEvent::QueueUpdate { .. } => "queue:update",
        }
    }

    pub fn pbx_connection_id(&self) -> i64 {
        match self {
            LiveEvent::Snapshot {
                pbx_connection_id, ..
            }
            | LiveEvent::Link {
                pbx_connection_id, ..
            }
            | LiveEvent::CallNew {
                pbx_connection_id, ..
            }
            | LiveEvent::CallUpdate {
                pbx_connection_id, ..
            }
            | LiveEvent::CallStateChange {
                pbx_connection_id, ..
            }
            | LiveEvent::CallHangup {
                pbx_connection_id, ..
            }
            | LiveEvent::PeerStatus {
                pbx_connection_id, ..
            }
            | LiveEvent::ExtensionUpdate {
                pbx_connection_id, ..
            }
            | LiveEvent::QueueUpdate {
                pbx_connection_id, ..
            } => *pbx_connection_id,
            LiveEvent::Stats(stats) => stats.pbx_connection_id,
        }
    }
}
