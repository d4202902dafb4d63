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
pub mod network;
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

/// Where a PBX database (Realtime or call history) lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Network(network::NetworkDb),
}

impl Location {
    /// `sqlite:///abs/path` (also `sqlite:/abs/path`), or a network
    /// database's URL (see `network::NetworkDb::parse`).
    pub fn parse(url: &str) -> Result<Location, Problem> {
        let url = url.trim();
        let Some((scheme, rest)) = url.split_once(':') else {
            return Err(Problem::InvalidDatabaseUrl);
        };
        if scheme.eq_ignore_ascii_case("sqlite") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            let path = path.split('?').next().unwrap_or("");
            if !path.starts_with('/') || path.len() < 2 || path.chars().any(char::is_control) {
                return Err(Problem::InvalidDatabaseUrl);
            }
            return Ok(Location::Sqlite(PathBuf::from(path)));
        }
        if network::NetworkDb::is_network(url) {
            return network::NetworkDb::parse(url).map(Location::Network);
        }
        Err(Problem::InvalidDatabaseUrl)
    }
}

/// The database a URL names, if the server's policy lets connections use
/// it: a SQLite file must be inside the allowed directory (one answer for
/// every file outside it, there or not); a network host is checked when it
/// is resolved, at every connect.
pub fn locate(url: &str, policy: &TargetPolicy) -> Result<Location, Problem> {
    match Location::parse(url)? {
        Location::Sqlite(path) => policy.realtime_file(&path).map(Location::Sqlite),
        network => Ok(network),
    }
}

/// What was made for one saved version of a connection (a network pool, a
/// network call history): a save (a new password, URL or CA) makes the next
/// use make a new one.
struct ForVersion<T> {
    version: i64,
    value: T,
}

type ByConnection<T> = Mutex<HashMap<i64, ForVersion<T>>>;

/// What `map` holds for this saved version of the connection, if anything.
async fn current<T: Clone>(map: &ByConnection<T>, connection: &PbxConnection) -> Option<T> {
    map.lock()
        .await
        .get(&connection.id)
        .filter(|entry| entry.version == connection.version)
        .map(|entry| entry.value.clone())
}

/// Keeps `value` for this version of the connection; what an earlier
/// version had, for the caller to close.
async fn replace<T>(map: &ByConnection<T>, connection: &PbxConnection, value: T) -> Option<T> {
    map.lock()
        .await
        .insert(
            connection.id,
            ForVersion {
                version: connection.version,
                value,
            },
        )
        .map(|old| old.value)
}

/// The CA a connection's network databases are checked against, if any.
fn ca_of(connection: &PbxConnection) -> Option<&str> {
    Some(connection.db_ca_pem.as_str()).filter(|pem| !pem.trim().is_empty())
}

/// The pools of every PBX database in use: SQLite files by path (with the
/// call history's readers of each), network databases by connection (the
/// Realtime database and the call history each with a pool of its own: a
/// long export never holds the connections configuration pages need).
/// Each pool is bounded and closes idle connections (`backend`).
pub struct RealtimePools {
    files: Mutex<HashMap<PathBuf, SqlitePool>>,
    histories: Mutex<HashMap<PathBuf, Arc<cdr::CdrSource>>>,
    network: ByConnection<Pool>,
    network_histories: ByConnection<Arc<cdr::CdrSource>>,
    /// The thread every file's readers share to open connections.
    maintenance: Arc<ScheduledThreadPool>,
}

impl Default for RealtimePools {
    fn default() -> Self {
        RealtimePools {
            files: Mutex::default(),
            histories: Mutex::default(),
            network: Mutex::default(),
            network_histories: Mutex::default(),
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
}

impl RealtimePools {
    /// The call history's readers of a SQLite file (the caller has checked
    /// the file is this tenant's: `services::connections`).
    pub async fn history(&self, path: &std::path::Path) -> Result<Arc<cdr::CdrSource>, AppError> {
        let mut histories = self.histories.lock().await;
        if let Some(source) = histories.get(path) {
            return Ok(source.clone());
        }
        if !path.is_file() {
            return Err(AppError::Pbx(CheckProblem::DatabaseNotFound {
                path: path.display().to_string(),
            }));
        }
        let source = Arc::new(cdr::CdrSource::new(path, self.maintenance.clone()));
        histories.insert(path.to_owned(), source.clone());
        Ok(source)
    }

    /// The pool of a SQLite file (checked as `history` says).
    pub async fn file(&self, path: &std::path::Path) -> Result<Pool, AppError> {
        let mut files = self.files.lock().await;
        if let Some(pool) = files.get(path) {
            return Ok(Pool::Sqlite(pool.clone()));
        }
        // Asterisk owns the file: never create it, never change its
        // journal mode; wait for its locks rather than fail.
        if !path.is_file() {
            return Err(AppError::Pbx(CheckProblem::DatabaseNotFound {
                path: path.display().to_string(),
            }));
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(false)
            .busy_timeout(Duration::from_secs(5))
            .disable_statement_logging();
        let pool = SqlitePoolOptions::new()
            .max_connections(backend::MAX_CONNECTIONS)
            .idle_timeout(Some(backend::IDLE_CLOSE))
            .connect_with(options)
            .await
            .map_err(|error| {
                AppError::Pbx(CheckProblem::DatabaseUnreadable {
                    reason: error.to_string(),
                })
            })?;
        // SQLite opens any file; the first read says whether it is a
        // database. Not one: the PBX's problem (502), named.
        if let Err(error) = sqlx::query("SELECT 1 FROM sqlite_master LIMIT 1")
            .fetch_optional(&pool)
            .await
        {
            pool.close().await;
            return Err(AppError::Pbx(CheckProblem::DatabaseUnreadable {
                reason: error.to_string(),
            }));
        }
        files.insert(path.to_owned(), pool.clone());
        Ok(Pool::Sqlite(pool))
    }

    /// The network pool made for this saved version of the connection, if
    /// there is one.
    pub async fn cached(&self, connection: &PbxConnection) -> Option<Pool> {
        current(&self.network, connection).await
    }

    /// A new pool for the connection's network database at the addresses
    /// the policy allowed (`resolved`), replacing (and closing) the pool of
    /// an earlier version of the connection.
    pub async fn network(
        &self,
        connection: &PbxConnection,
        db: &network::NetworkDb,
        resolved: &[std::net::SocketAddr],
        password: Option<&str>,
    ) -> Pool {
        let pool = db.pool(resolved, password, ca_of(connection));
        if let Some(old) = replace(&self.network, connection, pool.clone()).await {
            // Closing waits for the connections in use to come back.
            tokio::spawn(async move { old.close().await });
        }
        pool
    }

    /// The network call history made for this saved version of the
    /// connection, if there is one.
    pub async fn cached_history(&self, connection: &PbxConnection) -> Option<Arc<cdr::CdrSource>> {
        current(&self.network_histories, connection).await
    }

    /// A new call history on the connection's network CDR database at the
    /// addresses the policy allowed, replacing (and closing) one made for an
    /// earlier version of the connection (as `network` does).
    pub async fn network_history(
        &self,
        connection: &PbxConnection,
        db: &network::NetworkDb,
        resolved: &[std::net::SocketAddr],
        password: Option<&str>,
    ) -> Arc<cdr::CdrSource> {
        let pool = db.pool(resolved, password, ca_of(connection));
        let source = Arc::new(cdr::CdrSource::network(pool));
        if let Some(old) = replace(&self.network_histories, connection, source.clone()).await {
            tokio::spawn(async move { old.close().await });
        }
        source
    }

    /// Closes a deleted connection's network pools.
    pub async fn forget(&self, connection_id: i64) {
        if let Some(old) = self.network.lock().await.remove(&connection_id) {
            old.value.close().await;
        }
        if let Some(old) = self.network_histories.lock().await.remove(&connection_id) {
            old.value.close().await;
        }
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

/// Test connection for one of a connection's databases: a SQLite file
/// opened read-only with its tables checked, or a network database checked
/// as `network::check` does. `Ok` carries a short description of what was
/// found.
pub async fn check(
    url: &str,
    policy: &TargetPolicy,
    password: Option<&str>,
    ca_pem: Option<&str>,
    purpose: network::Purpose,
) -> Result<String, CheckProblem> {
    let path = match locate(url, policy).map_err(check_problem)? {
        Location::Sqlite(path) => path,
        Location::Network(db) => {
            return network::check(&db, policy, password, ca_pem, purpose).await;
        }
    };
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
    let wanted: &[&str] = match purpose {
        network::Purpose::Realtime => &REQUIRED_TABLES,
        network::Purpose::CallHistory => &["cdr"],
    };
    let missing: Vec<String> = wanted
        .iter()
        .filter(|t| !present.iter().any(|p| p == *t))
        .map(|t| (*t).to_owned())
        .collect();
    if !missing.is_empty() {
        return Err(CheckProblem::MissingTables { tables: missing });
    }
    Ok(format!("SQLite: {}", wanted.join(", ")))
}

/// Why a database URL cannot be used, as "Test connection" says it.
fn check_problem(problem: Problem) -> CheckProblem {
    match problem {
        Problem::OutsideRealtimeDir | Problem::DatabaseInsideDataDir => {
            CheckProblem::DatabaseNotAllowed
        }
        _ => CheckProblem::DatabaseUnreadable {
            reason: "not a database URL Switchboard can use".into(),
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
    fn parses_database_urls() {
        assert_eq!(
            Location::parse("sqlite:///var/lib/a.db"),
            Ok(Location::Sqlite("/var/lib/a.db".into()))
        );
        assert_eq!(
            Location::parse("sqlite:/var/lib/a.db"),
            Ok(Location::Sqlite("/var/lib/a.db".into()))
        );
        assert!(matches!(
            Location::parse("postgres://switchboard@pbx/asterisk"),
            Ok(Location::Network(_))
        ));
        assert_eq!(
            Location::parse("MySQL://u:p@pbx/asterisk"),
            Err(Problem::PasswordInUrl)
        );
        assert_eq!(
            Location::parse("sqlite://relative.db"),
            Err(Problem::InvalidDatabaseUrl)
        );
        assert_eq!(
            Location::parse("nonsense"),
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
        let problem = check(
            &url,
            &policy(dir.path()),
            None,
            None,
            network::Purpose::Realtime,
        )
        .await
        .unwrap_err();
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
        let problem = check(&url, &policy, None, None, network::Purpose::Realtime)
            .await
            .unwrap_err();
        assert!(matches!(problem, CheckProblem::DatabaseNotFound { .. }));
        // Outside the directory, there or not, one answer.
        for outside in ["sqlite:///etc/passwd", "sqlite:///nonexistent/dir/x.db"] {
            assert_eq!(
                check(outside, &policy, None, None, network::Purpose::Realtime).await,
                Err(CheckProblem::DatabaseNotAllowed),
                "{outside}"
            );
        }
    }
}
