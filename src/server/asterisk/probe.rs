//! "Test connection": AMI, ARI and the Realtime database, each checked on
//! its own, concurrently, each within a few seconds, each failure named
//! precisely enough for an admin to act on.

use std::io::ErrorKind;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::model::{AriScheme, CheckOutcome, CheckProblem, ConnectionTestReport};
use crate::server::db::pbx::PbxTarget;
use crate::server::realtime;

pub const CHECK_TIMEOUT: Duration = Duration::from_secs(4);
/// AMI lines and messages from a PBX are untrusted: bound them.
const MAX_LINE: usize = 1024;
const MAX_MESSAGE_LINES: usize = 64;

pub async fn test_connection(target: &PbxTarget) -> ConnectionTestReport {
    let (ami, ari, realtime) = tokio::join!(
        check_ami(target),
        check_ari(target),
        realtime::check(&target.connection.realtime_db_url)
    );
    ConnectionTestReport {
        ami: outcome(ami),
        ari: outcome(ari),
        realtime: outcome(realtime),
    }
}

fn outcome(result: Result<String, CheckProblem>) -> CheckOutcome {
    match result {
        Ok(detail) => CheckOutcome::Ok { detail },
        Err(problem) => CheckOutcome::Failed { problem },
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

async fn check_ami(target: &PbxTarget) -> Result<String, CheckProblem> {
    let connection = &target.connection;
    let address = socket_address(&connection.host, connection.ami_port);
    let secret = target
        .ami_secret
        .as_ref()
        .ok_or(CheckProblem::MissingSecret)?;
    let timeout = |address: &str| CheckProblem::Timeout {
        address: address.to_owned(),
        seconds: CHECK_TIMEOUT.as_secs(),
    };
    tokio::time::timeout(CHECK_TIMEOUT, async {
        let stream = connect(&connection.host, connection.ami_port).await?;
        let mut reader = BufReader::new(stream);
        let banner = read_line(&mut reader)
            .await
            .map_err(|_| CheckProblem::NotAmi {
                address: address.clone(),
            })?;
        let Some(version) = banner.strip_prefix("Asterisk Call Manager/") else {
            return Err(CheckProblem::NotAmi {
                address: address.clone(),
            });
        };
        let version = version.trim().to_owned();
        // Validated when saved; checked again so a line break can never
        // smuggle another AMI header or action into the login.
        if [connection.ami_username.as_str(), secret.expose()]
            .iter()
            .any(|value| value.chars().any(char::is_control))
        {
            return Err(CheckProblem::AuthenticationFailed {
                username: connection.ami_username.clone(),
            });
        }
        let login = format!(
            "Action: Login\r\nActionID: switchboard-probe\r\nUsername: {}\r\nSecret: {}\r\nEvents: off\r\n\r\n",
            connection.ami_username,
            secret.expose()
        );
        reader
            .get_mut()
            .write_all(login.as_bytes())
            .await
            .map_err(|e| io_problem(e, &address))?;
        loop {
            let message = read_message(&mut reader)
                .await
                .map_err(|e| io_problem(e, &address))?;
            let header = |name: &str| {
                message
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.as_str())
            };
            // Skip events and anything not answering our login.
            if header("Event").is_some() || header("Response").is_none() {
                continue;
            }
            let accepted = header("Response").is_some_and(|r| r.eq_ignore_ascii_case("Success"));
            let _ = reader
                .get_mut()
                .write_all(b"Action: Logoff\r\n\r\n")
                .await;
            return if accepted {
                Ok(format!("AMI {version}"))
            } else {
                Err(CheckProblem::AuthenticationFailed {
                    username: connection.ami_username.clone(),
                })
            };
        }
    })
    .await
    .map_err(|_| timeout(&address))?
}

async fn connect(host: &str, port: u16) -> Result<TcpStream, CheckProblem> {
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

fn io_problem(error: std::io::Error, address: &str) -> CheckProblem {
    match error.kind() {
        ErrorKind::ConnectionRefused => CheckProblem::ConnectionRefused {
            address: address.to_owned(),
        },
        ErrorKind::TimedOut => CheckProblem::Timeout {
            address: address.to_owned(),
            seconds: CHECK_TIMEOUT.as_secs(),
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
async fn read_message<R: AsyncBufReadExt + Unpin>(
    reader: &mut R,
) -> std::io::Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader).await?;
        if line.is_empty() {
            if headers.is_empty() {
                continue;
            }
            return Ok(headers);
        }
        if headers.len() >= MAX_MESSAGE_LINES {
            return Err(ErrorKind::InvalidData.into());
        }
        if let Some((key, value)) = line.split_once(':') {
            headers.push((key.trim().to_owned(), value.trim().to_owned()));
        }
    }
}

async fn check_ari(target: &PbxTarget) -> Result<String, CheckProblem> {
    let connection = &target.connection;
    let password = target
        .ari_password
        .as_ref()
        .ok_or(CheckProblem::MissingSecret)?;
    let address = socket_address(&connection.host, connection.ari_port);
    let url = format!(
        "{}://{address}/ari/asterisk/info",
        connection.ari_scheme.as_str()
    );
    let client = reqwest::Client::builder()
        .timeout(CHECK_TIMEOUT)
        .connect_timeout(CHECK_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .danger_accept_invalid_certs(
            connection.ari_scheme == AriScheme::Https && connection.ari_trust_cert,
        )
        .build()
        .map_err(|error| CheckProblem::Unreachable {
            address: address.clone(),
            reason: error.to_string(),
        })?;
    let response = client
        .get(&url)
        .basic_auth(&connection.ari_username, Some(password.expose()))
        .send()
        .await
        .map_err(|error| http_problem(&error, &address, connection.ari_scheme))?;
    match response.status().as_u16() {
        200 => {}
        401 | 403 => {
            return Err(CheckProblem::AuthenticationFailed {
                username: connection.ari_username.clone(),
            });
        }
        404 => return Err(CheckProblem::NotAri),
        status => return Err(CheckProblem::HttpStatus { status }),
    }
    let info: serde_json::Value = response.json().await.map_err(|_| CheckProblem::NotAri)?;
    let version = info
        .pointer("/system/version")
        .and_then(|v| v.as_str())
        .ok_or(CheckProblem::NotAri)?;
    // The version comes from the PBX: keep it short and printable.
    let version: String = version
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect();
    Ok(format!("Asterisk {version}"))
}

fn http_problem(error: &reqwest::Error, address: &str, scheme: AriScheme) -> CheckProblem {
    if error.is_timeout() {
        return CheckProblem::Timeout {
            address: address.to_owned(),
            seconds: CHECK_TIMEOUT.as_secs(),
        };
    }
    // Walk the cause chain for the precise reason. A custom io::Error's
    // `source()` skips the error it wraps, so descend through `get_ref()`.
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return tls_problem(tls);
        }
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            if io.kind() == ErrorKind::ConnectionRefused {
                return CheckProblem::ConnectionRefused {
                    address: address.to_owned(),
                };
            }
            cause = io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static));
            continue;
        }
        cause = current.source();
    }
    if scheme == AriScheme::Https && error.is_connect() {
        return CheckProblem::TlsFailed {
            reason: "handshake failed".into(),
        };
    }
    CheckProblem::Unreachable {
        address: address.to_owned(),
        reason: "no HTTP answer".into(),
    }
}

fn tls_problem(error: &rustls::Error) -> CheckProblem {
    use rustls::CertificateError as C;
    match error {
        rustls::Error::InvalidCertificate(reason) => CheckProblem::TlsNotTrusted {
            reason: match reason {
                C::UnknownIssuer => "issued by an unknown authority".into(),
                C::Expired | C::ExpiredContext { .. } => "expired".into(),
                C::NotValidYet | C::NotValidYetContext { .. } => "not valid yet".into(),
                C::NotValidForName | C::NotValidForNameContext { .. } => {
                    "not valid for this host name".into()
                }
                C::Revoked => "revoked".into(),
                other => format!("{other:?}"),
            },
        },
        other => CheckProblem::TlsFailed {
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn ami_reader_bounds_lines_and_skips_empty_frames() {
        let input: &[u8] = b"\r\n\r\nResponse: Success\r\nMessage: ok\r\n\r\n";
        let mut reader = BufReader::new(input);
        let message = read_message(&mut reader).await.unwrap();
        assert_eq!(message[0], ("Response".into(), "Success".into()));

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
}
