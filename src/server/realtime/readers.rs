//! Read-only rusqlite connections to one PBX database file, kept between
//! requests: the call history's way in.
//!
//! Why not the sqlx pool the rest of the Realtime code uses: sqlx's SQLite
//! driver runs each connection on its own thread and hands every row across
//! to the async task one at a time. A call-history page that SQLite answers
//! in 0.1 ms took 0.4–0.8 ms that way (docs/figures.md). Here a whole read
//! runs on one blocking thread, with the connection's cached prepared
//! statements, and only its result crosses back.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::OpenFlags;
use rusqlite::config::DbConfig;
use scheduled_thread_pool::ScheduledThreadPool;

use crate::error::AppError;
use crate::server::errors::internal;

/// Connections kept per database file: a page, its count and the three
/// statistics scans of one search can run at once.
const READERS: u32 = 4;

/// How long a read waits for a free connection before it fails.
const WAIT_FOR_CONNECTION: Duration = Duration::from_secs(10);

/// Prepared statements kept per connection (a statement per filter shape).
const STATEMENTS_KEPT: usize = 64;

pub struct Readers {
    path: PathBuf,
    pool: r2d2::Pool<SqliteConnectionManager>,
}

impl Readers {
    /// Connections open on first use, never create the file, and wait up to
    /// 5 s for the PBX's write locks. `maintenance` is the one thread all
    /// pools share to open connections (r2d2 would start three per pool).
    pub fn new(path: &Path, maintenance: Arc<ScheduledThreadPool>) -> Readers {
        let manager = SqliteConnectionManager::file(path)
            .with_flags(OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .with_init(|connection| {
                connection.busy_timeout(Duration::from_secs(5))?;
                // One plan per statement whatever its values: otherwise
                // SQLite plans a statement afresh on every run when a value
                // is a LIKE pattern or (after ANALYZE) compared with an
                // indexed column, which cost 60–250 µs a page here. Which
                // index a sorted page walks is decided by us instead
                // (`cdr::walks_sort_index`).
                connection.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
                connection.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
                Ok(())
            });
        let pool = r2d2::Pool::builder()
            .max_size(READERS)
            .min_idle(Some(0))
            .connection_timeout(WAIT_FOR_CONNECTION)
            // A SQLite connection has no peer that could have gone away.
            .test_on_check_out(false)
            .thread_pool(maintenance)
            .build_unchecked(manager);
        Readers {
            path: path.to_path_buf(),
            pool,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on a kept connection, on a blocking thread.
    pub async fn read<T, F>(self: &Arc<Self>, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let readers = self.clone();
        tokio::task::spawn_blocking(move || {
            let connection = readers
                .pool
                .get()
                .map_err(|error| internal(format_args!("CDR database: {error}")))?;
            work(&connection).map_err(|error| internal(format_args!("CDR database: {error}")))
        })
        .await
        .map_err(|error| internal(format_args!("CDR read: {error}")))?
    }
}
