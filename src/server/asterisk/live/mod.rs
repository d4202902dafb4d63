//! The live model of one PBX, fed by AMI events: calls (legs grouped by
//! Linkedid) here, extensions and trunks in `peers`, queues in `queues`. `apply` turns an
//! event into the changes a browser needs; `rebuild` starts over from the
//! list actions after a (re)connect, since Asterisk replays nothing.
//!
//! Every value comes from the PBX: strings are cut to printable, bounded
//! text, and the model itself is bounded (`MAX_LEGS`).

mod peers;
mod queues;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::model::{Call, Leg, LiveExtension, LiveQueue};
use crate::server::asterisk::ami::Message;
use crate::server::asterisk::ami::codec::shown;

/// Legs tracked at most; beyond this a PBX is misbehaving or flooding us.
pub const MAX_LEGS: usize = 20_000;

/// What changed, for the browsers watching this PBX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    CallNew(Arc<Call>),
    CallState {
        id: String,
        state: String,
    },
    CallUpdate(Arc<Call>),
    CallHangup {
        id: String,
    },
    /// An extension's device state or contact changed: all of it.
    Extension(LiveExtension),
    /// A phone registered, became (un)reachable or went (`Removed`).
    Contact {
        id: String,
        status: String,
    },
    Trunk {
        id: String,
        status: String,
    },
    Queue(LiveQueue),
}

#[derive(Debug, Default)]
pub struct LiveModel {
    /// Shared with the changes sent out: a change costs no copy of the
    /// call, and the next edit copies it only while a browser still holds it.
    calls: HashMap<String, Arc<Call>>,
    /// Uniqueid → the call (Linkedid) its leg is in.
    leg_call: HashMap<String, String>,
    extensions: HashMap<String, LiveExtension>,
    /// Endpoints that are not phones (trunks): their contacts are ignored.
    not_extensions: HashSet<String>,
    trunks: HashMap<String, String>,
    queues: HashMap<String, LiveQueue>,
    /// A registration's client URI → its id: PJSIP's `Registry` events name
    /// registrations by URI only.
    registration_uris: HashMap<String, String>,
}

/// Characters kept of any value the PBX sends.
const MAX_TEXT: usize = 120;

/// A header as the model keeps it: printable, bounded, and empty for
/// Asterisk's `<unknown>`. Borrowed, so unchanged values cost no copy.
fn value<'a>(message: &'a Message, name: &str) -> Cow<'a, str> {
    present(message, name).unwrap_or(Cow::Borrowed(""))
}

/// Like `value`, but `None` when the event does not carry the header.
fn present<'a>(message: &'a Message, name: &str) -> Option<Cow<'a, str>> {
    match message.get(name)? {
        "<unknown>" => Some(Cow::Borrowed("")),
        value => Some(shown(value, MAX_TEXT)),
    }
}

fn text(message: &Message, name: &str) -> String {
    value(message, name).into_owned()
}

impl LiveModel {
    pub fn calls(&self) -> impl Iterator<Item = &Arc<Call>> {
        self.calls.values()
    }

    pub fn extensions(&self) -> &HashMap<String, LiveExtension> {
        &self.extensions
    }

    pub fn queues(&self) -> &HashMap<String, LiveQueue> {
        &self.queues
    }

    pub fn trunks(&self) -> &HashMap<String, String> {
        &self.trunks
    }

    pub fn leg_count(&self) -> usize {
        self.leg_call.len()
    }

    /// Applies one event; returns what changed.
    pub fn apply(&mut self, event: &Message, now: i64) -> Vec<Change> {
        let Some(name) = event.get("Event") else {
            return Vec::new();
        };
        match name {
            "Newchannel" | "CoreShowChannel" => self.channel_seen(event, now),
            "Newstate" | "NewCallerid" | "NewConnectedLine" | "DialBegin" | "DialEnd"
            | "Rename" => self.channel_changed(event),
            "BridgeEnter" => self.bridge(event, true),
            "BridgeLeave" => self.bridge(event, false),
            "Hangup" => self.hangup(event),
            "EndpointList" => self.endpoint_listed(event),
            "DeviceStateChange" => self.device_state(event),
            "ContactStatus" => self.contact_status(event),
            "ContactList" => self.contact_listed(event),
            "Registry" | "OutboundRegistrationDetail" => self.registration(event),
            "QueueParams" => self.queue_params(event),
            "QueueMember" | "QueueMemberStatus" | "QueueMemberAdded" | "QueueMemberPause" => {
                self.queue_member(event)
            }
            "QueueMemberRemoved" => self.queue_member_removed(event),
            "QueueEntry" | "QueueCallerJoin" => self.queue_caller_joined(event, now),
            "QueueCallerLeave" => self.queue_caller_left(event),
            "QueueCallerAbandon" | "AgentComplete" => self.queue_counted(event),
            _ => Vec::new(),
        }
    }

    /// Forgets the calls and states: the connection was lost, and whatever
    /// ended meanwhile must not linger. The list actions refill it.
    pub fn reset(&mut self) -> Vec<Change> {
        let hangups = self
            .calls
            .keys()
            .map(|id| Change::CallHangup { id: id.clone() })
            .collect();
        *self = LiveModel::default();
        hangups
    }

    fn channel_seen(&mut self, event: &Message, now: i64) -> Vec<Change> {
        let uniqueid = text(event, "Uniqueid");
        if uniqueid.is_empty() {
            return Vec::new();
        }
        if self.leg_call.contains_key(&uniqueid) {
            return self.channel_changed(event);
        }
        if self.leg_call.len() >= MAX_LEGS {
            return Vec::new();
        }
        let linkedid = Some(text(event, "Linkedid"))
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| uniqueid.clone());
        // CoreShowChannel gives the age; Newchannel is now.
        let started_at = event
            .get("Duration")
            .and_then(parse_duration)
            .map_or(now, |age| now - age);
        let leg = Leg {
            uniqueid: uniqueid.clone(),
            channel: text(event, "Channel"),
            state: text(event, "ChannelStateDesc"),
            caller_number: text(event, "CallerIDNum"),
            caller_name: text(event, "CallerIDName"),
            connected_number: text(event, "ConnectedLineNum"),
            connected_name: text(event, "ConnectedLineName"),
            bridge: Some(text(event, "BridgeId")).filter(|b| !b.is_empty()),
            started_at,
        };
        self.leg_call.insert(uniqueid, linkedid.clone());
        match self.calls.get_mut(&linkedid) {
            Some(call) => {
                let editing = Arc::make_mut(call);
                editing.legs.push(leg);
                editing.started_at = editing.started_at.min(started_at);
                vec![Change::CallUpdate(call.clone())]
            }
            None => {
                let call = Arc::new(Call {
                    id: linkedid.clone(),
                    legs: vec![leg],
                    started_at,
                });
                self.calls.insert(linkedid, call.clone());
                vec![Change::CallNew(call)]
            }
        }
    }

    /// Updates a leg from any channel event; moves it to another call when
    /// its Linkedid changed (bridging merges calls).
    fn channel_changed(&mut self, event: &Message) -> Vec<Change> {
        let uniqueid = value(event, "Uniqueid");
        let Some(current) = self.leg_call.get(uniqueid.as_ref()) else {
            return Vec::new();
        };
        let mut changes = Vec::new();
        let linkedid = value(event, "Linkedid");
        let target = if !linkedid.is_empty() && linkedid != current.as_str() {
            let current = current.clone();
            self.move_leg(&uniqueid, &current, &linkedid, &mut changes);
            linkedid.into_owned()
        } else {
            current.clone()
        };
        let Some(call) = self.calls.get_mut(&target) else {
            return changes;
        };
        let before = call.state().to_owned();
        let Some(index) = call.legs.iter().position(|l| l.uniqueid == uniqueid) else {
            return changes;
        };
        // What the event says differently: most events repeat what the leg
        // has, and then nothing is copied.
        let leg = &call.legs[index];
        let renamed = event.is("Event", "Rename");
        let fields = [
            (&leg.state, "ChannelStateDesc"),
            (&leg.caller_number, "CallerIDNum"),
            (&leg.caller_name, "CallerIDName"),
            (&leg.connected_number, "ConnectedLineNum"),
            (&leg.connected_name, "ConnectedLineName"),
            (&leg.channel, if renamed { "Newname" } else { "" }),
        ];
        let news =
            fields.map(|(current, header)| present(event, header).filter(|new| *current != *new));
        let leg_changed = news.iter().any(Option::is_some);
        if leg_changed {
            let leg = &mut Arc::make_mut(call).legs[index];
            let fields = [
                &mut leg.state,
                &mut leg.caller_number,
                &mut leg.caller_name,
                &mut leg.connected_number,
                &mut leg.connected_name,
                &mut leg.channel,
            ];
            for (field, new) in fields.into_iter().zip(news) {
                if let Some(new) = new {
                    *field = new.into_owned();
                }
            }
        }
        let after = call.state();
        if before != after {
            changes.push(Change::CallState {
                id: target.clone(),
                state: after.to_owned(),
            });
        }
        // Caller ids, connected lines, names: the browser shows them.
        if leg_changed {
            changes.push(Change::CallUpdate(call.clone()));
        }
        changes
    }

    fn move_leg(&mut self, uniqueid: &str, from: &str, to: &str, changes: &mut Vec<Change>) {
        let Some(source) = self.calls.get_mut(from) else {
            return;
        };
        let Some(position) = source.legs.iter().position(|l| l.uniqueid == uniqueid) else {
            return;
        };
        let leg = Arc::make_mut(source).legs.remove(position);
        if source.legs.is_empty() {
            self.calls.remove(from);
            changes.push(Change::CallHangup {
                id: from.to_owned(),
            });
        } else {
            changes.push(Change::CallUpdate(source.clone()));
        }
        self.leg_call.insert(uniqueid.to_owned(), to.to_owned());
        match self.calls.get_mut(to) {
            Some(target) => {
                let editing = Arc::make_mut(target);
                editing.started_at = editing.started_at.min(leg.started_at);
                editing.legs.push(leg);
                changes.push(Change::CallUpdate(target.clone()));
            }
            None => {
                let call = Arc::new(Call {
                    id: to.to_owned(),
                    started_at: leg.started_at,
                    legs: vec![leg],
                });
                self.calls.insert(to.to_owned(), call.clone());
                changes.push(Change::CallNew(call));
            }
        }
    }

    fn bridge(&mut self, event: &Message, entering: bool) -> Vec<Change> {
        let mut changes = self.channel_changed(event);
        let uniqueid = text(event, "Uniqueid");
        let Some(call_id) = self.leg_call.get(&uniqueid).cloned() else {
            return changes;
        };
        if let Some(call) = self.calls.get_mut(&call_id)
            && let Some(index) = call.legs.iter().position(|l| l.uniqueid == uniqueid)
        {
            Arc::make_mut(call).legs[index].bridge = entering
                .then(|| text(event, "BridgeUniqueid"))
                .filter(|b| !b.is_empty());
            changes.push(Change::CallUpdate(call.clone()));
        }
        changes
    }

    fn hangup(&mut self, event: &Message) -> Vec<Change> {
        let uniqueid = text(event, "Uniqueid");
        let Some(call_id) = self.leg_call.remove(&uniqueid) else {
            return Vec::new();
        };
        let Some(call) = self.calls.get_mut(&call_id) else {
            return Vec::new();
        };
        Arc::make_mut(call).legs.retain(|l| l.uniqueid != uniqueid);
        if call.legs.is_empty() {
            self.calls.remove(&call_id);
            vec![Change::CallHangup { id: call_id }]
        } else {
            vec![Change::CallUpdate(call.clone())]
        }
    }
}

/// `HH:MM:SS` (CoreShowChannel's Duration) in seconds.
fn parse_duration(value: &str) -> Option<i64> {
    let mut seconds = 0i64;
    for part in value.split(':') {
        seconds = seconds
            .checked_mul(60)?
            .checked_add(part.trim().parse::<i64>().ok()?)?;
    }
    Some(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::asterisk::ami::{AmiCodec, Frame};
    use bytes::BytesMut;
    use tokio_util::codec::Decoder;

    pub(super) fn events(bytes: &[u8]) -> Vec<Message> {
        let mut codec = AmiCodec::new();
        let mut buffer = BytesMut::from(bytes);
        let mut out = Vec::new();
        while let Some(frame) = codec.decode(&mut buffer).unwrap() {
            if let Frame::Message(m) = frame
                && m.get("Event").is_some()
            {
                out.push(m);
            }
        }
        out
    }

    #[test]
    fn a_bridged_call_is_one_call_from_first_channel_to_last_hangup() {
        let stream = events(include_bytes!(
            "../../../../tests/fixtures/ami/capture-bridge.ami"
        ));
        let mut model = LiveModel::default();
        let mut news = 0;
        let mut hangups = Vec::new();
        let mut most_legs = 0;
        for event in &stream {
            for change in model.apply(event, 1_000) {
                match change {
                    Change::CallNew(_) => news += 1,
                    Change::CallHangup { id } => hangups.push(id),
                    _ => {}
                }
            }
            most_legs = most_legs.max(model.calls().map(|c| c.legs.len()).max().unwrap_or(0));
        }
        // Four channels (two local pairs), one Linkedid: one call.
        assert_eq!(news, 1);
        assert_eq!(most_legs, 4);
        assert_eq!(hangups, vec!["1795332578.6".to_owned()]);
        assert_eq!(model.calls().count(), 0);
        assert_eq!(model.leg_count(), 0);
    }

    #[test]
    fn calls_answered_and_hung_up_in_the_captured_stream() {
        let stream = events(include_bytes!(
            "../../../../tests/fixtures/ami/capture-calls.ami"
        ));
        let mut model = LiveModel::default();
        let mut answered = false;
        for event in &stream {
            for change in model.apply(event, 1_000) {
                if let Change::CallState { state, .. } = change {
                    answered |= state == "Up";
                }
            }
        }
        assert!(answered, "the echo call was answered");
        assert_eq!(model.calls().count(), 0, "every call ended");
    }

    #[test]
    fn a_leg_whose_linkedid_changes_moves_to_that_call() {
        let mut model = LiveModel::default();
        let event = |pairs: &[(&str, &str)]| Message::from_pairs(pairs);
        model.apply(
            &event(&[
                ("Event", "Newchannel"),
                ("Uniqueid", "a"),
                ("Linkedid", "a"),
                ("ChannelStateDesc", "Up"),
            ]),
            10,
        );
        model.apply(
            &event(&[
                ("Event", "Newchannel"),
                ("Uniqueid", "b"),
                ("Linkedid", "b"),
                ("ChannelStateDesc", "Up"),
            ]),
            20,
        );
        assert_eq!(model.calls().count(), 2);
        let changes = model.apply(
            &event(&[
                ("Event", "BridgeEnter"),
                ("Uniqueid", "b"),
                ("Linkedid", "a"),
                ("BridgeUniqueid", "x"),
            ]),
            30,
        );
        assert!(changes.contains(&Change::CallHangup { id: "b".into() }));
        assert_eq!(model.calls().count(), 1);
        let call = model.calls().next().unwrap();
        assert_eq!(call.legs.len(), 2);
        assert_eq!(call.started_at, 10);
        assert_eq!(call.legs[1].bridge.as_deref(), Some("x"));
        let renamed = model.apply(
            &event(&[
                ("Event", "NewCallerid"),
                ("Uniqueid", "a"),
                ("Linkedid", "a"),
                ("CallerIDNum", "7001"),
            ]),
            40,
        );
        assert!(
            matches!(&renamed[..], [Change::CallUpdate(call)] if call.legs[0].caller_number == "7001"),
            "a caller id change reaches the browser: {renamed:?}"
        );
        // The browser keeps no call state of its own: a state change comes
        // with the call's legs.
        let hung = model.apply(
            &event(&[
                ("Event", "Newstate"),
                ("Uniqueid", "a"),
                ("Linkedid", "a"),
                ("ChannelStateDesc", "Ring"),
            ]),
            41,
        );
        assert!(
            hung.iter().any(|c| matches!(c, Change::CallUpdate(_))),
            "{hung:?}"
        );
        assert_eq!(model.reset(), vec![Change::CallHangup { id: "a".into() }]);
        assert_eq!(model.leg_count(), 0);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("01:02:03"), Some(3723));
        assert_eq!(parse_duration("x"), None);
    }
}
