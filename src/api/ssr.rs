//! How server functions reach the request's identity and the app state.

use axum::Extension;
use leptos::prelude::use_context;
use tower_sessions::Session;

use serde::Serialize;

use crate::error::AppError;
use crate::model::{AuditAction, AuditObject, PbxConnection, Tenant, User};
use crate::server::db;
use crate::server::errors::internal;
use crate::server::http::client_addr::ClientAddr;
use crate::server::http::identity::Identity;
use crate::server::scope::SignedIn;
use crate::server::state::AppState;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("AppState missing from context"))
}

pub async fn identity() -> Result<Identity, AppError> {
    leptos_axum::extract::<Extension<Identity>>()
        .await
        .map(|Extension(identity)| identity)
        .map_err(|e| internal(format_args!("identity: {e}")))
}

/// The signed-in caller, or `Unauthenticated`.
pub async fn signed_in() -> Result<SignedIn, AppError> {
    identity().await?.0.ok_or(AppError::Unauthenticated)
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|e| internal(format_args!("session: {e:?}")))
}

pub async fn client_addr() -> String {
    leptos_axum::extract::<Extension<ClientAddr>>()
        .await
        .map(|Extension(ClientAddr(addr))| addr)
        .unwrap_or_else(|_| "unknown".into())
}

/// Records a change in the audit log. `before` and `after` are public model
/// types, so no secret can reach the log.
pub struct Audited<'a, T> {
    pub object: AuditObject,
    pub action: AuditAction,
    pub tenant_id: Option<i64>,
    pub pbx_connection_id: Option<i64>,
    pub id: String,
    pub label: &'a str,
    pub before: Option<&'a T>,
    pub after: Option<&'a T>,
}

pub async fn audit<T: Serialize>(actor: &SignedIn, entry: Audited<'_, T>) -> Result<(), AppError> {
    let snapshot = |value: Option<&T>| value.and_then(|v| serde_json::to_value(v).ok());
    db::audit::record(
        &state()?.db,
        actor,
        db::audit::Change {
            tenant_id: entry.tenant_id,
            pbx_connection_id: entry.pbx_connection_id,
            action: entry.action,
            object: entry.object,
            object_id: entry.id,
            object_label: entry.label,
            before: snapshot(entry.before),
            after: snapshot(entry.after),
        },
    )
    .await
}

/// Changes one tenant: found inside the caller's scope first (outside it,
/// 404 whatever the role), then `allowed` (403), then `change` (which
/// checks its input), then audited with the tenant before and after.
pub async fn change_tenant(
    actor: &SignedIn,
    id: i64,
    allowed: fn(&crate::server::scope::Scope) -> Result<(), AppError>,
    change: impl AsyncFnOnce(&sqlx::SqlitePool, &crate::server::scope::Scope) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let state = state()?;
    let before = db::tenants::get(&state.db, &actor.scope, id).await?;
    allowed(&actor.scope)?;
    change(&state.db, &actor.scope).await?;
    let after = db::tenants::get(&state.db, &actor.scope, id).await?;
    audit_tenant(actor, AuditAction::Update, Some(&before), &after).await
}

pub async fn audit_tenant(
    actor: &SignedIn,
    action: AuditAction,
    before: Option<&Tenant>,
    after: &Tenant,
) -> Result<(), AppError> {
    audit(
        actor,
        Audited {
            object: AuditObject::Tenant,
            action,
            tenant_id: Some(after.id),
            pbx_connection_id: None,
            id: after.id.to_string(),
            label: &after.name,
            before,
            after: Some(after),
        },
    )
    .await
}

pub async fn audit_user(
    actor: &SignedIn,
    action: AuditAction,
    before: Option<&User>,
    after: &User,
) -> Result<(), AppError> {
    audit(
        actor,
        Audited {
            object: AuditObject::User,
            action,
            tenant_id: after.tenant_id,
            pbx_connection_id: None,
            id: after.id.to_string(),
            label: &after.email,
            before,
            after: Some(after),
        },
    )
    .await
}

pub async fn audit_pbx(
    actor: &SignedIn,
    action: AuditAction,
    before: Option<&PbxConnection>,
    after: Option<&PbxConnection>,
) -> Result<(), AppError> {
    let Some(subject) = after.or(before) else {
        return Ok(());
    };
    audit(
        actor,
        Audited {
            object: AuditObject::PbxConnection,
            action,
            tenant_id: Some(subject.tenant_id),
            pbx_connection_id: Some(subject.id),
            id: subject.id.to_string(),
            label: &subject.name,
            before,
            after,
        },
    )
    .await
}
