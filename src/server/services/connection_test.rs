//! "Test connection": AMI, ARI, the Realtime database and the call history
//! database, each checked on its own, concurrently, each within a few
//! seconds, each failure named precisely enough for an admin to act on.

use crate::error::AppError;
use crate::model::{CheckOutcome, CheckProblem, ConnectionTestReport};
use crate::server::asterisk::PbxTarget;
use crate::server::asterisk::ami::{AmiError, AmiSession};
use crate::server::realtime;
use crate::server::realtime::network::Purpose;
use crate::server::scope::Scope;
use crate::server::state::AppState;
use crate::server::targets::socket_address;

/// Tests the saved connection `id`. When its AMI login passes, a live link
/// that is waiting after a refused login (`ami::client::AFTER_REFUSED_LOGIN`)
/// tries again at once: the admin has just fixed what was refused. A
/// failing test does not wake it, which would only be one more refused
/// login for the PBX's fail2ban to count.
pub async fn test(
    state: &AppState,
    scope: &Scope,
    id: i64,
) -> Result<ConnectionTestReport, AppError> {
    let target = super::connections::target(state, scope, id).await?;
    let report = test_connection(&target).await;
    if matches!(report.ami, CheckOutcome::Ok { .. })
        && let Some(client) = state.hub.client(id)
    {
        client.retry_now();
    }
    Ok(report)
}

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
