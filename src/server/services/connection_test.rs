//! "Test connection": AMI, ARI, the Realtime database and the call history
//! database, each checked on its own, concurrently, each within a few
//! seconds, each failure named precisely enough for an admin to act on.

use crate::model::{CheckOutcome, CheckProblem, ConnectionTestReport};
use crate::server::asterisk::PbxTarget;
use crate::server::asterisk::ami::{AmiError, AmiSession};
use crate::server::realtime;
use crate::server::realtime::network::Purpose;
use crate::server::targets::socket_address;

pub async fn test_connection(target: &PbxTarget) -> ConnectionTestReport {
    let connection = &target.connection;
    let ca = Some(connection.db_ca_pem.as_str()).filter(|pem| !pem.is_empty());
    let secret =
        |s: &Option<crate::server::crypto::Secret>| s.as_ref().map(|s| s.expose().to_owned());
    let (realtime_password, cdr_password) = (
        secret(&target.realtime_db_password),
        secret(&target.cdr_db_password),
    );
    let cdr = async {
        if connection.cdr_db_url.is_empty() {
            return None;
        }
        Some(
            realtime::check(
                &connection.cdr_db_url,
                &target.policy,
                cdr_password.as_deref(),
                ca,
                Purpose::CallHistory,
            )
            .await,
        )
    };
    let (ami, ari, realtime, cdr) = tokio::join!(
        check_ami(target),
        check_ari(target),
        realtime::check(
            &connection.realtime_db_url,
            &target.policy,
            realtime_password.as_deref(),
            ca,
            Purpose::Realtime,
        ),
        cdr
    );
    ConnectionTestReport {
        ami: outcome(ami),
        ari: outcome(ari),
        realtime: outcome(realtime),
        cdr: cdr.map(outcome),
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
