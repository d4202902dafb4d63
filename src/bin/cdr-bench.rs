//! Call history at scale: fills a CDR table with realistic rows, then times
//! the searches the Call history page makes and the CSV export.
//!
//!   cdr-bench generate FILE asterisk|freepbx [ROWS]   (default 1,000,000)
//!   cdr-bench run FILE
//!
//! Rows span the 90 days up to 2026-11-22 (the day "today" is pinned to),
//! busier in office hours; 200 extensions (1000–1199) and outside numbers;
//! 70 % answered, 15 % no answer, 10 % busy, 5 % failed. `scripts/bench-cdr`
//! runs both steps.

use std::time::Instant;

use sqlx::ConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use switchboard::model::CdrFilter;
use switchboard::server::realtime::RealtimeDb;
use switchboard::server::realtime::cdr::{self, Search};
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
        Some("run") if args.len() >= 3 => run(&args[2]).await,
        _ => {
            eprintln!("usage: cdr-bench generate FILE asterisk|freepbx [ROWS] | run FILE");
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
        sqlx::raw_sql(&std::fs::read_to_string(
            "migrations/realtime/0001_asterisk_realtime.sql",
        )?)
        .execute(&mut db)
        .await?;
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
         FROM calls"
    );
    sqlx::raw_sql(&format!("BEGIN; {sql}; COMMIT;"))
        .execute(&mut db)
        .await?;
    // The indexes the search needs (the Asterisk schema's migration has
    // the first three already).
    for index in [
        format!("CREATE INDEX IF NOT EXISTS cdr_start ON cdr ({start})"),
        "CREATE INDEX IF NOT EXISTS cdr_uniqueid ON cdr (uniqueid)".into(),
        "CREATE INDEX IF NOT EXISTS cdr_linkedid ON cdr (linkedid)".into(),
        "CREATE INDEX IF NOT EXISTS cdr_src ON cdr (src)".into(),
        "CREATE INDEX IF NOT EXISTS cdr_dst ON cdr (dst)".into(),
    ] {
        sqlx::query(&index).execute(&mut db).await?;
    }
    sqlx::query("ANALYZE").execute(&mut db).await?;
    println!(
        "generated {rows} {schema} CDR rows in {file} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
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

async fn run(file: &str) -> Result<(), Error> {
    let options = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .disable_statement_logging();
    let pool = SqlitePoolOptions::new()
        .max_connections(2)
        .connect_with(options)
        .await?;
    let db = RealtimeDb {
        pool,
        connection_id: 0,
        tenant_id: 0,
    };
    let today = date!(2026 - 11 - 22);
    let scenarios: [(&str, CdrFilter); 5] = [
        ("today, first page", CdrFilter::default()),
        (
            "a month, source prefix 10",
            CdrFilter {
                from: "2026-10-23".into(),
                to: "2026-11-22".into(),
                source: "10".into(),
                ..CdrFilter::default()
            },
        ),
        (
            "90 days, any number contains 555",
            CdrFilter {
                from: "2026-08-25".into(),
                to: "2026-11-22".into(),
                any_number: "%555".into(),
                ..CdrFilter::default()
            },
        ),
        (
            "90 days, page 5,000",
            CdrFilter {
                from: "2026-08-25".into(),
                to: "2026-11-22".into(),
                page: 5000,
                ..CdrFilter::default()
            },
        ),
        (
            "90 days, answered, 60 s or more (count + page)",
            CdrFilter {
                from: "2026-08-25".into(),
                to: "2026-11-22".into(),
                disposition: "answered".into(),
                min_duration: Some(60),
                ..CdrFilter::default()
            },
        ),
    ];
    for (name, filter) in scenarios {
        let search = Search::check(&filter, today).map_err(|e| format!("{e}"))?;
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..20 {
            let started = Instant::now();
            let page = cdr::search(&db, &search)
                .await
                .map_err(|e| format!("{e}"))?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            total = page.total;
        }
        times.sort_by(f64::total_cmp);
        println!(
            "search {name}: {total} rows match; p50 {:.1} ms, p95 {:.1} ms",
            times[times.len() / 2],
            times[(times.len() * 95 / 100).min(times.len() - 1)]
        );
    }
    // The export of everything (90 days), bytes counted as they stream.
    let everything = Search::check(
        &CdrFilter {
            from: "2026-08-25".into(),
            to: "2026-11-22".into(),
            ..CdrFilter::default()
        },
        today,
    )
    .map_err(|e| format!("{e}"))?;
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
    println!(
        "export of all rows: {} lines, {:.1} MB in {:.2} s; peak RSS {} MiB (before: {} MiB)",
        lines,
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        peak_rss_kib() / 1024,
        before / 1024
    );
    Ok(())
}
