//! A PBX database on the network: PostgreSQL (`res_config_pgsql`,
//! `cdr_pgsql`) or MySQL/MariaDB (`res_odbc`, as FreePBX sets it up), named
//! by a URL without its password, and "Test connection" for it.
//!
//! The URL is the one place an admin points the server at a database, so it
//! says no more than that: scheme, user, host, port, database and the TLS
//! mode. A password inside it is refused (URLs are shown on the page and in
//! the audit log; the password is a sealed field of its own), and so is
//! every other parameter: libpq's and MySQL's URLs also take `host=` (a unix
//! socket of this server), `sslrootcert=`/`ssl-ca=` (a file of this server)
//! and client keys, none of which a tenant may choose. The CA to trust is a
//! PEM the admin pastes, never a path.
//!
//! Every address the host resolves to must be allowed by the server's
//! target policy, and the pool connects to the address resolved then, not to
//! the name again (so a name that later resolves elsewhere does not get the
//! saved password). The one exception is `verify-full` / `VERIFY_IDENTITY`,
//! which checks the certificate against the name: the driver connects by
//! name, and the password only goes to a server proving it holds that name.

use std::net::SocketAddr;
use std::time::Duration;

use sqlx::mysql::{MySqlConnectOptions, MySqlSslMode};
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use sqlx::{ConnectOptions as _, Connection as _};

use super::backend::{Conn, Dialect, Pool, query};
use crate::error::{AppError, Problem};
use crate::model::CheckProblem;
use crate::server::targets::{TargetPolicy, socket_address, tls_problem};

/// How long Test connection waits for the database to connect and answer.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(4);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    Postgres,
    MySql,
}

impl Server {
    pub fn name(self) -> &'static str {
        match self {
            Server::Postgres => "PostgreSQL",
            Server::MySql => "MySQL/MariaDB",
        }
    }

    pub fn dialect(self) -> Dialect {
        match self {
            Server::Postgres => Dialect::Postgres,
            Server::MySql => Dialect::MySql,
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Server::Postgres => 5432,
            Server::MySql => 3306,
        }
    }

    /// The URL parameter naming the TLS mode, as each server's own client
    /// spells it.
    fn tls_parameter(self) -> &'static str {
        match self {
            Server::Postgres => "sslmode",
            Server::MySql => "ssl-mode",
        }
    }
}

/// How the connection uses TLS: libpq's `sslmode` values, MySQL's
/// `ssl-mode` ones mapped onto them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    Disable,
    /// libpq's `allow`: plain first, TLS if the server insists.
    Allow,
    /// The default of both clients: TLS if the server offers it, unverified.
    Prefer,
    /// TLS or nothing, the certificate not checked.
    Require,
    /// TLS with a certificate from a trusted authority, any name.
    VerifyCa,
    /// TLS with a trusted certificate for this host name.
    VerifyFull,
}

impl Tls {
    fn parse(server: Server, value: &str) -> Option<Tls> {
        match server {
            Server::Postgres => match value {
                "disable" => Some(Tls::Disable),
                "allow" => Some(Tls::Allow),
                "prefer" => Some(Tls::Prefer),
                "require" => Some(Tls::Require),
                "verify-ca" => Some(Tls::VerifyCa),
                "verify-full" => Some(Tls::VerifyFull),
                _ => None,
            },
            Server::MySql => match value.to_ascii_uppercase().as_str() {
                "DISABLED" => Some(Tls::Disable),
                "PREFERRED" => Some(Tls::Prefer),
                "REQUIRED" => Some(Tls::Require),
                "VERIFY_CA" => Some(Tls::VerifyCa),
                "VERIFY_IDENTITY" => Some(Tls::VerifyFull),
                _ => None,
            },
        }
    }

    fn pg(self) -> PgSslMode {
        match self {
            Tls::Disable => PgSslMode::Disable,
            Tls::Allow => PgSslMode::Allow,
            Tls::Prefer => PgSslMode::Prefer,
            Tls::Require => PgSslMode::Require,
            Tls::VerifyCa => PgSslMode::VerifyCa,
            Tls::VerifyFull => PgSslMode::VerifyFull,
        }
    }

    fn mysql(self) -> MySqlSslMode {
        match self {
            Tls::Disable => MySqlSslMode::Disabled,
            Tls::Allow | Tls::Prefer => MySqlSslMode::Preferred,
            Tls::Require => MySqlSslMode::Required,
            Tls::VerifyCa => MySqlSslMode::VerifyCa,
            Tls::VerifyFull => MySqlSslMode::VerifyIdentity,
        }
    }
}

/// A network database as its URL names it (never with a password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkDb {
    pub server: Server,
    /// A name or an IP address (IPv6 without its brackets).
    pub host: String,
    pub port: u16,
    pub user: String,
    pub database: String,
    pub tls: Tls,
}

/// Identifiers of at most this many characters (MySQL's limit; PostgreSQL's
/// is 63 bytes and says so itself).
const MAX_NAME: usize = 64;

impl NetworkDb {
    /// Whether `url` names a network database at all (by its scheme).
    pub fn is_network(url: &str) -> bool {
        let scheme = url.trim().split(':').next().unwrap_or("");
        ["postgres", "postgresql", "mysql", "mariadb"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme))
    }

    /// `postgres://user@host[:port]/database[?sslmode=…]` or
    /// `mysql://user@host[:port]/database[?ssl-mode=…]` (`postgresql:` and
    /// `mariadb:` too).
    pub fn parse(url: &str) -> Result<NetworkDb, Problem> {
        let parsed = url::Url::parse(url.trim()).map_err(|_| Problem::InvalidDatabaseUrl)?;
        let server = match parsed.scheme() {
            "postgres" | "postgresql" => Server::Postgres,
            "mysql" | "mariadb" => Server::MySql,
            _ => return Err(Problem::InvalidDatabaseUrl),
        };
        if parsed.password().is_some() {
            return Err(Problem::PasswordInUrl);
        }
        let host = match parsed.host() {
            Some(url::Host::Domain(name)) if !name.is_empty() => name.to_ascii_lowercase(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            _ => return Err(Problem::InvalidDatabaseUrl),
        };
        let decode = |text: &str| {
            percent_encoding::percent_decode_str(text)
                .decode_utf8()
                .ok()
                .map(|t| t.into_owned())
                .filter(|t| {
                    !t.is_empty()
                        && t.chars().count() <= MAX_NAME
                        && !t.chars().any(char::is_control)
                })
        };
        let user = decode(parsed.username()).ok_or(Problem::DatabaseUserRequired)?;
        let path = parsed.path().strip_prefix('/').unwrap_or("");
        if path.contains('/') {
            return Err(Problem::InvalidDatabaseUrl);
        }
        let database = decode(path).ok_or(Problem::DatabaseNameRequired)?;
        let mut tls = Tls::Prefer;
        for (name, value) in parsed.query_pairs() {
            if name != server.tls_parameter() {
                return Err(Problem::DatabaseUrlParameter {
                    name: name.chars().take(40).collect(),
                    allowed: server.tls_parameter().to_owned(),
                });
            }
            tls = Tls::parse(server, &value).ok_or_else(|| Problem::DatabaseUrlParameter {
                name: name.clone().into_owned(),
                allowed: server.tls_parameter().to_owned(),
            })?;
        }
        if parsed.fragment().is_some() {
            return Err(Problem::InvalidDatabaseUrl);
        }
        Ok(NetworkDb {
            server,
            port: parsed.port().unwrap_or(server.default_port()),
            host,
            user,
            database,
            tls,
        })
    }

    /// What this database is, for the claims that keep one PBX database to
    /// one tenant: the server's addresses (every loopback address is one
    /// machine), its port and the database. Two spellings of one server (its
    /// name, its address) are the same claim.
    pub fn claim_keys(&self, addresses: &[SocketAddr]) -> Vec<String> {
        let kind = match self.server {
            Server::Postgres => "postgres",
            Server::MySql => "mysql",
        };
        let mut keys: Vec<String> = addresses
            .iter()
            .map(|address| {
                format!(
                    "{kind}:{}/{}",
                    crate::server::targets::address_key(*address),
                    self.database
                )
            })
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    pub fn address(&self) -> String {
        socket_address(&self.host, self.port)
    }

    /// Where the driver connects: the address the policy allowed, or the
    /// name itself when the certificate must prove it (see the module).
    fn connect_host(&self, resolved: &[SocketAddr]) -> String {
        match (self.tls, resolved.first()) {
            (Tls::VerifyFull, _) | (_, None) => self.host.clone(),
            (_, Some(address)) => address.ip().to_string(),
        }
    }

    fn pg_options(
        &self,
        resolved: &[SocketAddr],
        password: Option<&str>,
        ca_pem: Option<&str>,
    ) -> PgConnectOptions {
        let mut options = PgConnectOptions::new_without_pgpass()
            .host(&self.connect_host(resolved))
            .port(self.port)
            .username(&self.user)
            .database(&self.database)
            .ssl_mode(self.tls.pg())
            .disable_statement_logging();
        // Always set: an unset password would be PGPASSWORD of the
        // server's own environment (`run` refuses to start with one).
        options = options.password(password.unwrap_or(""));
        if let Some(pem) = ca_pem {
            options = options.ssl_root_cert_from_pem(pem.as_bytes().to_vec());
        }
        options
    }

    fn mysql_options(
        &self,
        resolved: &[SocketAddr],
        password: Option<&str>,
        ca_pem: Option<&str>,
    ) -> MySqlConnectOptions {
        let mut options = MySqlConnectOptions::new()
            .host(&self.connect_host(resolved))
            .port(self.port)
            .username(&self.user)
            .database(&self.database)
            .ssl_mode(self.tls.mysql())
            .disable_statement_logging();
        // Always set, as for PostgreSQL: no password is an empty one.
        options = options.password(password.unwrap_or(""));
        if let Some(pem) = ca_pem {
            options = options.ssl_ca_from_pem(pem.as_bytes().to_vec());
        }
        options
    }

    /// A bounded, idle-closing pool (see `backend`) to `resolved`, the
    /// addresses the policy allowed for the host. Opens nothing yet.
    pub fn pool(
        &self,
        resolved: &[SocketAddr],
        password: Option<&str>,
        ca_pem: Option<&str>,
    ) -> Pool {
        match self.server {
            Server::Postgres => Pool::postgres(self.pg_options(resolved, password, ca_pem)),
            Server::MySql => Pool::mysql(self.mysql_options(resolved, password, ca_pem)),
        }
    }

    /// A pool of one for Test connection, its connection made within
    /// `CHECK_TIMEOUT`. The first connect is made outside any pool: a pool
    /// retries refused connects until its own deadline and then only says
    /// "timed out", where the admin needs "refused", "wrong password" or
    /// "certificate not trusted".
    async fn connect_once(
        &self,
        policy: &TargetPolicy,
        password: Option<&str>,
        ca_pem: Option<&str>,
    ) -> Result<(Pool, Conn), CheckProblem> {
        let resolved = policy.resolve(&self.host, self.port).await?;
        // The port first, on its own: then a driver that waits in vain
        // (a MySQL client waits for the server to greet it, a PostgreSQL
        // server for the client to) is "not this server", not a timeout.
        let reached = tokio::time::timeout(CHECK_TIMEOUT, async {
            let mut last = None;
            for address in &resolved {
                match tokio::net::TcpStream::connect(address).await {
                    Ok(_) => return Ok(()),
                    Err(error) => last = Some(error),
                }
            }
            Err(last.unwrap_or_else(|| std::io::ErrorKind::NotFound.into()))
        })
        .await;
        match reached {
            Ok(Ok(())) => {}
            Ok(Err(error)) => return Err(self.connect_problem(&sqlx::Error::Io(error))),
            Err(_) => {
                return Err(CheckProblem::Timeout {
                    address: self.address(),
                    seconds: CHECK_TIMEOUT.as_secs(),
                });
            }
        }
        let connect = async {
            match self.server {
                Server::Postgres => {
                    let options = self.pg_options(&resolved, password, ca_pem);
                    options.connect().await?.close().await?;
                    Ok(Pool::postgres_one(options))
                }
                Server::MySql => {
                    let options = self.mysql_options(&resolved, password, ca_pem);
                    options.connect().await?.close().await?;
                    Ok(Pool::mysql_one(options))
                }
            }
        };
        let pool = match tokio::time::timeout(CHECK_TIMEOUT, connect).await {
            Ok(Ok(pool)) => pool,
            Ok(Err(error)) => return Err(self.connect_problem(&error)),
            Err(_) => {
                return Err(CheckProblem::NotDatabase {
                    address: self.address(),
                    server: self.server.name().into(),
                });
            }
        };
        match pool.acquire().await {
            Ok(conn) => Ok((pool, conn)),
            Err(error) => {
                pool.close().await;
                Err(match error {
                    AppError::Pbx(problem) => problem,
                    other => CheckProblem::DatabaseUnreadable {
                        reason: other.to_string(),
                    },
                })
            }
        }
    }

    /// A failed connect, named as precisely as the driver lets us.
    pub fn connect_problem(&self, error: &sqlx::Error) -> CheckProblem {
        let address = self.address();
        match error {
            sqlx::Error::Database(error) => self.refusal(error.as_ref()),
            sqlx::Error::Tls(error) => {
                if let Some(tls) = error.downcast_ref::<rustls::Error>() {
                    return tls_problem(tls);
                }
                let reason = error.to_string();
                if reason.contains("does not support TLS") {
                    CheckProblem::TlsFailed {
                        reason: "the server does not offer TLS".into(),
                    }
                } else {
                    CheckProblem::TlsFailed { reason }
                }
            }
            sqlx::Error::Io(io) => {
                // A custom io::Error's `source()` skips what it wraps: the
                // TLS handshake's rustls error is behind `get_ref()`.
                if let Some(tls) = io
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                {
                    return tls_problem(tls);
                }
                match io.kind() {
                    std::io::ErrorKind::ConnectionRefused => {
                        CheckProblem::ConnectionRefused { address }
                    }
                    std::io::ErrorKind::TimedOut => CheckProblem::Timeout {
                        address,
                        seconds: CHECK_TIMEOUT.as_secs(),
                    },
                    std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::ConnectionReset => {
                        CheckProblem::NotDatabase {
                            address,
                            server: self.server.name().into(),
                        }
                    }
                    _ => CheckProblem::Unreachable {
                        address,
                        reason: io.to_string().chars().take(200).collect(),
                    },
                }
            }
            sqlx::Error::Protocol(_) => CheckProblem::NotDatabase {
                address,
                server: self.server.name().into(),
            },
            other => CheckProblem::DatabaseUnreadable {
                reason: other.to_string().chars().take(200).collect(),
            },
        }
    }

    /// The server answered and said no: a wrong password, an unknown
    /// database, a missing grant.
    fn refusal(&self, error: &dyn sqlx::error::DatabaseError) -> CheckProblem {
        let denied = || CheckProblem::PermissionsMissing {
            user: self.user.clone(),
            missing: vec![format!("CONNECT ON DATABASE {}", self.database)],
        };
        match self.server {
            Server::Postgres => match error.code().as_deref() {
                Some("28P01") => CheckProblem::AuthenticationFailed {
                    username: self.user.clone(),
                },
                Some("3D000") => CheckProblem::DatabaseMissing {
                    database: self.database.clone(),
                },
                Some("42501") => denied(),
                _ => refused(error),
            },
            Server::MySql => {
                let number = error
                    .try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>()
                    .map(|e| e.number());
                match number {
                    Some(1045) => CheckProblem::AuthenticationFailed {
                        username: self.user.clone(),
                    },
                    Some(1049) => CheckProblem::DatabaseMissing {
                        database: self.database.clone(),
                    },
                    Some(1044) => CheckProblem::DatabaseNotGranted {
                        database: self.database.clone(),
                        user: self.user.clone(),
                    },
                    _ => refused(error),
                }
            }
        }
    }
}

fn refused(error: &dyn sqlx::error::DatabaseError) -> CheckProblem {
    CheckProblem::DatabaseRefused {
        reason: error.message().chars().take(300).collect(),
    }
}

/// The libpq variables sqlx's PostgreSQL driver reads from the server's own
/// environment into every connection's defaults (sqlx 0.8's
/// `PgConnectOptions::new_without_pgpass`, which has no way to unset them):
/// a password, client certificate or trust store meant for the operator's
/// own database would go with every tenant's PBX database too.
const LIBPQ_ENVIRONMENT: [&str; 7] = [
    "PGPASSWORD",
    "PGPASSFILE",
    "PGSSLCERT",
    "PGSSLKEY",
    "PGSSLROOTCERT",
    "PGOPTIONS",
    "PGSSLMODE",
];

/// Which of those variables are set, if any: the server refuses to start
/// with them rather than pass them to PBX databases it does not know.
pub fn leaking_environment(names: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<String> {
    let mut found: Vec<String> = names
        .into_iter()
        .filter_map(|name| name.into_string().ok())
        .filter(|name| LIBPQ_ENVIRONMENT.contains(&name.as_str()))
        .collect();
    found.sort();
    found
}

/// What a database is for, so Test connection checks what that needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Asterisk's Realtime tables: Switchboard reads and writes the ones it
    /// manages.
    Realtime,
    /// The call history: Switchboard only reads it.
    CallHistory,
}

/// One table and what Switchboard does with it; the column an UPDATE probe
/// names.
struct Needed {
    table: &'static str,
    column: &'static str,
    write: bool,
}

fn needed(purpose: Purpose) -> Vec<Needed> {
    match purpose {
        Purpose::Realtime => super::REQUIRED_TABLES
            .iter()
            .map(|table| Needed {
                table,
                column: match *table {
                    "queues" => "name",
                    "queue_members" => "uniqueid",
                    _ => "id",
                },
                write: true,
            })
            .collect(),
        Purpose::CallHistory => vec![Needed {
            table: "cdr",
            column: "uniqueid",
            write: false,
        }],
    }
}

/// Connects as Switchboard will and checks what it will do there: the
/// tables are there, and the user may do what Switchboard does with each
/// (read the call history; read and write the Realtime tables it manages),
/// probed with statements that touch no row, in a transaction rolled back.
/// `Ok` says what was found: the server, its version, whether TLS is on.
pub async fn check(
    db: &NetworkDb,
    policy: &TargetPolicy,
    password: Option<&str>,
    ca_pem: Option<&str>,
    purpose: Purpose,
) -> Result<String, CheckProblem> {
    let (pool, mut conn) = db.connect_once(policy, password, ca_pem).await?;
    let result = tokio::time::timeout(CHECK_TIMEOUT, inspect(db, &mut conn, purpose)).await;
    drop(conn);
    pool.close().await;
    match result {
        Ok(result) => result,
        Err(_) => Err(CheckProblem::Timeout {
            address: db.address(),
            seconds: CHECK_TIMEOUT.as_secs(),
        }),
    }
}

async fn inspect(
    db: &NetworkDb,
    conn: &mut Conn,
    purpose: Purpose,
) -> Result<String, CheckProblem> {
    let problem = |error: AppError| match error {
        AppError::Pbx(problem) => problem,
        other => CheckProblem::DatabaseUnreadable {
            reason: other.to_string(),
        },
    };
    let needed = needed(purpose);
    // Which tables this user cannot see: PostgreSQL knows a table whatever
    // the user's grants (`to_regclass` follows the search path, as Asterisk
    // does); MySQL hides the tables a user holds no grant on.
    let names = needed
        .iter()
        .map(|n| format!("SELECT '{}' AS name", n.table))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let sql = match db.server {
        Server::Postgres => {
            format!("SELECT v.name FROM ({names}) AS v WHERE to_regclass(v.name) IS NULL")
        }
        Server::MySql => format!(
            "SELECT v.name FROM ({names}) AS v WHERE v.name NOT IN (SELECT TABLE_NAME \
             FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE())"
        ),
    };
    let absent = conn.texts(query(sql)).await.map_err(problem)?;
    if !absent.is_empty() {
        return Err(CheckProblem::TablesNotVisible {
            tables: absent,
            user: db.user.clone(),
        });
    }
    let mut missing = Vec::new();
    conn.raw("BEGIN").await.map_err(problem)?;
    for need in &needed {
        let table = need.table;
        let mut probes = vec![("SELECT", format!("SELECT 1 FROM {table} WHERE 1 = 0"))];
        if need.write {
            let column = db.server.dialect().ident(need.column);
            probes.extend([
                (
                    "INSERT",
                    format!("INSERT INTO {table} SELECT * FROM {table} WHERE 1 = 0"),
                ),
                (
                    "UPDATE",
                    format!("UPDATE {table} SET {column} = {column} WHERE 1 = 0"),
                ),
                ("DELETE", format!("DELETE FROM {table} WHERE 1 = 0")),
            ]);
        }
        for (privilege, sql) in probes {
            if !probe(db.server, conn, &sql).await.map_err(problem)? {
                missing.push(format!("{privilege} ON {table}"));
            }
        }
    }
    if purpose == Purpose::Realtime && db.server == Server::Postgres {
        // A new dialplan row takes the next value of `extensions.id`'s
        // sequence, which is a grant of its own.
        let usable = conn
            .fetch_one(query(
                "SELECT COALESCE(has_sequence_privilege(pg_get_serial_sequence('extensions', 'id'), \
                 'USAGE'), TRUE)",
            ))
            .await
            .map_err(problem)?
            .int(0)
            .map_err(problem)?;
        if usable == Some(0) {
            missing.push("USAGE ON SEQUENCE extensions_id_seq".into());
        }
    }
    conn.raw("ROLLBACK").await.map_err(problem)?;
    if !missing.is_empty() {
        return Err(CheckProblem::PermissionsMissing {
            user: db.user.clone(),
            missing,
        });
    }
    let (version_sql, tls_sql): (_, &[&str]) = match db.server {
        Server::Postgres => (
            "SELECT CAST(current_setting('server_version') AS TEXT)",
            &[
                "SELECT CASE WHEN ssl THEN 'on' ELSE 'off' END FROM pg_stat_ssl \
               WHERE pid = pg_backend_pid()",
            ],
        ),
        // MariaDB keeps the session's status in information_schema, MySQL 8
        // in performance_schema.
        Server::MySql => (
            "SELECT VERSION()",
            &[
                "SELECT CASE WHEN VARIABLE_VALUE <> '' THEN 'on' ELSE 'off' END \
                 FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'",
                "SELECT CASE WHEN VARIABLE_VALUE <> '' THEN 'on' ELSE 'off' END \
                 FROM performance_schema.session_status WHERE VARIABLE_NAME = 'Ssl_cipher'",
            ],
        ),
    };
    let version = conn
        .texts(query(version_sql))
        .await
        .map_err(problem)?
        .into_iter()
        .next()
        .unwrap_or_default();
    // Where the server hides its TLS status, say nothing rather than guess.
    let mut tls = String::new();
    for sql in tls_sql {
        if let Some(on) = conn
            .texts(query(*sql))
            .await
            .ok()
            .and_then(|t| t.into_iter().next())
        {
            tls = format!(", TLS {on}");
            break;
        }
    }
    let tables = needed
        .iter()
        .map(|n| n.table)
        .collect::<Vec<_>>()
        .join(", ");
    Ok(format!(
        "{} {version}{tls}: {} ({tables})",
        db.server.name(),
        db.database
    ))
}

/// Runs one probe: `Ok(false)` when the server says the privilege is
/// missing, and the transaction goes on either way (PostgreSQL aborts a
/// transaction at its first error: each probe has a savepoint).
async fn probe(server: Server, conn: &mut Conn, sql: &str) -> Result<bool, AppError> {
    if server == Server::Postgres {
        conn.raw("SAVEPOINT probe").await?;
    }
    let outcome = conn.execute(query(sql)).await;
    if server == Server::Postgres {
        conn.raw("ROLLBACK TO SAVEPOINT probe").await?;
    }
    match outcome {
        Ok(_) => Ok(true),
        Err(AppError::Pbx(CheckProblem::DatabaseRefused { reason }))
            if is_privilege_refusal(&reason) =>
        {
            Ok(false)
        }
        Err(other) => Err(other),
    }
}

/// PostgreSQL: "permission denied for table x"; MySQL: "INSERT command
/// denied to user …".
fn is_privilege_refusal(reason: &str) -> bool {
    reason.starts_with("permission denied") || reason.contains("command denied to user")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_database_and_nothing_else() {
        let db = NetworkDb::parse("postgres://switchboard@pbx.example.net/asterisk").unwrap();
        assert_eq!(
            db,
            NetworkDb {
                server: Server::Postgres,
                host: "pbx.example.net".into(),
                port: 5432,
                user: "switchboard".into(),
                database: "asterisk".into(),
                tls: Tls::Prefer,
            }
        );
        let db = NetworkDb::parse(
            "mariadb://freepbx%40cdr@[::1]:3307/asteriskcdrdb?ssl-mode=verify_identity",
        )
        .unwrap();
        assert_eq!(
            (
                db.server,
                db.host.as_str(),
                db.port,
                db.user.as_str(),
                db.tls
            ),
            (Server::MySql, "::1", 3307, "freepbx@cdr", Tls::VerifyFull)
        );
        assert_eq!(
            NetworkDb::parse("postgresql://a@10.0.0.5:6432/rt?sslmode=verify-ca")
                .unwrap()
                .tls,
            Tls::VerifyCa
        );
        for (url, problem) in [
            (
                "postgres://switchboard:hunter2@pbx/asterisk",
                Problem::PasswordInUrl,
            ),
            ("postgres://pbx/asterisk", Problem::DatabaseUserRequired),
            ("mysql://u@pbx/", Problem::DatabaseNameRequired),
            ("mysql://u@pbx", Problem::DatabaseNameRequired),
            ("postgres://u@/asterisk", Problem::InvalidDatabaseUrl),
            ("postgres://u@pbx/a/b", Problem::InvalidDatabaseUrl),
            ("http://u@pbx/a", Problem::InvalidDatabaseUrl),
            (
                "postgres://u@pbx/a?host=/var/run/postgresql",
                Problem::DatabaseUrlParameter {
                    name: "host".into(),
                    allowed: "sslmode".into(),
                },
            ),
            (
                "postgres://u@pbx/a?sslmode=require&sslrootcert=/etc/shadow",
                Problem::DatabaseUrlParameter {
                    name: "sslrootcert".into(),
                    allowed: "sslmode".into(),
                },
            ),
            (
                "postgres://u@pbx/a?sslmode=sometimes",
                Problem::DatabaseUrlParameter {
                    name: "sslmode".into(),
                    allowed: "sslmode".into(),
                },
            ),
            (
                "mysql://u@pbx/a?sslmode=require",
                Problem::DatabaseUrlParameter {
                    name: "sslmode".into(),
                    allowed: "ssl-mode".into(),
                },
            ),
        ] {
            assert_eq!(NetworkDb::parse(url), Err(problem), "{url}");
        }
    }

    #[test]
    fn the_servers_own_libpq_settings_are_found() {
        let names = ["PATH", "PGPASSWORD", "PGSSLKEY", "PGHOST"].map(std::ffi::OsString::from);
        assert_eq!(leaking_environment(names), vec!["PGPASSWORD", "PGSSLKEY"]);
    }

    #[test]
    fn one_server_spelled_two_ways_is_one_claim() {
        let db = NetworkDb::parse("postgres://u@localhost:5433/asterisk").unwrap();
        let a = db.claim_keys(&["127.0.0.1:5433".parse().unwrap()]);
        let b = db.claim_keys(&[
            "[::1]:5433".parse().unwrap(),
            "127.0.0.2:5433".parse().unwrap(),
        ]);
        assert_eq!(a, vec!["postgres:loopback:5433/asterisk".to_owned()]);
        assert_eq!(a, b);
        let other = NetworkDb::parse("postgres://u@localhost:5433/other").unwrap();
        assert_ne!(other.claim_keys(&["127.0.0.1:5433".parse().unwrap()]), a);
    }
}
