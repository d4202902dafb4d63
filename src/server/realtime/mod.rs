//! A PBX's Realtime database: Asterisk's tables, Asterisk's schema, opened
//! with the connection's URL. Never mixed with the portal database.
//!
//! A `RealtimeDb` is only made from a `PbxConnection`, and a connection only
//! comes from `db::pbx` with the caller's scope: the scope decides which PBX
//! databases a request can reach at all.

pub mod backend;
pub mod cdr;
pub mod dialplan;
pub mod extensions;
pub mod numbers;
pub mod pjsip;
pub mod queues;
mod readers;
pub mod trunks;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use scheduled_thread_pool::ScheduledThreadPool;
use sha2::{Digest, Sha256};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection};
use tokio::sync::Mutex;

use self::backend::{Conn, Dialect, Pool, WriteTx, query};
use crate::error::{AppError, Problem};
use crate::model::{CheckProblem, PbxConnection};
use crate::server::targets::TargetPolicy;

/// The tables Switchboard manages; all must exist.
pub const REQUIRED_TABLES: [&str; 8] = [
    "ps_endpoints",
    "ps_auths",
    "ps_aors",
    "ps_registrations",
    "ps_endpoint_id_ips",
    "queues",
    "queue_members",
    "extensions",
];

/// Where a Realtime database lives. Only SQLite for now; the URL scheme
/// leaves room for PostgreSQL and MySQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RealtimeLocation {
    Sqlite(PathBuf),
}

impl RealtimeLocation {
    /// Parses `sqlite:///abs/path` (also `sqlite:/abs/path`).
    pub fn parse(url: &str) -> Result<RealtimeLocation, Problem> {
        let url = url.trim();
        let Some((scheme, rest)) = url.split_once(':') else {
            return Err(Problem::InvalidDatabaseUrl);
        };
        match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => {
                let path = rest.strip_prefix("//").unwrap_or(rest);
                let path = path.split('?').next().unwrap_or("");
                if !path.starts_with('/') || path.len() < 2 || path.chars().any(char::is_control) {
                    return Err(Problem::InvalidDatabaseUrl);
                }
                Ok(RealtimeLocation::Sqlite(PathBuf::from(path)))
            }
            "postgres" | "postgresql" | "mysql" | "mariadb" => Err(Problem::UnsupportedDatabase {
                scheme: scheme.to_ascii_lowercase(),
            }),
            _ => Err(Problem::InvalidDatabaseUrl),
        }
    }
}

/// The file of a Realtime URL, if the server's policy lets connections use
/// it (see `targets`): one answer for every file outside the allowed
/// directory, there or not.
pub fn locate(url: &str, policy: &TargetPolicy) -> Result<PathBuf, Problem> {
    let RealtimeLocation::Sqlite(path) = RealtimeLocation::parse(url)?;
    policy.realtime_file(&path)
}

/// One pool per Realtime database file, opened on first use, with the
/// call history's readers of the same file.
pub struct RealtimePools {
    pools: Mutex<HashMap<PathBuf, (SqlitePool, Arc<cdr::CdrSource>)>>,
    /// The thread every file's readers share to open connections.
    maintenance: Arc<ScheduledThreadPool>,
    /// Checked at every open: the operator may have narrowed it since the
    /// connection was saved.
    policy: Arc<TargetPolicy>,
}

impl RealtimePools {
    pub fn new(policy: Arc<TargetPolicy>) -> Self {
        RealtimePools {
            policy,
            pools: Mutex::default(),
            maintenance: Arc::new(
                ScheduledThreadPool::builder()
                    .num_threads(1)
                    .thread_name_pattern("cdr-readers")
                    .build(),
            ),
        }
    }
}

/// A PBX's Realtime database, for one connection of one tenant.
#[derive(Clone)]
pub struct RealtimeDb {
    pub pool: Pool,
    pub connection_id: i64,
    pub tenant_id: i64,
    /// The call history's way in; `None` when the connection has no call
    /// history database.
    pub cdr: Option<Arc<cdr::CdrSource>>,
}

impl RealtimePools {
    pub async fn open(&self, connection: &PbxConnection) -> Result<RealtimeDb, AppError> {
        let path = locate(&connection.realtime_db_url, &self.policy)
            .map_err(|problem| AppError::Pbx(check_problem(problem)))?;
        let mut pools = self.pools.lock().await;
        let (pool, cdr) = match pools.get(&path) {
            Some(entry) => entry.clone(),
            None => {
                // Asterisk owns the file: never create it, never change its
                // journal mode; wait for its locks rather than fail.
                if !path.is_file() {
                    return Err(AppError::Pbx(CheckProblem::DatabaseNotFound {
                        path: path.display().to_string(),
                    }));
                }
                let options = SqliteConnectOptions::new()
                    .filename(&path)
                    .create_if_missing(false)
                    .busy_timeout(Duration::from_secs(5))
                    .disable_statement_logging();
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect_with(options)
                    .await
                    .map_err(|error| {
                        AppError::Pbx(CheckProblem::DatabaseUnreadable {
                            reason: error.to_string(),
                        })
                    })?;
                // SQLite opens any file; the first read says whether it
                // is a database. Not one: the PBX's problem (502), named.
                if let Err(error) = sqlx::query("SELECT 1 FROM sqlite_master LIMIT 1")
                    .fetch_optional(&pool)
                    .await
                {
                    pool.close().await;
                    return Err(AppError::Pbx(CheckProblem::DatabaseUnreadable {
                        reason: error.to_string(),
                    }));
                }
                let readers = cdr::CdrSource::new(&path, self.maintenance.clone());
                let entry = (pool, Arc::new(readers));
                pools.insert(path, entry.clone());
                entry
            }
        };
        Ok(RealtimeDb {
            pool: Pool::Sqlite(pool),
            connection_id: connection.id,
            tenant_id: connection.tenant_id,
            cdr: Some(cdr),
        })
    }
}

impl RealtimeDb {
    /// A write transaction that holds the PBX's number plan at once, so what
    /// it reads (free numbers, versions) cannot change before it writes.
    pub async fn write(&self) -> Result<WriteTx, AppError> {
        self.pool.write().await
    }

    /// A connection for reads.
    pub async fn read(&self) -> Result<Conn, AppError> {
        self.pool.acquire().await
    }

    /// The call history's way in, or why there is none.
    pub fn call_history(&self) -> Result<Arc<cdr::CdrSource>, AppError> {
        self.cdr
            .clone()
            .ok_or(AppError::Pbx(CheckProblem::NoCallHistory))
    }

    /// The dialplan context of this tenant's phones.
    pub fn context(&self) -> String {
        tenant_context(self.tenant_id)
    }
}

/// Creates Switchboard's Realtime schema (`migrations/realtime/*.sql` in
/// order, read from the working directory) on a fresh database: for the
/// tests' and benchmarks' PBX databases. A PBX's own database is never
/// touched (the sandbox script applies the same files to its own).
pub async fn create_schema(connection: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("migrations/realtime")?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    for file in files {
        sqlx::raw_sql(&std::fs::read_to_string(file)?)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

pub fn tenant_context(tenant_id: i64) -> String {
    format!("switchboard-t{tenant_id}")
}

/// Every column of one row as JSON, in the table's own column order, or
/// `None` when there is no such row. Columns come from the live schema, so a
/// change to any column (ours or one we never show) changes the result.
pub async fn row_snapshot(
    tx: &mut Conn,
    table: &'static str,
    key_column: &'static str,
    key: impl Into<backend::Value>,
) -> Result<Option<String>, AppError> {
    let dialect = tx.dialect();
    let sql = match dialect {
        // The row as one JSON object, its keys in column order.
        Dialect::Postgres => {
            format!("SELECT CAST(row_to_json(t) AS TEXT) FROM {table} t WHERE {key_column} = ?1")
        }
        Dialect::Sqlite | Dialect::MySql => {
            let columns = tx
                .texts(
                    query(match dialect {
                        Dialect::Sqlite => "SELECT name FROM pragma_table_info(?1)",
                        _ => {
                            "SELECT COLUMN_NAME FROM information_schema.COLUMNS \
                         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?1 \
                         ORDER BY ORDINAL_POSITION"
                        }
                    })
                    .bind(table),
                )
                .await?;
            if columns.is_empty() {
                return Ok(None);
            }
            let list = columns
                .iter()
                .map(|column| match dialect {
                    Dialect::MySql => format!("`{}`", column.replace('`', "``")),
                    _ => format!("\"{}\"", column.replace('"', "\"\"")),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let array = if dialect == Dialect::MySql {
                "JSON_ARRAY"
            } else {
                "json_array"
            };
            format!("SELECT {array}({list}) FROM {table} WHERE {key_column} = ?1")
        }
    };
    match tx.fetch_optional(query(sql).bind(key)).await? {
        Some(row) => row.text(0),
        None => Ok(None),
    }
}

/// A short, stable fingerprint of some snapshots (and portal-side values).
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        match part {
            Some(text) => {
                hasher.update((text.len() as u64).to_le_bytes());
                hasher.update(text.as_bytes());
            }
            None => hasher.update(u64::MAX.to_le_bytes()),
        }
    }
    let digest = hasher.finalize();
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// Opens the database read-only and checks the expected tables. `Ok` carries
/// a short description of what was found.
pub async fn check(url: &str, policy: &TargetPolicy) -> Result<String, CheckProblem> {
    let path = locate(url, policy).map_err(check_problem)?;
    if !path.is_file() {
        return Err(CheckProblem::DatabaseNotFound {
            path: path.display().to_string(),
        });
    }
    let unreadable = |error: sqlx::Error| CheckProblem::DatabaseUnreadable {
        reason: error.to_string(),
    };
    let mut connection = SqliteConnectOptions::new()
        .filename(&path)
        .read_only(true)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(2))
        .disable_statement_logging()
        .connect()
        .await
        .map_err(unreadable)?;
    let present: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut connection)
            .await
            .map_err(unreadable)?;
    let _ = connection.close().await;
    let missing: Vec<String> = REQUIRED_TABLES
        .iter()
        .filter(|t| !present.iter().any(|p| p == *t))
        .map(|t| (*t).to_owned())
        .collect();
    if !missing.is_empty() {
        return Err(CheckProblem::MissingTables { tables: missing });
    }
    let cdr = if present.iter().any(|p| p == "cdr") {
        ", cdr"
    } else {
        ""
    };
    Ok(format!("{}{cdr}", REQUIRED_TABLES.join(", ")))
}

/// Why a Realtime URL cannot be used, as "Test connection" says it.
fn check_problem(problem: Problem) -> CheckProblem {
    match problem {
        Problem::UnsupportedDatabase { scheme } => CheckProblem::UnsupportedDatabase { scheme },
        Problem::OutsideRealtimeDir | Problem::DatabaseInsideDataDir => {
            CheckProblem::DatabaseNotAllowed
        }
        _ => CheckProblem::DatabaseUnreadable {
            reason: "not a sqlite:/// URL".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(dir: &std::path::Path) -> TargetPolicy {
        TargetPolicy {
            networks: Vec::new(),
            ports: Vec::new(),
            realtime_dir: Some(std::fs::canonicalize(dir).unwrap()),
            data_dir: PathBuf::from("/nonexistent"),
            tenant_admins_set_targets: false,
        }
    }

    #[test]
    fn parses_sqlite_urls_and_refuses_others() {
        assert_eq!(
            RealtimeLocation::parse("sqlite:///var/lib/a.db"),
            Ok(RealtimeLocation::Sqlite("/var/lib/a.db".into()))
        );
        assert_eq!(
            RealtimeLocation::parse("sqlite:/var/lib/a.db"),
            Ok(RealtimeLocation::Sqlite("/var/lib/a.db".into()))
        );
        assert_eq!(
            RealtimeLocation::parse("postgres://pbx/asterisk"),
            Err(Problem::UnsupportedDatabase {
                scheme: "postgres".into()
            })
        );
        assert_eq!(
            RealtimeLocation::parse("sqlite://relative.db"),
            Err(Problem::InvalidDatabaseUrl)
        );
        assert_eq!(
            RealtimeLocation::parse("nonsense"),
            Err(Problem::InvalidDatabaseUrl)
        );
    }

    #[tokio::test]
    async fn check_names_missing_tables() {
        let dir = tempfile::tempdir().unwrap();
        let path = std::fs::canonicalize(dir.path())
            .unwrap()
            .join("rt.sqlite3");
        let url = format!("sqlite://{}", path.display());
        let mut conn = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE ps_endpoints (id TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
        let problem = check(&url, &policy(dir.path())).await.unwrap_err();
        let CheckProblem::MissingTables { tables } = problem else {
            panic!("expected missing tables, got {problem:?}");
        };
        assert!(tables.contains(&"ps_auths".to_owned()));
        assert!(!tables.contains(&"ps_endpoints".to_owned()));
    }

    #[tokio::test]
    async fn check_reports_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let policy = policy(dir.path());
        let missing = policy.realtime_dir.clone().unwrap().join("x.db");
        let url = format!("sqlite://{}", missing.display());
        let problem = check(&url, &policy).await.unwrap_err();
        assert!(matches!(problem, CheckProblem::DatabaseNotFound { .. }));
        // Outside the directory, there or not, one answer.
        for outside in ["sqlite:///etc/passwd", "sqlite:///nonexistent/dir/x.db"] {
            assert_eq!(
                check(outside, &policy).await,
                Err(CheckProblem::DatabaseNotAllowed),
                "{outside}"
            );
        }
    }
}
