//! AMI. `codec` is the wire format; `AmiSession` is a short session: connect,
//! log in, send actions, read their replies (event lists included), log
//! off — enough for configuration work (reloads, `PJSIPShowContacts`,
//! `QueueStatus`) and "Test connection". The long-lived client with events
//! and reconnects comes with the live panel.

pub mod client;
pub mod codec;

use std::io::ErrorKind;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_util::codec::Framed;

pub use codec::{Action, AmiCodec, CodecError, Frame, Message};

use crate::model::CheckProblem;
use crate::server::asterisk::PbxTarget;
use crate::server::targets::{TargetPolicy, socket_address};

/// How long one step (connect, login, one action) may take.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(4);
/// A list reply may not grow without end.
const MAX_LIST_EVENTS: usize = 100_000;

/// An action's reply: the response, and the events of its list if any.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    pub response: Message,
    pub events: Vec<Message>,
}

impl Reply {
    pub fn is_success(&self) -> bool {
        self.response.is("Response", "Success")
    }

    /// Takes one message carrying this action's ActionID; `Ok(true)` once
    /// the reply is whole: a plain response, or a list (`EventList: start`)
    /// up to its `EventList: Complete`, which is not kept.
    pub fn absorb(&mut self, message: Message) -> Result<bool, AmiError> {
        if message.get("Response").is_some() {
            let listing = message.is("EventList", "start");
            self.response = message;
            return Ok(!listing);
        }
        if message.is("EventList", "Complete") {
            return Ok(true);
        }
        if message.get("Event").is_some() {
            if self.events.len() >= MAX_LIST_EVENTS {
                return Err(AmiError::Protocol("list too long".into()));
            }
            self.events.push(message);
        }
        Ok(false)
    }
}

/// Why an action could not be carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmiError {
    /// Connecting or logging in failed: the same problems "Test connection"
    /// names.
    Connect(CheckProblem),
    /// The session broke or the PBX answered out of protocol.
    Protocol(String),
    /// A value we were about to send would break the protocol framing.
    UnsafeValue,
}

pub struct AmiSession {
    framed: Framed<TcpStream, AmiCodec>,
    address: String,
    next_id: u64,
    pub version: String,
}

impl AmiSession {
    /// Connects and logs in with events off, each step within `STEP_TIMEOUT`.
    pub async fn open(target: &PbxTarget) -> Result<AmiSession, AmiError> {
        let connection = &target.connection;
        let address = socket_address(&connection.host, connection.ami_port);
        let secret = target
            .ami_secret
            .as_ref()
            .ok_or(AmiError::Connect(CheckProblem::MissingSecret))?;
        let timed_out = || {
            AmiError::Connect(CheckProblem::Timeout {
                address: address.clone(),
                seconds: STEP_TIMEOUT.as_secs(),
            })
        };
        let not_ami = || {
            AmiError::Connect(CheckProblem::NotAmi {
                address: address.clone(),
            })
        };
        let stream = tokio::time::timeout(
            STEP_TIMEOUT,
            connect(&target.policy, &connection.host, connection.ami_port),
        )
        .await
        .map_err(|_| timed_out())?
        .map_err(AmiError::Connect)?;
        let mut framed = Framed::new(stream, AmiCodec::new());
        let banner = tokio::time::timeout(STEP_TIMEOUT, framed.next())
            .await
            .map_err(|_| timed_out())?;
        let Some(Ok(Frame::Banner(Some(version)))) = banner else {
            return Err(not_ami());
        };
        let mut session = AmiSession {
            framed,
            address: address.clone(),
            next_id: 1,
            version,
        };
        let refused = || {
            AmiError::Connect(CheckProblem::AuthenticationFailed {
                username: connection.ami_username.clone(),
            })
        };
        let reply = session
            .action(
                "Login",
                &[
                    ("Username", connection.ami_username.as_str()),
                    ("Secret", secret.expose()),
                    ("Events", "off"),
                ],
            )
            .await
            .map_err(|error| match error {
                // A user name or secret that cannot be framed cannot log in.
                AmiError::UnsafeValue => refused(),
                AmiError::Protocol(_) => not_ami(),
                other => other,
            })?;
        if !reply.is_success() {
            return Err(refused());
        }
        let entity = session.entity_id().await?;
        target
            .ownership
            .check(&entity)
            .await
            .map_err(AmiError::Connect)?;
        Ok(session)
    }

    /// Asterisk's entity id (`ENTITYID`, its own MAC-like identity, the same
    /// whatever address it is reached by); empty when it will not say.
    pub async fn entity_id(&mut self) -> Result<String, AmiError> {
        let reply = self.action("Getvar", &[("Variable", "ENTITYID")]).await?;
        Ok(reply.response.get("Value").unwrap_or_default().to_owned())
    }

    /// Sends one action and reads its reply. A list (`EventList: start`) is
    /// read up to its `EventList: Complete` event, which is not included.
    pub async fn action(
        &mut self,
        name: &str,
        headers: &[(&str, &str)],
    ) -> Result<Reply, AmiError> {
        let id = format!("switchboard-{}", self.next_id);
        self.next_id += 1;
        let action = headers
            .iter()
            .fold(Action::new(name, &id), |action, (k, v)| action.header(k, v));
        let address = self.address.clone();
        tokio::time::timeout(STEP_TIMEOUT, async {
            self.framed
                .send(action)
                .await
                .map_err(|error| match error {
                    CodecError::UnsafeValue => AmiError::UnsafeValue,
                    CodecError::Io(error) => AmiError::Protocol(error.to_string()),
                })?;
            let mut reply = Reply::default();
            // Only our ActionID counts: unsolicited events are skipped.
            loop {
                let message = match self.framed.next().await {
                    Some(Ok(Frame::Message(message))) => message,
                    Some(Ok(Frame::Banner(_))) => continue,
                    Some(Err(error)) => return Err(AmiError::Protocol(error.to_string())),
                    None => return Err(AmiError::Protocol("connection closed".into())),
                };
                if message.get("ActionID") == Some(id.as_str()) && reply.absorb(message)? {
                    return Ok(reply);
                }
            }
        })
        .await
        .map_err(|_| {
            AmiError::Protocol(format!(
                "no complete answer from {address} within {} s",
                STEP_TIMEOUT.as_secs()
            ))
        })?
    }

    /// Logs off politely; errors are irrelevant by then.
    pub async fn close(mut self) {
        let _ = self.action("Logoff", &[]).await;
    }
}

/// Connects to `host:port` if the server's policy allows it, to exactly
/// the addresses the policy checked (the first that answers).
pub async fn connect(
    policy: &TargetPolicy,
    host: &str,
    port: u16,
) -> Result<TcpStream, CheckProblem> {
    let address = socket_address(host, port);
    let mut last = None;
    for candidate in policy.resolve(host, port).await? {
        match TcpStream::connect(candidate).await {
            Ok(stream) => return Ok(stream),
            Err(error) => last = Some(error),
        }
    }
    Err(match last {
        Some(error) => io_problem(error, &address),
        None => CheckProblem::HostNotFound {
            host: host.to_owned(),
        },
    })
}

pub fn io_problem(error: std::io::Error, address: &str) -> CheckProblem {
    match error.kind() {
        ErrorKind::ConnectionRefused => CheckProblem::ConnectionRefused {
            address: address.to_owned(),
        },
        ErrorKind::TimedOut => CheckProblem::Timeout {
            address: address.to_owned(),
            seconds: STEP_TIMEOUT.as_secs(),
        },
        ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset | ErrorKind::InvalidData => {
            CheckProblem::NotAmi {
                address: address.to_owned(),
            }
        }
        _ => CheckProblem::Unreachable {
            address: address.to_owned(),
            reason: error.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_get_brackets() {
        assert_eq!(socket_address("::1", 5038), "[::1]:5038");
        assert_eq!(socket_address("127.0.0.1", 5038), "127.0.0.1:5038");
    }

    #[test]
    fn shown_text_is_printable_and_bounded() {
        let message = Message::from_pairs(&[("UserAgent", &"x\u{7}y".repeat(100))]);
        let text = message.text("useragent", 10);
        assert_eq!(text.chars().count(), 10);
        assert!(!text.contains('\u{7}'));
    }
}
