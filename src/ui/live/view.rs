//! What the live page knows of each PBX, and how each event of the stream
//! changes it: the browser's side of the hub's live model, beside the
//! stream it reads.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::{
    Call, DeviceState, LiveEvent, LiveExtension, LiveQueue, PbxLink, PbxStats, PeerKind, PeerStatus,
};

/// What the page knows of one PBX.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PbxView {
    pub name: String,
    pub link: Option<PbxLink>,
    pub stats: Option<PbxStats>,
    pub calls: BTreeMap<String, Arc<Call>>,
    pub extensions: BTreeMap<String, LiveExtension>,
    pub trunks: BTreeMap<String, String>,
    pub queues: BTreeMap<String, LiveQueue>,
}

/// Folds one event of the stream into what the page shows of every PBX.
pub fn apply(pbxs: &mut BTreeMap<i64, PbxView>, event: LiveEvent) {
    let id = event.pbx_connection_id();
    let view = pbxs.entry(id).or_default();
    match event {
        LiveEvent::Snapshot {
            pbx_name,
            link,
            calls,
            extensions,
            trunks,
            queues,
            ..
        } => {
            *view = PbxView {
                name: pbx_name,
                link: Some(link),
                stats: view.stats.take(),
                calls: calls.into_iter().map(|c| (c.id.clone(), c)).collect(),
                extensions: extensions.into_iter().map(|e| (e.id.clone(), e)).collect(),
                trunks: trunks.into_iter().collect(),
                queues: queues.into_iter().map(|q| (q.id.clone(), q)).collect(),
            };
        }
        LiveEvent::Link { link, .. } => view.link = Some(link),
        LiveEvent::Stats(stats) => view.stats = Some(stats),
        LiveEvent::CallNew { call, .. } | LiveEvent::CallUpdate { call, .. } => {
            view.calls.insert(call.id.clone(), call);
        }
        // A call's state follows from its legs: the `call:update` sent with
        // every state change carries them.
        LiveEvent::CallStateChange { .. } => {}
        LiveEvent::CallHangup { id, .. } => {
            view.calls.remove(&id);
        }
        // The `extension:update` sent with it carries the whole contact.
        LiveEvent::PeerStatus {
            kind: PeerKind::Extension,
            id,
            status,
            ..
        } => {
            let extension = view.extensions.entry(id.clone()).or_insert(LiveExtension {
                id,
                device: DeviceState::Unknown,
                contact: None,
            });
            extension.contact = (status != "Removed").then(|| PeerStatus {
                status,
                ..extension.contact.clone().unwrap_or(PeerStatus {
                    status: String::new(),
                    user_agent: String::new(),
                    address: String::new(),
                })
            });
        }
        LiveEvent::PeerStatus {
            kind: PeerKind::Trunk,
            id,
            status,
            ..
        } => {
            view.trunks.insert(id, status);
        }
        LiveEvent::ExtensionUpdate { extension, .. } => {
            view.extensions.insert(extension.id.clone(), extension);
        }
        LiveEvent::QueueUpdate { queue, .. } => {
            view.queues.insert(queue.id.clone(), queue);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PBX: i64 = 7;

    fn call(id: &str) -> Arc<Call> {
        Arc::new(Call {
            id: id.into(),
            legs: vec![],
            started_at: 100,
        })
    }

    fn extension(id: &str, device: DeviceState) -> LiveExtension {
        LiveExtension {
            id: id.into(),
            device,
            contact: None,
        }
    }

    fn snapshot(calls: &[&str]) -> LiveEvent {
        LiveEvent::Snapshot {
            pbx_connection_id: PBX,
            pbx_name: "Acme".into(),
            link: PbxLink::Connecting,
            calls: calls.iter().map(|id| call(id)).collect(),
            extensions: vec![extension("1000", DeviceState::Idle)],
            trunks: vec![("carrier".into(), "Registered".into())],
            queues: vec![],
        }
    }

    fn peer(kind: PeerKind, id: &str, status: &str) -> LiveEvent {
        LiveEvent::PeerStatus {
            pbx_connection_id: PBX,
            kind,
            id: id.into(),
            status: status.into(),
        }
    }

    fn fold(events: Vec<LiveEvent>) -> BTreeMap<i64, PbxView> {
        let mut pbxs = BTreeMap::new();
        for event in events {
            apply(&mut pbxs, event);
        }
        pbxs
    }

    #[test]
    fn a_snapshot_replaces_what_was_known_but_keeps_the_counters() {
        let stats = PbxStats {
            pbx_connection_id: PBX,
            active_calls: 1,
            registered_extensions: 1,
            registered_trunks: 1,
        };
        let pbxs = fold(vec![
            snapshot(&["old"]),
            LiveEvent::Stats(stats.clone()),
            snapshot(&["new"]),
        ]);
        let view = &pbxs[&PBX];
        assert_eq!(view.name, "Acme");
        assert_eq!(view.calls.keys().collect::<Vec<_>>(), ["new"]);
        assert_eq!(view.stats, Some(stats));
        assert_eq!(view.trunks["carrier"], "Registered");
    }

    #[test]
    fn calls_come_change_and_go() {
        let mut updated = (*call("a")).clone();
        updated.started_at = 200;
        let pbxs = fold(vec![
            snapshot(&[]),
            LiveEvent::CallNew {
                pbx_connection_id: PBX,
                call: call("a"),
            },
            LiveEvent::CallNew {
                pbx_connection_id: PBX,
                call: call("b"),
            },
            LiveEvent::CallUpdate {
                pbx_connection_id: PBX,
                call: Arc::new(updated),
            },
            // Carried by the call:update sent with it: changes nothing.
            LiveEvent::CallStateChange {
                pbx_connection_id: PBX,
                id: "a".into(),
                state: "Up".into(),
            },
            LiveEvent::CallHangup {
                pbx_connection_id: PBX,
                id: "b".into(),
            },
        ]);
        let calls = &pbxs[&PBX].calls;
        assert_eq!(calls.keys().collect::<Vec<_>>(), ["a"]);
        assert_eq!(calls["a"].started_at, 200);
    }

    #[test]
    fn a_contact_status_keeps_the_contact_and_removed_drops_it() {
        let mut pbxs = fold(vec![
            snapshot(&[]),
            LiveEvent::ExtensionUpdate {
                pbx_connection_id: PBX,
                extension: LiveExtension {
                    contact: Some(PeerStatus {
                        status: "Reachable".into(),
                        user_agent: "baresip".into(),
                        address: "127.0.0.1:5070".into(),
                    }),
                    ..extension("1000", DeviceState::Idle)
                },
            },
            peer(PeerKind::Extension, "1000", "Unreachable"),
        ]);
        let contact = pbxs[&PBX].extensions["1000"].contact.clone().unwrap();
        assert_eq!(contact.status, "Unreachable");
        assert_eq!(contact.user_agent, "baresip");
        apply(&mut pbxs, peer(PeerKind::Extension, "1000", "Removed"));
        assert_eq!(pbxs[&PBX].extensions["1000"].contact, None);
    }

    #[test]
    fn a_status_of_an_unknown_extension_or_trunk_adds_it() {
        let pbxs = fold(vec![
            snapshot(&[]),
            peer(PeerKind::Extension, "1001", "Reachable"),
            peer(PeerKind::Trunk, "backup", "Rejected"),
        ]);
        let view = &pbxs[&PBX];
        assert_eq!(view.extensions["1001"].device, DeviceState::Unknown);
        assert_eq!(
            view.extensions["1001"]
                .contact
                .as_ref()
                .map(|c| c.status.as_str()),
            Some("Reachable")
        );
        assert_eq!(view.trunks["backup"], "Rejected");
        assert_eq!(view.trunks["carrier"], "Registered");
    }

    #[test]
    fn each_event_changes_only_its_own_pbx() {
        let pbxs = fold(vec![
            snapshot(&["a"]),
            LiveEvent::Link {
                pbx_connection_id: 8,
                link: PbxLink::Connecting,
            },
            LiveEvent::QueueUpdate {
                pbx_connection_id: PBX,
                queue: LiveQueue {
                    id: "sales".into(),
                    ..LiveQueue::default()
                },
            },
        ]);
        assert_eq!(pbxs[&PBX].calls.len(), 1);
        assert!(pbxs[&PBX].queues.contains_key("sales"));
        assert_eq!(pbxs[&8].link, Some(PbxLink::Connecting));
        assert!(pbxs[&8].calls.is_empty() && pbxs[&8].queues.is_empty());
    }
}
