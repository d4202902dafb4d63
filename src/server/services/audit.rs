//! The one way to write the audit log. Every service records its change
//! with `record`, on the connection of the transaction that makes the
//! change, so the entry and the change commit or roll back together (a
//! change with no entry, or an entry for a change that failed, cannot
//! happen). Actions on a PBX that no transaction holds (a hang-up over AMI,
//! a file deleted over ARI) record on their own connection once the PBX has
//! answered.

use serde::Serialize;

use crate::error::AppError;
use crate::model::{
    AuditAction, AuditFilter, AuditObject, AuditRecord, Page, PbxConnection, Tenant, User,
};
use crate::server::db;
use crate::server::db::Connection;
use crate::server::scope::{Scope, SignedIn};
use crate::server::state::AppState;

/// One entry. `before` and `after` are public model types, which hold no
/// secrets, so none can reach the log.
pub struct Entry<'a, T: Serialize> {
    pub object: AuditObject,
    pub action: AuditAction,
    pub tenant_id: Option<i64>,
    pub pbx_connection_id: Option<i64>,
    pub key: String,
    pub label: &'a str,
    pub before: Option<&'a T>,
    pub after: Option<&'a T>,
}

/// A portal object the log knows how to name.
pub trait Subject: Serialize {
    const OBJECT: AuditObject;
    fn tenant_id(&self) -> Option<i64>;
    fn pbx_connection_id(&self) -> Option<i64> {
        None
    }
    fn key(&self) -> String;
    fn label(&self) -> &str;
}

impl<'a, T: Subject> Entry<'a, T> {
    fn about(
        action: AuditAction,
        subject: &'a T,
        before: Option<&'a T>,
        after: Option<&'a T>,
    ) -> Self {
        Entry {
            object: T::OBJECT,
            action,
            tenant_id: subject.tenant_id(),
            pbx_connection_id: subject.pbx_connection_id(),
            key: subject.key(),
            label: subject.label(),
            before,
            after,
        }
    }

    pub fn created(after: &'a T) -> Self {
        Self::about(AuditAction::Create, after, None, Some(after))
    }

    pub fn updated(before: &'a T, after: &'a T) -> Self {
        Self::about(AuditAction::Update, after, Some(before), Some(after))
    }

    pub fn deleted(before: &'a T) -> Self {
        Self::about(AuditAction::Delete, before, Some(before), None)
    }
}

impl Subject for Tenant {
    const OBJECT: AuditObject = AuditObject::Tenant;
    fn tenant_id(&self) -> Option<i64> {
        Some(self.id)
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn label(&self) -> &str {
        &self.name
    }
}

impl Subject for User {
    const OBJECT: AuditObject = AuditObject::User;
    fn tenant_id(&self) -> Option<i64> {
        self.tenant_id
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn label(&self) -> &str {
        &self.email
    }
}

impl Subject for PbxConnection {
    const OBJECT: AuditObject = AuditObject::PbxConnection;
    fn tenant_id(&self) -> Option<i64> {
        Some(self.tenant_id)
    }
    fn pbx_connection_id(&self) -> Option<i64> {
        Some(self.id)
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn label(&self) -> &str {
        &self.name
    }
}

pub async fn record<T: Serialize>(
    conn: &mut Connection,
    actor: &SignedIn,
    entry: Entry<'_, T>,
) -> Result<(), AppError> {
    let snapshot = |value: Option<&T>| value.and_then(|v| serde_json::to_value(v).ok());
    db::audit::record(
        conn,
        actor,
        db::audit::Change {
            tenant_id: entry.tenant_id,
            pbx_connection_id: entry.pbx_connection_id,
            action: entry.action,
            object: entry.object,
            object_id: entry.key,
            object_label: entry.label,
            before: snapshot(entry.before),
            after: snapshot(entry.after),
        },
    )
    .await
}

/// One page of the log, newest first, inside the scope: a tenant reads the
/// entries about its own objects.
pub async fn list(
    state: &AppState,
    scope: &Scope,
    filter: &AuditFilter,
) -> Result<Page<AuditRecord>, AppError> {
    db::audit::list(&state.db, scope, filter).await
}
