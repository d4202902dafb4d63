//! A short AMI session: connect, log in, send actions, read their replies
//! (including event lists), log off. Enough for configuration work (reloads,
//! `PJSIPShowContacts`, `QueueStatus`); the long-lived client with events and
//! reconnects comes with the live panel.
//!
//! Our own code rather than a crate: the Rust AMI crates found (e.g.
//! `asterisk-manager`) neither bound what a PBX may send nor report failures
//! as the precise, secret-free problems "Test connection" shows.

use std::io::ErrorKind;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::model::CheckProblem;
use crate::server::db::pbx::PbxTarget;

/// How long one step (connect, login, one action) may take.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(4);
/// Everything a PBX sends is untrusted: bound lines, messages and lists.
const MAX_LINE: usize = 4096;
const MAX_MESSAGE_LINES: usize = 512;
const MAX_LIST_EVENTS: usize = 100_000;

/// One AMI message: `Key: value` headers in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message(pub Vec<(String, String)>);

impl Message {
    /// The first header of that name (AMI names are case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// A header as shown to people: printable, at most `max` characters.
    pub fn text(&self, name: &str, max: usize) -> String {
        self.get(name)
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .take(max)
            .collect()
    }

    fn is_success(&self) -> bool {
        self.get("Response")
            .is_some_and(|r| r.eq_ignore_ascii_case("Success"))
    }
}

/// An action's reply: the response, and the events of its list if any.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    pub response: Message,
    pub events: Vec<Message>,
}

impl Reply {
    pub fn is_success(&self) -> bool {
        self.response.is_success()
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
    reader: BufReader<TcpStream>,
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
        let stream =
            tokio::time::timeout(STEP_TIMEOUT, connect(&connection.host, connection.ami_port))
                .await
                .map_err(|_| timed_out())?
                .map_err(AmiError::Connect)?;
        let mut reader = BufReader::new(stream);
        let not_ami = || {
            AmiError::Connect(CheckProblem::NotAmi {
                address: address.clone(),
            })
        };
        let banner = tokio::time::timeout(STEP_TIMEOUT, read_line(&mut reader))
            .await
            .map_err(|_| timed_out())?
            .map_err(|_| not_ami())?;
        let version = banner
            .strip_prefix("Asterisk Call Manager/")
            .ok_or_else(not_ami)?
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(40)
            .collect();
        let mut session = AmiSession {
            reader,
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
        Ok(session)
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
        let mut frame = String::new();
        for (key, value) in [("Action", name), ("ActionID", id.as_str())]
            .iter()
            .chain(headers)
        {
            // A CR or LF would end the header and smuggle another one in.
            if key.chars().chain(value.chars()).any(char::is_control) {
                return Err(AmiError::UnsafeValue);
            }
            frame.push_str(key);
            frame.push_str(": ");
            frame.push_str(value);
            frame.push_str("\r\n");
        }
        frame.push_str("\r\n");
        let address = self.address.clone();
        tokio::time::timeout(STEP_TIMEOUT, async {
            self.reader
                .get_mut()
                .write_all(frame.as_bytes())
                .await
                .map_err(|e| AmiError::Protocol(e.to_string()))?;
            let mut reply = Reply::default();
            // Events of other actions (none with Events: off) and unsolicited
            // ones are skipped: only our ActionID counts.
            loop {
                let message = read_message(&mut self.reader)
                    .await
                    .map_err(|e| AmiError::Protocol(e.to_string()))?;
                if message.get("ActionID") != Some(id.as_str()) {
                    continue;
                }
                if message.get("Response").is_some() {
                    let listing = message
                        .get("EventList")
                        .is_some_and(|v| v.eq_ignore_ascii_case("start"));
                    reply.response = message;
                    if !listing {
                        return Ok(reply);
                    }
                } else if message
                    .get("EventList")
                    .is_some_and(|v| v.eq_ignore_ascii_case("Complete"))
                {
                    return Ok(reply);
                } else if message.get("Event").is_some() {
                    if reply.events.len() >= MAX_LIST_EVENTS {
                        return Err(AmiError::Protocol("list too long".into()));
                    }
                    reply.events.push(message);
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

/// `host:port`, with brackets for IPv6 literals.
pub fn socket_address(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

pub async fn connect(host: &str, port: u16) -> Result<TcpStream, CheckProblem> {
    let address = socket_address(host, port);
    let mut addresses =
        tokio::net::lookup_host((host, port))
            .await
            .map_err(|_| CheckProblem::HostNotFound {
                host: host.to_owned(),
            })?;
    let first = addresses.next().ok_or_else(|| CheckProblem::HostNotFound {
        host: host.to_owned(),
    })?;
    TcpStream::connect(first)
        .await
        .map_err(|error| io_problem(error, &address))
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

/// One CRLF- or LF-terminated line, at most `MAX_LINE` bytes, lossily UTF-8.
async fn read_line<R: AsyncBufReadExt + Unpin>(reader: &mut R) -> std::io::Result<String> {
    let mut buf = Vec::new();
    let read = reader
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', &mut buf)
        .await?;
    if read == 0 {
        return Err(ErrorKind::UnexpectedEof.into());
    }
    if buf.len() > MAX_LINE {
        return Err(ErrorKind::InvalidData.into());
    }
    Ok(String::from_utf8_lossy(&buf)
        .trim_end_matches(['\r', '\n'])
        .to_owned())
}

/// One AMI message: `Key: value` lines up to an empty line. Empty frames
/// (stray blank lines) are skipped.
async fn read_message<R: AsyncBufReadExt + Unpin>(reader: &mut R) -> std::io::Result<Message> {
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader).await?;
        if line.is_empty() {
            if headers.is_empty() {
                continue;
            }
            return Ok(Message(headers));
        }
        if headers.len() >= MAX_MESSAGE_LINES {
            return Err(ErrorKind::InvalidData.into());
        }
        if let Some((key, value)) = line.split_once(':') {
            headers.push((key.trim().to_owned(), value.trim().to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reader_bounds_lines_and_skips_empty_frames() {
        let input: &[u8] = b"\r\n\r\nResponse: Success\r\nMessage: ok\r\n\r\n";
        let mut reader = BufReader::new(input);
        let message = read_message(&mut reader).await.unwrap();
        assert_eq!(message.get("response"), Some("Success"));

        let long = vec![b'a'; MAX_LINE + 10];
        let mut reader = BufReader::new(&long[..]);
        assert_eq!(
            read_line(&mut reader).await.unwrap_err().kind(),
            ErrorKind::InvalidData
        );
    }

    #[test]
    fn ipv6_addresses_get_brackets() {
        assert_eq!(socket_address("::1", 5038), "[::1]:5038");
        assert_eq!(socket_address("127.0.0.1", 5038), "127.0.0.1:5038");
    }

    #[test]
    fn shown_text_is_printable_and_bounded() {
        let message = Message(vec![("UserAgent".into(), "x\u{7}y".repeat(100))]);
        let text = message.text("useragent", 10);
        assert_eq!(text.chars().count(), 10);
        assert!(!text.contains('\u{7}'));
    }
}
