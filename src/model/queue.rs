use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a queue rings its members, by Asterisk's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum QueueStrategy {
    #[default]
    Ringall,
    Leastrecent,
    Fewestcalls,
    Random,
    Rrmemory,
    Linear,
    Wrandom,
}

impl QueueStrategy {
    pub const ALL: [QueueStrategy; 7] = [
        QueueStrategy::Ringall,
        QueueStrategy::Leastrecent,
        QueueStrategy::Fewestcalls,
        QueueStrategy::Random,
        QueueStrategy::Rrmemory,
        QueueStrategy::Linear,
        QueueStrategy::Wrandom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueStrategy::Ringall => "ringall",
            QueueStrategy::Leastrecent => "leastrecent",
            QueueStrategy::Fewestcalls => "fewestcalls",
            QueueStrategy::Random => "random",
            QueueStrategy::Rrmemory => "rrmemory",
            QueueStrategy::Linear => "linear",
            QueueStrategy::Wrandom => "wrandom",
        }
    }

    pub fn parse(value: &str) -> Option<QueueStrategy> {
        QueueStrategy::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(value.trim()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueMember {
    /// The member's extension number (interface `PJSIP/<number>`).
    pub number: String,
    pub name: String,
    pub penalty: u32,
    pub paused: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub pbx_connection_id: i64,
    /// The queue's name in Asterisk, a number of the PBX's plan.
    pub number: String,
    pub strategy: QueueStrategy,
    /// Seconds a member's phone rings before the next try.
    pub timeout: u32,
    /// Seconds a member rests after a call.
    pub wrapup: u32,
    pub music_on_hold: String,
    pub members: Vec<QueueMember>,
    pub version: String,
}

/// A PBX's queues, with the extensions members are picked from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueList {
    pub queues: Vec<Queue>,
    /// (number, display name) of every extension of the PBX.
    pub extensions: Vec<(String, String)>,
}

/// One extension's row in the member picker of the queue form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MemberChoice {
    /// A checkbox: absent when unticked.
    pub selected: bool,
    pub penalty: u32,
    pub paused: bool,
}

/// Create (no `version`) or edit a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct QueueForm {
    pub pbx_connection_id: i64,
    /// Empty on create: the lowest free number of the range.
    pub number: String,
    pub strategy: String,
    pub timeout: u32,
    pub wrapup: u32,
    pub music_on_hold: String,
    /// By extension number.
    pub members: BTreeMap<String, MemberChoice>,
    pub version: Option<String>,
}
