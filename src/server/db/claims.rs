//! Which tenant a PBX belongs to, by what its connections point at (see
//! migration 0006). Checked when a connection is saved and every time the
//! server talks to a PBX, so a second tenant's connection to the same PBX,
//! however it is spelled, is refused.

use crate::server::db::Connection;
use crate::server::db::Pool;

use super::now;
use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimKind {
    Realtime,
    /// The call history database.
    CallHistory,
    Ami,
    Asterisk,
}

impl ClaimKind {
    fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Realtime => "realtime",
            ClaimKind::CallHistory => "cdr",
            ClaimKind::Ami => "ami",
            ClaimKind::Asterisk => "asterisk",
        }
    }

    /// The kinds a claim of this kind is checked against: a database is one
    /// tenant's whether a connection names it for its Realtime tables or
    /// for its call history (FreePBX-style set-ups keep `cdr` beside the
    /// configuration, `cdr_pgsql` often in the same database).
    fn rivals(self) -> (&'static str, &'static str) {
        match self {
            ClaimKind::Realtime | ClaimKind::CallHistory => ("realtime", "cdr"),
            other => (other.as_str(), other.as_str()),
        }
    }
}

/// `true` when a connection of another tenant holds any of `values`.
async fn taken_by_other(
    tx: &mut Connection,
    tenant_id: i64,
    kind: ClaimKind,
    values: &[String],
) -> Result<bool, AppError> {
    for value in values {
        let (a, b) = kind.rivals();
        let other: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM pbx_claims WHERE kind IN ($1, $2) AND value = $3 AND tenant_id != $4 LIMIT 1",
        )
        .bind(a)
        .bind(b)
        .bind(value)
        .bind(tenant_id)
        .fetch_optional(&mut *tx)
        .await?;
        if other.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Replaces the connection's claims of `kind` by `values`, inside the
/// caller's (write) transaction. `Ok(false)`, changing nothing, when another
/// tenant holds one of them.
pub async fn replace(
    tx: &mut Connection,
    connection_id: i64,
    tenant_id: i64,
    kind: ClaimKind,
    values: &[String],
) -> Result<bool, AppError> {
    if taken_by_other(tx, tenant_id, kind, values).await? {
        return Ok(false);
    }
    sqlx::query("DELETE FROM pbx_claims WHERE connection_id = $1 AND kind = $2")
        .bind(connection_id)
        .bind(kind.as_str())
        .execute(&mut *tx)
        .await?;
    for value in values {
        insert(tx, connection_id, tenant_id, kind, value).await?;
    }
    Ok(true)
}

async fn insert(
    tx: &mut Connection,
    connection_id: i64,
    tenant_id: i64,
    kind: ClaimKind,
    value: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO pbx_claims (connection_id, tenant_id, kind, value, claimed_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(connection_id)
    .bind(tenant_id)
    .bind(kind.as_str())
    .bind(value)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Drops the connection's claims of `kind` (its target changed: they are
/// learned again at the next connect).
pub async fn forget(
    tx: &mut Connection,
    connection_id: i64,
    kind: ClaimKind,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM pbx_claims WHERE connection_id = $1 AND kind = $2")
        .bind(connection_id)
        .bind(kind.as_str())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Makes sure the connection holds `value`: `Ok(false)` when another
/// tenant's connection does. Reads first, so the usual case (already
/// claimed) writes nothing; a first claim takes the write lock, and the
/// check is repeated under it, so two tenants racing cannot both win.
pub async fn ensure(
    pool: &Pool,
    connection_id: i64,
    tenant_id: i64,
    kind: ClaimKind,
    value: &str,
) -> Result<bool, AppError> {
    let (a, b) = kind.rivals();
    let holders: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT connection_id, tenant_id, kind FROM pbx_claims WHERE kind IN ($1, $2) AND value = $3",
    )
    .bind(a)
    .bind(b)
    .bind(value)
    .fetch_all(pool)
    .await?;
    if holders.iter().any(|(_, tenant, _)| *tenant != tenant_id) {
        return Ok(false);
    }
    if holders
        .iter()
        .any(|(connection, _, held)| *connection == connection_id && held == kind.as_str())
    {
        return Ok(true);
    }
    let mut tx = crate::server::db::write(pool).await?;
    let values = [value.to_owned()];
    if taken_by_other(&mut tx, tenant_id, kind, &values).await? {
        return Ok(false);
    }
    insert(&mut tx, connection_id, tenant_id, kind, value).await?;
    tx.commit().await?;
    Ok(true)
}
