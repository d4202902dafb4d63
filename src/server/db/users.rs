//! Users. SUPER_ADMIN rows have no tenant and are invisible to tenant scopes.

use crate::server::db::Pool;

use super::{Flag, is_unique_violation, now, one_row};
use crate::error::{AppError, Problem};
use crate::model::{Me, Page, Role, User, page_bounds};
use crate::server::scope::{Scope, SignedIn, TenantScope};

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    tenant_id: Option<i64>,
    tenant_name: Option<String>,
    email: String,
    display_name: String,
    role: String,
    #[sqlx(try_from = "Flag")]
    enabled: bool,
    #[sqlx(try_from = "Flag")]
    two_factor: bool,
    created_at: i64,
}

impl UserRow {
    fn into_user(self) -> Result<User, AppError> {
        Ok(User {
            id: self.id,
            tenant_id: self.tenant_id,
            tenant_name: self.tenant_name,
            email: self.email,
            display_name: self.display_name,
            role: parse_role(&self.role)?,
            enabled: self.enabled,
            two_factor: self.two_factor,
            created_at: self.created_at,
        })
    }
}

fn parse_role(value: &str) -> Result<Role, AppError> {
    Role::parse(value)
        .ok_or_else(|| crate::server::errors::internal(format!("unknown role {value:?} in users")))
}

const SELECT_USER: &str = "SELECT u.id, u.tenant_id, t.name AS tenant_name, u.email, u.display_name, \
     u.role, u.enabled, u.totp_secret_sealed IS NOT NULL AS two_factor, u.created_at FROM users u LEFT JOIN tenants t ON t.id = u.tenant_id";

pub async fn count(pool: &Pool) -> Result<i64, sqlx::Error> {
    count_in(pool).await
}

pub async fn count_in<'e>(
    executor: impl crate::server::db::Executes<'e>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(executor)
        .await
}

/// The user as the session middleware needs it, or `None` when the user or
/// its tenant is gone or disabled.
/// The user of a session opened in `session_epoch`: none once the user is
/// disabled, deleted, or has changed password since (which moves the epoch).
pub async fn load_identity(
    pool: &Pool,
    user_id: i64,
    session_epoch: i64,
) -> Result<Option<SignedIn>, AppError> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "{SELECT_USER} WHERE u.id = $1 AND u.session_epoch = $2 AND u.enabled = TRUE \
         AND (u.tenant_id IS NULL OR t.enabled = TRUE)"
    ))
    .bind(user_id)
    .bind(session_epoch)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let user = row.into_user()?;
    let tenant = match user.tenant_id {
        Some(id) if user.role != Role::SuperAdmin => TenantScope::One(id),
        _ => TenantScope::All,
    };
    Ok(Some(SignedIn {
        scope: Scope {
            user_id: user.id,
            role: user.role,
            tenant,
        },
        me: Me {
            user_id: user.id,
            email: user.email,
            display_name: user.display_name,
            role: user.role,
            tenant_id: user.tenant_id,
            tenant_name: user.tenant_name,
        },
    }))
}

/// What sign-in needs: id, hash, and whether the account may sign in.
pub struct Credentials {
    pub user_id: i64,
    pub password_hash: String,
    pub active: bool,
}

pub async fn credentials_by_email(
    pool: &Pool,
    email: &str,
) -> Result<Option<Credentials>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        password_hash: String,
        #[sqlx(try_from = "Flag")]
        enabled: bool,
        tenant_id: Option<i64>,
        tenant_enabled: Option<Flag>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT u.id, u.password_hash, u.enabled, u.tenant_id, t.enabled AS tenant_enabled \
         FROM users u LEFT JOIN tenants t ON t.id = u.tenant_id WHERE u.email = $1 COLLATE NOCASE",
    )
    .bind(email)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| Credentials {
        user_id: row.id,
        password_hash: row.password_hash,
        active: row.enabled && (row.tenant_id.is_none() || row.tenant_enabled == Some(Flag(true))),
    }))
}

pub async fn password_hash(pool: &Pool, user_id: i64) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await?,
    )
}

/// Sets the password and moves the user's session epoch on, which ends
/// every session opened before; returns the new epoch (for the session that
/// made the change, which stays).
pub async fn set_password(pool: &Pool, user_id: i64, hash: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1 \
         WHERE id = $2 RETURNING session_epoch",
    )
    .bind(hash)
    .bind(user_id)
    .fetch_one(pool)
    .await?)
}

/// The user's email (the account name an authenticator app shows).
pub async fn email(pool: &Pool, user_id: i64) -> Result<String, AppError> {
    sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// The epoch a new session of this user starts in.
pub async fn session_epoch(pool: &Pool, user_id: i64) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT session_epoch FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(pool)
            .await?,
    )
}

/// One page of the users the scope may see: super admins first, then by
/// tenant and email.
pub async fn list(pool: &Pool, scope: &Scope, page: Option<u32>) -> Result<Page<User>, AppError> {
    let (page, limit, offset) = page_bounds(page);
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE ($1 IS NULL OR tenant_id = $1)")
            .bind(scope.tenant_filter())
            .fetch_one(pool)
            .await?;
    let rows: Vec<UserRow> = sqlx::query_as(&format!(
        "{SELECT_USER} WHERE ($1 IS NULL OR u.tenant_id = $1) \
         ORDER BY t.name IS NOT NULL, t.name, u.email LIMIT $2 OFFSET $3"
    ))
    .bind(scope.tenant_filter())
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(UserRow::into_user)
            .collect::<Result<_, _>>()?,
        total: total as u64,
        page,
        per_page: limit as u32,
    })
}

pub async fn get<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    id: i64,
) -> Result<User, AppError> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "{SELECT_USER} WHERE u.id = $1 AND ($2 IS NULL OR u.tenant_id = $2)"
    ))
    .bind(id)
    .bind(scope.tenant_filter())
    .fetch_optional(db)
    .await?;
    row.ok_or(AppError::NotFound)?.into_user()
}

pub struct NewUser<'a> {
    pub tenant_id: Option<i64>,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
}

/// Inserts a user; a taken email is a field error on `email`.
pub async fn insert<'e>(
    executor: impl crate::server::db::Executes<'e>,
    user: NewUser<'_>,
) -> Result<i64, AppError> {
    let result = sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (tenant_id, email, display_name, password_hash, role, enabled, created_at) \
         VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id",
    )
    .bind(user.tenant_id)
    .bind(user.email)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(now())
    .fetch_one(executor)
    .await;
    match result {
        Ok(id) => Ok(id),
        Err(error) if is_unique_violation(&error) => Err(AppError::field(
            "email",
            Problem::EmailInUse {
                email: user.email.to_owned(),
            },
        )),
        Err(error) => Err(error.into()),
    }
}

/// Changes name, role and enabled flag of a user inside the scope.
pub async fn update<'e>(
    db: impl crate::server::db::Executes<'e>,
    scope: &Scope,
    id: i64,
    display_name: &str,
    role: Role,
    enabled: bool,
) -> Result<(), AppError> {
    one_row(
        sqlx::query(
            "UPDATE users SET display_name = $1, role = $2, enabled = $3 \
         WHERE id = $4 AND ($5 IS NULL OR tenant_id = $5)",
        )
        .bind(display_name)
        .bind(role.as_str())
        .bind(enabled)
        .bind(id)
        .bind(scope.tenant_filter())
        .execute(db)
        .await?,
    )
}
