//! Extensions (every endpoint phones register to, with its device state and
//! contact) and trunk registrations.

use super::{Change, LiveModel, MAX_LEGS, text};
use crate::model::{DeviceState, LiveExtension, PeerStatus};
use crate::server::asterisk::ami::Message;

impl LiveModel {
    /// `EndpointList` (PJSIPShowEndpoints): an endpoint with inbound auth
    /// and no outbound auth is a phone; anything else (trunks) is not.
    pub(super) fn endpoint_listed(&mut self, event: &Message) -> Vec<Change> {
        let id = text(event, "ObjectName");
        if id.is_empty() {
            return Vec::new();
        }
        let phone = !text(event, "Auths").is_empty() && text(event, "OutboundAuths").is_empty();
        if !phone {
            self.extensions.remove(&id);
            if self.not_extensions.len() < MAX_LEGS {
                self.not_extensions.insert(id);
            }
            return Vec::new();
        }
        self.not_extensions.remove(&id);
        let device = DeviceState::parse(&text(event, "DeviceState"));
        self.update_extension(&id, |extension| extension.device = device)
    }

    /// `DeviceStateChange` of `PJSIP/<extension>`.
    pub(super) fn device_state(&mut self, event: &Message) -> Vec<Change> {
        let device = text(event, "Device");
        let Some(id) = device.strip_prefix("PJSIP/") else {
            return Vec::new();
        };
        if !self.extensions.contains_key(id) {
            return Vec::new();
        }
        let state = DeviceState::parse(&text(event, "State"));
        self.update_extension(id, |extension| extension.device = state)
    }

    /// `ContactStatus`: a contact of an AOR was created, updated, removed,
    /// or became (un)reachable. Our extensions' AORs are their numbers.
    pub(super) fn contact_status(&mut self, event: &Message) -> Vec<Change> {
        let id = text(event, "AOR");
        if id.is_empty() {
            return Vec::new();
        }
        let known = self.extensions.get(&id).and_then(|e| e.contact.clone());
        let status = match text(event, "ContactStatus").as_str() {
            "Removed" => "Removed".to_owned(),
            "Created" | "Updated" => known
                .as_ref()
                .map(|s| s.status.clone())
                .unwrap_or_else(|| "NonQualified".to_owned()),
            other => other.to_owned(),
        };
        let address = contact_address(&text(event, "URI"));
        let status = PeerStatus {
            status,
            user_agent: Some(text(event, "UserAgent"))
                .filter(|u| !u.is_empty())
                .or_else(|| known.as_ref().map(|k| k.user_agent.clone()))
                .unwrap_or_default(),
            address: if address.is_empty() {
                known.map(|k| k.address).unwrap_or_default()
            } else {
                address
            },
        };
        self.set_contact(id, status)
    }

    /// `ContactList` (PJSIPShowContacts), when rebuilding.
    pub(super) fn contact_listed(&mut self, event: &Message) -> Vec<Change> {
        let id = text(event, "Endpoint");
        if id.is_empty() {
            return Vec::new();
        }
        let status = PeerStatus {
            status: text(event, "Status"),
            user_agent: text(event, "UserAgent"),
            address: format!("{}:{}", text(event, "ViaAddr"), text(event, "ViaPort")),
        };
        self.set_contact(id, status)
    }

    fn set_contact(&mut self, id: String, status: PeerStatus) -> Vec<Change> {
        if self.not_extensions.contains(&id) {
            return Vec::new();
        }
        let contact = (status.status != "Removed").then(|| status.clone());
        let current = self.extensions.get(&id).map(|e| &e.contact);
        if current == Some(&contact) || (current.is_none() && contact.is_none()) {
            return Vec::new();
        }
        let mut changes = vec![Change::Contact {
            id: id.clone(),
            status: status.status,
        }];
        changes.extend(self.update_extension(&id, |extension| extension.contact = contact));
        changes
    }

    /// Changes (or adds) one extension; reports it when it changed.
    fn update_extension(
        &mut self,
        id: &str,
        change: impl FnOnce(&mut LiveExtension),
    ) -> Vec<Change> {
        if !self.extensions.contains_key(id) && self.extensions.len() >= MAX_LEGS {
            return Vec::new();
        }
        let extension = self
            .extensions
            .entry(id.to_owned())
            .or_insert_with(|| LiveExtension {
                id: id.to_owned(),
                device: DeviceState::Unknown,
                contact: None,
            });
        let before = extension.clone();
        change(extension);
        if *extension == before {
            Vec::new()
        } else {
            vec![Change::Extension(extension.clone())]
        }
    }

    /// Starts the extensions and queues over from fresh lists (after a
    /// configuration change), keeping what the lists do not carry: the
    /// contacts of extensions that are still there.
    pub fn replace_configuration(&mut self, endpoints: &[Message], queues: &[Message], now: i64) {
        let previous = std::mem::take(&mut self.extensions);
        self.not_extensions.clear();
        self.queues.clear();
        for event in endpoints.iter().chain(queues) {
            self.apply(event, now);
        }
        for (id, extension) in previous {
            if let Some(kept) = self.extensions.get_mut(&id) {
                kept.contact = extension.contact;
            }
        }
    }

    /// `OutboundRegistrationDetail` (the list, by id) or `Registry` (a
    /// change, by client URI): a trunk's outbound registration.
    pub(super) fn registration(&mut self, event: &Message) -> Vec<Change> {
        let id = if event.is("Event", "Registry") {
            let uri = text(event, "Username");
            self.registration_uris
                .get(&uri)
                .cloned()
                .unwrap_or_default()
        } else {
            let id = text(event, "ObjectName");
            let uri = text(event, "ClientUri");
            if !id.is_empty() && !uri.is_empty() && self.registration_uris.len() < MAX_LEGS {
                self.registration_uris.insert(uri, id.clone());
            }
            id
        };
        if id.is_empty() {
            return Vec::new();
        }
        let status = text(event, "Status");
        if self.trunks.get(&id) == Some(&status) {
            return Vec::new();
        }
        if !self.trunks.contains_key(&id) && self.trunks.len() >= MAX_LEGS {
            return Vec::new();
        }
        self.trunks.insert(id.clone(), status.clone());
        vec![Change::Trunk { id, status }]
    }
}

/// `host:port` of a contact URI `sip:user@host:port;params`.
fn contact_address(uri: &str) -> String {
    let rest = uri.strip_prefix("sip:").unwrap_or(uri);
    let rest = rest.rsplit('@').next().unwrap_or(rest);
    rest.split(';').next().unwrap_or(rest).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::asterisk::live::tests::events;

    #[test]
    fn a_phone_registering_shows_on_its_extension() {
        let stream = events(include_bytes!(
            "../../../../tests/fixtures/ami/capture-registrations.ami"
        ));
        let mut model = LiveModel::default();
        let mut seen = Vec::new();
        for event in &stream {
            for change in model.apply(event, 0) {
                if let Change::Contact { id, status } = change {
                    seen.push((id, status));
                }
            }
        }
        assert_eq!(
            seen,
            vec![
                ("1000".to_owned(), "NonQualified".to_owned()),
                ("1000".to_owned(), "Unreachable".to_owned())
            ]
        );
        let contact = model.extensions()["1000"].contact.clone().unwrap();
        assert_eq!(contact.address, "127.0.0.1:34808");
    }

    fn event(pairs: &[(&str, &str)]) -> Message {
        Message::from_pairs(pairs)
    }

    fn endpoint(id: &str, auths: &str, outbound: &str, state: &str) -> Message {
        event(&[
            ("Event", "EndpointList"),
            ("ObjectName", id),
            ("Auths", auths),
            ("OutboundAuths", outbound),
            ("DeviceState", state),
        ])
    }

    #[test]
    fn every_phone_endpoint_is_an_extension_registered_or_not() {
        let mut model = LiveModel::default();
        model.apply(&endpoint("1000", "1000", "", "Unavailable"), 0);
        model.apply(&endpoint("1001", "1001", "", "Not in use"), 0);
        model.apply(&endpoint("carrier", "", "carrier-auth", "Not in use"), 0);
        let mut ids: Vec<_> = model.extensions().keys().cloned().collect();
        ids.sort();
        assert_eq!(ids, ["1000", "1001"], "the trunk is not a phone");
        assert_eq!(model.extensions()["1000"].device, DeviceState::Unavailable);

        // A trunk's static contact is not an extension's registration.
        let trunk_contact = model.apply(
            &event(&[
                ("Event", "ContactList"),
                ("Endpoint", "carrier"),
                ("Status", "Reachable"),
            ]),
            0,
        );
        assert!(trunk_contact.is_empty());

        let ringing = model.apply(
            &event(&[
                ("Event", "DeviceStateChange"),
                ("Device", "PJSIP/1001"),
                ("State", "RINGING"),
            ]),
            0,
        );
        assert_eq!(
            ringing,
            vec![Change::Extension(LiveExtension {
                id: "1001".into(),
                device: DeviceState::Ringing,
                contact: None
            })]
        );
        // Devices that are not our extensions are ignored.
        let other = model.apply(
            &event(&[
                ("Event", "DeviceStateChange"),
                ("Device", "Local/7000@switchboard-t1"),
                ("State", "INUSE"),
            ]),
            0,
        );
        assert!(other.is_empty());
    }

    #[test]
    fn a_configuration_refresh_keeps_contacts_and_drops_deleted_extensions() {
        let mut model = LiveModel::default();
        model.apply(&endpoint("1000", "1000", "", "Not in use"), 0);
        model.apply(&endpoint("1001", "1001", "", "Unavailable"), 0);
        model.apply(
            &event(&[
                ("Event", "ContactStatus"),
                ("AOR", "1000"),
                ("ContactStatus", "Reachable"),
                ("URI", "sip:1000@127.0.0.1:5071"),
            ]),
            0,
        );
        model.replace_configuration(
            &[
                endpoint("1000", "1000", "", "Not in use"),
                endpoint("1002", "1002", "", "Unavailable"),
            ],
            &[],
            0,
        );
        let mut ids: Vec<_> = model.extensions().keys().cloned().collect();
        ids.sort();
        assert_eq!(ids, ["1000", "1002"]);
        assert!(model.extensions()["1000"].registered());
        assert!(!model.extensions()["1002"].registered());
    }

    #[test]
    fn registry_events_find_their_trunk_by_client_uri() {
        let mut model = LiveModel::default();
        model.apply(
            &event(&[
                ("Event", "OutboundRegistrationDetail"),
                ("ObjectName", "loopback"),
                ("ClientUri", "sip:1003@127.0.0.1:5060"),
                ("Status", "Unregistered"),
            ]),
            0,
        );
        let changes = model.apply(
            &event(&[
                ("Event", "Registry"),
                ("ChannelType", "PJSIP"),
                ("Username", "sip:1003@127.0.0.1:5060"),
                ("Domain", "sip:127.0.0.1:5060"),
                ("Status", "Registered"),
            ]),
            0,
        );
        assert_eq!(
            changes,
            vec![Change::Trunk {
                id: "loopback".into(),
                status: "Registered".into()
            }]
        );
        assert_eq!(model.trunks()["loopback"], "Registered");
    }

    #[test]
    fn contact_addresses() {
        assert_eq!(
            contact_address("sip:1000@127.0.0.1:5071;ob"),
            "127.0.0.1:5071"
        );
    }
}
