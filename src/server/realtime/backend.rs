//! One PBX database, whichever server holds it: SQLite (a file beside
//! Asterisk), PostgreSQL (`res_config_pgsql`) or MySQL/MariaDB (`res_odbc`,
//! as FreePBX sets it up). The repositories beside this module write each
//! statement once, with SQLite's `?N` placeholders and the few fragments
//! that differ taken from `Dialect`; here it is rendered for the server and
//! its values bound through that server's own sqlx driver.
//!
//! Why not sqlx's `Any` driver, which looks made for this: it passes the SQL
//! through unchanged (PostgreSQL wants `$1`, MySQL a bare `?` per use), and
//! it refuses a whole row holding a type it does not know — every option
//! column of Asterisk's PostgreSQL schema is an enum type (`yesno_values`,
//! `ast_bool_values`, …), so `SELECT` of an endpoint failed outright. Why not
//! a query builder (sea-query): the statements are few and fixed, and what
//! differs between the servers (locks, row snapshots, regular expressions)
//! is exactly what a builder does not cover.
//!
//! Every statement runs under a time limit (`QUERY_LIMIT`): a PBX database
//! that hangs gives "did not answer within N s", never a hung page, and the
//! connection it hung on is closed rather than reused.

use std::time::Duration;

use sqlx::mysql::{MySql, MySqlPool, MySqlRow};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgPool, PgRow, Postgres};
use sqlx::sqlite::{Sqlite, SqlitePool, SqliteRow};
use sqlx::{Executor as _, Row as _, ValueRef as _};

use crate::error::AppError;
use crate::model::CheckProblem;

/// How long one statement (or the wait for a pooled connection, or for the
/// number plan's lock) may take before the request gets a clear error.
pub const QUERY_LIMIT: Duration = Duration::from_secs(10);

/// The key of the PostgreSQL advisory lock every Switchboard writer of one
/// PBX database takes ("SwBdPlan"): advisory locks are per database, so one
/// key serves every PBX. Released by the server at commit or rollback, and
/// when the session ends (a process killed halfway).
const PG_PLAN_LOCK: i64 = 0x5377_4264_506c_616e;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
    MySql,
}

impl Dialect {
    /// `column` is a plan number: one or more ASCII digits.
    pub fn digits_only(self, column: &str) -> String {
        match self {
            Dialect::Sqlite => format!("({column} <> '' AND {column} NOT GLOB '*[^0-9]*')"),
            Dialect::Postgres => format!("({column} ~ '^[0-9]+$')"),
            Dialect::MySql => format!("({column} REGEXP '^[0-9]+$')"),
        }
    }

    /// `column` holds at least one character that is not a digit.
    pub fn has_non_digit(self, column: &str) -> String {
        match self {
            Dialect::Sqlite => format!("({column} GLOB '*[^0-9]*')"),
            Dialect::Postgres => format!("({column} ~ '[^0-9]')"),
            Dialect::MySql => format!("({column} REGEXP '[^0-9]')"),
        }
    }

    /// LIKE without regard to case, as SQLite's LIKE and MySQL's `_ci`
    /// collations already are (PostgreSQL's LIKE is case-sensitive).
    pub fn like_any_case(self) -> &'static str {
        match self {
            Dialect::Postgres => "ILIKE",
            Dialect::Sqlite | Dialect::MySql => "LIKE",
        }
    }

    /// A column name that is a reserved word somewhere (`match` is one in
    /// MySQL).
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::MySql => format!("`{name}`"),
            Dialect::Sqlite | Dialect::Postgres => format!("\"{name}\""),
        }
    }

    /// Renders `?N` placeholders for this server. Returns the SQL and, for
    /// each placeholder in order, the index of the value it takes (MySQL
    /// binds per use, so a value used twice is bound twice).
    fn render(self, sql: &str, values: usize) -> Result<(String, Vec<usize>), AppError> {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut order = Vec::new();
        let mut quote: Option<char> = None;
        let mut chars = sql.chars().peekable();
        while let Some(c) = chars.next() {
            if let Some(q) = quote {
                out.push(c);
                if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '\'' | '"' | '`' => {
                    quote = Some(c);
                    out.push(c);
                }
                '?' => {
                    let mut digits = String::new();
                    while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                        digits.push(*d);
                        chars.next();
                    }
                    let index = digits
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=values).contains(n))
                        .ok_or_else(|| {
                            crate::server::errors::internal(format_args!(
                                "statement placeholder ?{digits} without a value: {sql}"
                            ))
                        })?;
                    match self {
                        Dialect::Sqlite => out.push_str(&format!("?{index}")),
                        Dialect::Postgres => out.push_str(&format!("${index}")),
                        Dialect::MySql => out.push('?'),
                    }
                    order.push(index - 1);
                }
                c => out.push(c),
            }
        }
        if self != Dialect::MySql {
            order = (0..values).collect();
        }
        Ok((out, order))
    }
}

/// A value bound to a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Float(f64),
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::Text(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::Text(value)
    }
}

impl From<&String> for Value {
    fn from(value: &String) -> Self {
        Value::Text(value.clone())
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Int(value)
    }
}

impl From<f64> for Value {
    fn from(value: f64) -> Self {
        Value::Float(value)
    }
}

/// One statement and its values.
#[derive(Debug, Clone)]
pub struct Query {
    sql: String,
    values: Vec<Value>,
    /// Whether the connection keeps the prepared statement for its next
    /// run (see `Query::planned_each_time`).
    kept: bool,
}

/// A statement with `?1`, `?2`, … placeholders.
pub fn query(sql: impl Into<String>) -> Query {
    Query {
        sql: sql.into(),
        values: Vec::new(),
        kept: true,
    }
}

impl Query {
    /// The statement as written (placeholders not yet rendered).
    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.values.push(value.into());
        self
    }

    /// Prepared for this run only, so the server plans it afresh, for the
    /// statements that read a range of a large table (counts, statistics).
    ///
    /// Why: MariaDB 10.11 re-running a kept statement after the same
    /// connection ran a page that read the table in another index's
    /// order planned a whole index scan instead of the date range
    /// (Handler_read_next 1,000,000 instead of 344,616 for a month at
    /// 1 M rows): counts took 0.8–1.1 s against the client's 0.06–0.2 s.
    /// Prepared anew they read the range (56 ms against 155 ms kept).
    /// The prepare's extra round trip is nothing beside such a scan.
    pub fn planned_each_time(mut self) -> Self {
        self.kept = false;
        self
    }
}

/// A text bound with no declared type, so PostgreSQL infers it from where
/// it goes: into an enum column it becomes that enum (a `text` parameter is
/// refused there: "column is of type yesno_values but expression is of type
/// text"), compared with a varchar it is text. Its binary form is the text's
/// bytes, which is also an enum's.
struct Untyped<'a>(&'a str);

impl sqlx::Type<Postgres> for Untyped<'_> {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        sqlx::postgres::PgTypeInfo::with_oid(sqlx::postgres::types::Oid(0))
    }
}

impl<'q> sqlx::Encode<'q, Postgres> for Untyped<'_> {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <&str as sqlx::Encode<'q, Postgres>>::encode_by_ref(&self.0, buf)
    }
}

/// A pool of connections to one PBX database.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
    MySql(MySqlPool),
}

/// Connections one Switchboard process keeps to one PBX database at most: a
/// page's reads use one, a write one more. With `IDLE_CLOSE`, a portal
/// managing 500 PBXs holds only the connections of PBXs in use right now.
pub const MAX_CONNECTIONS: u32 = 4;

/// An unused connection is closed after this long.
pub const IDLE_CLOSE: Duration = Duration::from_secs(60);

impl Pool {
    /// A pool for a `sqlite://`, `postgres://` or `mysql://` URL (the
    /// password inside it). Opens nothing yet: the first statement does.
    /// SQLite files are never created (Asterisk owns them) and their locks
    /// waited for; the network servers are told the same time limit, so a
    /// statement cut off here does not run on there.
    pub fn connect_lazy(url: &str) -> Result<Pool, AppError> {
        use std::str::FromStr;
        let invalid = |error: sqlx::Error| database_error(error);
        let scheme = url.split(':').next().unwrap_or("").to_ascii_lowercase();
        Ok(match scheme.as_str() {
            "sqlite" => {
                let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)
                    .map_err(invalid)?
                    .create_if_missing(false)
                    .busy_timeout(Duration::from_secs(5));
                Pool::Sqlite(pool_options().connect_lazy_with(options))
            }
            "postgres" | "postgresql" => {
                Pool::postgres(sqlx::postgres::PgConnectOptions::from_str(url).map_err(invalid)?)
            }
            "mysql" | "mariadb" => {
                let url = url.replacen("mariadb:", "mysql:", 1);
                Pool::mysql(sqlx::mysql::MySqlConnectOptions::from_str(&url).map_err(invalid)?)
            }
            _ => return Err(AppError::BadRequest("not a database URL".into())),
        })
    }

    /// A PostgreSQL pool (see `connect_lazy`); opens nothing yet.
    pub fn postgres(options: sqlx::postgres::PgConnectOptions) -> Pool {
        Pool::Postgres(pool_options().connect_lazy_with(pg_limited(options)))
    }

    /// A PostgreSQL pool of one connection, for a check.
    pub fn postgres_one(options: sqlx::postgres::PgConnectOptions) -> Pool {
        Pool::Postgres(
            pool_options()
                .max_connections(1)
                .connect_lazy_with(pg_limited(options)),
        )
    }

    /// A MySQL/MariaDB pool (see `connect_lazy`); opens nothing yet.
    pub fn mysql(options: sqlx::mysql::MySqlConnectOptions) -> Pool {
        Pool::MySql(mysql_limited(pool_options::<MySql>()).connect_lazy_with(options))
    }

    /// A MySQL/MariaDB pool of one connection, for a check.
    pub fn mysql_one(options: sqlx::mysql::MySqlConnectOptions) -> Pool {
        Pool::MySql(
            mysql_limited(pool_options::<MySql>().max_connections(1)).connect_lazy_with(options),
        )
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Pool::Sqlite(_) => Dialect::Sqlite,
            Pool::Postgres(_) => Dialect::Postgres,
            Pool::MySql(_) => Dialect::MySql,
        }
    }

    /// A connection, waiting at most `QUERY_LIMIT` for one.
    pub async fn acquire(&self) -> Result<Conn, AppError> {
        Ok(Conn {
            link: self.link().await?,
            pool: self.clone(),
            first: true,
            dead: 0,
        })
    }

    async fn link(&self) -> Result<Link, AppError> {
        let acquire = async {
            Ok(match self {
                Pool::Sqlite(pool) => Link::Sqlite(pool.acquire().await?),
                Pool::Postgres(pool) => Link::Postgres(pool.acquire().await?),
                Pool::MySql(pool) => Link::MySql(pool.acquire().await?),
            })
        };
        match tokio::time::timeout(QUERY_LIMIT, acquire).await {
            Ok(result) => result.map_err(database_error),
            Err(_) => Err(timed_out()),
        }
    }

    /// A write transaction that holds the PBX's number plan from its first
    /// statement: what it reads (free numbers, versions) cannot change
    /// before it writes, also against another Switchboard process.
    ///
    /// - SQLite: `BEGIN IMMEDIATE` takes the file's write lock.
    /// - PostgreSQL: a transaction-scoped advisory lock (`PG_PLAN_LOCK`).
    /// - MySQL/MariaDB: a named lock per database (`GET_LOCK`), which lives
    ///   as long as the session; it is released after the commit, and a
    ///   transaction dropped unfinished closes its connection, which
    ///   releases it and rolls back.
    ///
    /// Rows are all-or-nothing by the server's own transactions (InnoDB on
    /// MySQL, which ast-db-manage's tables are).
    pub async fn write(&self) -> Result<WriteTx, AppError> {
        let conn = self.acquire().await?;
        let mut tx = WriteTx { conn, open: true };
        match tx.conn.dialect() {
            Dialect::Sqlite => tx.conn.raw("BEGIN IMMEDIATE").await?,
            Dialect::Postgres => {
                tx.conn.raw("BEGIN").await?;
                tx.conn
                    .fetch_one(query("SELECT pg_advisory_xact_lock(?1)").bind(PG_PLAN_LOCK))
                    .await?;
            }
            Dialect::MySql => {
                let seconds = QUERY_LIMIT.as_secs() as i64 - 1;
                let got = tx
                    .conn
                    .fetch_one(
                        query("SELECT GET_LOCK(CONCAT('switchboard-plan:', DATABASE()), ?1)")
                            .bind(seconds),
                    )
                    .await?
                    .int(0)?;
                if got != Some(1) {
                    return Err(timed_out());
                }
                tx.conn.raw("START TRANSACTION").await?;
            }
        }
        Ok(tx)
    }

    pub async fn close(&self) {
        match self {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
            Pool::MySql(pool) => pool.close().await,
        }
    }
}

/// PostgreSQL is told the statement time limit too, so a statement cut
/// off here does not go on running there; and dates as text are ISO
/// whatever the server's default (the call history shows them as
/// `YYYY-MM-DD HH:MM:SS`).
fn pg_limited(options: sqlx::postgres::PgConnectOptions) -> sqlx::postgres::PgConnectOptions {
    let limit_ms = QUERY_LIMIT.as_millis().to_string();
    options.application_name("switchboard").options([
        ("statement_timeout", limit_ms.as_str()),
        ("DateStyle", "ISO"),
    ])
}

/// MariaDB's name for the statement time limit, then MySQL's (which only
/// limits SELECTs), set on every new connection.
fn mysql_limited(options: sqlx::pool::PoolOptions<MySql>) -> sqlx::pool::PoolOptions<MySql> {
    let seconds = QUERY_LIMIT.as_secs();
    options.after_connect(move |connection: &mut sqlx::MySqlConnection, _| {
        Box::pin(async move {
            let mariadb = format!("SET SESSION max_statement_time = {seconds}");
            if connection.execute(mariadb.as_str()).await.is_err() {
                let mysql = format!("SET SESSION max_execution_time = {}", seconds * 1000);
                let _ = connection.execute(mysql.as_str()).await;
            }
            Ok(())
        })
    })
}

/// No ping before each statement (see `Conn`); SQLite's is a function
/// call, not a round trip, and there is no network to die.
fn pool_options<DB: sqlx::Database>() -> sqlx::pool::PoolOptions<DB> {
    sqlx::pool::PoolOptions::new()
        .test_before_acquire(false)
        .max_connections(MAX_CONNECTIONS)
        .min_connections(0)
        .idle_timeout(Some(IDLE_CLOSE))
        .acquire_timeout(QUERY_LIMIT)
}

/// One connection taken from a `Pool`.
///
/// The network pools hand out an idle connection without a ping first
/// (sqlx's `test_before_acquire`, one more round trip before every
/// statement: a page of 0.25 ms took 0.5–1 ms; docs/figures.md). A
/// connection that died while idle (the server restarted, or ended the
/// session) fails its first statement at once instead: that statement,
/// and only a connection's first (never one inside a transaction it
/// began), runs again on another, each dead one closed.
pub struct Conn {
    link: Link,
    pool: Pool,
    /// Nothing has run on it yet since it left the pool.
    first: bool,
    /// Dead connections this first statement met.
    dead: u32,
}

enum Link {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
    MySql(PoolConnection<MySql>),
}

/// Whether `error` says the connection itself is gone (rather than the
/// statement refused): the socket failed, or the server ended the session
/// (PostgreSQL's class 57P: shutdown, crash, or an administrator's
/// `pg_terminate_backend`).
fn connection_dead(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::Protocol(_) => true,
        sqlx::Error::Database(error) => error.code().is_some_and(|code| code.starts_with("57P")),
        _ => false,
    }
}

macro_rules! bound {
    ($sql:expr, $values:expr, $kept:expr, $order:expr, |$text:ident| $encode_text:expr) => {{
        let mut q = sqlx::query($sql).persistent($kept);
        for &index in $order {
            q = match &$values[index] {
                Value::Text($text) => q.bind($encode_text),
                Value::Int(int) => q.bind(*int),
                Value::Float(float) => q.bind(*float),
            };
        }
        q
    }};
}

/// Runs one statement on whichever connection `$conn` is, under the time
/// limit: `$run` is the sqlx method (`execute`, `fetch_all`, …) and `$map`
/// turns its result into ours.
macro_rules! run {
    ($conn:expr, $query:expr, $run:ident, |$result:ident| $map:expr) => {{
        let conn: &mut Conn = $conn;
        let query: &Query = &$query;
        let (sql, order) = conn.dialect().render(&query.sql, query.values.len())?;
        let values = &query.values;
        loop {
            let work = async {
                match &mut conn.link {
                    Link::Sqlite(c) => {
                        let $result = bound!(&sql, values, query.kept, &order, |t| t.as_str())
                            .$run(&mut **c)
                            .await?;
                        Ok::<_, sqlx::Error>($map)
                    }
                    Link::Postgres(c) => {
                        let $result =
                            bound!(&sql, values, query.kept, &order, |t| Untyped(t.as_str()))
                                .$run(&mut **c)
                                .await?;
                        Ok($map)
                    }
                    Link::MySql(c) => {
                        let $result = bound!(&sql, values, query.kept, &order, |t| t.as_str())
                            .$run(&mut **c)
                            .await?;
                        Ok($map)
                    }
                }
            };
            let outcome = tokio::time::timeout(QUERY_LIMIT, work).await;
            match outcome {
                Ok(Err(error)) if connection_dead(&error) => {
                    if conn.reconnect_first().await? {
                        continue;
                    }
                    break Err(database_error(error));
                }
                Ok(result) => {
                    conn.first = false;
                    break result.map_err(database_error);
                }
                Err(_) => {
                    conn.close_on_drop();
                    break Err(timed_out());
                }
            }
        }
    }};
}

impl Conn {
    pub fn dialect(&self) -> Dialect {
        match self.link {
            Link::Sqlite(_) => Dialect::Sqlite,
            Link::Postgres(_) => Dialect::Postgres,
            Link::MySql(_) => Dialect::MySql,
        }
    }

    /// After the connection turned out dead: closes it and, when nothing
    /// had run on it yet, takes another to run the statement again on
    /// (true). At most as many times as the pool has connections.
    async fn reconnect_first(&mut self) -> Result<bool, AppError> {
        self.close_on_drop();
        self.dead += 1;
        if !self.first || self.dead > MAX_CONNECTIONS {
            return Ok(false);
        }
        self.link = self.pool.link().await?;
        Ok(true)
    }

    /// The number of rows changed.
    pub async fn execute(&mut self, query: Query) -> Result<u64, AppError> {
        run!(self, query, execute, |done| done.rows_affected())
    }

    pub async fn fetch_all(&mut self, query: Query) -> Result<Vec<Row>, AppError> {
        run!(self, query, fetch_all, |rows| rows
            .into_iter()
            .map(Row::from)
            .collect())
    }

    pub async fn fetch_optional(&mut self, query: Query) -> Result<Option<Row>, AppError> {
        Ok(self.fetch_all(query).await?.into_iter().next())
    }

    pub async fn fetch_one(&mut self, query: Query) -> Result<Row, AppError> {
        self.fetch_optional(query).await?.ok_or_else(|| {
            crate::server::errors::internal("a statement that returns a row returned none")
        })
    }

    /// The first column of every row, as text.
    pub async fn texts(&mut self, query: Query) -> Result<Vec<String>, AppError> {
        self.fetch_all(query)
            .await?
            .iter()
            .map(|row| Ok(row.text(0)?.unwrap_or_default()))
            .collect()
    }

    /// Every row of `query` through `each`, one at a time as the server
    /// sends them, never gathered: a result too long for one statement's
    /// time limit (a CDR export of millions of rows, read as fast as its
    /// download goes). `each` says whether to go on. The server's own
    /// limit is lifted for the statement (PostgreSQL: for the transaction
    /// the caller must have begun; MySQL: for the session, whose connection
    /// is then closed rather than reused), and the time limit applies to
    /// the wait for each row instead: a statement that must sort a huge
    /// range before its first row still ends with "did not answer within
    /// N s".
    pub(super) async fn each_row<F, Fut>(
        &mut self,
        query: Query,
        mut each: F,
    ) -> Result<(), AppError>
    where
        F: FnMut(Row) -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        use futures_util::StreamExt as _;
        match self.dialect() {
            Dialect::Postgres => self.raw("SET LOCAL statement_timeout = 0").await?,
            Dialect::MySql => {
                self.close_on_drop();
                if self
                    .raw("SET SESSION max_statement_time = 0")
                    .await
                    .is_err()
                {
                    self.raw("SET SESSION max_execution_time = 0").await?;
                }
            }
            Dialect::Sqlite => {}
        }
        let (sql, order) = self.dialect().render(&query.sql, query.values.len())?;
        let values = &query.values;
        macro_rules! stream {
            ($c:expr, |$text:ident| $encode_text:expr) => {{
                let mut rows =
                    bound!(&sql, values, query.kept, &order, |$text| $encode_text).fetch(&mut **$c);
                let outcome = loop {
                    match tokio::time::timeout(QUERY_LIMIT, rows.next()).await {
                        Err(_) => break Err(timed_out()),
                        Ok(None) => break Ok(()),
                        Ok(Some(Err(error))) => break Err(database_error(error)),
                        Ok(Some(Ok(row))) => {
                            if !each(Row::from(row)).await {
                                break Ok(());
                            }
                        }
                    }
                };
                drop(rows);
                if outcome.is_err() {
                    $c.close_on_drop();
                }
                outcome
            }};
        }
        self.first = false;
        match &mut self.link {
            Link::Sqlite(c) => stream!(c, |t| t.as_str()),
            Link::Postgres(c) => stream!(c, |t| Untyped(t.as_str())),
            Link::MySql(c) => stream!(c, |t| t.as_str()),
        }
    }

    /// A statement without values, sent as plain text (transaction control
    /// cannot be a prepared statement on every server).
    pub(super) async fn raw(&mut self, sql: &'static str) -> Result<(), AppError> {
        loop {
            let work = async {
                match &mut self.link {
                    Link::Sqlite(c) => c.execute(sql).await.map(|_| ()),
                    Link::Postgres(c) => c.execute(sql).await.map(|_| ()),
                    Link::MySql(c) => c.execute(sql).await.map(|_| ()),
                }
            };
            match tokio::time::timeout(QUERY_LIMIT, work).await {
                Ok(Err(error)) if connection_dead(&error) => {
                    if self.reconnect_first().await? {
                        continue;
                    }
                    return Err(database_error(error));
                }
                Ok(result) => {
                    self.first = false;
                    return result.map_err(database_error);
                }
                Err(_) => {
                    self.close_on_drop();
                    return Err(timed_out());
                }
            }
        }
    }

    /// Closes the connection when it is dropped instead of returning it to
    /// the pool: its state is unknown (a statement cut off by the time
    /// limit, a transaction never finished).
    pub(super) fn close_on_drop(&mut self) {
        match &mut self.link {
            Link::Sqlite(c) => c.close_on_drop(),
            Link::Postgres(c) => c.close_on_drop(),
            Link::MySql(c) => c.close_on_drop(),
        }
    }
}

/// A write transaction (`Pool::write`). Dropped without `commit`, it rolls
/// back: its connection is closed, and the server undoes what it wrote.
pub struct WriteTx {
    conn: Conn,
    open: bool,
}

impl WriteTx {
    pub async fn commit(mut self) -> Result<(), AppError> {
        self.conn.raw("COMMIT").await?;
        if self.conn.dialect() == Dialect::MySql {
            self.conn
                .raw("DO RELEASE_LOCK(CONCAT('switchboard-plan:', DATABASE()))")
                .await?;
        }
        self.open = false;
        Ok(())
    }
}

impl std::ops::Deref for WriteTx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.conn
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if self.open {
            self.conn.close_on_drop();
        }
    }
}

/// What a cell holds, as `Row::any_text` reads it.
enum Kind {
    Float,
    Integer,
    Text,
}

/// One row of a result.
pub enum Row {
    Sqlite(Box<SqliteRow>),
    Postgres(Box<PgRow>),
    MySql(Box<MySqlRow>),
}

impl Row {
    /// A text column (PostgreSQL enums included), `None` for NULL.
    pub fn text(&self, index: usize) -> Result<Option<String>, AppError> {
        let decoded = match self {
            Row::Sqlite(row) => row.try_get::<Option<String>, _>(index),
            // Unchecked: an enum's value is its label, and sqlx's check
            // only knows the text types by name.
            Row::Postgres(row) => row.try_get_unchecked::<Option<String>, _>(index),
            Row::MySql(row) => row.try_get_unchecked::<Option<String>, _>(index),
        };
        decoded.map_err(database_error)
    }

    /// An integer column of any width (or a boolean), `None` for NULL.
    pub fn int(&self, index: usize) -> Result<Option<i64>, AppError> {
        let decoded = match self {
            Row::Sqlite(row) => row.try_get::<Option<i64>, _>(index),
            Row::Postgres(row) => pg_int(row, index),
            Row::MySql(row) => row
                .try_get::<Option<i64>, _>(index)
                .or_else(|_| {
                    row.try_get::<Option<u64>, _>(index)
                        .map(|v| v.map(|v| v as i64))
                })
                .or_else(|_| {
                    row.try_get::<Option<bool>, _>(index)
                        .map(|v| v.map(i64::from))
                }),
        };
        decoded.map_err(database_error)
    }
}

impl Row {
    /// Any column as text, whatever its type: a number as its digits, text
    /// as it is, `None` for NULL. For values a PBX wrote, where a column's
    /// type is whatever its admin gave it (a date or time must be cast to
    /// text in the statement: its binary form is no text).
    pub fn any_text(&self, index: usize) -> Result<Option<String>, AppError> {
        match self.kind(index)? {
            None => Ok(None),
            Some(Kind::Float) => Ok(Some(self.float(index)?.to_string())),
            Some(Kind::Integer) => Ok(self.int(index)?.map(|n| n.to_string())),
            Some(Kind::Text) => self.text(index),
        }
    }

    /// What the column holds, `None` for NULL (on SQLite, the value's own
    /// type). Read from the type's name in place: a copy of it per cell
    /// was a tenth of a sub-millisecond page (docs/figures.md).
    fn kind(&self, index: usize) -> Result<Option<Kind>, AppError> {
        use sqlx::TypeInfo as _;
        // SQLite's value types, PostgreSQL's and MySQL's type names. MySQL's
        // integer types end in INT (TINYINT … BIGINT), UNSIGNED after;
        // DECIMAL travels as text.
        fn of(name: &str) -> Kind {
            match name {
                "REAL" | "FLOAT4" | "FLOAT8" | "FLOAT" | "DOUBLE" => Kind::Float,
                "INTEGER" | "INT2" | "INT4" | "INT8" | "BOOL" | "BOOLEAN" | "YEAR" => Kind::Integer,
                name if name.ends_with("INT") || name.contains("INT ") => Kind::Integer,
                _ => Kind::Text,
            }
        }
        macro_rules! kind_of {
            ($row:expr) => {{
                let raw = $row.try_get_raw(index).map_err(database_error)?;
                (!raw.is_null()).then(|| of(raw.type_info().name()))
            }};
        }
        Ok(match self {
            Row::Sqlite(row) => kind_of!(row),
            Row::Postgres(row) => kind_of!(row),
            Row::MySql(row) => kind_of!(row),
        })
    }

    fn float(&self, index: usize) -> Result<f64, AppError> {
        match self {
            Row::Sqlite(row) => row.try_get::<f64, _>(index),
            Row::Postgres(row) => row.try_get::<f64, _>(index),
            Row::MySql(row) => row.try_get::<f64, _>(index),
        }
        .map_err(database_error)
    }

    /// Any column as a number: an integer as it is, text by its digits
    /// (`None` for NULL or text that is no number).
    pub fn any_number(&self, index: usize) -> Result<Option<i64>, AppError> {
        match self.kind(index)? {
            None => Ok(None),
            Some(Kind::Integer) => self.int(index),
            Some(Kind::Float) => Ok(Some(self.float(index)? as i64)),
            Some(Kind::Text) => Ok(self.text(index)?.and_then(|text| {
                let text = text.trim();
                text.parse::<i64>()
                    .ok()
                    .or_else(|| text.parse::<f64>().ok().map(|x| x as i64))
            })),
        }
    }
}

impl From<SqliteRow> for Row {
    fn from(row: SqliteRow) -> Self {
        Row::Sqlite(Box::new(row))
    }
}

impl From<PgRow> for Row {
    fn from(row: PgRow) -> Self {
        Row::Postgres(Box::new(row))
    }
}

impl From<MySqlRow> for Row {
    fn from(row: MySqlRow) -> Self {
        Row::MySql(Box::new(row))
    }
}

fn pg_int(row: &PgRow, index: usize) -> Result<Option<i64>, sqlx::Error> {
    let raw = row.try_get_raw(index)?;
    if raw.is_null() {
        return Ok(None);
    }
    match raw.type_info().to_string().as_str() {
        "INT2" => row.try_get::<i16, _>(index).map(|v| Some(v.into())),
        "INT4" => row.try_get::<i32, _>(index).map(|v| Some(v.into())),
        "BOOL" => row.try_get::<bool, _>(index).map(|v| Some(v.into())),
        _ => row.try_get::<i64, _>(index).map(Some),
    }
}

fn timed_out() -> AppError {
    AppError::Pbx(CheckProblem::DatabaseTimeout {
        seconds: QUERY_LIMIT.as_secs(),
    })
}

/// A PBX database's failure, as the page that needed it says it: the
/// server's own message (never a secret: drivers do not echo passwords).
pub fn database_error(error: sqlx::Error) -> AppError {
    match error {
        sqlx::Error::PoolTimedOut => timed_out(),
        sqlx::Error::Database(error) if stopped_by_time_limit(error.as_ref()) => timed_out(),
        sqlx::Error::Database(error) => AppError::Pbx(CheckProblem::DatabaseRefused {
            reason: error.message().chars().take(300).collect(),
        }),
        other => AppError::Pbx(CheckProblem::DatabaseUnreadable {
            reason: other.to_string().chars().take(300).collect(),
        }),
    }
}

/// Whether the server itself stopped the statement at the time limit it
/// was given (`pg_limited`, `mysql_limited`), which often comes a moment
/// before ours: MariaDB's 1969 (max_statement_time), MySQL's 3024
/// (max_execution_time), PostgreSQL's 57014 for its statement_timeout. The
/// admin reads the same "did not answer within N s" either way.
fn stopped_by_time_limit(error: &dyn sqlx::error::DatabaseError) -> bool {
    if let Some(mysql) = error.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>() {
        return matches!(mysql.number(), 1969 | 3024);
    }
    error.code().as_deref() == Some("57014") && error.message().contains("statement timeout")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rendered_per_server() {
        let sql = "SELECT a FROM t WHERE b = ?2 AND c = '?1' AND d = ?1 AND e = ?2";
        assert_eq!(
            Dialect::Sqlite.render(sql, 2).unwrap(),
            (sql.to_owned(), vec![0, 1])
        );
        assert_eq!(
            Dialect::Postgres.render(sql, 2).unwrap().0,
            "SELECT a FROM t WHERE b = $2 AND c = '?1' AND d = $1 AND e = $2"
        );
        assert_eq!(
            Dialect::MySql.render(sql, 2).unwrap(),
            (
                "SELECT a FROM t WHERE b = ? AND c = '?1' AND d = ? AND e = ?".to_owned(),
                vec![1, 0, 1]
            )
        );
    }

    #[test]
    fn a_placeholder_without_its_value_is_refused() {
        assert!(Dialect::MySql.render("SELECT ?3", 2).is_err());
        assert!(Dialect::Postgres.render("SELECT ?", 1).is_err());
    }
}
