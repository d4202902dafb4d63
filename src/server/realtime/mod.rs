//! A PBX's Realtime database: Asterisk's tables, Asterisk's schema, opened
//! with the connection's URL. Never mixed with the portal database.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::error::Problem;
use crate::model::CheckProblem;

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

    /// True when the file is inside `dir` (Switchboard's data directory).
    pub fn is_inside(&self, dir: &Path) -> bool {
        let RealtimeLocation::Sqlite(path) = self;
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let file = match path.parent() {
            Some(parent) => canonical(parent).join(path.file_name().unwrap_or_default()),
            None => path.clone(),
        };
        file.starts_with(canonical(dir))
    }
}

/// Opens the database read-only and checks the expected tables. `Ok` carries
/// a short description of what was found.
pub async fn check(url: &str) -> Result<String, CheckProblem> {
    let location = RealtimeLocation::parse(url).map_err(|problem| match problem {
        Problem::UnsupportedDatabase { scheme } => CheckProblem::UnsupportedDatabase { scheme },
        _ => CheckProblem::DatabaseUnreadable {
            reason: "not a sqlite:/// URL".into(),
        },
    })?;
    let RealtimeLocation::Sqlite(path) = location;
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let path = dir.path().join("rt.sqlite3");
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
        let problem = check(&url).await.unwrap_err();
        let CheckProblem::MissingTables { tables } = problem else {
            panic!("expected missing tables, got {problem:?}");
        };
        assert!(tables.contains(&"ps_auths".to_owned()));
        assert!(!tables.contains(&"ps_endpoints".to_owned()));
    }

    #[tokio::test]
    async fn check_reports_a_missing_file() {
        let problem = check("sqlite:///nonexistent/dir/x.db").await.unwrap_err();
        assert!(matches!(problem, CheckProblem::DatabaseNotFound { .. }));
    }
}
