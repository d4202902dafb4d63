//! PBX connections. Secrets are sealed with the row's id and tenant as
//! associated data, so the row must exist before its secrets are sealed:
//! insert, seal, update, all in one transaction.

use std::sync::Arc;

use crate::server::db::Pool;

use super::claims::{self, ClaimKind};
use super::{Flag, is_unique_violation, now, one_row};
use crate::error::{AppError, Problem};
use crate::model::{AriScheme, PbxConnection, PbxConnectionForm};
use crate::server::asterisk::PbxTarget;
use crate::server::crypto::{Keyring, Secret, SecretSlot};
use crate::server::scope::Scope;
use crate::server::targets::{Ownership, TargetPolicy};
use sqlx::Row as _;

const TABLE: &str = "pbx_connections";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    tenant_id: i64,
    tenant_name: String,
    name: String,
    host: String,
    ami_port: i64,
    ami_username: String,
    ami_secret_sealed: Option<Vec<u8>>,
    ari_scheme: String,
    ari_port: i64,
    ari_username: String,
    ari_password_sealed: Option<Vec<u8>>,
    #[sqlx(try_from = "Flag")]
    ari_trust_cert: bool,
    realtime_db_url: String,
    realtime_db_password_sealed: Option<Vec<u8>>,
    cdr_db_url: String,
    cdr_db_password_sealed: Option<Vec<u8>>,
    db_ca_pem: String,
    sync_interval_minutes: i64,
    number_range_start: i64,
    number_range_end: i64,
    saved_by: Option<String>,
    updated_at: i64,
    version: i64,
}

const SELECT: &str = "SELECT p.id, p.tenant_id, t.name AS tenant_name, p.name, p.host, p.ami_port, \
     p.ami_username, p.ami_secret_sealed, p.ari_scheme, p.ari_port, p.ari_username, \
     p.ari_password_sealed, p.ari_trust_cert, p.realtime_db_url, p.realtime_db_password_sealed, \
     p.cdr_db_url, p.cdr_db_password_sealed, p.db_ca_pem, p.sync_interval_minutes, \
     p.number_range_start, p.number_range_end, \
     u.display_name AS saved_by, p.updated_at, p.version \
     FROM pbx_connections p JOIN tenants t ON t.id = p.tenant_id \
     LEFT JOIN users u ON u.id = p.saved_by";

impl Row {
    fn public(&self) -> PbxConnection {
        PbxConnection {
            id: self.id,
            tenant_id: self.tenant_id,
            tenant_name: self.tenant_name.clone(),
            name: self.name.clone(),
            host: self.host.clone(),
            ami_port: self.ami_port.clamp(0, u16::MAX as i64) as u16,
            ami_username: self.ami_username.clone(),
            ami_secret_set: self.ami_secret_sealed.is_some(),
            ari_scheme: AriScheme::parse(&self.ari_scheme).unwrap_or_default(),
            ari_port: self.ari_port.clamp(0, u16::MAX as i64) as u16,
            ari_username: self.ari_username.clone(),
            ari_password_set: self.ari_password_sealed.is_some(),
            ari_trust_cert: self.ari_trust_cert,
            realtime_db_url: self.realtime_db_url.clone(),
            realtime_db_password_set: self.realtime_db_password_sealed.is_some(),
            cdr_db_url: self.cdr_db_url.clone(),
            cdr_db_password_set: self.cdr_db_password_sealed.is_some(),
            db_ca_pem: self.db_ca_pem.clone(),
            sync_interval_minutes: self.sync_interval_minutes.clamp(1, 10_000) as u32,
            range_start: self.number_range_start.clamp(0, u32::MAX as i64) as u32,
            range_end: self.number_range_end.clamp(0, u32::MAX as i64) as u32,
            saved_by: self.saved_by.clone(),
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    fn slot(&self, field: &'static str) -> SecretSlot<'static> {
        SecretSlot {
            table: TABLE,
            row_id: self.id,
            tenant_id: self.tenant_id,
            field,
        }
    }
}

pub async fn list(pool: &Pool, scope: &Scope) -> Result<Vec<PbxConnection>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE ($1 IS NULL OR p.tenant_id = $1) ORDER BY t.name, p.name"
    ))
    .bind(scope.tenant_filter())
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(Row::public).collect())
}

async fn row<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    id: i64,
) -> Result<Row, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE p.id = $1 AND ($2 IS NULL OR p.tenant_id = $2)"
    ))
    .bind(id)
    .bind(scope.tenant_filter())
    .fetch_optional(db)
    .await?;
    row.ok_or(AppError::NotFound)
}

pub async fn get<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    id: i64,
) -> Result<PbxConnection, AppError> {
    Ok(row(db, scope, id).await?.public())
}

/// The connection with its secrets opened; callers go through
/// `services::connections::target`, which supplies the server's policy.
pub async fn target(
    pool: &Pool,
    scope: &Scope,
    keyring: &Keyring,
    policy: Arc<TargetPolicy>,
    ownership: impl FnOnce(&PbxConnection) -> Ownership,
    id: i64,
) -> Result<PbxTarget, AppError> {
    let row = row(pool, scope, id).await?;
    let open =
        |sealed: &Option<Vec<u8>>, field: &'static str| -> Result<Option<Secret>, AppError> {
            sealed
                .as_deref()
                .map(|bytes| {
                    keyring.open(bytes, row.slot(field)).map_err(|error| {
                        crate::server::errors::internal(format!(
                            "pbx connection {} {field}: {error}",
                            row.id
                        ))
                    })
                })
                .transpose()
        };
    Ok(PbxTarget {
        ami_secret: open(&row.ami_secret_sealed, "ami_secret")?,
        ari_password: open(&row.ari_password_sealed, "ari_password")?,
        realtime_db_password: open(&row.realtime_db_password_sealed, "realtime_db_password")?,
        cdr_db_password: open(&row.cdr_db_password_sealed, "cdr_db_password")?,
        ownership: ownership(&row.public()),
        connection: row.public(),
        policy,
    })
}

/// One database password of a connection the caller already holds (it came
/// through the caller's scope), opened for one connect.
pub async fn database_password(
    pool: &Pool,
    keyring: &Keyring,
    connection: &PbxConnection,
    which: DatabasePassword,
) -> Result<Option<Secret>, AppError> {
    let (column, field) = match which {
        DatabasePassword::Realtime => ("realtime_db_password_sealed", "realtime_db_password"),
        DatabasePassword::CallHistory => ("cdr_db_password_sealed", "cdr_db_password"),
    };
    let sealed: Option<Option<Vec<u8>>> = sqlx::query_scalar(&format!(
        "SELECT {column} FROM pbx_connections WHERE id = $1 AND tenant_id = $2"
    ))
    .bind(connection.id)
    .bind(connection.tenant_id)
    .fetch_optional(pool)
    .await?;
    let slot = SecretSlot {
        table: TABLE,
        row_id: connection.id,
        tenant_id: connection.tenant_id,
        field,
    };
    sealed
        .flatten()
        .map(|bytes| {
            keyring.open(&bytes, slot).map_err(|error| {
                crate::server::errors::internal(format!(
                    "pbx connection {} {field}: {error}",
                    connection.id
                ))
            })
        })
        .transpose()
}

/// The columns a save writes, in the order `bind_editable` binds them.
const EDITABLE_COLUMNS: &str = "name, host, ami_port, ami_username, ari_scheme, ari_port, \
     ari_username, ari_trust_cert, realtime_db_url, cdr_db_url, db_ca_pem, sync_interval_minutes, \
     number_range_start, number_range_end, saved_by, updated_at";

type PortalQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

fn bind_editable<'q>(
    query: PortalQuery<'q>,
    form: &'q PbxConnectionForm,
    user_id: i64,
) -> PortalQuery<'q> {
    query
        .bind(&form.name)
        .bind(&form.host)
        .bind(form.ami_port as i64)
        .bind(&form.ami_username)
        .bind(form.ari_scheme.as_str())
        .bind(form.ari_port as i64)
        .bind(&form.ari_username)
        .bind(form.ari_trust_cert)
        .bind(&form.realtime_db_url)
        .bind(&form.cdr_db_url)
        .bind(&form.db_ca_pem)
        .bind(form.sync_interval_minutes as i64)
        .bind(form.range_start as i64)
        .bind(form.range_end as i64)
        .bind(user_id)
        .bind(now())
}

/// What a connection points at (see `claims`), written with it.
pub struct Claim {
    pub kind: ClaimKind,
    /// The form field a refusal is shown next to.
    pub field: &'static str,
    pub values: Vec<String>,
}

/// Creates or updates (when `form.id` is set, only if `form.version` is still
/// current). Empty secrets keep the saved ones. The connection's claims are
/// replaced by `claims` (and those of `forget` dropped) in the caller's
/// transaction, which must hold the write lock (`BEGIN IMMEDIATE`) so two
/// tenants saving the same PBX at once cannot both win. Returns the
/// connection's id.
pub async fn save_in(
    tx: &mut crate::server::db::Connection,
    scope: &Scope,
    keyring: &Keyring,
    tenant_id: i64,
    form: &PbxConnectionForm,
    claims: &[Claim],
    forget: &[ClaimKind],
) -> Result<i64, AppError> {
    let id = match form.id {
        None => {
            let inserted: i64 = bind_editable(
                sqlx::query(&format!(
                    "INSERT INTO pbx_connections ({EDITABLE_COLUMNS}, tenant_id, version) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1) RETURNING id"
                )),
                form,
                scope.user_id,
            )
            .bind(tenant_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(|error| name_conflict(error, &form.name))?
            .try_get(0)?;
            inserted
        }
        Some(id) => {
            let assignments = EDITABLE_COLUMNS
                .split(", ")
                .enumerate()
                .map(|(i, column)| format!("{column} = ${}", i + 1))
                .collect::<Vec<_>>()
                .join(", ");
            let next = EDITABLE_COLUMNS.split(", ").count();
            let updated = bind_editable(
                sqlx::query(&format!(
                    "UPDATE pbx_connections SET {assignments}, version = version + 1 \
                     WHERE id = ${} AND tenant_id = ${} AND version = ${}",
                    next + 1,
                    next + 2,
                    next + 3
                )),
                form,
                scope.user_id,
            )
            .bind(id)
            .bind(tenant_id)
            .bind(form.version.unwrap_or(-1))
            .execute(&mut *tx)
            .await
            .map_err(|error| name_conflict(error, &form.name))?;
            if updated.rows_affected() == 0 {
                return Err(AppError::Stale);
            }
            id
        }
    };
    for (field, column, value) in [
        ("ami_secret", "ami_secret_sealed", &form.ami_secret),
        ("ari_password", "ari_password_sealed", &form.ari_password),
        (
            "realtime_db_password",
            "realtime_db_password_sealed",
            &form.realtime_db_password,
        ),
        (
            "cdr_db_password",
            "cdr_db_password_sealed",
            &form.cdr_db_password,
        ),
    ] {
        if value.is_empty() {
            continue;
        }
        let slot = SecretSlot {
            table: TABLE,
            row_id: id,
            tenant_id,
            field,
        };
        sqlx::query(&format!(
            "UPDATE pbx_connections SET {column} = $1 WHERE id = $2"
        ))
        .bind(keyring.seal(value.expose(), slot))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    for claim in claims {
        if !claims::replace(tx, id, tenant_id, claim.kind, &claim.values).await? {
            return Err(AppError::field(claim.field, Problem::PbxOfAnotherTenant));
        }
    }
    for kind in forget {
        claims::forget(tx, id, *kind).await?;
    }
    Ok(id)
}

/// Drops a saved database password (its URL moved to a SQLite file, or was
/// emptied): nothing is kept that no target uses.
pub async fn forget_password(
    tx: &mut crate::server::db::Connection,
    id: i64,
    field: DatabasePassword,
) -> Result<(), AppError> {
    let column = match field {
        DatabasePassword::Realtime => "realtime_db_password_sealed",
        DatabasePassword::CallHistory => "cdr_db_password_sealed",
    };
    sqlx::query(&format!(
        "UPDATE pbx_connections SET {column} = NULL WHERE id = $1"
    ))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabasePassword {
    Realtime,
    CallHistory,
}

/// `save_in` in a transaction of its own, unaudited: for seeding (tests,
/// benchmarks). The app saves through `services::connections::save`.
pub async fn save(
    pool: &Pool,
    scope: &Scope,
    keyring: &Keyring,
    tenant_id: i64,
    form: &PbxConnectionForm,
    claims: &[Claim],
    forget: &[ClaimKind],
) -> Result<i64, AppError> {
    let mut tx = crate::server::db::write(pool).await?;
    let id = save_in(&mut tx, scope, keyring, tenant_id, form, claims, forget).await?;
    tx.commit().await?;
    Ok(id)
}

fn name_conflict(error: sqlx::Error, name: &str) -> AppError {
    if is_unique_violation(&error) {
        AppError::field(
            "name",
            Problem::NameInUse {
                name: name.to_owned(),
            },
        )
    } else {
        error.into()
    }
}

pub async fn delete<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    id: i64,
) -> Result<(), AppError> {
    one_row(
        sqlx::query("DELETE FROM pbx_connections WHERE id = $1 AND ($2 IS NULL OR tenant_id = $2)")
            .bind(id)
            .bind(scope.tenant_filter())
            .execute(db)
            .await?,
    )
}
