//! The daily summaries of each connection's call history
//! (`services::calls::summary` keeps them up to date). Every function
//! names the connection and the CDR URL the summary must have been made
//! from, and keeps to the caller's scope: another tenant's connection has
//! no summary, and one of another database is not this one's.

use std::collections::HashMap;

use super::{Pool, now, write};
use crate::error::AppError;
use crate::server::realtime::cdr::{Tally, TallyBucket};
use crate::server::scope::Scope;

/// What is kept of one summarised day besides its tally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryDay {
    pub day: String,
    pub cdr_rows: u64,
    /// The calls of the last busiest number kept of each role, when the
    /// day had more numbers than were kept; 0 when its list is whole.
    pub source_cutoff: u64,
    pub destination_cutoff: u64,
    /// Summarised while it was today: its hours before this one only
    /// (`None`: the whole day).
    pub through_hour: Option<u8>,
}

/// The summary's rows of one connection in scope, made from `cdr_db_url`.
const SUMMARY: &str = "SELECT s.id FROM cdr_summaries s \
     JOIN pbx_connections p ON p.id = s.pbx_connection_id \
     WHERE s.pbx_connection_id = $1 AND s.cdr_db_url = $2 AND ($3 IS NULL OR p.tenant_id = $3)";

/// The connection's summary of `cdr_db_url`, made when there is none; one
/// made from another URL is dropped first (its days were another
/// database's).
pub async fn open(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
    cdr_db_url: &str,
) -> Result<i64, AppError> {
    if let Some(id) = sqlx::query_scalar::<_, i64>(SUMMARY)
        .bind(pbx_connection_id)
        .bind(cdr_db_url)
        .bind(scope.tenant_filter())
        .fetch_optional(pool)
        .await?
    {
        return Ok(id);
    }
    let mut tx = write(pool).await?;
    let in_scope: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM pbx_connections WHERE id = $1 AND ($2 IS NULL OR tenant_id = $2)",
    )
    .bind(pbx_connection_id)
    .bind(scope.tenant_filter())
    .fetch_optional(&mut *tx)
    .await?;
    in_scope.ok_or(AppError::NotFound)?;
    sqlx::query("DELETE FROM cdr_summaries WHERE pbx_connection_id = $1 AND cdr_db_url <> $2")
        .bind(pbx_connection_id)
        .bind(cdr_db_url)
        .execute(&mut *tx)
        .await?;
    // Another process may have made it since the first look.
    sqlx::query(
        "INSERT INTO cdr_summaries (pbx_connection_id, cdr_db_url) VALUES ($1, $2) \
         ON CONFLICT (pbx_connection_id) DO NOTHING",
    )
    .bind(pbx_connection_id)
    .bind(cdr_db_url)
    .execute(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "SELECT id FROM cdr_summaries WHERE pbx_connection_id = $1 AND cdr_db_url = $2",
    )
    .bind(pbx_connection_id)
    .bind(cdr_db_url)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct DayRow {
    day: String,
    cdr_rows: i64,
    source_cutoff: i64,
    destination_cutoff: i64,
    through_hour: Option<i64>,
}

/// Rows written by one INSERT.
const ROWS_PER_INSERT: usize = 100;

/// `rows` tuples of `width` placeholders, numbered from `$1`.
fn tuples(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|row| {
            let cells: Vec<String> = (1..=width)
                .map(|cell| format!("${}", row * width + cell))
                .collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The days from `from` to `to` (`YYYY-MM-DD`, both included) that are
/// summarised, in order.
pub async fn days(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
    cdr_db_url: &str,
    from: &str,
    to: &str,
) -> Result<Vec<SummaryDay>, AppError> {
    let rows: Vec<DayRow> = sqlx::query_as(&format!(
        "SELECT d.day, d.cdr_rows, d.source_cutoff, d.destination_cutoff, d.through_hour \
         FROM cdr_summary_days d WHERE d.summary_id IN ({SUMMARY}) \
         AND d.day >= $4 AND d.day <= $5 ORDER BY d.day"
    ))
    .bind(pbx_connection_id)
    .bind(cdr_db_url)
    .bind(scope.tenant_filter())
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| SummaryDay {
            day: row.day,
            cdr_rows: row.cdr_rows.max(0) as u64,
            source_cutoff: row.source_cutoff.max(0) as u64,
            destination_cutoff: row.destination_cutoff.max(0) as u64,
            through_hour: row.through_hour.map(|h| h.clamp(0, 23) as u8),
        })
        .collect())
}

/// Replaces the summary of `day.day` with `tally` (its hours and busiest
/// numbers), all or nothing.
pub async fn put_day(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
    cdr_db_url: &str,
    day: &SummaryDay,
    tally: &Tally,
) -> Result<(), AppError> {
    let mut tx = write(pool).await?;
    let summary: i64 = sqlx::query_scalar(SUMMARY)
        .bind(pbx_connection_id)
        .bind(cdr_db_url)
        .bind(scope.tenant_filter())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    // The hours and numbers go with the day (ON DELETE CASCADE).
    sqlx::query("DELETE FROM cdr_summary_days WHERE summary_id = $1 AND day = $2")
        .bind(summary)
        .bind(&day.day)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO cdr_summary_days \
         (summary_id, day, cdr_rows, source_cutoff, destination_cutoff, through_hour, \
         summarised_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(summary)
    .bind(&day.day)
    .bind(day.cdr_rows as i64)
    .bind(day.source_cutoff as i64)
    .bind(day.destination_cutoff as i64)
    .bind(day.through_hour.map(i64::from))
    .bind(now())
    .execute(&mut *tx)
    .await?;
    // A few statements per day rather than one per row: a first summary
    // of years of history writes hundreds of thousands of rows.
    for hours in tally.buckets.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO cdr_summary_hours (summary_id, day, hour, calls, answered, talk_seconds) \
             VALUES {}",
            tuples(hours.len(), 6)
        );
        let mut insert = sqlx::query(&sql);
        for bucket in hours {
            insert = insert
                .bind(summary)
                .bind(&day.day)
                .bind(&bucket.label)
                .bind(bucket.calls as i64)
                .bind(bucket.answered as i64)
                .bind(bucket.talk_seconds as i64);
        }
        insert.execute(&mut *tx).await?;
    }
    let numbers: Vec<(&str, &(String, u64))> = tally
        .sources
        .iter()
        .map(|n| ("src", n))
        .chain(tally.destinations.iter().map(|n| ("dst", n)))
        .collect();
    for chunk in numbers.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO cdr_summary_numbers (summary_id, day, role, number, calls) VALUES {}",
            tuples(chunk.len(), 5)
        );
        let mut insert = sqlx::query(&sql);
        for (role, (number, calls)) in chunk {
            insert = insert
                .bind(summary)
                .bind(&day.day)
                .bind(*role)
                .bind(number)
                .bind(*calls as i64);
        }
        insert.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Drops the summarised days before `day` (the PBX purged their rows), or
/// every day when `day` is `None` (its CDR is empty).
pub async fn drop_before(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
    cdr_db_url: &str,
    day: Option<&str>,
) -> Result<(), AppError> {
    let mut tx = write(pool).await?;
    sqlx::query(&format!(
        "DELETE FROM cdr_summary_days WHERE summary_id IN ({SUMMARY}) \
         AND ($4 IS NULL OR day < $4)"
    ))
    .bind(pbx_connection_id)
    .bind(cdr_db_url)
    .bind(scope.tenant_filter())
    .bind(day)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The summarised days from `from` to `to` added up: a bucket per hour
/// when `hourly` (one day), else per day, and every kept number with its
/// calls over those days. `whole`: the days summarised whole only, else
/// only those summarised while they were today (`SummaryDay::through_hour`).
pub async fn tally(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
    cdr_db_url: &str,
    (from, to): (&str, &str),
    hourly: bool,
    whole: bool,
) -> Result<Tally, AppError> {
    // Which days: a condition on their day row, for both tables.
    let which = |table: &str| {
        format!(
            "EXISTS (SELECT 1 FROM cdr_summary_days d WHERE d.summary_id = {table}.summary_id \
             AND d.day = {table}.day AND (d.through_hour IS NULL) = $6)"
        )
    };
    let bucket = if hourly { "h.hour" } else { "h.day" };
    let buckets: Vec<(String, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT {bucket}, CAST(SUM(h.calls) AS BIGINT), CAST(SUM(h.answered) AS BIGINT), \
         CAST(SUM(h.talk_seconds) AS BIGINT) FROM cdr_summary_hours h \
         WHERE h.summary_id IN ({SUMMARY}) AND h.day >= $4 AND h.day <= $5 AND {} \
         GROUP BY {bucket} ORDER BY {bucket}",
        which("h")
    ))
    .bind(pbx_connection_id)
    .bind(cdr_db_url)
    .bind(scope.tenant_filter())
    .bind(from)
    .bind(to)
    .bind(whole)
    .fetch_all(pool)
    .await?;
    let numbers: Vec<(String, String, i64)> = sqlx::query_as(&format!(
        "SELECT n.role, n.number, CAST(SUM(n.calls) AS BIGINT) FROM cdr_summary_numbers n \
         WHERE n.summary_id IN ({SUMMARY}) AND n.day >= $4 AND n.day <= $5 AND {} \
         GROUP BY n.role, n.number",
        which("n")
    ))
    .bind(pbx_connection_id)
    .bind(cdr_db_url)
    .bind(scope.tenant_filter())
    .bind(from)
    .bind(to)
    .bind(whole)
    .fetch_all(pool)
    .await?;
    let count = |n: i64| n.max(0) as u64;
    let mut by_role: HashMap<String, Vec<(String, u64)>> = HashMap::new();
    for (role, number, calls) in numbers {
        by_role
            .entry(role)
            .or_default()
            .push((number, count(calls)));
    }
    Ok(Tally {
        buckets: buckets
            .into_iter()
            .map(|(label, calls, answered, talk)| TallyBucket {
                label,
                calls: count(calls),
                answered: count(answered),
                talk_seconds: count(talk),
            })
            .collect(),
        sources: by_role.remove("src").unwrap_or_default(),
        destinations: by_role.remove("dst").unwrap_or_default(),
    })
}
