//! The live stream in the browser: `follow` hands every event of
//! `/api/live/events` to a callback. On the server there is no stream (the
//! page renders its shell; the browser fills it).

use crate::model::LiveEvent;

#[cfg(feature = "hydrate")]
mod browser_side;
#[cfg(feature = "hydrate")]
pub use browser_side::{follow, now_seconds};

#[cfg(not(feature = "hydrate"))]
mod server_side;
#[cfg(not(feature = "hydrate"))]
pub use server_side::{follow, now_seconds};

/// Every event name the server sends (see `LiveEvent::name`).
pub const EVENT_NAMES: [&str; 8] = [
    "snapshot",
    "pbx:link",
    "stats:update",
    "call:new",
    "call:update",
    "call:state-change",
    "call:hangup",
    "peer:status",
];

/// Parses one event's data; anything malformed is ignored.
pub fn parse(data: &str) -> Option<LiveEvent> {
    serde_json::from_str(data).ok()
}
