//! The audit log: every change made through Switchboard, with the object
//! before and after. Entries are filtered by the reader's scope like any
//! tenant data.

use crate::server::db::Pool;

use super::now;
use crate::error::AppError;
use crate::model::{AuditAction, AuditFilter, AuditObject, AuditRecord, Page, page_bounds};
use crate::server::scope::{Scope, SignedIn};

/// One change to record. `before`/`after` are built from the public model
/// types, which hold no secrets.
pub struct Change<'a> {
    pub tenant_id: Option<i64>,
    pub pbx_connection_id: Option<i64>,
    pub action: AuditAction,
    pub object: AuditObject,
    pub object_id: String,
    pub object_label: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub async fn record<'e>(
    executor: impl crate::server::db::Executes<'e>,
    actor: &SignedIn,
    change: Change<'_>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_log (at, tenant_id, user_id, user_email, pbx_connection_id, action, \
         object_type, object_id, object_label, before_json, after_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(now())
    .bind(change.tenant_id)
    .bind(actor.scope.user_id)
    .bind(&actor.me.email)
    .bind(change.pbx_connection_id)
    .bind(change.action.as_str())
    .bind(change.object.as_str())
    .bind(&change.object_id)
    .bind(change.object_label)
    .bind(change.before.map(|v| v.to_string()))
    .bind(change.after.map(|v| v.to_string()))
    .execute(executor)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: i64,
    tenant_name: Option<String>,
    pbx_name: Option<String>,
    user_email: String,
    action: String,
    object_type: String,
    object_id: String,
    object_label: String,
    before_json: Option<String>,
    after_json: Option<String>,
}

/// Newest first, one page, inside the scope: a tenant sees the entries about
/// its own objects.
pub async fn list(
    pool: &Pool,
    scope: &Scope,
    filter: &AuditFilter,
) -> Result<Page<AuditRecord>, AppError> {
    let (page, limit, offset) = page_bounds(filter.page);
    let object = filter.object.map(AuditObject::as_str);
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE ($1 IS NULL OR tenant_id = $1) \
         AND ($2 IS NULL OR object_type = $2) AND ($3 IS NULL OR pbx_connection_id = $3)",
    )
    .bind(scope.tenant_filter())
    .bind(object)
    .bind(filter.pbx)
    .fetch_one(pool)
    .await?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.at, t.name AS tenant_name, p.name AS pbx_name, a.user_email, a.action, \
         a.object_type, a.object_id, a.object_label, a.before_json, a.after_json \
         FROM audit_log a LEFT JOIN tenants t ON t.id = a.tenant_id \
         LEFT JOIN pbx_connections p ON p.id = a.pbx_connection_id AND p.tenant_id = a.tenant_id \
         WHERE ($1 IS NULL OR a.tenant_id = $1) AND ($2 IS NULL OR a.object_type = $2) \
         AND ($5 IS NULL OR a.pbx_connection_id = $5) \
         ORDER BY a.id DESC LIMIT $3 OFFSET $4",
    )
    .bind(scope.tenant_filter())
    .bind(object)
    .bind(limit)
    .bind(offset)
    .bind(filter.pbx)
    .fetch_all(pool)
    .await?;
    let items = rows
        .into_iter()
        .filter_map(|row| {
            Some(AuditRecord {
                id: row.id,
                at: row.at,
                tenant_name: row.tenant_name,
                pbx_name: row.pbx_name,
                user_email: row.user_email,
                action: AuditAction::parse(&row.action)?,
                object: AuditObject::parse(&row.object_type)?,
                object_id: row.object_id,
                object_label: row.object_label,
                before: row.before_json,
                after: row.after_json,
            })
        })
        .collect();
    Ok(Page {
        items,
        total: total as u64,
        page,
        per_page: limit as u32,
    })
}
