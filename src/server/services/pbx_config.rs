//! PBX configuration on Realtime tables: what a change means across the
//! PBX's database, the portal's database, AMI and the audit log (one
//! `Change` holds both transactions). The extensions, trunks, queues and
//! import services build on it.

use rand::Rng;
use rand::distributions::Alphanumeric;

use crate::error::AppError;
use crate::model::{AuditAction, AuditObject, CheckProblem, PbxConnection};
use crate::server::asterisk::ami::{AmiError, AmiSession};
use crate::server::db;
use crate::server::realtime::RealtimeDb;
use crate::server::scope::{Scope, SignedIn};
use crate::server::state::AppState;
use crate::server::targets::socket_address;

/// A PBX connection in the caller's scope, with its Realtime database.
pub struct Pbx {
    pub connection: PbxConnection,
    pub realtime: RealtimeDb,
}

impl Pbx {
    /// The connection must be visible to `scope` (404 otherwise).
    pub async fn open(state: &AppState, scope: &Scope, id: i64) -> Result<Pbx, AppError> {
        let connection = db::pbx::get(&state.db, scope, id).await?;
        let realtime = crate::server::services::connections::realtime(state, &connection).await?;
        Ok(Pbx {
            connection,
            realtime,
        })
    }

    pub fn range(&self) -> (u32, u32) {
        (self.connection.range_start, self.connection.range_end)
    }

    /// Logs in to the PBX's AMI with the connection's sealed secret.
    pub async fn ami(&self, state: &AppState, scope: &Scope) -> Result<AmiSession, AmiError> {
        let target = crate::server::services::connections::target(state, scope, self.connection.id)
            .await
            .map_err(|_| AmiError::Protocol("connection unavailable".into()))?;
        AmiSession::open(&target).await
    }

    /// An AMI failure on this PBX, as "Test connection" would name it.
    pub fn ami_problem(&self, error: AmiError) -> CheckProblem {
        match error {
            AmiError::Connect(problem) => problem,
            AmiError::Protocol(reason) => CheckProblem::Unreachable {
                address: socket_address(&self.connection.host, self.connection.ami_port),
                reason,
            },
            AmiError::UnsafeValue => CheckProblem::MissingSecret,
        }
    }
}

/// A fresh SIP secret: 24 characters from [A-Za-z0-9], ~142 bits, an
/// alphabet every SIP client and provisioning format accepts unquoted.
pub fn generate_secret() -> String {
    rand::rngs::OsRng
        .sample_iter(&Alphanumeric)
        .take(24)
        .map(char::from)
        .collect()
}

/// One configuration change in flight: the PBX's Realtime transaction
/// (holding its write lock from the start, so what it reads cannot change
/// before it writes) and the portal's (emails, audit). Dropped, both roll
/// back. Committed, Realtime goes first: should the portal commit then fail,
/// the PBX has the change and the log says so (an internal error with its
/// reference); the reverse would record a change Asterisk never saw.
pub struct Change {
    pub realtime: crate::server::realtime::backend::WriteTx,
    pub portal: crate::server::db::Transaction,
    /// Told after the commit: the live panel re-reads this PBX's extensions
    /// and queues (Asterisk sends no event for a realtime row).
    hub: std::sync::Arc<crate::server::asterisk::hub::Hub>,
    pbx_connection_id: i64,
}

impl Change {
    pub async fn begin(state: &AppState, pbx: &Pbx) -> Result<Change, AppError> {
        let realtime = pbx.realtime.write().await?;
        let portal = state.db.begin().await?;
        Ok(Change {
            realtime,
            portal,
            hub: state.hub.clone(),
            pbx_connection_id: pbx.connection.id,
        })
    }

    /// Records the change in the audit log, in the portal transaction.
    pub async fn record<T: serde::Serialize>(
        &mut self,
        actor: &SignedIn,
        pbx: &Pbx,
        entry: ConfigChange<'_, T>,
    ) -> Result<(), AppError> {
        audit(&mut self.portal, actor, pbx, entry).await
    }

    pub async fn commit(self) -> Result<(), AppError> {
        self.realtime.commit().await?;
        self.hub.refresh(self.pbx_connection_id);
        self.portal.commit().await.map_err(|error| {
            crate::server::errors::internal(format_args!(
                "realtime change committed, portal commit failed: {error}"
            ))
        })
    }
}

/// One audit entry about a Realtime object.
pub struct ConfigChange<'a, T: serde::Serialize> {
    pub object: AuditObject,
    pub action: AuditAction,
    pub key: &'a str,
    pub before: Option<&'a T>,
    pub after: Option<&'a T>,
}

impl<'a, T: serde::Serialize> ConfigChange<'a, T> {
    /// A create (nothing before) or an update.
    pub fn saved(object: AuditObject, key: &'a str, before: Option<&'a T>, after: &'a T) -> Self {
        let action = if before.is_some() {
            AuditAction::Update
        } else {
            AuditAction::Create
        };
        ConfigChange {
            object,
            action,
            key,
            before,
            after: Some(after),
        }
    }

    pub fn deleted(object: AuditObject, key: &'a str, before: &'a T) -> Self {
        ConfigChange {
            object,
            action: AuditAction::Delete,
            key,
            before: Some(before),
            after: None,
        }
    }
}

pub async fn audit<T: serde::Serialize>(
    tx: &mut crate::server::db::Connection,
    actor: &SignedIn,
    pbx: &Pbx,
    change: ConfigChange<'_, T>,
) -> Result<(), AppError> {
    super::audit::record(
        tx,
        actor,
        super::audit::Entry {
            object: change.object,
            action: change.action,
            tenant_id: Some(pbx.connection.tenant_id),
            pbx_connection_id: Some(pbx.connection.id),
            key: change.key.to_owned(),
            label: change.key,
            before: change.before,
            after: change.after,
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets_are_long_distinct_and_alphanumeric() {
        let a = generate_secret();
        let b = generate_secret();
        assert_eq!(a.len(), 24);
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
