//! Call history at scale: fills a CDR table with realistic rows, then times
//! the searches the Call history page makes and the CSV export.
//!
//!   cdr-bench generate FILE asterisk|freepbx [ROWS]   (default 1,000,000)
//!   cdr-bench run FILE
//!   cdr-bench copy FILE URL      the file's rows into the CDR table of a
//!                                PostgreSQL or MySQL/MariaDB database
//!                                (URL with its owner's password)
//!   cdr-bench run-network URL    the same searches on that database
//!   cdr-bench index URL          the advised indexes and ANALYZE only
//!   cdr-bench scale URL PASSWORD FIRST LAST
//!                                FreePBX's scale (`scripts/bench-cdr-scale`):
//!                                a CDR whose rows span the days FIRST to
//!                                LAST, reached as a saved connection is
//!                                (URL without its password): first pages,
//!                                a call's legs, the first summary of its
//!                                history, then a month's statistics
//!
//! Rows are written in the order of their start, as a PBX appends them
//! when calls end, and span the 90 days up to 2026-11-22 (the day "today" is pinned to),
//! busier in office hours; 200 extensions (1000–1199) and outside numbers;
//! 70 % answered, 15 % no answer, 10 % busy, 5 % failed. `scripts/bench-cdr`
//! runs both steps.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use scheduled_thread_pool::ScheduledThreadPool;
use sqlx::ConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use switchboard::model::{CdrFilter, CdrSort};
use switchboard::server::realtime::backend::{self, Dialect, Pool};
use switchboard::server::realtime::cdr::{self, CdrSource, CdrTable, Search, SqlValue, Statements};
use time::macros::date;

type Error = Box<dyn std::error::Error + Send + Sync>;

const FREEPBX_TABLE: &str = "CREATE TABLE cdr (calldate DATETIME, clid TEXT, src TEXT, \
    dst TEXT, dcontext TEXT, channel TEXT, dstchannel TEXT, lastapp TEXT, lastdata TEXT, \
    duration INTEGER, billsec INTEGER, disposition TEXT, amaflags INTEGER, accountcode TEXT, \
    uniqueid TEXT, userfield TEXT, did TEXT, recordingfile TEXT, cnum TEXT, cnam TEXT, \
    outbound_cnum TEXT, outbound_cnam TEXT, dst_cnam TEXT, linkedid TEXT, peeraccount TEXT, \
    sequence INTEGER)";

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("generate") if args.len() >= 4 => {
            let rows = args
                .get(4)
                .and_then(|n| n.parse().ok())
                .unwrap_or(1_000_000);
            generate(&args[2], &args[3], rows).await
        }
        Some("run") if args.len() >= 3 => run(&Target::File(args[2].clone())).await,
        Some("copy") if args.len() >= 4 => copy(&args[2], &args[3]).await,
        Some("run-network") if args.len() >= 3 => {
            let pool = Pool::connect_lazy(&args[2]).map_err(|e| e.to_string())?;
            run(&Target::Network {
                url: args[2].clone(),
                pool,
            })
            .await
        }
        Some("index") if args.len() >= 3 => index(&args[2]).await,
        Some("scale") if args.len() >= 6 => scale(&args[2], &args[3], &args[4], &args[5]).await,
        _ => {
            eprintln!(
                "usage: cdr-bench generate FILE asterisk|freepbx [ROWS] | run FILE | \
                 copy FILE URL | run-network URL | index URL | \
                 scale URL PASSWORD FIRST LAST"
            );
            std::process::exit(2);
        }
    }
}

async fn generate(file: &str, schema: &str, rows: u64) -> Result<(), Error> {
    let _ = std::fs::remove_file(file);
    let mut db = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(true)
        .connect()
        .await?;
    let started = Instant::now();
    let freepbx = schema == "freepbx";
    if freepbx {
        sqlx::raw_sql(FREEPBX_TABLE).execute(&mut db).await?;
    } else {
        switchboard::server::realtime::create_schema(&mut db).await?;
    }
    let start = if freepbx { "calldate" } else { "start" };
    // Columns both schemas have, then the FreePBX-only ones.
    let (extra_columns, extra_values) = if freepbx {
        (
            ", did, recordingfile, cnum, cnam",
            ", CASE WHEN inbound THEN '0155500' || (r % 100) ELSE '' END, \
             CASE WHEN r % 7 = 0 AND disposition = 'ANSWERED' THEN 'rec-' || i || '.wav' ELSE '' END, \
             src, 'Caller ' || (r % 500)",
        )
    } else {
        ("", "")
    };
    let sql = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}), \
         raw AS (SELECT i, abs(random()) AS r, abs(random()) AS s FROM n), \
         shaped AS (SELECT i, r, s, \
           r % 3 = 0 AS inbound, \
           datetime('2026-11-22 23:59:59', \
             '-' || (s % 90) || ' days', \
             '-' || (CASE WHEN s % 10 < 8 THEN 15 - (r % 10) ELSE r % 24 END) || ' hours', \
             '-' || (r % 3600) || ' seconds') AS at, \
           CASE WHEN r % 20 < 14 THEN 'ANSWERED' WHEN r % 20 < 17 THEN 'NO ANSWER' \
                WHEN r % 20 < 19 THEN 'BUSY' ELSE 'FAILED' END AS disposition \
           FROM raw), \
         calls AS (SELECT *, \
           CASE WHEN inbound THEN '0' || (100000000 + s % 899999999) ELSE CAST(1000 + s % 200 AS TEXT) END AS src, \
           CASE WHEN inbound THEN CAST(1000 + r % 200 AS TEXT) \
                WHEN r % 2 = 0 THEN CAST(1000 + (s / 7) % 200 AS TEXT) \
                ELSE '0' || (100000000 + r % 899999999) END AS dst \
           FROM shaped) \
         INSERT INTO cdr ({start}, clid, src, dst, dcontext, channel, dstchannel, lastapp, lastdata, \
           duration, billsec, disposition, uniqueid, linkedid{extra_columns}) \
         SELECT at, '\"Caller ' || (r % 500) || '\" <' || src || '>', src, dst, 'from-internal', \
           'PJSIP/' || src || '-' || printf('%08x', i), 'PJSIP/' || dst || '-' || printf('%08x', i + 1), \
           'Dial', 'PJSIP/' || dst || ',30', \
           (r % 600) + 5, CASE WHEN disposition = 'ANSWERED' THEN r % 600 ELSE 0 END, disposition, \
           '1795' || i || '.' || (i % 97), '1795' || i || '.' || (i % 97){extra_values} \
         FROM calls ORDER BY at"
    );
    sqlx::raw_sql(&format!("BEGIN; {sql}; COMMIT;"))
        .execute(&mut db)
        .await?;
    // The indexes the Call history advises (our schema's migrations have
    // them already; FreePBX's table has none).
    let table = CdrTable::inspect(&source(file))
        .await
        .map_err(|e| e.to_string())?;
    for statement in table.index_advice() {
        println!("{statement}");
        sqlx::raw_sql(&statement).execute(&mut db).await?;
    }
    // No ANALYZE: a PBX's CDR database has no statistics, and without
    // them SQLite plans differently (`scripts/bench-cdr` says how to
    // measure an analysed copy too).
    println!(
        "generated {rows} {schema} CDR rows in {file} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The call history's readers of `file`, as the server keeps them.
fn source(file: &str) -> CdrSource {
    CdrSource::new(Path::new(file), Arc::new(ScheduledThreadPool::new(1)))
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// p50 and p95 of some timings, in milliseconds.
fn percentiles(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    let at = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
    (at(50), at(95))
}

/// `sql` with its values written in as literals, for sqlite3's CLI (which
/// has no way to bind). Placeholders inside quotes are left alone.
fn inline(sql: &str, values: &[&SqlValue]) -> String {
    let mut values = values.iter();
    let mut out = String::with_capacity(sql.len() + 64);
    let mut quoted = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => match values.next() {
                Some(SqlValue::Text(text)) => {
                    out.push('\'');
                    out.push_str(&text.replace('\'', "''"));
                    out.push('\'');
                }
                Some(SqlValue::Number(n)) => out.push_str(&n.to_string()),
                None => out.push_str("NULL"),
            },
            c => out.push(c),
        }
    }
    out
}

/// Wall time of one sqlite3 CLI process (read-only, output thrown away)
/// running `script`, in ms.
fn cli_wall(file: &str, script: &str) -> Result<f64, Error> {
    use std::io::Write;
    let started = Instant::now();
    let mut child = std::process::Command::new("sqlite3")
        .args(["-readonly", file])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(script.as_bytes())?;
    let output = child.wait_with_output()?;
    if !output.status.success() || !output.stderr.is_empty() {
        return Err(format!("sqlite3: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

/// The CLI's mean time for `sql`, in ms: one process runs it `runs` times
/// after one untimed run, less the same process running a trivial
/// statement as often (start-up, opening the file). The CLI's own
/// `.timer` counts whole milliseconds only, too coarse for a page. The
/// median of three such differences: one process's start varies by more
/// than a fast page takes.
fn cli_mean(file: &str, sql: &str, runs: usize) -> Result<f64, Error> {
    let script = |statement: &str, times: usize| format!("{statement};\n").repeat(times);
    let mut means = Vec::new();
    for _ in 0..3 {
        let with = cli_wall(file, &script(sql, runs + 1))?;
        let warm_only = cli_wall(file, &(script(sql, 1) + &script("SELECT 1", runs)))?;
        means.push(((with - warm_only) / runs as f64).max(0.0));
    }
    means.sort_by(f64::total_cmp);
    Ok(means[1])
}

/// How often the CLI runs a statement that takes us `mean` ms: enough for
/// about 300 ms of its work, so that its start-up's jitter is small
/// beside it, and never fewer than our own runs.
fn cli_runs(times: &[f64]) -> usize {
    let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
    ((300.0 / mean.max(0.001)).ceil() as usize).clamp(RUNS, 3000)
}

fn report(what: &str, ours: Vec<f64>, baseline: f64, baseline_name: &str) {
    let mean = ours.iter().sum::<f64>() / ours.len() as f64;
    let (p50, p95) = percentiles(ours);
    println!(
        "  {what:<6} ours p50 {p50:8.2} ms  p95 {p95:8.2} ms  mean {mean:8.2} ms | {baseline_name} mean {baseline:8.2} ms | ratio of means {:.2}",
        mean / baseline.max(0.001)
    );
}

const RUNS: usize = 20;

/// Where a run reads: a generated file (compared with SQLite's CLI), or a
/// network database (compared with its own client, psql or mariadb, on the
/// same statement, also for the export; the server's own timing of the
/// statement is shown beside).
enum Target {
    File(String),
    Network { url: String, pool: Pool },
}

impl Target {
    fn source(&self) -> CdrSource {
        match self {
            Target::File(file) => source(file),
            Target::Network { pool, .. } => CdrSource::network(pool.clone()),
        }
    }

    fn baseline_name(&self) -> &'static str {
        match self {
            Target::File(_) => "sqlite3",
            Target::Network { pool, .. } => match pool.dialect() {
                Dialect::Postgres => "psql",
                _ => "mariadb",
            },
        }
    }

    /// The baseline's mean for `sql` (values written in), in ms.
    async fn baseline(&self, sql: &str, ours: &[f64]) -> Result<f64, Error> {
        match self {
            Target::File(file) => cli_mean(file, sql, cli_runs(ours)),
            Target::Network { url, pool } => {
                let server = server_mean(pool, sql).await?;
                let cli = network_cli_mean(url, pool.dialect(), sql, cli_runs(ours))?;
                println!("    (the server's own timing of it: {server:.2} ms)");
                Ok(cli)
            }
        }
    }

    /// The baseline's wall time for the export's statement as CSV, in s.
    fn export_baseline(&self, sql: &str) -> Result<f64, Error> {
        match self {
            Target::File(file) => Ok(cli_wall(file, &format!(".mode csv\n{sql};\n"))? / 1000.0),
            Target::Network { url, pool } => network_cli_csv(url, pool.dialect(), sql),
        }
    }
}

/// What the server itself says a statement took, in ms (planning and
/// execution; no network, no client): PostgreSQL's `EXPLAIN ANALYZE`,
/// MariaDB's `ANALYZE FORMAT=JSON`. The median of five, after one run.
async fn server_mean(pool: &Pool, sql: &str) -> Result<f64, Error> {
    let mut connection = pool.acquire().await.map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    for run in 0..6 {
        let ms = match pool.dialect() {
            Dialect::Postgres => {
                let lines = connection
                    .texts(backend::query(format!(
                        "EXPLAIN (ANALYZE, TIMING OFF, FORMAT TEXT) {sql}"
                    )))
                    .await
                    .map_err(|e| e.to_string())?;
                lines
                    .iter()
                    .filter_map(|line| {
                        let line = line.trim();
                        let rest = line
                            .strip_prefix("Planning Time: ")
                            .or_else(|| line.strip_prefix("Execution Time: "))?;
                        rest.trim_end_matches(" ms").parse::<f64>().ok()
                    })
                    .sum::<f64>()
            }
            _ => {
                let json = connection
                    .texts(backend::query(format!("ANALYZE FORMAT=JSON {sql}")))
                    .await
                    .map_err(|e| e.to_string())?;
                let value: serde_json::Value =
                    serde_json::from_str(json.first().map(String::as_str).unwrap_or("{}"))?;
                value["query_block"]["r_total_time_ms"]
                    .as_f64()
                    .ok_or("no r_total_time_ms in ANALYZE FORMAT=JSON")?
            }
        };
        if run > 0 {
            times.push(ms);
        }
    }
    Ok(percentiles(times).0)
}

/// The server's own command-line client's time for `sql`, in ms: the
/// statement `runs` times in one session (rows to /dev/null), less the same
/// session running it once and `SELECT 1` the other times (start-up,
/// sign-in, a round trip each); the median of three.
fn network_cli_mean(url: &str, dialect: Dialect, sql: &str, runs: usize) -> Result<f64, Error> {
    let script = |statement: &str, times: usize| format!("{statement};\n").repeat(times);
    let mut means = Vec::new();
    for _ in 0..3 {
        let with = network_cli_wall(url, dialect, &script(sql, runs + 1))?;
        let warm_only =
            network_cli_wall(url, dialect, &(script(sql, 1) + &script("SELECT 1", runs)))?;
        means.push(((with - warm_only) / runs as f64).max(0.0));
    }
    means.sort_by(f64::total_cmp);
    Ok(means[1])
}

/// The server's own command-line client for `url` (with its password),
/// `psql_args` after the connection's own, or `mariadb_args` before the
/// database's name.
fn client(
    url: &str,
    dialect: Dialect,
    psql_args: &[&str],
    mariadb_args: &[&str],
) -> Result<std::process::Command, Error> {
    let parsed = url::Url::parse(url)?;
    Ok(match dialect {
        Dialect::Postgres => {
            let mut command = std::process::Command::new("psql");
            command.args(["-X", "-q", url]).args(psql_args);
            command
        }
        _ => {
            let mut command = std::process::Command::new("mariadb");
            command
                .args([
                    "--no-defaults",
                    "-h",
                    parsed.host_str().unwrap_or("127.0.0.1"),
                    "-P",
                    &parsed.port().unwrap_or(3306).to_string(),
                    "-u",
                    parsed.username(),
                    &format!("-p{}", parsed.password().unwrap_or("")),
                ])
                .args(mariadb_args)
                .arg(parsed.path().trim_start_matches('/'));
            command
        }
    })
}

/// Wall time of `psql` or `mariadb` reading `input`, in ms.
fn network_cli_wall(url: &str, dialect: Dialect, input: &str) -> Result<f64, Error> {
    use std::io::Write as _;
    let mut command = client(
        url,
        dialect,
        &["-A", "-t", "-v", "ON_ERROR_STOP=1"],
        &["-N", "-B"],
    )?;
    let started = Instant::now();
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(input.as_bytes())?;
    let output = child.wait_with_output()?;
    if !output.status.success() {
        return Err(format!(
            "{dialect:?} client: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

/// Wall time of the server's own command-line client writing `sql`'s rows
/// as CSV (psql's `\copy … TO STDOUT`) or tab-separated text (`mariadb
/// -B`) to /dev/null, in s: what an admin's own export would take.
fn network_cli_csv(url: &str, dialect: Dialect, sql: &str) -> Result<f64, Error> {
    let copy = format!("\\copy ({sql}) TO STDOUT CSV");
    let mut command = client(url, dialect, &["-c", &copy], &["-B", "-e", sql])?;
    let started = Instant::now();
    let output = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "{dialect:?} client: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(started.elapsed().as_secs_f64())
}

/// Copies every row of a generated file's CDR table into the network
/// database's `cdr` (which must exist, empty, in the schema of the file),
/// 1,000 rows per INSERT (`index` then adds what the page advises).
async fn copy(file: &str, url: &str) -> Result<(), Error> {
    let started = Instant::now();
    let reader =
        rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let freepbx = reader
        .prepare("SELECT 1 FROM pragma_table_info('cdr') WHERE name = 'calldate'")?
        .exists([])?;
    let mut columns = vec![
        if freepbx { "calldate" } else { "start" },
        "clid",
        "src",
        "dst",
        "dcontext",
        "channel",
        "dstchannel",
        "lastapp",
        "lastdata",
        "duration",
        "billsec",
        "disposition",
        "uniqueid",
        "linkedid",
    ];
    if freepbx {
        columns.extend(["did", "recordingfile", "cnum", "cnam"]);
    }
    let list = columns.join(", ");
    let pool = Pool::connect_lazy(url).map_err(|e| e.to_string())?;
    let mut connection = pool.acquire().await.map_err(|e| e.to_string())?;
    let mut statement = reader.prepare(&format!("SELECT {list} FROM cdr ORDER BY rowid"))?;
    let mut rows = statement.query([])?;
    let mut batch: Vec<Vec<backend::Value>> = Vec::with_capacity(1000);
    let mut copied = 0u64;
    loop {
        let row = rows.next()?;
        if let Some(row) = row {
            let mut values = Vec::with_capacity(columns.len());
            for index in 0..columns.len() {
                values.push(match row.get_ref(index)? {
                    rusqlite::types::ValueRef::Integer(n) => backend::Value::Int(n),
                    rusqlite::types::ValueRef::Real(x) => backend::Value::Float(x),
                    rusqlite::types::ValueRef::Text(t) => {
                        backend::Value::Text(String::from_utf8_lossy(t).into_owned())
                    }
                    _ => backend::Value::Text(String::new()),
                });
            }
            batch.push(values);
        }
        if batch.len() == 1000 || (row.is_none() && !batch.is_empty()) {
            let mut n = 0;
            let tuples: Vec<String> = batch
                .iter()
                .map(|values| {
                    let placeholders: Vec<String> = values
                        .iter()
                        .enumerate()
                        .map(|(column, _)| {
                            n += 1;
                            // The start is text in the file: PostgreSQL
                            // takes a timestamp only from text typed as
                            // such (sqlx binds in binary form).
                            if column == 0 && pool.dialect() == Dialect::Postgres {
                                format!("CAST(CAST(?{n} AS TEXT) AS TIMESTAMP)")
                            } else {
                                format!("?{n}")
                            }
                        })
                        .collect();
                    format!("({})", placeholders.join(", "))
                })
                .collect();
            let query = batch.drain(..).flatten().fold(
                backend::query(format!(
                    "INSERT INTO cdr ({list}) VALUES {}",
                    tuples.join(", ")
                )),
                |query, value| query.bind(value),
            );
            copied += connection.execute(query).await.map_err(|e| e.to_string())?;
        }
        if row.is_none() {
            break;
        }
    }
    println!(
        "copied {copied} rows into {:?} in {:.1} s",
        pool.dialect(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Creates the indexes the page advises for the network database's `cdr`
/// and gives the server its statistics (a production server's autovacuum
/// or InnoDB has them). MariaDB builds them all in one pass of the table.
async fn index(url: &str) -> Result<(), Error> {
    use sqlx::Connection as _;
    let pool = Pool::connect_lazy(url).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let network = CdrSource::network(pool.clone());
    let table = CdrTable::inspect(&network)
        .await
        .map_err(|e| e.to_string())?;
    let advice = table.index_advice();
    let statements = match pool.dialect() {
        Dialect::MySql if !advice.is_empty() => vec![format!(
            "ALTER TABLE cdr {}",
            advice
                .iter()
                .map(|statement| {
                    // CREATE INDEX name ON cdr (columns);
                    let name = statement.split_whitespace().nth(2).unwrap_or("");
                    let columns = statement.split_once('(').map_or("", |(_, rest)| {
                        rest.trim_end_matches(';').trim_end_matches(')')
                    });
                    format!("ADD INDEX {name} ({columns})")
                })
                .collect::<Vec<_>>()
                .join(", ")
        )],
        _ => advice,
    };
    // On a connection of its own, without the app's time limit: building
    // an index on millions of rows takes minutes.
    let analyze = match pool.dialect() {
        Dialect::Postgres => "ANALYZE cdr",
        _ => "ANALYZE TABLE cdr",
    };
    for statement in statements.iter().map(String::as_str).chain([analyze]) {
        println!("{statement}");
        match pool.dialect() {
            Dialect::Postgres => {
                let mut connection = sqlx::PgConnection::connect(url).await?;
                sqlx::raw_sql(statement).execute(&mut connection).await?;
            }
            _ => {
                let mut connection = sqlx::MySqlConnection::connect(url).await?;
                sqlx::raw_sql(statement).execute(&mut connection).await?;
            }
        }
    }
    println!(
        "indexes and statistics in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn run(target: &Target) -> Result<(), Error> {
    let db = Arc::new(target.source());
    let table = CdrTable::inspect(&db).await.map_err(|e| e.to_string())?;
    let today = date!(2026 - 11 - 22);
    let range = |from: &str| CdrFilter {
        from: from.into(),
        to: "2026-11-22".into(),
        ..CdrFilter::default()
    };
    let scenarios: [(&str, CdrFilter); 8] = [
        ("today", CdrFilter::default()),
        (
            "a month, source prefix 10",
            CdrFilter {
                source: "10".into(),
                ..range("2026-10-23")
            },
        ),
        (
            "90 days, any number contains 555",
            CdrFilter {
                any_number: "%555".into(),
                ..range("2026-08-25")
            },
        ),
        (
            "90 days, page 5,000",
            CdrFilter {
                page: 5000,
                ..range("2026-08-25")
            },
        ),
        ("90 days, everything", range("2026-08-25")),
        (
            "90 days, longest first",
            CdrFilter {
                sort: CdrSort::Duration,
                ..range("2026-08-25")
            },
        ),
        (
            "a month, by source",
            CdrFilter {
                sort: CdrSort::Source,
                ascending: true,
                ..range("2026-10-23")
            },
        ),
        (
            "90 days, answered, 60 s or more",
            CdrFilter {
                disposition: "answered".into(),
                min_duration: Some(60),
                ..range("2026-08-25")
            },
        ),
    ];
    // CDR_BENCH_ONLY=export times the export alone (for a profiler).
    let export_only = std::env::var("CDR_BENCH_ONLY").is_ok_and(|v| v == "export");
    for (name, filter) in scenarios.into_iter().filter(|_| !export_only) {
        let search = Search::check(&filter, today).map_err(|e| format!("{e}"))?;
        let statements = Statements::new(&table, &search);
        let (mut page_times, mut count_times) = (Vec::new(), Vec::new());
        let mut total = 0;
        // As the CLI runs them: the same statement RUNS times in a row,
        // after one untimed run.
        for run in 0..=RUNS {
            let started = Instant::now();
            let page = cdr::search(&db, &search)
                .await
                .map_err(|e| format!("{e}"))?;
            if run > 0 {
                page_times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            assert!(!page.records.is_empty(), "{name}: an empty page");
        }
        for run in 0..=RUNS {
            let started = Instant::now();
            total = cdr::count(&db, &search).await.map_err(|e| format!("{e}"))?;
            if run > 0 {
                count_times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
        let page_values: Vec<_> = statements
            .values
            .iter()
            .chain(&statements.page_values)
            .collect();
        let values: Vec<_> = statements.values.iter().collect();
        println!("{name}: {total} rows match");
        let page_cli = target
            .baseline(&inline(&statements.page, &page_values), &page_times)
            .await?;
        report("page", page_times, page_cli, target.baseline_name());
        let count_cli = target
            .baseline(&inline(&statements.count, &values), &count_times)
            .await?;
        report("count", count_times, count_cli, target.baseline_name());
    }
    if !export_only {
        side_costs(&db, &range("2026-10-23"), today).await?;
    }
    // The export of everything (90 days), bytes counted as they stream.
    let everything = Search::check(&range("2026-08-25"), today).map_err(|e| format!("{e}"))?;
    let statements = Statements::new(&table, &everything);
    let before = peak_rss_kib();
    let started = Instant::now();
    let (sink, mut pieces) = tokio::sync::mpsc::channel(4);
    tokio::spawn(cdr::export(db.clone(), everything, sink));
    let (mut bytes, mut lines) = (0usize, 0usize);
    while let Some(piece) = pieces.recv().await {
        let piece = piece?;
        bytes += piece.len();
        lines += piece.iter().filter(|b| **b == b'\n').count();
    }
    let ours = started.elapsed().as_secs_f64();
    let values: Vec<_> = statements.values.iter().collect();
    let cli = target.export_baseline(&inline(&statements.export, &values))?;
    println!(
        "export of all rows: {} lines, {:.1} MB in {:.2} s ({} client: {:.2} s, ratio {:.2}); peak RSS {} MiB (before: {} MiB)",
        lines,
        bytes as f64 / 1e6,
        ours,
        target.baseline_name(),
        cli,
        ours / cli.max(0.001),
        peak_rss_kib() / 1024,
        before / 1024
    );
    Ok(())
}

/// What every page costs besides its query (reading the table's columns
/// and indexes), and the statistics of a month.
async fn side_costs(db: &CdrSource, month: &CdrFilter, today: time::Date) -> Result<(), Error> {
    // What reading the table's columns and indexes costs (pages reuse it
    // for 5 s).
    let started = Instant::now();
    for _ in 0..200 {
        CdrTable::inspect(db).await.map_err(|e| e.to_string())?;
    }
    println!(
        "table inspection (columns and indexes): {:.0} µs",
        started.elapsed().as_secs_f64() * 1e6 / 200.0
    );
    // The floor of any page: a day without calls.
    let empty = CdrFilter {
        from: "2020-01-01".into(),
        to: "2020-01-01".into(),
        ..CdrFilter::default()
    };
    let empty = Search::check(&empty, today).map_err(|e| format!("{e}"))?;
    cdr::search(db, &empty).await.map_err(|e| format!("{e}"))?;
    let started = Instant::now();
    for _ in 0..200 {
        cdr::search(db, &empty).await.map_err(|e| format!("{e}"))?;
    }
    println!(
        "an empty page (a day without calls), the floor of any page: {:.0} µs",
        started.elapsed().as_secs_f64() * 1e6 / 200.0
    );
    // Statistics of a month (calls grouped by linkedid), three runs.
    let month = Search::check(month, today).map_err(|e| format!("{e}"))?;
    let mut times = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        cdr::statistics(db, &month)
            .await
            .map_err(|e| format!("{e}"))?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let (p50, _) = percentiles(times);
    println!("statistics of a month: p50 {p50:.0} ms");

    Ok(())
}

/// FreePBX's scale: the searches of the page on the data's last day (its
/// "today"), its month and its 90 days, one call's legs, and the
/// statistics of a month that ends today, through the app's own services
/// on a saved connection (so the month's statistics are the daily
/// summaries' and today's kept hours'), after timing the first summary of
/// the whole history.
async fn scale(url: &str, password: &str, first: &str, last: &str) -> Result<(), Error> {
    use switchboard::model::{PbxConnectionForm, SecretInput};
    use switchboard::server::{db, services};

    let day = |text: &str| {
        time::Date::parse(
            text,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map_err(|e| format!("{text}: {e}"))
    };
    let (first, last) = (day(first)?, day(last)?);
    let data = std::env::temp_dir().join(format!("cdr-bench-scale-{}", std::process::id()));
    std::fs::create_dir_all(&data)?;
    let mut config = switchboard::server::config::Config::for_tests(data.clone());
    // One refresh, the one the first statistics start: none runs while
    // the summary's answers are timed.
    config.cdr_summary_refresh_seconds = 24 * 3600;
    let state = switchboard::server::run::build_state(config)
        .await
        .map_err(|e| e.to_string())?;
    let (scope, tenant) = common::tenant_admin(&state, "unused").await?;
    let form = PbxConnectionForm {
        cdr_db_url: url.to_owned(),
        cdr_db_password: SecretInput::new(password),
        ..common::database_form(url, password)
    };
    let pbx = db::pbx::save(&state.db, &scope, &state.keyring, tenant, &form, &[], &[]).await?;
    let filter = |from: time::Date, to: time::Date| CdrFilter {
        from: from.to_string(),
        to: to.to_string(),
        ..CdrFilter::default()
    };
    let days = |n: i64| time::Duration::days(n);
    let month = filter(last - days(29), last);
    // The statistics are asked for as on the data's last day at 23:30, so
    // the month ends today as the one on the page does: its days before
    // are summarised whole, today up to 22:00 (`summary::kept_hours`),
    // and the rest of today is read from the PBX.
    let zone = db::tenants::get(&state.db, &scope, tenant).await?.time_zone;
    let at = switchboard::server::time_zone::moment_of(
        time::PrimitiveDateTime::new(last, time::macros::time!(23:30)),
        &zone,
    )
    .ok_or("no such moment in the tenant's zone")?;
    let timed = |times: Vec<f64>| {
        let (p50, p95) = percentiles(times);
        format!("p50 {p50:.1} ms, p95 {p95:.1} ms")
    };

    // Pages first, before the summary's queries fill the server's cache.
    let call = {
        let page = services::calls::search(&state, &scope, pbx, &month).await?;
        page.records
            .iter()
            .find(|r| !r.linkedid.is_empty())
            .map(|r| r.linkedid.clone())
            .ok_or("no call in the month")?
    };
    let searches: [(&str, CdrFilter); 6] = [
        ("its last day", filter(last, last)),
        ("its last month", month.clone()),
        ("its last 90 days", filter(last - days(89), last)),
        (
            "90 days, longest first",
            CdrFilter {
                sort: CdrSort::Duration,
                ..filter(last - days(89), last)
            },
        ),
        (
            "a month, source prefix 10",
            CdrFilter {
                source: "10".into(),
                ..month.clone()
            },
        ),
        (
            "all legs of one call",
            CdrFilter {
                call: call.clone(),
                ..CdrFilter::default()
            },
        ),
    ];
    for (name, filter) in searches {
        let mut times = Vec::new();
        let mut found = 0;
        for run in 0..=RUNS {
            let started = Instant::now();
            let page = services::calls::search(&state, &scope, pbx, &filter).await?;
            if run > 0 {
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            found = page.records.len();
        }
        println!("first page, {name} ({found} rows): {}", timed(times));
    }

    // The month read row by row, as before any summary.
    let source =
        services::connections::call_history(&state, &db::pbx::get(&state.db, &scope, pbx).await?)
            .await?;
    let started = Instant::now();
    let every_row = cdr::statistics(&source, &Search::of_days(last - days(29), last)).await;
    println!(
        "statistics of a month read row by row: {} after {:.1} s",
        match &every_row {
            Ok(stats) => format!("{} calls", stats.calls),
            Err(error) => format!("failed ({error})"),
        },
        started.elapsed().as_secs_f64()
    );
    // The first statistics start the summary of the whole history (and
    // wait a second for it), timed to its end.
    let started = Instant::now();
    let first_answer = services::calls::statistics_at(&state, &scope, pbx, &month, at).await?;
    println!(
        "first statistics of a month, starting the summary: {:.0} ms ({} days summarised, {} left out)",
        started.elapsed().as_secs_f64() * 1000.0,
        first_answer.summarised_days,
        first_answer.days_left_out
    );
    let wanted = (last - first).whole_days() as u32 + 1;
    let mut shown = 0;
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        if started.elapsed().as_secs() > 3 * 3600 {
            return Err("the summary did not end within 3 hours (see the log)".into());
        }
        let stats = services::calls::statistics_at(&state, &scope, pbx, &month, at).await?;
        if stats.summarising.is_none() && stats.summarised_days == 29 {
            break;
        }
        if let Some((done, total)) = stats.summarising
            && done >= shown + 100
        {
            shown = done;
            eprintln!(
                "summarising: {done} of {total} days after {:.0} s ({} of the month's days left out)",
                started.elapsed().as_secs_f64(),
                stats.days_left_out
            );
        }
    }
    println!(
        "first summary of the history ({wanted} days with calls): {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let mut times = Vec::new();
    let mut summed = None;
    for _ in 0..=RUNS {
        let started = Instant::now();
        summed = Some(services::calls::statistics_at(&state, &scope, pbx, &month, at).await?);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let summed = summed.ok_or("no run")?;
    println!(
        "statistics of a month from the summary: {} ({} calls{})",
        timed(times[1..].to_vec()),
        summed.calls,
        match &every_row {
            Ok(stats) => format!(
                ", the same figures as row by row: {}",
                stats.calls == summed.calls
                    && stats.answered == summed.answered
                    && stats.buckets == summed.buckets
            ),
            Err(_) => String::new(),
        }
    );
    let mut times = Vec::new();
    for run in 0..=RUNS / 4 {
        let started = Instant::now();
        cdr::tally(
            &source,
            &Search::of_days(last, last),
            switchboard::model::SUMMARY_NUMBERS_PER_DAY,
        )
        .await
        .map_err(|e| format!("{e}"))?;
        if run > 0 {
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    println!(
        "one day read from the PBX (today's part of a month): {}",
        timed(times)
    );
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}
