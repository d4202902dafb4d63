//! The live stream in the browser: `follow` hands every event of
//! `/api/live/events` to a callback. On the server there is no stream (the
//! page renders its shell; the browser fills it).

use crate::model::LiveEvent;

mod view;
pub use view::{PbxView, apply};

#[cfg(feature = "hydrate")]
mod browser_side;
#[cfg(feature = "hydrate")]
pub use browser_side::{follow, now_seconds};

#[cfg(not(feature = "hydrate"))]
mod server_side;
#[cfg(not(feature = "hydrate"))]
pub use server_side::{follow, now_seconds};

/// Every event name the server sends (see `LiveEvent::name`).
pub const EVENT_NAMES: [&str; 10] = [
    "snapshot",
    "pbx:link",
    "stats:update",
    "call:new",
    "call:update",
    "call:state-change",
    "call:hangup",
    "peer:status",
    "extension:update",
    "queue:update",
];

/// Parses one event's data; anything malformed is ignored.
pub fn parse(data: &str) -> Option<LiveEvent> {
    serde_json::from_str(data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DeviceState, LiveExtension, LiveQueue, PbxLink, PbxStats, PeerKind};

    /// An event the browser does not subscribe to by name never arrives.
    #[test]
    fn the_browser_listens_to_every_event_the_server_sends() {
        let pbx_connection_id = 1;
        let every_kind = [
            LiveEvent::Snapshot {
                pbx_connection_id,
                pbx_name: String::new(),
                link: PbxLink::Connecting,
                calls: vec![],
                extensions: vec![],
                trunks: vec![],
                queues: vec![],
            },
            LiveEvent::Link {
                pbx_connection_id,
                link: PbxLink::Connecting,
            },
            LiveEvent::Stats(PbxStats {
                pbx_connection_id,
                active_calls: 0,
                registered_extensions: 0,
                registered_trunks: 0,
            }),
            LiveEvent::CallNew {
                pbx_connection_id,
                call: std::sync::Arc::new(crate::model::Call {
                    id: String::new(),
                    legs: vec![],
                    started_at: 0,
                }),
            },
            LiveEvent::CallUpdate {
                pbx_connection_id,
                call: std::sync::Arc::new(crate::model::Call {
                    id: String::new(),
                    legs: vec![],
                    started_at: 0,
                }),
            },
            LiveEvent::CallStateChange {
                pbx_connection_id,
                id: String::new(),
                state: String::new(),
            },
            LiveEvent::CallHangup {
                pbx_connection_id,
                id: String::new(),
            },
            LiveEvent::PeerStatus {
                pbx_connection_id,
                kind: PeerKind::Trunk,
                id: String::new(),
                status: String::new(),
            },
            LiveEvent::ExtensionUpdate {
                pbx_connection_id,
                extension: LiveExtension {
                    id: String::new(),
                    device: DeviceState::Idle,
                    contact: None,
                },
            },
            LiveEvent::QueueUpdate {
                pbx_connection_id,
                queue: LiveQueue::default(),
            },
        ];
        let mut names: Vec<_> = every_kind.iter().map(LiveEvent::name).collect();
        names.sort();
        let mut listened = EVENT_NAMES.to_vec();
        listened.sort();
        assert_eq!(names, listened);
        for event in every_kind {
            let data = serde_json::to_value(&event).unwrap();
            // The data names its event as the SSE event name does.
            assert_eq!(data["event"], event.name());
            assert_eq!(parse(&data.to_string()), Some(event));
        }
    }

    /// The payloads browsers' scripts read, as the live panel's contract
    /// spells them.
    #[test]
    fn payloads_are_spelled_for_javascript() {
        let stats = serde_json::to_value(LiveEvent::Stats(PbxStats {
            pbx_connection_id: 3,
            active_calls: 2,
            registered_extensions: 5,
            registered_trunks: 1,
        }))
        .unwrap();
        assert_eq!(
            stats,
            serde_json::json!({"event": "stats:update", "pbxConnectionId": 3,
                "activeCalls": 2, "registeredExtensions": 5, "registeredTrunks": 1})
        );
        let peer = serde_json::to_value(LiveEvent::PeerStatus {
            pbx_connection_id: 3,
            kind: PeerKind::Extension,
            id: "1000".into(),
            status: "Reachable".into(),
        })
        .unwrap();
        assert_eq!(
            peer,
            serde_json::json!({"event": "peer:status", "pbxConnectionId": 3,
                "type": "extension", "id": "1000", "status": "Reachable"})
        );
        let state = serde_json::to_value(LiveEvent::CallStateChange {
            pbx_connection_id: 3,
            id: "1.2".into(),
            state: "Up".into(),
        })
        .unwrap();
        assert_eq!(
            state,
            serde_json::json!({"event": "call:state-change", "pbxConnectionId": 3,
                "id": "1.2", "state": "Up"})
        );
    }
}
