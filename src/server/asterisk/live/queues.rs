//! Queues: who is waiting, which members there are and how they stand.
//! `QueueStatus` fills them after a (re)connect; `QueueCaller*` and
//! `QueueMember*` events keep them current. Every change sends the whole
//! queue: queues are small, and the browser then keeps no state of its own.

use super::{Change, LiveModel, MAX_LEGS, text};
use crate::model::{DeviceState, LiveQueue, QueueAgent, QueueCaller};
use crate::server::asterisk::ami::Message;

/// Callers and members kept per queue; beyond this a PBX is flooding us.
const MAX_PER_QUEUE: usize = 1_000;

fn number(event: &Message, name: &str) -> u32 {
    text(event, name).parse().unwrap_or(0)
}

impl LiveModel {
    /// The queue an event names, added when first seen (a queue created
    /// after the last `QueueStatus`); `None` when nameless or over bounds.
    fn queue_of(&mut self, event: &Message) -> Option<&mut LiveQueue> {
        let id = text(event, "Queue");
        if id.is_empty() || (!self.queues.contains_key(&id) && self.queues.len() >= MAX_LEGS) {
            return None;
        }
        Some(self.queues.entry(id.clone()).or_insert_with(|| LiveQueue {
            id,
            ..LiveQueue::default()
        }))
    }

    /// Applies `change` to the event's queue; reports the queue if it
    /// changed.
    fn change_queue(
        &mut self,
        event: &Message,
        change: impl FnOnce(&mut LiveQueue, &Message),
    ) -> Vec<Change> {
        let Some(queue) = self.queue_of(event) else {
            return Vec::new();
        };
        let before = queue.clone();
        change(queue, event);
        if *queue == before {
            Vec::new()
        } else {
            vec![Change::Queue(queue.clone())]
        }
    }

    /// `QueueParams` (QueueStatus): the queue and its counters.
    pub(super) fn queue_params(&mut self, event: &Message) -> Vec<Change> {
        self.change_queue(event, |queue, event| {
            queue.strategy = text(event, "Strategy");
            queue.completed = number(event, "Completed");
            queue.abandoned = number(event, "Abandoned");
        })
    }

    /// `QueueMember` (QueueStatus) or `QueueMemberStatus`/`Added`/`Pause`:
    /// one member, by interface, with whatever fields the event carries.
    pub(super) fn queue_member(&mut self, event: &Message) -> Vec<Change> {
        // The list names the interface `Location`, the events `Interface`.
        let interface = Some(text(event, "Interface"))
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| text(event, "Location"));
        if interface.is_empty() {
            return Vec::new();
        }
        self.change_queue(event, |queue, event| {
            let position = queue.members.iter().position(|m| m.interface == interface);
            let member = match position {
                Some(index) => &mut queue.members[index],
                None if queue.members.len() < MAX_PER_QUEUE => {
                    queue.members.push(QueueAgent {
                        interface: interface.clone(),
                        name: String::new(),
                        device: DeviceState::Unknown,
                        paused: false,
                        in_call: false,
                        calls_taken: 0,
                    });
                    queue.members.sort_by(|a, b| a.interface.cmp(&b.interface));
                    let index = queue
                        .members
                        .iter()
                        .position(|m| m.interface == interface)
                        .unwrap_or_default();
                    &mut queue.members[index]
                }
                None => return,
            };
            for name_header in ["MemberName", "Name"] {
                if event.get(name_header).is_some() {
                    member.name = text(event, name_header);
                }
            }
            if event.get("Status").is_some() {
                member.device = DeviceState::parse(&text(event, "Status"));
            }
            if event.get("Paused").is_some() {
                member.paused = text(event, "Paused") == "1";
            }
            if event.get("InCall").is_some() {
                member.in_call = text(event, "InCall") == "1";
            }
            if event.get("CallsTaken").is_some() {
                member.calls_taken = number(event, "CallsTaken");
            }
        })
    }

    pub(super) fn queue_member_removed(&mut self, event: &Message) -> Vec<Change> {
        let interface = text(event, "Interface");
        self.change_queue(event, |queue, _| {
            queue.members.retain(|m| m.interface != interface);
        })
    }

    /// `QueueEntry` (QueueStatus, with the seconds waited so far) or
    /// `QueueCallerJoin` (now).
    pub(super) fn queue_caller_joined(&mut self, event: &Message, now: i64) -> Vec<Change> {
        let uniqueid = text(event, "Uniqueid");
        if uniqueid.is_empty() {
            return Vec::new();
        }
        let waited = i64::from(number(event, "Wait"));
        self.change_queue(event, |queue, event| {
            queue.waiting.retain(|c| c.uniqueid != uniqueid);
            if queue.waiting.len() >= MAX_PER_QUEUE {
                return;
            }
            queue.waiting.push(QueueCaller {
                uniqueid,
                caller_number: text(event, "CallerIDNum"),
                caller_name: text(event, "CallerIDName"),
                position: number(event, "Position"),
                joined_at: now - waited,
            });
            queue.waiting.sort_by_key(|c| c.position);
        })
    }

    /// `QueueCallerLeave`: answered, abandoned or timed out; the ones
    /// behind move up.
    pub(super) fn queue_caller_left(&mut self, event: &Message) -> Vec<Change> {
        let uniqueid = text(event, "Uniqueid");
        self.change_queue(event, |queue, _| {
            queue.waiting.retain(|c| c.uniqueid != uniqueid);
            for (position, caller) in (1..).zip(queue.waiting.iter_mut()) {
                caller.position = position;
            }
        })
    }

    /// `QueueCallerAbandon` and `AgentComplete`: the queue's counters.
    pub(super) fn queue_counted(&mut self, event: &Message) -> Vec<Change> {
        let abandoned = event.is("Event", "QueueCallerAbandon");
        self.change_queue(event, |queue, _| {
            if abandoned {
                queue.abandoned = queue.abandoned.saturating_add(1);
            } else {
                queue.completed = queue.completed.saturating_add(1);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::asterisk::live::tests::events;

    #[test]
    fn a_caller_waits_in_the_captured_queue_then_abandons() {
        // Captured from the sandbox: QueueStatus of queue 7000 with one
        // (invalid) member while a Local channel waited in it, then hung up.
        let stream = events(include_bytes!(
            "../../../../tests/fixtures/ami/capture-queue.ami"
        ));
        let mut model = LiveModel::default();
        let mut most_waiting = 0;
        let mut updates = 0;
        for event in &stream {
            for change in model.apply(event, 1_000) {
                if let Change::Queue(queue) = change {
                    updates += 1;
                    most_waiting = most_waiting.max(queue.waiting.len());
                    if let Some(caller) = queue.waiting.first() {
                        assert_eq!(caller.caller_number, "555");
                        assert_eq!(caller.position, 1);
                    }
                }
            }
        }
        assert!(updates >= 3, "join, status, abandon, leave: {updates}");
        assert_eq!(most_waiting, 1);
        let queue = &model.queues()["7000"];
        assert!(queue.waiting.is_empty(), "the caller left");
        assert_eq!(queue.abandoned, 1);
        assert_eq!(queue.strategy, "ringall");
        assert_eq!(queue.members.len(), 1);
        assert_eq!(queue.members[0].interface, "PJSIP/7001");
        assert_eq!(queue.members[0].device, DeviceState::Invalid);
    }

    #[test]
    fn members_change_state_pause_and_leave_and_callers_move_up() {
        let mut model = LiveModel::default();
        let event = |pairs: &[(&str, &str)]| Message::from_pairs(pairs);
        for (uniqueid, position) in [("a", "1"), ("b", "2"), ("c", "3")] {
            model.apply(
                &event(&[
                    ("Event", "QueueCallerJoin"),
                    ("Queue", "500"),
                    ("Uniqueid", uniqueid),
                    ("Position", position),
                    ("CallerIDNum", "1"),
                ]),
                10,
            );
        }
        model.apply(
            &event(&[
                ("Event", "QueueCallerLeave"),
                ("Queue", "500"),
                ("Uniqueid", "a"),
            ]),
            20,
        );
        let queue = &model.queues()["500"];
        let order: Vec<_> = queue
            .waiting
            .iter()
            .map(|c| (c.uniqueid.as_str(), c.position))
            .collect();
        assert_eq!(order, [("b", 1), ("c", 2)]);

        model.apply(
            &event(&[
                ("Event", "QueueMemberStatus"),
                ("Queue", "500"),
                ("Interface", "PJSIP/1000"),
                ("MemberName", "Alice"),
                ("Status", "6"),
                ("Paused", "0"),
                ("InCall", "0"),
                ("CallsTaken", "2"),
            ]),
            20,
        );
        let paused = model.apply(
            &event(&[
                ("Event", "QueueMemberPause"),
                ("Queue", "500"),
                ("Interface", "PJSIP/1000"),
                ("Paused", "1"),
            ]),
            20,
        );
        let [Change::Queue(queue)] = &paused[..] else {
            panic!("{paused:?}")
        };
        let alice = &queue.members[0];
        assert_eq!(
            (
                alice.name.as_str(),
                alice.device,
                alice.paused,
                alice.calls_taken
            ),
            ("Alice", DeviceState::Ringing, true, 2)
        );
        model.apply(
            &event(&[
                ("Event", "QueueMemberRemoved"),
                ("Queue", "500"),
                ("Interface", "PJSIP/1000"),
            ]),
            20,
        );
        assert!(model.queues()["500"].members.is_empty());
    }
}
