//! "Test connection": AMI, ARI and the Realtime database, each checked on
//! its own, concurrently, each within a few seconds, each failure named
//! precisely enough for an admin to act on.

use crate::model::{CheckOutcome, CheckProblem, ConnectionTestReport};
use crate::server::asterisk::PbxTarget;
use crate::server::asterisk::ami::{AmiError, AmiSession};
use crate::server::realtime;
use crate::server::targets::socket_address;

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
