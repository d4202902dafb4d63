//! Where the call history reads a PBX's CDR, and how: kept read-only
//! connections to a SQLite file, each row through a mapping on the
//! connection's thread; or the bounded pool of a PostgreSQL or MySQL/MariaDB
//! database (`backend`), the same statements rendered for that server.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use scheduled_thread_pool::ScheduledThreadPool;

use super::rows::Cells;
use super::sql::{SqlValue, rows};
use super::table::CdrTable;
use crate::error::AppError;
use crate::server::realtime::backend::{self, Dialect, Pool, Query};
use crate::server::realtime::readers::Readers;

/// Where the call history reads a PBX's CDR, and the table's shape as last
/// read. One per SQLite file or per saved network connection, shared by
/// every request.
pub struct CdrSource {
    pub(super) reader: Reader,
    /// Every page needs the shape; it changes only when an admin alters
    /// the table.
    pub(super) shape: Mutex<Option<(Instant, Arc<CdrTable>)>>,
}

pub(super) enum Reader {
    Sqlite(Arc<Readers>),
    Network(Pool),
}

impl CdrSource {
    /// A SQLite file's CDR.
    pub fn new(path: &Path, maintenance: Arc<ScheduledThreadPool>) -> CdrSource {
        CdrSource {
            reader: Reader::Sqlite(Arc::new(Readers::new(path, maintenance))),
            shape: Mutex::new(None),
        }
    }

    /// The CDR of a network database, read through `pool` (its own pool:
    /// a long export does not take the Realtime pages' connections).
    pub fn network(pool: Pool) -> CdrSource {
        CdrSource {
            reader: Reader::Network(pool),
            shape: Mutex::new(None),
        }
    }

    /// Closes a network source's connections (a saved connection moved or
    /// deleted); a file's close when dropped.
    pub async fn close(&self) {
        if let Reader::Network(pool) = &self.reader {
            pool.close().await;
        }
    }

    /// Which SQL the statements are written in.
    pub fn dialect(&self) -> Dialect {
        match &self.reader {
            Reader::Sqlite(_) => Dialect::Sqlite,
            Reader::Network(pool) => pool.dialect(),
        }
    }

    /// Every row `sql` finds with `values` bound (`?` placeholders, in
    /// order), each through `map`: on a kept connection's thread for a file,
    /// from the pool for a network database.
    pub(super) async fn all<T: Send + 'static>(
        &self,
        sql: String,
        values: Vec<SqlValue>,
        map: fn(&dyn Cells) -> T,
    ) -> Result<Vec<T>, AppError> {
        self.read(sql, values, map, true).await
    }

    /// As `all`, for a statement that reads a range of the table (a count,
    /// statistics): a network server plans it afresh each time
    /// (`backend::Query::planned_each_time` says why).
    pub(super) async fn scan<T: Send + 'static>(
        &self,
        sql: String,
        values: Vec<SqlValue>,
        map: fn(&dyn Cells) -> T,
    ) -> Result<Vec<T>, AppError> {
        self.read(sql, values, map, false).await
    }

    async fn read<T: Send + 'static>(
        &self,
        sql: String,
        values: Vec<SqlValue>,
        map: fn(&dyn Cells) -> T,
        kept: bool,
    ) -> Result<Vec<T>, AppError> {
        match &self.reader {
            Reader::Sqlite(readers) => {
                readers
                    .read(move |connection| {
                        rows(connection, &sql, &values, |row| map(row as &dyn Cells))
                    })
                    .await
            }
            Reader::Network(pool) => {
                let mut connection = pool.acquire().await?;
                let query = bound(&sql, &values);
                let query = if kept {
                    query
                } else {
                    query.planned_each_time()
                };
                let found = connection.fetch_all(query).await?;
                Ok(found.iter().map(|row| map(row as &dyn Cells)).collect())
            }
        }
    }
}

/// `sql` with its bare `?` placeholders numbered (`?1`, `?2`, … as the
/// backend renders them for each server) and `values` bound in order.
/// Question marks inside quotes are text, not placeholders.
pub(super) fn bound(sql: &str, values: &[SqlValue]) -> Query {
    let mut numbered = String::with_capacity(sql.len() + 16);
    let mut quote: Option<char> = None;
    let mut next = 0;
    for c in sql.chars() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                numbered.push(c);
            }
            None if matches!(c, '\'' | '"' | '`') => {
                quote = Some(c);
                numbered.push(c);
            }
            None if c == '?' => {
                next += 1;
                numbered.push_str(&format!("?{next}"));
            }
            None => numbered.push(c),
        }
    }
    values
        .iter()
        .fold(backend::query(numbered), |query, value| match value {
            SqlValue::Text(text) => query.bind(text.as_str()),
            SqlValue::Number(number) => query.bind(*number),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_placeholders_are_numbered_outside_quotes() {
        let query = bound(
            "SELECT a FROM cdr WHERE b = ? AND c LIKE '%?' ESCAPE '!' AND d < ?",
            &[SqlValue::Text("x".into()), SqlValue::Number(2)],
        );
        assert_eq!(
            query.sql(),
            "SELECT a FROM cdr WHERE b = ?1 AND c LIKE '%?' ESCAPE '!' AND d < ?2"
        );
    }
}
