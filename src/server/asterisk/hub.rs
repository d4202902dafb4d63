//! One live feed per PBX connection, owned by the server: its AMI client,
//! its live model, and a broadcast of the changes. Browsers subscribe
//! through the SSE handler, which only hands them the feeds their scope
//! may see.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tokio::sync::broadcast;
use tokio::task::JoinHandle;

use crate::model::{LiveEvent, PbxLink, PbxStats, PeerKind};
use crate::server::asterisk::ami::client::{AmiClient, ClientConfig};
use crate::server::asterisk::live::{Change, LiveModel};
use crate::server::db::pbx::PbxTarget;

/// Changes kept for a slow browser before it is dropped (and reconnects to
/// a fresh snapshot).
const CHANGE_BUFFER: usize = 1024;
const STATS_EVERY: Duration = Duration::from_secs(2);
/// The list actions that rebuild the model after every (re)connect.
const REBUILD: [&str; 4] = [
    "CoreShowChannels",
    "PJSIPShowContacts",
    "PJSIPShowRegistrationsOutbound",
    "QueueStatus",
];

struct Feed {
    name: String,
    client: AmiClient,
    model: Arc<RwLock<LiveModel>>,
    changes: broadcast::Sender<LiveEvent>,
    task: JoinHandle<()>,
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Default)]
pub struct Hub {
    feeds: Mutex<HashMap<i64, Feed>>,
}

fn now() -> i64 {
    crate::server::db::now()
}

impl Hub {
    /// Starts (or restarts, after an edit) the feed of a PBX connection.
    /// Without an AMI secret there is nothing to connect with.
    pub fn start(&self, target: &PbxTarget) {
        let id = target.connection.id;
        let Some(secret) = &target.ami_secret else {
            self.stop(id);
            return;
        };
        let client = AmiClient::spawn(ClientConfig {
            host: target.connection.host.clone(),
            port: target.connection.ami_port,
            username: target.connection.ami_username.clone(),
            secret: crate::server::crypto::Secret::new(secret.expose().to_owned()),
        });
        let model = Arc::new(RwLock::new(LiveModel::default()));
        let (changes, _) = broadcast::channel(CHANGE_BUFFER);
        let task = tokio::spawn(follow(id, client.clone(), model.clone(), changes.clone()));
        let feed = Feed {
            name: target.connection.name.clone(),
            client,
            model,
            changes,
            task,
        };
        let mut feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
        feeds.insert(id, feed);
    }

    pub fn stop(&self, id: i64) {
        let mut feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
        feeds.remove(&id);
    }

    /// The AMI client of a PBX, for actions (hang up, transfer, originate).
    pub fn client(&self, id: i64) -> Option<AmiClient> {
        let feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
        feeds.get(&id).map(|f| f.client.clone())
    }

    /// One call of a PBX as the live model has it.
    pub fn call(&self, pbx: i64, call_id: &str) -> Option<crate::model::Call> {
        let feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
        let feed = feeds.get(&pbx)?;
        let model = feed.model.read().unwrap_or_else(|e| e.into_inner());
        model.calls().find(|c| c.id == call_id).cloned()
    }

    /// A snapshot of each PBX asked for, and a receiver of its changes, taken
    /// together so nothing falls between them. Unknown ids are skipped.
    pub fn subscribe(&self, ids: &[i64]) -> Vec<(LiveEvent, broadcast::Receiver<LiveEvent>)> {
        let feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
        ids.iter()
            .filter_map(|id| {
                let feed = feeds.get(id)?;
                let receiver = feed.changes.subscribe();
                let model = feed.model.read().unwrap_or_else(|e| e.into_inner());
                let mut calls: Vec<_> = model.calls().cloned().collect();
                calls.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.id.cmp(&b.id)));
                let mut extensions: Vec<_> = model
                    .extensions()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                extensions.sort_by(|a, b| a.0.cmp(&b.0));
                let mut trunks: Vec<_> = model
                    .trunks()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                trunks.sort();
                let snapshot = LiveEvent::Snapshot {
                    pbx_connection_id: *id,
                    pbx_name: feed.name.clone(),
                    link: feed.client.link().borrow().clone(),
                    calls,
                    extensions,
                    trunks,
                };
                Some((snapshot, receiver))
            })
            .collect()
    }
}

/// Feeds AMI events into the model and publishes the changes; rebuilds
/// after every (re)connect; sends stats every 2 s.
async fn follow(
    id: i64,
    client: AmiClient,
    model: Arc<RwLock<LiveModel>>,
    changes: broadcast::Sender<LiveEvent>,
) {
    let mut events = client.events();
    let mut link = client.link();
    let mut stats = tokio::time::interval(STATS_EVERY);
    let publish = |list: Vec<Change>| {
        for change in list {
            let _ = changes.send(to_event(id, change));
        }
    };
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(event) => {
                    let list = model.write().unwrap_or_else(|e| e.into_inner()).apply(&event, now());
                    publish(list);
                }
                // Fell behind the PBX: start again from the lists.
                Err(broadcast::error::RecvError::Lagged(_)) => rebuild(id, &client, &model, &changes).await,
                Err(broadcast::error::RecvError::Closed) => return,
            },
            changed = link.changed() => {
                if changed.is_err() {
                    return;
                }
                let current = link.borrow_and_update().clone();
                let _ = changes.send(LiveEvent::Link { pbx_connection_id: id, link: current.clone() });
                if matches!(current, PbxLink::Connected { .. }) {
                    rebuild(id, &client, &model, &changes).await;
                }
            }
            _ = stats.tick() => {
                let model = model.read().unwrap_or_else(|e| e.into_inner());
                let reachable = |s: &str| matches!(s, "Reachable" | "NonQualified" | "Created" | "Updated");
                let _ = changes.send(LiveEvent::Stats(PbxStats {
                    pbx_connection_id: id,
                    active_calls: model.calls().count() as u32,
                    registered_extensions: model.extensions().values().filter(|p| reachable(&p.status)).count() as u32,
                    registered_trunks: model.trunks().values().filter(|s| s.as_str() == "Registered").count() as u32,
                }));
            }
        }
    }
}

/// Forgets everything (calls that ended while disconnected must not stay)
/// and refills the model from the list actions.
async fn rebuild(
    id: i64,
    client: &AmiClient,
    model: &Arc<RwLock<LiveModel>>,
    changes: &broadcast::Sender<LiveEvent>,
) {
    let mut fresh = LiveModel::default();
    for action in REBUILD {
        match client.action(action, &[]).await {
            Ok(reply) => {
                for event in &reply.events {
                    fresh.apply(event, now());
                }
            }
            Err(error) => tracing::warn!(
                pbx_connection = id,
                action,
                ?error,
                "live rebuild step failed"
            ),
        }
    }
    let mut current = model.write().unwrap_or_else(|e| e.into_inner());
    let gone: Vec<String> = current
        .calls()
        .filter(|c| !fresh.calls().any(|f| f.id == c.id))
        .map(|c| c.id.clone())
        .collect();
    *current = fresh;
    for call_id in gone {
        let _ = changes.send(LiveEvent::CallHangup {
            pbx_connection_id: id,
            id: call_id,
        });
    }
    for call in current.calls() {
        let _ = changes.send(LiveEvent::CallUpdate {
            pbx_connection_id: id,
            call: call.clone(),
        });
    }
    for (peer, status) in current.extensions() {
        let _ = changes.send(LiveEvent::PeerStatus {
            pbx_connection_id: id,
            kind: PeerKind::Extension,
            id: peer.clone(),
            status: status.status.clone(),
        });
    }
    for (trunk, status) in current.trunks() {
        let _ = changes.send(LiveEvent::PeerStatus {
            pbx_connection_id: id,
            kind: PeerKind::Trunk,
            id: trunk.clone(),
            status: status.clone(),
        });
    }
}

fn to_event(id: i64, change: Change) -> LiveEvent {
    match change {
        Change::CallNew(call) => LiveEvent::CallNew {
            pbx_connection_id: id,
            call,
        },
        Change::CallUpdate(call) => LiveEvent::CallUpdate {
            pbx_connection_id: id,
            call,
        },
        Change::CallState { id: call, state } => LiveEvent::CallStateChange {
            pbx_connection_id: id,
            id: call,
            state,
        },
        Change::CallHangup { id: call } => LiveEvent::CallHangup {
            pbx_connection_id: id,
            id: call,
        },
        Change::Extension { id: peer, status } => LiveEvent::PeerStatus {
            pbx_connection_id: id,
            kind: PeerKind::Extension,
            id: peer,
            status: status.status,
        },
        Change::Trunk { id: trunk, status } => LiveEvent::PeerStatus {
            pbx_connection_id: id,
            kind: PeerKind::Trunk,
            id: trunk,
            status,
        },
    }
}
