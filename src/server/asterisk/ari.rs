//! The few ARI calls recordings need: list the stored recordings, read one
//! (streamed, never held whole), delete one. Everything ARI answers is
//! untrusted: names and formats are checked before they go anywhere.

use std::io::ErrorKind;
use std::time::Duration;

use crate::model::{AriScheme, CheckProblem};
use crate::server::asterisk::PbxTarget;
use crate::server::targets::{Ownership, socket_address, tls_problem};

/// Longest recording name accepted from ARI.
const MAX_NAME: usize = 255;
/// A stalled download gives up after this long without a byte.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// A recording as ARI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StoredRecording {
    pub name: String,
    pub format: String,
}

impl StoredRecording {
    /// Checks what ARI sent: a name is a relative path of printable
    /// characters with no `..` and no empty segment; a format is a short
    /// lower-case word (`wav`, `gsm`, `sln16`).
    pub fn checked(name: &str, format: &str) -> Option<StoredRecording> {
        let name_ok = !name.is_empty()
            && name.len() <= MAX_NAME
            && !name.chars().any(|c| c.is_control() || c == '\\')
            && name
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        let format_ok = (1..=16).contains(&format.len())
            && format
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        (name_ok && format_ok).then(|| StoredRecording {
            name: name.to_owned(),
            format: format.to_owned(),
        })
    }
}

#[derive(serde::Deserialize)]
struct Listed {
    name: String,
    format: String,
}

pub struct Ari {
    client: reqwest::Client,
    base: reqwest::Url,
    username: String,
    password: crate::server::crypto::Secret,
    address: String,
    scheme: AriScheme,
    ownership: Ownership,
}

impl Ari {
    /// A client for the connection's ARI that has checked, with
    /// `asterisk/info`, that the credentials work and that this Asterisk is
    /// not another tenant's.
    pub async fn open(target: &PbxTarget) -> Result<Ari, CheckProblem> {
        let ari = Ari::new(target).await?;
        ari.info().await?;
        Ok(ari)
    }

    /// A client that connects only to the addresses the server's policy
    /// allowed for the host, whatever the name resolves to later.
    pub async fn new(target: &PbxTarget) -> Result<Ari, CheckProblem> {
        let connection = &target.connection;
        let password = target
            .ari_password
            .as_ref()
            .ok_or(CheckProblem::MissingSecret)?;
        let address = socket_address(&connection.host, connection.ari_port);
        let base = reqwest::Url::parse(&format!(
            "{}://{address}/ari/",
            connection.ari_scheme.as_str()
        ))
        .map_err(|_| CheckProblem::HostNotFound {
            host: connection.host.clone(),
        })?;
        let addresses = target
            .policy
            .resolve(&connection.host, connection.ari_port)
            .await?;
        let client = reqwest::Client::builder()
            .resolve_to_addrs(&connection.host, &addresses)
            .connect_timeout(CHECK_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .danger_accept_invalid_certs(
                connection.ari_scheme == AriScheme::Https && connection.ari_trust_cert,
            )
            .build()
            .map_err(|error| CheckProblem::Unreachable {
                address: address.clone(),
                reason: error.to_string(),
            })?;
        Ok(Ari {
            client,
            base,
            username: connection.ari_username.clone(),
            password: crate::server::crypto::Secret::new(password.expose().to_owned()),
            address,
            scheme: connection.ari_scheme,
            ownership: target.ownership.clone(),
        })
    }

    /// `/ari/<segments>`, each segment encoded as one (a recording name's
    /// `/` included).
    fn url(&self, segments: &[&str]) -> reqwest::Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// The PBX's version from `asterisk/info`: proof that this is ARI and
    /// that the credentials work ("Test connection"). Within seconds.
    pub async fn info(&self) -> Result<String, CheckProblem> {
        let request = self
            .client
            .get(self.url(&["asterisk", "info"]))
            .timeout(CHECK_TIMEOUT);
        let response = match self.send(request).await {
            Err(CheckProblem::HttpStatus { status: 404 }) => return Err(CheckProblem::NotAri),
            other => other?,
        };
        let info: serde_json::Value = response.json().await.map_err(|_| CheckProblem::NotAri)?;
        let version = info
            .pointer("/system/version")
            .and_then(|v| v.as_str())
            .ok_or(CheckProblem::NotAri)?;
        let entity = info
            .pointer("/system/entity_id")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        self.ownership.check(entity).await?;
        // The version comes from the PBX: keep it short and printable.
        let version: String = version
            .chars()
            .filter(|c| !c.is_control())
            .take(80)
            .collect();
        Ok(format!("Asterisk {version}"))
    }

    async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, CheckProblem> {
        let response = request
            .basic_auth(&self.username, Some(self.password.expose()))
            .send()
            .await
            .map_err(|error| http_problem(&error, &self.address, self.scheme))?;
        match response.status().as_u16() {
            200..=299 => Ok(response),
            401 | 403 => Err(CheckProblem::AuthenticationFailed {
                username: self.username.clone(),
            }),
            status => Err(CheckProblem::HttpStatus { status }),
        }
    }

    /// Every stored recording; entries with an unacceptable name or format
    /// are skipped (and counted by the caller as not found).
    pub async fn list(&self) -> Result<Vec<StoredRecording>, CheckProblem> {
        let request = self
            .client
            .get(self.url(&["recordings", "stored"]))
            .timeout(CHECK_TIMEOUT * 4);
        let response = self.send(request).await?;
        let listed: Vec<Listed> = response.json().await.map_err(|_| CheckProblem::NotAri)?;
        Ok(listed
            .iter()
            .filter_map(|l| StoredRecording::checked(&l.name, &l.format))
            .collect())
    }

    /// The recording's bytes as a response to read chunk by chunk, and
    /// its length when ARI says it. 404 means the PBX no longer has it.
    pub async fn file(&self, name: &str) -> Result<(reqwest::Response, Option<u64>), CheckProblem> {
        let response = self
            .send(
                self.client
                    .get(self.url(&["recordings", "stored", name, "file"])),
            )
            .await?;
        let length = response.content_length();
        Ok((response, length))
    }

    pub async fn delete(&self, name: &str) -> Result<(), CheckProblem> {
        match self
            .send(
                self.client
                    .delete(self.url(&["recordings", "stored", name]))
                    .timeout(CHECK_TIMEOUT),
            )
            .await
        {
            Ok(_) => Ok(()),
            // Already gone on the PBX: what we wanted.
            Err(CheckProblem::HttpStatus { status: 404 }) => Ok(()),
            Err(problem) => Err(problem),
        }
    }
}

/// How long one check (a connect, a request) may take.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(4);

/// An HTTP failure named as "Test connection" names it.
pub fn http_problem(error: &reqwest::Error, address: &str, scheme: AriScheme) -> CheckProblem {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_formats_from_ari_are_checked() {
        assert!(StoredRecording::checked("1796119615.1", "wav").is_some());
        assert!(StoredRecording::checked("2026/12/01/out-200-100", "gsm").is_some());
        for name in [
            "",
            "../etc/passwd",
            "a/../b",
            "a//b",
            "/abs",
            "a\nb",
            "a\\b",
        ] {
            assert!(StoredRecording::checked(name, "wav").is_none(), "{name:?}");
        }
        for format in ["", "WAV", "wav;rm", "w a v", "abcdefghijklmnopq"] {
            assert!(
                StoredRecording::checked("x", format).is_none(),
                "{format:?}"
            );
        }
        assert!(StoredRecording::checked(&"x".repeat(256), "wav").is_none());
    }
}
