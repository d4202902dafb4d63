use serde::{Deserialize, Serialize};

use super::Timestamp;
use crate::i18n::T;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    /// A secret was shown to the actor.
    Reveal,
    Hangup,
    Transfer,
    Originate,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Reveal => "reveal",
            AuditAction::Hangup => "hangup",
            AuditAction::Transfer => "transfer",
            AuditAction::Originate => "originate",
        }
    }

    pub fn parse(value: &str) -> Option<AuditAction> {
        [
            AuditAction::Create,
            AuditAction::Update,
            AuditAction::Delete,
            AuditAction::Reveal,
            AuditAction::Hangup,
            AuditAction::Transfer,
            AuditAction::Originate,
        ]
        .into_iter()
        .find(|a| a.as_str() == value)
    }

    pub fn label(self) -> T {
        match self {
            AuditAction::Create => T::Created,
            AuditAction::Update => T::Updated,
            AuditAction::Delete => T::Deleted,
            AuditAction::Reveal => T::Revealed,
            AuditAction::Hangup => T::HungUp,
            AuditAction::Transfer => T::Transferred,
            AuditAction::Originate => T::Originated,
        }
    }
}

/// The kinds of object the audit log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditObject {
    Tenant,
    User,
    PbxConnection,
    Extension,
    Trunk,
    Queue,
    Call,
    Recording,
}

impl AuditObject {
    pub const ALL: [AuditObject; 8] = [
        AuditObject::Tenant,
        AuditObject::User,
        AuditObject::PbxConnection,
        AuditObject::Extension,
        AuditObject::Trunk,
        AuditObject::Queue,
        AuditObject::Call,
        AuditObject::Recording,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditObject::Tenant => "tenant",
            AuditObject::User => "user",
            AuditObject::PbxConnection => "pbx_connection",
            AuditObject::Extension => "extension",
            AuditObject::Trunk => "trunk",
            AuditObject::Queue => "queue",
            AuditObject::Call => "call",
            AuditObject::Recording => "recording",
        }
    }

    pub fn parse(value: &str) -> Option<AuditObject> {
        AuditObject::ALL.into_iter().find(|o| o.as_str() == value)
    }

    pub fn label(self) -> T {
        match self {
            AuditObject::Tenant => T::Tenant,
            AuditObject::User => T::User,
            AuditObject::PbxConnection => T::PbxConnection,
            AuditObject::Extension => T::Extension,
            AuditObject::Trunk => T::Trunk,
            AuditObject::Queue => T::Queue,
            AuditObject::Call => T::Call,
            AuditObject::Recording => T::Recording,
        }
    }
}

/// One audit entry as the Audit page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: i64,
    pub at: Timestamp,
    pub tenant_name: Option<String>,
    /// The PBX connection the change was made on, if any (and still there).
    pub pbx_name: Option<String>,
    pub user_email: String,
    pub action: AuditAction,
    pub object: AuditObject,
    pub object_id: String,
    pub object_label: String,
    /// JSON of the object before and after; `None` when it did not exist.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Filters of the Audit page, kept in its URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    pub object: Option<AuditObject>,
    /// Only changes made on this PBX connection.
    pub pbx: Option<i64>,
    pub page: Option<u32>,
}
