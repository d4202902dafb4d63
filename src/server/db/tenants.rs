//! Tenants. A tenant scope sees only its own row.

use crate::server::db::Pool;

use super::{Flag, is_unique_violation, now, one_row};
use crate::error::{AppError, Problem};
use crate::model::{Page, Tenant, page_bounds};
use crate::server::scope::Scope;

#[derive(sqlx::FromRow)]
struct TenantRow {
    id: i64,
    name: String,
    #[sqlx(try_from = "Flag")]
    enabled: bool,
    time_zone: String,
    recording_retention_days: Option<i64>,
    #[sqlx(try_from = "Flag")]
    require_two_factor: bool,
    created_at: i64,
}

impl From<TenantRow> for Tenant {
    fn from(row: TenantRow) -> Tenant {
        Tenant {
            id: row.id,
            name: row.name,
            enabled: row.enabled,
            time_zone: row.time_zone,
            recording_retention_days: row
                .recording_retention_days
                .map(|d| d.clamp(1, i64::from(crate::model::MAX_RETENTION_DAYS)) as u32),
            require_two_factor: row.require_two_factor,
            created_at: row.created_at,
        }
    }
}

pub async fn list(pool: &Pool, scope: &Scope) -> Result<Vec<Tenant>, AppError> {
    let rows: Vec<TenantRow> = sqlx::query_as(
        "SELECT id, name, enabled, time_zone, recording_retention_days, require_two_factor, created_at FROM tenants WHERE ($1 IS NULL OR id = $1) ORDER BY name",
    )
    .bind(scope.tenant_filter())
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Tenant::from).collect())
}

/// One page of the tenants the scope may see, by name.
pub async fn page(pool: &Pool, scope: &Scope, page: Option<u32>) -> Result<Page<Tenant>, AppError> {
    let (page, limit, offset) = page_bounds(page);
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM tenants WHERE ($1 IS NULL OR id = $1)")
            .bind(scope.tenant_filter())
            .fetch_one(pool)
            .await?;
    let rows: Vec<TenantRow> = sqlx::query_as(
        "SELECT id, name, enabled, time_zone, recording_retention_days, require_two_factor, created_at FROM tenants WHERE ($1 IS NULL OR id = $1) \
         ORDER BY name LIMIT $2 OFFSET $3",
    )
    .bind(scope.tenant_filter())
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    Ok(Page {
        items: rows.into_iter().map(Tenant::from).collect(),
        total: total as u64,
        page,
        per_page: limit as u32,
    })
}

pub async fn get<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    id: i64,
) -> Result<Tenant, AppError> {
    let row: Option<TenantRow> = sqlx::query_as(
        "SELECT id, name, enabled, time_zone, recording_retention_days, require_two_factor, created_at FROM tenants WHERE id = $1 AND ($2 IS NULL OR id = $2)",
    )
    .bind(id)
    .bind(scope.tenant_filter())
    .fetch_optional(db)
    .await?;
    row.map(Tenant::from).ok_or(AppError::NotFound)
}

fn name_taken(name: &str) -> AppError {
    AppError::field(
        "name",
        Problem::NameInUse {
            name: name.to_owned(),
        },
    )
}

pub async fn create<'e>(
    db: impl crate::server::db::Executes<'e>,
    name: &str,
) -> Result<Tenant, AppError> {
    let created_at = now();
    let result = sqlx::query_scalar::<_, i64>(
        "INSERT INTO tenants (name, enabled, created_at) VALUES ($1, TRUE, $2) RETURNING id",
    )
    .bind(name)
    .bind(created_at)
    .fetch_one(db)
    .await;
    match result {
        Ok(id) => Ok(Tenant {
            id,
            name: name.to_owned(),
            enabled: true,
            time_zone: crate::model::DEFAULT_TIME_ZONE.to_owned(),
            recording_retention_days: None,
            require_two_factor: false,
            created_at,
        }),
        Err(error) if is_unique_violation(&error) => Err(name_taken(name)),
        Err(error) => Err(error.into()),
    }
}

pub async fn rename<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    id: i64,
    name: &str,
) -> Result<(), AppError> {
    let result =
        sqlx::query("UPDATE tenants SET name = $1 WHERE id = $2 AND ($3 IS NULL OR id = $3)")
            .bind(name)
            .bind(id)
            .bind(scope.tenant_filter())
            .execute(db)
            .await;
    match result {
        Ok(done) => one_row(done),
        Err(error) if is_unique_violation(&error) => Err(name_taken(name)),
        Err(error) => Err(error.into()),
    }
}

pub async fn set_enabled<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    id: i64,
    enabled: bool,
) -> Result<(), AppError> {
    one_row(
        sqlx::query("UPDATE tenants SET enabled = $1 WHERE id = $2 AND ($3 IS NULL OR id = $3)")
            .bind(enabled)
            .bind(id)
            .bind(scope.tenant_filter())
            .execute(db)
            .await?,
    )
}

/// `time_zone` is a checked IANA name (`server::time_zone::check`).
pub async fn set_time_zone<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    id: i64,
    time_zone: &str,
) -> Result<(), AppError> {
    one_row(
        sqlx::query("UPDATE tenants SET time_zone = $1 WHERE id = $2 AND ($3 IS NULL OR id = $3)")
            .bind(time_zone)
            .bind(id)
            .bind(scope.tenant_filter())
            .execute(db)
            .await?,
    )
}

/// Whether the tenant's users must sign in with a second factor.
pub async fn set_require_two_factor<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    id: i64,
    required: bool,
) -> Result<(), AppError> {
    one_row(
        sqlx::query(
            "UPDATE tenants SET require_two_factor = $1 WHERE id = $2 AND ($3 IS NULL OR id = $3)",
        )
        .bind(required)
        .bind(id)
        .bind(scope.tenant_filter())
        .execute(db)
        .await?,
    )
}
