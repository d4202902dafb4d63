//! "Test connection": AMI, ARI and the Realtime database, each checked on
//! its own, concurrently, each within a few seconds, each failure named
//! precisely enough for an admin to act on.

use std::io::ErrorKind;
use std::time::Duration;

use crate::model::{AriScheme, CheckOutcome, CheckProblem, ConnectionTestReport};
use crate::server::asterisk::ami::{AmiError, AmiSession, socket_address};
use crate::server::db::pbx::PbxTarget;
use crate::server::realtime;

pub const CHECK_TIMEOUT: Duration = Duration::from_secs(4);

pub async fn test_connection(target: &PbxTarget) -> ConnectionTestReport {
    let (ami, ari, realtime) = tokio::join!(
        check_ami(target),
        check_ari(target),
        realtime::check(&target.connection.realtime_db_url, &target.policy)
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

async fn check_ami(target: &PbxTarget) -> Result<String, CheckProblem> {
    let session = AmiSession::open(target)
        .await
        .map_err(|error| match error {
            AmiError::Connect(problem) => problem,
            AmiError::Protocol(_) | AmiError::UnsafeValue => CheckProblem::NotAmi {
                address: socket_address(&target.connection.host, target.connection.ami_port),
            },
        })?;
    let version = format!("AMI {}", session.version);
    session.close().await;
    Ok(version)
}

async fn check_ari(target: &PbxTarget) -> Result<String, CheckProblem> {
    crate::server::asterisk::ari::Ari::new(target)
        .await?
        .info()
        .await
}

pub(crate) fn http_problem(
    error: &reqwest::Error,
    address: &str,
    scheme: AriScheme,
) -> CheckProblem {
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
