//! The portal's own database. Every function that touches tenant data takes
//! the caller's `Scope` and filters by it in SQL.

pub mod audit;
pub mod cdr_summaries;
pub mod claims;
pub mod extension_profiles;
pub mod pbx;
pub mod recordings;
pub mod setup;
pub mod sign_in;
pub mod tenants;
pub mod two_factor;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{Any, AnyPoolOptions, AnyTypeInfo, AnyTypeInfoKind, AnyValueRef};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, Executor};

use crate::error::AppError;

/// The portal's database: SQLite (the embedded default) or PostgreSQL.
///
/// sqlx's `Any` driver rather than a layer of our own (as the PBX side has
/// in `realtime::backend`): the portal's schema is ours, so it is written in
/// the types every `Any` driver carries (integers, text, bytes, booleans),
/// and the statements in the SQL both servers accept (`$n` parameters,
/// which SQLite takes too; `ON CONFLICT`; `RETURNING`). What differs is
/// kept to `migrations/portal` (SQLite) and `migrations/portal-postgres`,
/// the write lock (`write`) and `Flag`.
pub type Pool = sqlx::AnyPool;
/// A connection or transaction of the portal database.
pub type Connection = sqlx::AnyConnection;
pub type Transaction = sqlx::Transaction<'static, Any>;
pub use sqlx::any::AnyExecutor as Executes;

pub static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/portal");
pub static POSTGRES_MIGRATOR: sqlx::migrate::Migrator =
    sqlx::migrate!("./migrations/portal-postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    Sqlite,
    Postgres,
}

impl Server {
    pub fn of_url(url: &str) -> Option<Server> {
        let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
        match scheme {
            "sqlite" => Some(Server::Sqlite),
            "postgres" | "postgresql" => Some(Server::Postgres),
            _ => None,
        }
    }

    pub fn of(pool: &Pool) -> Server {
        Server::of_url(pool.connect_options().database_url.as_str()).unwrap_or(Server::Sqlite)
    }
}

/// Opens the portal database (a SQLite file is created, private, in WAL
/// mode) and applies pending migrations.
pub async fn open(url: &str) -> Result<Pool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    match Server::of_url(url) {
        Some(Server::Sqlite) => open_sqlite(url).await,
        Some(Server::Postgres) => {
            let pool = AnyPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .idle_timeout(Duration::from_secs(300))
                .connect(url)
                .await?;
            POSTGRES_MIGRATOR.run(&pool).await?;
            Ok(pool)
        }
        // Not the URL itself: it may carry a password.
        None => Err(sqlx::Error::Configuration(
            "SWITCHBOARD_DATABASE_URL must start with sqlite:// or postgres://".into(),
        )),
    }
}

async fn open_sqlite(url: &str) -> Result<Pool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?;
    let file = options.get_filename().to_path_buf();
    // sqlx names `sqlite::memory:` databases `file:sqlx-in-memory-N`.
    let memory = file.to_string_lossy().starts_with("file:sqlx-in-memory");
    if !memory {
        // Only the server's user may read it (sealed secrets, audit,
        // password hashes). SQLite gives the -wal and -shm files the
        // database file's permissions, so creating it 0600 first is enough.
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(&file)?;
        for path in [
            file.clone(),
            wal_file(&file, "-wal"),
            wal_file(&file, "-shm"),
        ] {
            if path.exists() {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
            }
        }
        // The journal mode is the file's: set once, every later
        // connection finds it.
        let first = options
            .clone()
            .journal_mode(SqliteJournalMode::Wal)
            .connect()
            .await?;
        sqlx::Connection::close(first).await?;
    }
    // `Any` opens each connection from the URL again; what the URL cannot
    // say is set on each. (sqlx's SQLite already enables foreign keys and
    // waits 5 s on a busy database.)
    let pool = AnyPoolOptions::new()
        // An in-memory database is one connection's: one connection.
        .max_connections(if memory { 1 } else { 8 })
        .idle_timeout(if memory {
            None
        } else {
            Some(Duration::from_secs(600))
        })
        .max_lifetime(if memory {
            None
        } else {
            Some(Duration::from_secs(1800))
        })
        .after_connect(|connection, _| {
            Box::pin(async move {
                connection
                    .execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
                    .await?;
                Ok(())
            })
        })
        .connect(url)
        .await?;
    SQLITE_MIGRATOR.run(&pool).await?;
    Ok(pool)
}

fn wal_file(file: &std::path::Path, suffix: &str) -> std::path::PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// A transaction that holds the portal's write lock from its first
/// statement, for a read-then-write that must see no other writer between
/// (throttling counts, claims, the last super admin). SQLite: `BEGIN
/// IMMEDIATE`. PostgreSQL: a transaction-scoped advisory lock, one for the
/// whole portal, so the guarantees are SQLite's on both (portal writes are
/// few and short: a sign-in attempt holds it ~1 ms).
pub async fn write(pool: &Pool) -> Result<Transaction, sqlx::Error> {
    match Server::of(pool) {
        Server::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Server::Postgres => {
            let mut tx = pool.begin().await?;
            // In FROM: the function returns `void`, a type `Any` cannot carry.
            sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
                .bind(PORTAL_WRITE_LOCK)
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }
    }
}

/// The advisory lock key of `write` ("sw" "bd" in ASCII: any constant
/// no other application on the database is likely to pick).
const PORTAL_WRITE_LOCK: i64 = 0x7377_6264;

/// A yes/no column: BOOLEAN on PostgreSQL, INTEGER 0/1 on SQLite. `Any`
/// decodes `bool` only from the former; this reads both. Writes bind a
/// plain `bool`, which `Any` turns into each server's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl sqlx::Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <bool as sqlx::Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        ty.kind() == AnyTypeInfoKind::Bool || ty.kind().is_integer()
    }
}

impl<'r> sqlx::Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Flag, sqlx::error::BoxDynError> {
        use sqlx::ValueRef;
        if value.type_info().kind() == AnyTypeInfoKind::Bool {
            <bool as sqlx::Decode<Any>>::decode(value).map(Flag)
        } else {
            <i64 as sqlx::Decode<Any>>::decode(value).map(|n| Flag(n != 0))
        }
    }
}

pub use crate::server::time_zone::now;

/// A write aimed at one row inside the scope: no row touched means it is not
/// there for this caller.
pub fn one_row(done: sqlx::any::AnyQueryResult) -> Result<(), AppError> {
    if done.rows_affected() == 0 {
        Err(AppError::NotFound)
    } else {
        Ok(())
    }
}

/// True when `error` is a UNIQUE constraint violation.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A migration added for one server and forgotten for the other would
    /// leave the two schemas apart: both directories hold the same
    /// versions, under the same names.
    #[test]
    fn both_servers_have_every_migration() {
        let versions = |migrator: &sqlx::migrate::Migrator| {
            migrator
                .iter()
                .map(|m| (m.version, m.description.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(versions(&SQLITE_MIGRATOR), versions(&POSTGRES_MIGRATOR));
    }

    #[test]
    fn the_server_is_read_from_the_url_scheme() {
        assert_eq!(Server::of_url("sqlite:///tmp/a.db"), Some(Server::Sqlite));
        assert_eq!(
            Server::of_url("postgres://u:p@127.0.0.1/portal"),
            Some(Server::Postgres)
        );
        assert_eq!(
            Server::of_url("postgresql://127.0.0.1/p"),
            Some(Server::Postgres)
        );
        assert_eq!(Server::of_url("mysql://127.0.0.1/p"), None);
    }
}
