//! Where the call history reads a PBX's CDR, and how: kept read-only
//! connections, each row through a mapping on the connection's thread.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use scheduled_thread_pool::ScheduledThreadPool;

use super::sql::{SqlValue, rows};
use super::table::CdrTable;
use crate::error::AppError;
use crate::server::realtime::readers::Readers;

/// Where the call history reads a PBX's CDR: kept read-only connections to
/// its database file, and the table's shape as last read. One per file,
/// shared by every request.
pub struct CdrSource {
    pub(super) readers: Arc<Readers>,
    /// Every page needs the shape; it changes only when an admin alters
    /// the table.
    pub(super) shape: Mutex<Option<(Instant, Arc<CdrTable>)>>,
}

impl CdrSource {
    pub fn new(path: &Path, maintenance: Arc<ScheduledThreadPool>) -> CdrSource {
        CdrSource {
            readers: Arc::new(Readers::new(path, maintenance)),
            shape: Mutex::new(None),
        }
    }

    /// Every row `sql` finds with `values` bound, each through `map`, read
    /// on a kept connection.
    pub(super) async fn all<T: Send + 'static>(
        &self,
        sql: String,
        values: Vec<SqlValue>,
        map: fn(&rusqlite::Row<'_>) -> T,
    ) -> Result<Vec<T>, AppError> {
        self.readers
            .read(move |connection| rows(connection, &sql, &values, map))
            .await
    }
}
