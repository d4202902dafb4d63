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
use crate::server::asterisk::PbxTarget;
use crate::server::asterisk::ami::Message;
use crate::server::asterisk::ami::client::{AmiClient, ClientConfig};
use crate::server::asterisk::live::{Change, LiveModel};

/// Changes kept for a slow browser before it is dropped (and reconnects to
/// a fresh snapshot).
const CHANGE_BUFFER: usize = 1024;
const STATS_EVERY: Duration = Duration::from_secs(2);
/// The list actions that rebuild the model after every (re)connect. The
/// endpoints come first: they say which contacts are phones.
const REBUILD: [&str; 4] = [
    "PJSIPShowEndpoints",
    "CoreShowChannels",
    "PJSIPShowContacts",
    "PJSIPShowRegistrationsOutbound",
];

/// What the follow task and the hub share of one PBX.
#[derive(Clone)]
struct Shared {
    id: i64,
    name: String,
    client: AmiClient,
    model: Arc<RwLock<LiveModel>>,
    changes: broadcast::Sender<Arc<LiveFrame>>,
    /// Asks the follow task to re-read the configuration.
    refresh: Arc<tokio::sync::Notify>,
    /// Set while re-reads are scheduled for states still settling.
    settling: Arc<std::sync::atomic::AtomicBool>,
}

/// One event as the browsers receive it: its SSE name and its JSON,
/// serialised once however many browsers watch.
#[derive(Debug)]
pub struct LiveFrame {
    pub name: &'static str,
    pub data: String,
}

impl LiveFrame {
    pub fn of(event: &LiveEvent) -> LiveFrame {
        LiveFrame {
            name: event.name(),
            // Plain data (strings, numbers, enums): serialising cannot fail.
            data: serde_json::to_string(event).unwrap_or_else(|_| "{}".to_owned()),
        }
    }
}

impl Shared {
    /// The whole state, for a browser that (re)connects or after a rebuild.
    fn snapshot(&self) -> LiveEvent {
        let model = self.model.read().unwrap_or_else(|e| e.into_inner());
        let mut calls: Vec<_> = model.calls().cloned().collect();
        calls.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.id.cmp(&b.id)));
        let mut extensions: Vec<_> = model.extensions().values().cloned().collect();
        extensions.sort_by(|a, b| a.id.cmp(&b.id));
        let mut trunks: Vec<_> = model
            .trunks()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        trunks.sort();
        let mut queues: Vec<_> = model.queues().values().cloned().collect();
        queues.sort_by(|a, b| a.id.cmp(&b.id));
        LiveEvent::Snapshot {
            pbx_connection_id: self.id,
            pbx_name: self.name.clone(),
            link: self.client.link().borrow().clone(),
            calls,
            extensions,
            trunks,
            queues,
        }
    }

    fn publish(&self, event: LiveEvent) {
        // Nobody watching: nothing to serialise.
        if self.changes.receiver_count() == 0 {
            return;
        }
        let _ = self.changes.send(Arc::new(LiveFrame::of(&event)));
    }
}

struct Feed {
    shared: Shared,
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
    crate::server::time_zone::now()
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
            policy: target.policy.clone(),
            ownership: target.ownership.clone(),
        });
        let (changes, _) = broadcast::channel(CHANGE_BUFFER);
        let shared = Shared {
            id,
            name: target.connection.name.clone(),
            client,
            model: Arc::new(RwLock::new(LiveModel::default())),
            changes,
            refresh: Arc::new(tokio::sync::Notify::new()),
            settling: Arc::new(std::sync::atomic::AtomicBool::new(false)),
        };
        let task = tokio::spawn(follow(shared.clone()));
        let feed = Feed { shared, task };
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
        feeds.get(&id).map(|f| f.shared.client.clone())
    }

    /// Re-reads the extensions and queues of a PBX after Switchboard changed
    /// its configuration (Asterisk sends no event for a realtime row), and
    /// sends its browsers a fresh snapshot. The feed's own task does it, so
    /// events that arrive meanwhile wait and apply after the lists (a phone
    /// registering to a new extension is not lost to the re-read).
    pub fn refresh(&self, id: i64) {
        let feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(feed) = feeds.get(&id) {
            feed.shared.refresh.notify_one();
        }
    }

    /// One call of a PBX as the live model has it.
    pub fn call(&self, pbx: i64, call_id: &str) -> Option<Arc<crate::model::Call>> {
        let feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
        let feed = feeds.get(&pbx)?;
        let model = feed.shared.model.read().unwrap_or_else(|e| e.into_inner());
        model.calls().find(|c| c.id == call_id).cloned()
    }

    /// A snapshot of each PBX asked for, and a receiver of its changes, taken
    /// together so nothing falls between them. Unknown ids are skipped.
    pub fn subscribe(&self, ids: &[i64]) -> Vec<(LiveFrame, broadcast::Receiver<Arc<LiveFrame>>)> {
        // Subscribed under the lock; the snapshots (the PBX's whole state,
        // as JSON) are made after it, so browsers connecting at once do not
        // queue behind each other's serialisation.
        let subscribed: Vec<(Shared, broadcast::Receiver<Arc<LiveFrame>>)> = {
            let feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
            ids.iter()
                .filter_map(|id| {
                    let shared = feeds.get(id)?.shared.clone();
                    let receiver = shared.changes.subscribe();
                    Some((shared, receiver))
                })
                .collect()
        };
        subscribed
            .into_iter()
            .map(|(shared, receiver)| (LiveFrame::of(&shared.snapshot()), receiver))
            .collect()
    }
}

/// Feeds AMI events into the model and publishes the changes; rebuilds
/// after every (re)connect; sends stats every 2 s.
async fn follow(shared: Shared) {
    let mut events = shared.client.events();
    let mut link = shared.client.link();
    let mut stats = tokio::time::interval(STATS_EVERY);
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(event) => {
                    qualify_new_contact(&shared, &event);
                    let list = shared.model.write().unwrap_or_else(|e| e.into_inner()).apply(&event, now());
                    for change in list {
                        shared.publish(to_event(shared.id, change));
                    }
                }
                // Fell behind the PBX: start again from the lists.
                Err(broadcast::error::RecvError::Lagged(_)) => rebuild(&shared).await,
                Err(broadcast::error::RecvError::Closed) => return,
            },
            changed = link.changed() => {
                if changed.is_err() {
                    return;
                }
                let current = link.borrow_and_update().clone();
                shared.publish(LiveEvent::Link { pbx_connection_id: shared.id, link: current.clone() });
                if matches!(current, PbxLink::Connected { .. }) {
                    rebuild(&shared).await;
                }
            }
            () = shared.refresh.notified() => refresh(&shared).await,
            _ = stats.tick() => {
                let model = shared.model.read().unwrap_or_else(|e| e.into_inner());
                let stats = PbxStats {
                    pbx_connection_id: shared.id,
                    active_calls: model.calls().count() as u32,
                    registered_extensions: model.extensions().values().filter(|e| e.registered()).count() as u32,
                    registered_trunks: model.trunks().values().filter(|s| s.as_str() == "Registered").count() as u32,
                };
                drop(model);
                shared.publish(LiveEvent::Stats(stats));
            }
        }
    }
}

/// Asks Asterisk to qualify a phone that has just registered. Asterisk
/// learns of a realtime AOR only when its first contact arrives, and then
/// schedules that AOR's first OPTIONS at a random moment within its qualify
/// frequency (to spread the qualifies of AORs loaded together): measured on
/// the sandbox, a new extension's phone stayed Unavailable for 9–77 s
/// although it could take calls. Such a contact is announced as
/// `NonQualified` (`Created` when the AOR was known already); `PJSIPQualify`
/// sends its OPTIONS now (2 ms to Reachable on the sandbox). Registration
/// refreshes are `Updated` and cost nothing. The action runs beside the
/// feed so events keep flowing meanwhile.
fn qualify_new_contact(shared: &Shared, event: &Message) {
    if !event.is("Event", "ContactStatus")
        || !(event.is("ContactStatus", "Created") || event.is("ContactStatus", "NonQualified"))
    {
        return;
    }
    let Some(endpoint) = event.get("EndpointName").filter(|e| !e.is_empty()) else {
        return;
    };
    let (client, endpoint, id) = (shared.client.clone(), endpoint.to_owned(), shared.id);
    tokio::spawn(async move {
        if let Err(error) = client
            .action("PJSIPQualify", &[("Endpoint", &endpoint)])
            .await
        {
            tracing::debug!(
                pbx_connection = id,
                ?error,
                "qualifying a new contact failed"
            );
        }
    });
}

/// Re-reads extensions and queues; a fresh snapshot to the browsers.
async fn refresh(shared: &Shared) {
    let (Some(endpoints), Some(queues)) = (
        list(shared, "PJSIPShowEndpoints").await,
        queue_status(shared).await,
    ) else {
        return;
    };
    shared
        .model
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .replace_configuration(&endpoints, &queues, now());
    shared.publish(shared.snapshot());
    settle(shared);
}

/// When a refresh saw a device or a queue member `invalid`, reads again a
/// little later, three times at most. Asterisk answers `invalid` for a
/// realtime endpoint it is loading at that moment (an extension created a
/// few milliseconds before), and sends no event when it becomes
/// `unavailable`: measured on the sandbox under load (the two cores busy
/// compiling), a new extension's tile stayed `invalid` until the next
/// change; idle, it is `unavailable` at the first read.
fn settle(shared: &Shared) {
    use crate::model::DeviceState::Invalid;
    use std::sync::atomic::Ordering;
    let unsettled = {
        let model = shared.model.read().unwrap_or_else(|e| e.into_inner());
        model.extensions().values().any(|e| e.device == Invalid)
            || model
                .queues()
                .values()
                .any(|q| q.members.iter().any(|m| m.device == Invalid))
    };
    if !unsettled || shared.settling.swap(true, Ordering::AcqRel) {
        return;
    }
    let (refresh, settling) = (shared.refresh.clone(), shared.settling.clone());
    tokio::spawn(async move {
        for seconds in [1, 2, 4] {
            tokio::time::sleep(std::time::Duration::from_secs(seconds)).await;
            refresh.notify_one();
        }
        settling.store(false, Ordering::Release);
    });
}

/// The events of one list action; `None` (logged) when it failed.
async fn list(shared: &Shared, action: &str) -> Option<Vec<Message>> {
    match shared.client.action(action, &[]).await {
        Ok(reply) => Some(reply.events),
        Err(error) => {
            tracing::warn!(
                pbx_connection = shared.id,
                action,
                ?error,
                "live list action failed"
            );
            None
        }
    }
}

/// Every queue with its members and callers. Asterisk keeps realtime
/// queues in memory and re-reads their members from the database only when
/// asked for one queue by name, so the plain list names the queues and each
/// is then asked for on its own (measured on the sandbox: the plain list
/// kept members deleted from `queue_members`).
async fn queue_status(shared: &Shared) -> Option<Vec<Message>> {
    let names: Vec<String> = list(shared, "QueueStatus")
        .await?
        .iter()
        .filter(|e| e.is("Event", "QueueParams"))
        .filter_map(|e| e.get("Queue").map(str::to_owned))
        .collect();
    let mut events = Vec::new();
    for name in names {
        let reply = shared
            .client
            .action("QueueStatus", &[("Queue", &name)])
            .await
            .ok()?;
        events.extend(reply.events);
    }
    Some(events)
}

/// Forgets everything (calls that ended while disconnected must not stay),
/// refills the model from the list actions, and sends the browsers the
/// calls that are gone and then a fresh snapshot.
async fn rebuild(shared: &Shared) {
    let mut fresh = LiveModel::default();
    for action in REBUILD {
        for event in list(shared, action).await.unwrap_or_default() {
            fresh.apply(&event, now());
        }
    }
    for event in queue_status(shared).await.unwrap_or_default() {
        fresh.apply(&event, now());
    }
    let gone: Vec<String> = {
        let mut current = shared.model.write().unwrap_or_else(|e| e.into_inner());
        let gone = current
            .calls()
            .filter(|c| !fresh.calls().any(|f| f.id == c.id))
            .map(|c| c.id.clone())
            .collect();
        *current = fresh;
        gone
    };
    for call_id in gone {
        shared.publish(LiveEvent::CallHangup {
            pbx_connection_id: shared.id,
            id: call_id,
        });
    }
    shared.publish(shared.snapshot());
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
        Change::Extension(extension) => LiveEvent::ExtensionUpdate {
            pbx_connection_id: id,
            extension,
        },
        Change::Contact { id: peer, status } => LiveEvent::PeerStatus {
            pbx_connection_id: id,
            kind: PeerKind::Extension,
            id: peer,
            status,
        },
        Change::Queue(queue) => LiveEvent::QueueUpdate {
            pbx_connection_id: id,
            queue,
        },
        Change::Trunk { id: trunk, status } => LiveEvent::PeerStatus {
            pbx_connection_id: id,
            kind: PeerKind::Trunk,
            id: trunk,
            status,
        },
    }
}
