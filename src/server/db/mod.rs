//! The portal's own database. Every function that touches tenant data takes
//! the caller's `Scope` and filters by it in SQL.

pub mod audit;
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

use sqlx::SqlitePool;

use crate::error::AppError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/portal");

/// Opens (creating if needed) the portal database in WAL mode and applies
/// pending migrations.
pub async fn open(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?;
    // Only the server's user may read it (sealed secrets, audit, password
    // hashes). SQLite gives the -wal and -shm files the database file's
    // permissions, so creating it 0600 first is enough.
    let file = options.get_filename();
    if file != std::path::Path::new(":memory:") {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(file)?;
        for path in [
            file.to_path_buf(),
            wal_file(file, "-wal"),
            wal_file(file, "-shm"),
        ] {
            if path.exists() {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

fn wal_file(file: &std::path::Path, suffix: &str) -> std::path::PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

pub use crate::server::time_zone::now;

/// A write aimed at one row inside the scope: no row touched means it is not
/// there for this caller.
pub fn one_row(done: sqlx::sqlite::SqliteQueryResult) -> Result<(), AppError> {
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
