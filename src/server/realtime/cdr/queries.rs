//! What the call history asks of the CDR: a page, its count, its
//! statistics, and the call a recording belongs to.

use time::Date;

use super::filter::Search;
use super::rows::{Cells, record};
use super::source::{CdrSource, Reader};
use super::sql::{SqlValue, Statements, clause, date_parameter, like_escaped, rows};
use super::table::CdrTable;
use crate::error::AppError;
use crate::model::{CallRecord, CdrBucket, CdrPage, CdrStats};
use crate::server::realtime::backend::Dialect;

/// The CDR row a recording belongs to, the call's first leg: FreePBX names
/// the file in `recordingfile` (bare, or as a path); other recordings are
/// found by the uniqueid their name carries (MixMonitor files are usually
/// named after `${UNIQUEID}`).
pub async fn call_of_recording(
    source: &CdrSource,
    table: &CdrTable,
    file_name: &str,
    uniqueid: Option<&str>,
) -> Result<Option<CallRecord>, AppError> {
    let first = |condition: &str| {
        format!(
            "SELECT {} FROM cdr WHERE {condition} ORDER BY {} LIMIT 1",
            table.select_list(),
            table.start()
        )
    };
    // Each try: a statement and its values, the first that finds a row
    // wins.
    let mut tries: Vec<(String, Vec<SqlValue>)> = Vec::new();
    if table.columns.contains("recordingfile") {
        tries.push(match table.dialect {
            Dialect::Sqlite => (
                first(
                    "recordingfile = ?1 OR (length(recordingfile) > length(?1) \
                     AND substr(recordingfile, -length(?1) - 1) = '/' || ?1)",
                ),
                vec![SqlValue::Text(file_name.to_owned())],
            ),
            // The same as a LIKE of the name's end: what both servers
            // write alike.
            Dialect::Postgres | Dialect::MySql => (
                first("recordingfile = ? OR recordingfile LIKE ? ESCAPE '!'"),
                vec![
                    SqlValue::Text(file_name.to_owned()),
                    SqlValue::Text(format!("%/{}", like_escaped(file_name))),
                ],
            ),
        });
    }
    if let Some(uniqueid) = uniqueid.filter(|_| table.columns.contains("uniqueid")) {
        let placeholder = if table.dialect == Dialect::Sqlite {
            "uniqueid = ?1"
        } else {
            "uniqueid = ?"
        };
        tries.push((
            first(placeholder),
            vec![SqlValue::Text(uniqueid.to_owned())],
        ));
    }
    match &source.reader {
        Reader::Sqlite(readers) => {
            readers
                .read(move |connection| {
                    for (sql, values) in tries {
                        let found = rows(connection, &sql, &values, |row| record(row))?;
                        if let Some(call) = found.into_iter().next() {
                            return Ok(Some(call));
                        }
                    }
                    Ok(None)
                })
                .await
        }
        Reader::Network(_) => {
            for (sql, values) in tries {
                let found = source.all(sql, values, |row| record(row)).await?;
                if let Some(call) = found.into_iter().next() {
                    return Ok(Some(call));
                }
            }
            Ok(None)
        }
    }
}

/// One page of records, and whether more follow. The total is `count`'s
/// job: a page of a wide search is ready long before all its rows are
/// counted, so the page does not wait for it.
pub async fn search(source: &CdrSource, search: &Search) -> Result<CdrPage, AppError> {
    let table = CdrTable::cached(source).await?;
    let Statements {
        page,
        values,
        page_values,
        ..
    } = Statements::new(&table, search);
    let values = values.into_iter().chain(page_values).collect();
    let mut records = source.all(page, values, |row| record(row)).await?;
    let limit = search.limit as usize;
    let has_more = records.len() > limit;
    records.truncate(limit);
    let (from, to) = search
        .days()
        .map(|(from, to)| (from.to_string(), to.to_string()))
        .unwrap_or_default();
    Ok(CdrPage {
        schema: table.schema,
        has_more,
        from,
        to,
        records,
        page: search.page,
        limit: search.limit,
        index_advice: table.index_advice(),
        recordings: Vec::new(),
    })
}

/// How many rows the search finds, all pages.
pub async fn count(source: &CdrSource, search: &Search) -> Result<u64, AppError> {
    let table = CdrTable::cached(source).await?;
    let Statements { count, values, .. } = Statements::new(&table, search);
    let total = source.scan(count, values, |row| row.number(0)).await?;
    Ok(total.first().copied().unwrap_or(0).max(0) as u64)
}

/// Calls per hour (one day) or per day, outcomes, talk time and the
/// busiest numbers, for the same search.
pub async fn statistics(source: &CdrSource, search: &Search) -> Result<CdrStats, AppError> {
    Ok(tally(source, search, TOP_SHOWN)
        .await?
        .stats(search.from == search.to))
}

/// How many of the busiest numbers the statistics show.
pub const TOP_SHOWN: usize = 5;

/// The statistics of a search before they are shown: per bucket (an hour
/// when the search is one day, else a day) its calls, answered calls and
/// talk time, and the busiest numbers, up to `top` of each. What
/// `statistics` shows, and what a daily summary keeps of a day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub buckets: Vec<TallyBucket>,
    pub sources: Vec<(String, u64)>,
    pub destinations: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TallyBucket {
    /// `YYYY-MM-DD HH` or `YYYY-MM-DD`, in the PBX's timestamps.
    pub label: String,
    pub calls: u64,
    pub answered: u64,
    pub talk_seconds: u64,
}

impl Tally {
    /// As the page shows it: totals, buckets in order, the `TOP_SHOWN`
    /// busiest numbers.
    pub fn stats(mut self, hourly: bool) -> CdrStats {
        let mut stats = CdrStats {
            hourly,
            ..CdrStats::default()
        };
        self.buckets.sort_by(|a, b| a.label.cmp(&b.label));
        for bucket in self.buckets {
            stats.calls += bucket.calls;
            stats.answered += bucket.answered;
            stats.talk_seconds += bucket.talk_seconds;
            stats.buckets.push(CdrBucket {
                label: bucket.label,
                calls: bucket.calls,
                answered: bucket.answered,
            });
        }
        stats.average_talk_seconds = stats.talk_seconds.checked_div(stats.answered).unwrap_or(0);
        let busiest = |mut numbers: Vec<(String, u64)>| {
            numbers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            numbers.truncate(TOP_SHOWN);
            numbers
        };
        stats.top_sources = busiest(self.sources);
        stats.top_destinations = busiest(self.destinations);
        stats
    }
}

/// The search's statistics, with up to `top` of the busiest sources and
/// destinations.
pub async fn tally(source: &CdrSource, search: &Search, limit: usize) -> Result<Tally, AppError> {
    let table = CdrTable::cached(source).await?;
    let clause = clause(&table, search, true);
    let hourly = search.from == search.to;
    // A call is its legs' linkedid (else its uniqueid; a row with neither
    // is a call of its own where it has a rowid to say so).
    let last_resort = match table.dialect {
        Dialect::Sqlite => "CAST(rowid AS TEXT)",
        Dialect::Postgres | Dialect::MySql => "''",
    };
    let call = format!(
        "COALESCE(NULLIF({}, ''), NULLIF({}, ''), {last_resort})",
        table.column("linkedid"),
        table.column("uniqueid")
    );
    // Written for all three servers: no boolean MAX (PostgreSQL has none),
    // no alias that is a reserved word (`call` is one in MySQL), a name for
    // the derived table, and sums cast back to integers (DECIMAL on MySQL).
    let calls = format!(
        "SELECT {call} AS call_key, MIN({start}) AS first_start, \
         MAX(CASE WHEN {disposition} = 'ANSWERED' THEN 1 ELSE 0 END) AS answered, \
         MAX(CASE WHEN {disposition} = 'ANSWERED' THEN {billsec} ELSE 0 END) AS talk \
         FROM cdr WHERE {filter} GROUP BY 1",
        start = table.start(),
        disposition = table.column("disposition"),
        billsec = table.as_integer(&table.column("billsec")),
        filter = clause.sql,
    );
    let width = if hourly { 13 } else { 10 };
    let buckets_sql = format!(
        "SELECT substr({first_start}, 1, {width}), COUNT(*), {answered}, {talk} \
         FROM ({calls}) AS calls GROUP BY 1 ORDER BY 1",
        first_start = table.as_text("first_start"),
        answered = table.as_integer("SUM(answered)"),
        talk = table.as_integer("SUM(talk)"),
    );
    let top_sql = |column: &'static str| {
        format!(
            "SELECT {number}, COUNT(DISTINCT {call}) FROM cdr WHERE {filter} \
             GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {limit}",
            number = table.column(column),
            filter = clause.sql,
        )
    };
    let (sources_sql, destinations_sql) = (top_sql("src"), top_sql("dst"));
    // Three scans of the same rows, each on its own kept connection at
    // once: a wide range's statistics take the longest one's time.
    fn count(row: &dyn Cells, index: usize) -> u64 {
        row.number(index).max(0) as u64
    }
    fn top(row: &dyn Cells) -> (String, u64) {
        (row.text(0), count(row, 1))
    }
    let (buckets, sources, destinations) = tokio::try_join!(
        source.scan(buckets_sql, clause.values.clone(), |row| TallyBucket {
            label: row.text(0),
            calls: count(row, 1),
            answered: count(row, 2),
            talk_seconds: count(row, 3),
        }),
        source.scan(sources_sql, clause.values.clone(), top),
        source.scan(destinations_sql, clause.values.clone(), top),
    )?;
    Ok(Tally {
        buckets,
        sources,
        destinations,
    })
}

/// How many CDR rows each day from `from` up to `until` (excluded) has,
/// days without rows left out: what tells a summarised day has changed
/// since, as a PBX appends a call's rows when it ends and purges old ones.
/// The count walks the start's index only.
pub async fn rows_per_day(
    source: &CdrSource,
    from: Date,
    until: Date,
) -> Result<Vec<(String, u64)>, AppError> {
    let table = CdrTable::cached(source).await?;
    let sql = format!(
        "SELECT substr({start_text}, 1, 10), COUNT(*) FROM cdr \
         WHERE {start} >= {date} AND {start} < {date} GROUP BY 1",
        start_text = table.as_text(&table.start()),
        start = table.start(),
        date = date_parameter(table.dialect),
    );
    let values = vec![
        SqlValue::Text(from.to_string()),
        SqlValue::Text(until.to_string()),
    ];
    source
        .scan(sql, values, |row| {
            (row.text(0), row.number(1).max(0) as u64)
        })
        .await
}

/// The day of the oldest row from `horizon` on (the start's index answers
/// it), none when there is none. The horizon also passes over the zero
/// dates a MySQL CDR can hold.
pub async fn first_day(source: &CdrSource, horizon: Date) -> Result<Option<Date>, AppError> {
    let table = CdrTable::cached(source).await?;
    let sql = format!(
        "SELECT substr({}, 1, 10) FROM cdr WHERE {start} >= {date} ORDER BY {start} LIMIT 1",
        table.as_text(&table.start()),
        start = table.start(),
        date = date_parameter(table.dialect),
    );
    let found = source
        .all(sql, vec![SqlValue::Text(horizon.to_string())], |row| {
            row.text(0)
        })
        .await?;
    Ok(found.first().and_then(|day| super::filter::date(day).ok()))
}
