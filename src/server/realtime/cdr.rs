//! The PBX's CDR table, searched in place. Which schema it has (Asterisk's
//! own or FreePBX's) is read from its columns, and both map to one
//! `CallRecord`. Every value of a filter is bound: only column names chosen
//! here, from the table's own column list, are ever written into the SQL.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rusqlite::types::ValueRef;
use scheduled_thread_pool::ScheduledThreadPool;
use time::Date;
use time::macros::format_description;

use super::readers::Readers;
use crate::error::{AppError, FieldError, Problem};
use crate::model::{
    CDR_DEFAULT_LIMIT, CDR_MAX_LIMIT, CallRecord, CdrBucket, CdrFilter, CdrPage, CdrSchema,
    CdrSort, CdrStats, CheckProblem, Disposition,
};

/// How long a read of the CDR table's shape is reused: reading it costs
/// 0.15–0.25 ms, more than a page of today's calls itself.
const SHAPE_FRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// The longest date range one search may span.
pub const MAX_RANGE_DAYS: u32 = 366;

/// Where the call history reads a PBX's CDR: kept read-only connections to
/// its database file, and the table's shape as last read. One per file,
/// shared by every request.
pub struct CdrSource {
    readers: Arc<Readers>,
    /// Every page needs the shape; it changes only when an admin alters
    /// the table.
    shape: Mutex<Option<(Instant, Arc<CdrTable>)>>,
}

impl CdrSource {
    pub fn new(path: &Path, maintenance: Arc<ScheduledThreadPool>) -> CdrSource {
        CdrSource {
            readers: Arc::new(Readers::new(path, maintenance)),
            shape: Mutex::new(None),
        }
    }

    /// Every row `sql` finds with `values` bound, each through `map`, read
    /// on a kept connection.
    async fn all<T: Send + 'static>(
        &self,
        sql: String,
        values: Vec<SqlValue>,
        map: fn(&rusqlite::Row<'_>) -> T,
    ) -> Result<Vec<T>, AppError> {
        self.readers
            .read(move |connection| rows(connection, &sql, &values, map))
            .await
    }
}

/// The CDR table as found: its schema, its columns and its indexes.
#[derive(Debug, Clone)]
pub struct CdrTable {
    pub schema: CdrSchema,
    columns: HashSet<String>,
    /// Each index's columns, in order.
    indexes: Vec<Vec<String>>,
    /// How many rows over which days, as the table's ends tell.
    extent: Option<Extent>,
}

/// A CDR table's size and days, read from its ends alone (the lowest and
/// highest rowid, the first and last entry of an index on the start): enough
/// to guess how many rows a date range holds without counting them.
#[derive(Debug, Clone, Copy)]
struct Extent {
    rows: u64,
    first: Date,
    last: Date,
}

impl Extent {
    /// The rows `from..=to` would hold were the calls spread evenly over the
    /// table's days.
    fn rows_within(&self, from: Date, to: Date) -> u64 {
        let days = |a: Date, b: Date| (b - a).whole_days().max(0) as u64 + 1;
        let (first, last) = (from.max(self.first), to.min(self.last));
        if last < first {
            return 0;
        }
        self.rows.saturating_mul(days(first, last)) / days(self.first, self.last)
    }
}

impl CdrTable {
    /// Reads the columns, indexes and extent of `cdr` (pages reuse them
    /// for `SHAPE_FRESH`, see `cached`); says so when there is no such
    /// table.
    pub async fn inspect(source: &CdrSource) -> Result<CdrTable, AppError> {
        let rows = source
            .all(
                "SELECT 'column', NULL, lower(name) FROM pragma_table_info('cdr') \
                 UNION ALL \
                 SELECT 'index', il.name, lower(ii.name) \
                 FROM pragma_index_list('cdr') AS il, pragma_index_info(il.name) AS ii \
                 ORDER BY 1, 2"
                    .to_owned(),
                Vec::new(),
                |row| (row.text(0), row.text(1), row.text(2)),
            )
            .await?;
        let mut columns = HashSet::new();
        let mut indexes: Vec<(String, Vec<String>)> = Vec::new();
        // pragma_index_info lists an index's columns in their order.
        for (kind, index, column) in rows {
            if kind == "column" {
                columns.insert(column);
            } else {
                match indexes.last_mut() {
                    Some((name, list)) if *name == index => list.push(column),
                    _ => indexes.push((index, vec![column])),
                }
            }
        }
        let schema = if columns.contains("calldate") {
            CdrSchema::FreePbx
        } else if columns.contains("start") {
            CdrSchema::Asterisk
        } else {
            return Err(AppError::Pbx(CheckProblem::DatabaseUnreadable {
                reason: "no cdr table with a calldate or start column".into(),
            }));
        };
        let mut table = CdrTable {
            schema,
            columns,
            indexes: indexes.into_iter().map(|(_, list)| list).collect(),
            extent: None,
        };
        table.extent = table.read_extent(source).await?;
        Ok(table)
    }

    /// The table's `Extent`, when an index on the start makes its first and
    /// last days cheap to read and both are dates (a PBX writes what it
    /// likes: anything else means no guess).
    async fn read_extent(&self, source: &CdrSource) -> Result<Option<Extent>, AppError> {
        if !self.has_index(&[self.start_name()]) {
            return Ok(None);
        }
        let sql = format!(
            "SELECT (SELECT {start} FROM cdr WHERE {start} IS NOT NULL ORDER BY {start} LIMIT 1), \
             (SELECT {start} FROM cdr ORDER BY {start} DESC LIMIT 1), \
             (SELECT MIN(rowid) FROM cdr), (SELECT MAX(rowid) FROM cdr)",
            start = self.start()
        );
        let ends = source
            .all(sql, Vec::new(), |row| {
                (row.text(0), row.text(1), row.number(2), row.number(3))
            })
            .await?;
        let day = |text: &str| text.get(..10).and_then(|d| date(d).ok());
        Ok(ends.first().and_then(|(first, last, low, high)| {
            Some(Extent {
                rows: u64::try_from(high.checked_sub(*low)?.checked_add(1)?).ok()?,
                first: day(first)?,
                last: day(last)?,
            })
        }))
    }

    /// True when an index starts with `wanted`, in that order.
    fn has_index(&self, wanted: &[&str]) -> bool {
        self.indexes.iter().any(|columns| {
            columns.len() >= wanted.len() && columns.iter().zip(wanted).all(|(c, w)| c == w)
        })
    }

    /// The table's shape as read at most `SHAPE_FRESH` ago (an index an
    /// admin adds shows within that time), else read now.
    pub async fn cached(source: &CdrSource) -> Result<Arc<CdrTable>, AppError> {
        {
            let shape = source.shape.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((read_at, table)) = shape.as_ref()
                && read_at.elapsed() < SHAPE_FRESH
            {
                return Ok(table.clone());
            }
        }
        let table = Arc::new(CdrTable::inspect(source).await?);
        *source.shape.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), table.clone()));
        Ok(table)
    }

    /// The column of the call's start, quoted for SQL.
    fn start(&self) -> &'static str {
        match self.schema {
            CdrSchema::Asterisk => "\"start\"",
            CdrSchema::FreePbx => "calldate",
        }
    }

    /// The column of the call's start, as the table's index list names it.
    fn start_name(&self) -> &'static str {
        match self.schema {
            CdrSchema::Asterisk => "start",
            CdrSchema::FreePbx => "calldate",
        }
    }

    /// `name` if the table has that column, else an empty value: older
    /// schemas lack some (no `linkedid` before Asterisk 1.8, no `did`
    /// outside FreePBX).
    fn column(&self, name: &'static str) -> String {
        if self.columns.contains(name) {
            format!("\"{name}\"")
        } else {
            "''".to_owned()
        }
    }

    /// The indexes the call history needs and this table lacks, as the
    /// statements that would create them (the page shows them to the
    /// admin: Switchboard never changes a PBX's schema itself). Ours
    /// (migrations/realtime) has them all; FreePBX's has none of them.
    pub fn index_advice(&self) -> Vec<String> {
        self.wanted_indexes()
            .into_iter()
            .filter(|(_, columns)| !self.has_index(columns))
            .map(|(name, columns)| {
                let list = columns
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("CREATE INDEX {name} ON cdr ({list});")
            })
            .collect()
    }

    /// The indexes searches use: the start alone (date-sorted pages walk
    /// it and stop early; equal starts are in rowid order, as the sort
    /// wants), the start with every column a filter compares (counts read
    /// this index only, never the rows), each other sort's column with the
    /// start, and the two ids that group legs.
    fn wanted_indexes(&self) -> Vec<(&'static str, Vec<&'static str>)> {
        let start = self.start_name();
        let mut search = vec![start];
        search.extend(
            ["disposition", "duration", "src", "dst", "cnum", "did"]
                .into_iter()
                .filter(|c| self.columns.contains(*c)),
        );
        [
            ("cdr_start", vec![start]),
            ("cdr_search", search),
            ("cdr_duration", vec!["duration", start]),
            ("cdr_src", vec!["src", start]),
            ("cdr_dst", vec!["dst", start]),
            ("cdr_uniqueid", vec!["uniqueid"]),
            ("cdr_linkedid", vec!["linkedid"]),
            // A recording sync looks up each new file's call by its name.
            ("cdr_recordingfile", vec!["recordingfile"]),
        ]
        .into_iter()
        .filter(|(_, columns)| columns.iter().all(|c| self.columns.contains(*c)))
        .collect()
    }

    /// The select list, in the order `record` reads it.
    fn select_list(&self) -> String {
        let (answer, end) = match self.schema {
            CdrSchema::Asterisk => (self.column("answer"), self.column("end")),
            CdrSchema::FreePbx => ("NULL".to_owned(), "NULL".to_owned()),
        };
        [
            "rowid".to_owned(),
            self.start().to_owned(),
            answer,
            end,
            self.column("src"),
            self.column("dst"),
            self.column("clid"),
            self.column("cnum"),
            self.column("cnam"),
            self.column("did"),
            self.column("channel"),
            self.column("dstchannel"),
            self.column("lastapp"),
            self.column("lastdata"),
            self.column("duration"),
            self.column("billsec"),
            self.column("disposition"),
            self.column("uniqueid"),
            self.column("linkedid"),
            self.column("recordingfile"),
        ]
        .join(", ")
    }
}

/// The values of one result row. Values written by the PBX: whatever a
/// column's declared type, read what is there; anything unreadable is
/// shown as empty.
trait Cells {
    fn text(&self, index: usize) -> String;
    fn number(&self, index: usize) -> i64;
}

impl Cells for rusqlite::Row<'_> {
    fn text(&self, index: usize) -> String {
        match self.get_ref(index) {
            Ok(ValueRef::Text(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
            Ok(ValueRef::Integer(n)) => n.to_string(),
            Ok(ValueRef::Real(x)) => x.to_string(),
            _ => String::new(),
        }
    }

    fn number(&self, index: usize) -> i64 {
        match self.get_ref(index) {
            Ok(ValueRef::Integer(n)) => n,
            Ok(ValueRef::Real(x)) => x as i64,
            Ok(ValueRef::Text(bytes)) => std::str::from_utf8(bytes)
                .ok()
                .and_then(|t| t.trim().parse().ok())
                .unwrap_or(0),
            _ => 0,
        }
    }
}

fn record(row: &impl Cells) -> CallRecord {
    let optional = |index| Some(row.text(index)).filter(|t| !t.is_empty());
    let source = row.text(4);
    let clid = row.text(6);
    let cnum = row.text(7);
    let cnam = row.text(8);
    CallRecord {
        id: row.number(0),
        start: row.text(1),
        answer: optional(2),
        end: optional(3),
        caller_number: if cnum.is_empty() {
            source.clone()
        } else {
            cnum
        },
        caller_name: if cnam.is_empty() {
            super::extensions::name_of_caller_id(&clid)
        } else {
            cnam
        },
        source,
        destination: row.text(5),
        did: row.text(9),
        channel: row.text(10),
        destination_channel: row.text(11),
        last_application: row.text(12),
        last_data: row.text(13),
        duration: row.number(14),
        billsec: row.number(15),
        disposition: Disposition::parse(&row.text(16)),
        uniqueid: row.text(17),
        linkedid: row.text(18),
        recording: row.text(19),
    }
}

/// How a number filter matches.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NumberMatch {
    Prefix(String),
    Contains(String),
}

impl NumberMatch {
    fn parse(value: &str) -> Result<Option<NumberMatch>, Problem> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        let (contains, digits) = match value.strip_prefix('%') {
            Some(rest) => (true, rest),
            None => (false, value),
        };
        if digits.is_empty()
            || digits.len() > 40
            || !digits
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '*' | '#'))
        {
            return Err(Problem::InvalidNumberPattern);
        }
        Ok(Some(if contains {
            NumberMatch::Contains(digits.to_owned())
        } else {
            NumberMatch::Prefix(digits.to_owned())
        }))
    }

    /// The condition on one column and its values. A prefix is a range
    /// (`>= p AND < p'`, p' being p with its last character incremented):
    /// cheaper per row than LIKE and usable by an index. The allowed
    /// characters are all ASCII and no LIKE wildcards.
    fn condition(&self, column: &str) -> (String, Vec<SqlValue>) {
        match self {
            NumberMatch::Prefix(digits) => {
                let mut upper = digits.clone();
                let last = upper.pop().map_or('0', |c| char::from(c as u8 + 1));
                upper.push(last);
                (
                    format!("({column} >= ? AND {column} < ?)"),
                    vec![SqlValue::Text(digits.clone()), SqlValue::Text(upper)],
                )
            }
            NumberMatch::Contains(digits) => (
                format!("{column} LIKE ?"),
                vec![SqlValue::Text(format!("%{digits}%"))],
            ),
        }
    }
}

/// A checked search: dates parsed, patterns read, page bounded.
#[derive(Debug, Clone)]
pub struct Search {
    from: Date,
    to: Date,
    source: Option<NumberMatch>,
    destination: Option<NumberMatch>,
    any_number: Option<NumberMatch>,
    text: String,
    disposition: Option<Disposition>,
    min_duration: Option<u32>,
    has_recording: bool,
    call: Option<String>,
    sort: CdrSort,
    ascending: bool,
    pub page: u32,
    pub limit: u32,
}

fn date(value: &str) -> Result<Date, Problem> {
    Date::parse(value.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| Problem::InvalidDate)
}

impl Search {
    /// The days searched, unless one call's legs are asked for.
    pub fn days(&self) -> Option<(Date, Date)> {
        self.call.is_none().then_some((self.from, self.to))
    }

    /// Checks every field; all problems at once, next to their fields.
    /// Empty dates mean `today` (the caller's today, in the tenant's time).
    pub fn check(filter: &CdrFilter, today: Date) -> Result<Search, AppError> {
        let mut problems = Vec::new();
        let mut field = |name: &'static str, problem: Problem| {
            problems.push(FieldError::new(name, problem));
        };
        let mut day = |name: &'static str, value: &str| {
            if value.trim().is_empty() {
                return Some(today);
            }
            date(value).map_err(|p| field(name, p)).ok()
        };
        let from = day("from", &filter.from);
        let to = day("to", &filter.to);
        let mut numbers = |name: &'static str, value: &str| {
            NumberMatch::parse(value)
                .map_err(|p| problems.push(FieldError::new(name, p)))
                .ok()
                .flatten()
        };
        let source = numbers("source", &filter.source);
        let destination = numbers("destination", &filter.destination);
        let any_number = numbers("any_number", &filter.any_number);
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                problems.push(FieldError::new("to", Problem::EndBeforeStart));
            } else if (to - from).whole_days() >= i64::from(MAX_RANGE_DAYS) {
                problems.push(FieldError::new(
                    "to",
                    Problem::RangeTooLong {
                        max_days: MAX_RANGE_DAYS,
                    },
                ));
            }
        }
        let disposition = match filter.disposition.trim() {
            "" => None,
            code => match Disposition::from_code(code) {
                Some(d) => Some(d),
                None => {
                    problems.push(FieldError::new("disposition", Problem::UnknownChoice));
                    None
                }
            },
        };
        let call = Some(filter.call.trim()).filter(|c| !c.is_empty());
        if let Some(call) = call
            && (call.len() > 150
                || !call
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        {
            problems.push(FieldError::new("call", Problem::ForbiddenCharacters));
        }
        if filter.text.chars().count() > 80 {
            problems.push(FieldError::new("text", Problem::TooLong { max: 80 }));
        }
        let limit = match filter.limit {
            0 => CDR_DEFAULT_LIMIT,
            n if n > CDR_MAX_LIMIT => {
                problems.push(FieldError::new(
                    "limit",
                    Problem::OutOfRange {
                        min: 1,
                        max: i64::from(CDR_MAX_LIMIT),
                    },
                ));
                CDR_DEFAULT_LIMIT
            }
            n => n,
        };
        match (from, to, problems.is_empty()) {
            (Some(from), Some(to), true) => Ok(Search {
                from,
                to,
                source,
                destination,
                any_number,
                text: filter.text.trim().to_owned(),
                disposition,
                min_duration: filter.min_duration,
                has_recording: filter.has_recording,
                call: call.map(str::to_owned),
                sort: filter.sort,
                ascending: filter.ascending,
                page: filter.page.max(1),
                limit,
            }),
            _ => Err(AppError::Invalid(problems)),
        }
    }
}

/// A WHERE clause and its values, in bind order.
struct Clause {
    sql: String,
    values: Vec<SqlValue>,
}

/// A value bound to a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlValue {
    Text(String),
    Number(i64),
}

/// The search's conditions. With `dates_indexed` false, the date range is
/// written so that SQLite cannot read it from an index (`+start`): the
/// page then walks its sort's index instead (see `walks_sort_index`).
fn clause(table: &CdrTable, search: &Search, dates_indexed: bool) -> Clause {
    let start = if dates_indexed {
        table.start().to_owned()
    } else {
        format!("+{}", table.start())
    };
    let (mut conditions, mut values) = match &search.call {
        // All legs of one call, whatever day they fall on.
        Some(call) => (
            vec![format!(
                "({} = ? OR {} = ?)",
                table.column("linkedid"),
                table.column("uniqueid")
            )],
            vec![SqlValue::Text(call.clone()), SqlValue::Text(call.clone())],
        ),
        None => (
            vec![
                format!("{start} >= ?"),
                format!("{start} < date(?, '+1 day')"),
            ],
            vec![
                SqlValue::Text(search.from.to_string()),
                SqlValue::Text(search.to.to_string()),
            ],
        ),
    };
    let mut number = |columns: &[&'static str], pattern: &NumberMatch| {
        let mut present = Vec::new();
        for column in columns.iter().filter(|c| table.columns.contains(**c)) {
            let (sql, column_values) = pattern.condition(&format!("\"{column}\""));
            present.push(sql);
            values.extend(column_values);
        }
        if present.is_empty() {
            conditions.push("0".to_owned());
        } else {
            conditions.push(format!("({})", present.join(" OR ")));
        }
    };
    if let Some(pattern) = &search.source {
        number(&["src"], pattern);
    }
    if let Some(pattern) = &search.destination {
        number(&["dst"], pattern);
    }
    if let Some(pattern) = &search.any_number {
        number(&["src", "dst", "cnum", "did"], pattern);
    }
    if !search.text.is_empty() {
        let escaped: String = search
            .text
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let mut names = vec![format!("{} LIKE ? ESCAPE '\\'", table.column("clid"))];
        values.push(SqlValue::Text(format!("%{escaped}%")));
        if table.columns.contains("cnam") {
            names.push("\"cnam\" LIKE ? ESCAPE '\\'".to_owned());
            values.push(SqlValue::Text(format!("%{escaped}%")));
        }
        conditions.push(format!("({})", names.join(" OR ")));
    }
    if let Some(disposition) = search.disposition {
        conditions.push(format!("{} = ?", table.column("disposition")));
        values.push(SqlValue::Text(disposition.as_asterisk().to_owned()));
    }
    if let Some(seconds) = search.min_duration {
        conditions.push(format!("{} >= ?", table.column("duration")));
        values.push(SqlValue::Number(i64::from(seconds)));
    }
    if search.has_recording {
        conditions.push(format!("{} <> ''", table.column("recordingfile")));
    }
    Clause {
        sql: conditions.join(" AND "),
        values,
    }
}

fn order(table: &CdrTable, search: &Search) -> String {
    let direction = if search.ascending { "ASC" } else { "DESC" };
    let start = table.start();
    let column = match search.sort {
        // rowid breaks ties, so pages never overlap. An index on the start
        // alone orders equal starts by rowid already: a date-sorted page
        // walks it and stops after its rows.
        CdrSort::Date => return format!("{start} {direction}, rowid {direction}"),
        CdrSort::Duration => table.column("duration"),
        CdrSort::Source => table.column("src"),
        CdrSort::Destination => table.column("dst"),
    };
    // Ties go by start, then rowid: the order of the (column, start)
    // index, which such a page walks.
    format!("{column} {direction}, {start} {direction}, rowid {direction}")
}

/// Whether a page sorted by duration, source or destination should walk
/// that column's `(column, start)` index, checking each entry's date,
/// rather than read the date range and sort it.
///
/// SQLite decides this alone only with ANALYZE's statistics, which a PBX's
/// CDR database never has. Without them it takes any date range for a
/// small part of the table and sorts it: 90 days by duration took 150 ms
/// at 1 M rows, where walking the index stops after the page's rows
/// (0.1 ms; docs/figures.md). A walk reads about `(offset + limit) × rows /
/// rows in range` entries, the sort about the rows in range: walk when that
/// is fewer. Not with a number, text or recording filter, whose share of
/// the rows nobody knows: a rare one would make the walk read the whole
/// index, row by row.
fn walks_sort_index(table: &CdrTable, search: &Search) -> bool {
    let column = match search.sort {
        CdrSort::Date => return false,
        CdrSort::Duration => "duration",
        CdrSort::Source => "src",
        CdrSort::Destination => "dst",
    };
    let narrowed = search.call.is_some()
        || search.source.is_some()
        || search.destination.is_some()
        || search.any_number.is_some()
        || !search.text.is_empty()
        || search.has_recording;
    let Some(extent) = table.extent.filter(|_| !narrowed) else {
        return false;
    };
    if !table.has_index(&[column, table.start_name()]) {
        return false;
    }
    let in_range = extent.rows_within(search.from, search.to);
    let read = u64::from(search.page) * u64::from(search.limit) + 1;
    in_range.saturating_mul(in_range) > read.saturating_mul(extent.rows)
}

/// The statements a search runs, with their values in bind order: what
/// `search`, `count` and `export` execute, in one place, so the benchmark
/// can give SQLite's own CLI exactly the same SQL.
#[derive(Debug, Clone)]
pub struct Statements {
    /// The number of matching rows.
    pub count: String,
    /// One page: `values`, then `page_values` (how many rows, from where).
    pub page: String,
    /// Every matching row, in order.
    pub export: String,
    pub values: Vec<SqlValue>,
    pub page_values: Vec<SqlValue>,
}

impl Statements {
    pub fn new(table: &CdrTable, search: &Search) -> Statements {
        let conditions = clause(table, search, true);
        let page_filter = if walks_sort_index(table, search) {
            clause(table, search, false).sql
        } else {
            conditions.sql.clone()
        };
        let order = order(table, search);
        Statements {
            count: format!("SELECT COUNT(*) FROM cdr WHERE {}", conditions.sql),
            // The page's rows are picked by rowid first (the sort can run on
            // an index alone), then read whole: deep pages skip over index
            // entries, not over rows. One row more than the page says
            // whether there is a next one, without counting.
            page: format!(
                "SELECT {list} FROM cdr WHERE rowid IN \
                 (SELECT rowid FROM cdr WHERE {page_filter} ORDER BY {order} LIMIT ? OFFSET ?) \
                 ORDER BY {order}",
                list = table.select_list(),
            ),
            export: format!(
                "SELECT {list} FROM cdr WHERE {filter} ORDER BY {order}",
                list = table.select_list(),
                filter = conditions.sql,
            ),
            values: conditions.values,
            page_values: vec![
                SqlValue::Number(i64::from(search.limit) + 1),
                SqlValue::Number(i64::from(search.page - 1) * i64::from(search.limit)),
            ],
        }
    }
}

/// Runs `sql` with `values` bound on a kept connection (its prepared
/// statement reused), each row through `map`.
fn rows<T>(
    connection: &rusqlite::Connection,
    sql: &str,
    values: &[SqlValue],
    mut map: impl FnMut(&rusqlite::Row<'_>) -> T,
) -> rusqlite::Result<Vec<T>> {
    let mut statement = connection.prepare_cached(sql)?;
    let mut found = statement.query(rusqlite::params_from_iter(values))?;
    let mut out = Vec::new();
    while let Some(row) = found.next()? {
        out.push(map(row));
    }
    Ok(out)
}

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
    let mut tries = Vec::new();
    if table.columns.contains("recordingfile") {
        let by_file = first(
            "recordingfile = ?1 OR (length(recordingfile) > length(?1) \
             AND substr(recordingfile, -length(?1) - 1) = '/' || ?1)",
        );
        tries.push((by_file, file_name.to_owned()));
    }
    if let Some(uniqueid) = uniqueid.filter(|_| table.columns.contains("uniqueid")) {
        tries.push((first("uniqueid = ?1"), uniqueid.to_owned()));
    }
    source
        .readers
        .read(move |connection| {
            for (sql, value) in tries {
                let found = rows(connection, &sql, &[SqlValue::Text(value)], |row| {
                    record(row)
                })?;
                if let Some(call) = found.into_iter().next() {
                    return Ok(Some(call));
                }
            }
            Ok(None)
        })
        .await
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
    let total = source.all(count, values, |row| row.number(0)).await?;
    Ok(total.first().copied().unwrap_or(0).max(0) as u64)
}

/// Calls per hour (one day) or per day, outcomes, talk time and the
/// busiest numbers, for the same search.
pub async fn statistics(source: &CdrSource, search: &Search) -> Result<CdrStats, AppError> {
    let table = CdrTable::cached(source).await?;
    let clause = clause(&table, search, true);
    let hourly = search.from == search.to;
    let call = format!(
        "COALESCE(NULLIF({}, ''), NULLIF({}, ''), CAST(rowid AS TEXT))",
        table.column("linkedid"),
        table.column("uniqueid")
    );
    let calls = format!(
        "SELECT {call} AS call, MIN({start}) AS start, \
         MAX({disposition} = 'ANSWERED') AS answered, \
         MAX(CASE WHEN {disposition} = 'ANSWERED' THEN CAST({billsec} AS INTEGER) ELSE 0 END) AS talk \
         FROM cdr WHERE {filter} GROUP BY 1",
        start = table.start(),
        disposition = table.column("disposition"),
        billsec = table.column("billsec"),
        filter = clause.sql,
    );
    let width = if hourly { 13 } else { 10 };
    let buckets_sql = format!(
        "SELECT substr(start, 1, {width}), COUNT(*), SUM(answered), SUM(talk) \
         FROM ({calls}) GROUP BY 1 ORDER BY 1"
    );
    let top_sql = |column: &'static str| {
        format!(
            "SELECT {number}, COUNT(DISTINCT {call}) FROM cdr WHERE {filter} \
             GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5",
            number = table.column(column),
            filter = clause.sql,
        )
    };
    let (sources_sql, destinations_sql) = (top_sql("src"), top_sql("dst"));
    // Three scans of the same rows, each on its own kept connection at
    // once: a wide range's statistics take the longest one's time.
    fn count(row: &rusqlite::Row<'_>, index: usize) -> u64 {
        row.number(index).max(0) as u64
    }
    fn top(row: &rusqlite::Row<'_>) -> (String, u64) {
        (row.text(0), count(row, 1))
    }
    let (buckets, top_sources, top_destinations) = tokio::try_join!(
        source.all(buckets_sql, clause.values.clone(), |row| {
            (row.text(0), count(row, 1), count(row, 2), count(row, 3))
        }),
        source.all(sources_sql, clause.values.clone(), top),
        source.all(destinations_sql, clause.values.clone(), top),
    )?;
    let mut stats = CdrStats {
        hourly,
        ..CdrStats::default()
    };
    for (label, calls, answered, talk_seconds) in buckets {
        stats.calls += calls;
        stats.answered += answered;
        stats.talk_seconds += talk_seconds;
        stats.buckets.push(CdrBucket {
            label,
            calls,
            answered,
        });
    }
    stats.average_talk_seconds = stats.talk_seconds.checked_div(stats.answered).unwrap_or(0);
    stats.top_sources = top_sources;
    stats.top_destinations = top_destinations;
    Ok(stats)
}

/// The CSV's columns.
const CSV_HEADER: [&str; 16] = [
    "start",
    "answer",
    "end",
    "source",
    "caller_name",
    "destination",
    "did",
    "duration",
    "billsec",
    "disposition",
    "channel",
    "destination_channel",
    "last_application",
    "uniqueid",
    "linkedid",
    "recording",
];

/// Bytes gathered before a piece of the CSV goes out.
const CSV_CHUNK: usize = 64 * 1024;

type CsvSink = tokio::sync::mpsc::Sender<Result<bytes::Bytes, std::io::Error>>;

/// Writes every record the search finds (all pages) as CSV into `sink`,
/// piece by piece as rows come from SQLite: memory stays flat however many
/// rows there are, and a slow download slows the query down rather than
/// piling up (`sink` is bounded). Stops quietly when the download is gone.
pub async fn export(source: Arc<CdrSource>, search: Search, sink: CsvSink) {
    let table = match CdrTable::cached(&source).await {
        Ok(table) => table,
        Err(error) => {
            let _ = sink.send(Err(export_failed(&error))).await;
            return;
        }
    };
    let statements = Statements::new(&table, &search);
    let file = source.readers.path().to_path_buf();
    let done = tokio::task::spawn_blocking(move || {
        if let Err(error) = write_csv(&file, &statements, &sink) {
            tracing::warn!(%error, "CDR export failed");
            let _ = sink.blocking_send(Err(export_failed(&error)));
        }
    })
    .await;
    if let Err(error) = done {
        tracing::warn!(%error, "CDR export task failed");
    }
}

fn export_failed(error: &dyn std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("CDR export stopped: {error}"))
}

impl rusqlite::ToSql for SqlValue {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value, ValueRef};
        Ok(match self {
            SqlValue::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            SqlValue::Number(number) => ToSqlOutput::Owned(Value::Integer(*number)),
        })
    }
}

/// The export's own read-only connection (a long export does not hold one
/// of the pages' connections), on a blocking thread: rows go from SQLite
/// into the CSV without crossing threads one by one, in one read
/// transaction, so the file is one consistent picture even while Asterisk
/// writes. Ok(()) also when the download went away.
fn write_csv(file: &Path, statements: &Statements, sink: &CsvSink) -> rusqlite::Result<()> {
    use rusqlite::OpenFlags;
    let connection = rusqlite::Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    let mut statement = connection.prepare(&statements.export)?;
    let mut rows = statement.query(rusqlite::params_from_iter(&statements.values))?;
    let new_writer = || csv::Writer::from_writer(Vec::with_capacity(CSV_CHUNK * 2));
    let mut writer = new_writer();
    let _ = writer.write_record(CSV_HEADER);
    while let Some(row) = rows.next()? {
        let r = record(row);
        let cells = [
            r.start,
            r.answer.unwrap_or_default(),
            r.end.unwrap_or_default(),
            r.source,
            r.caller_name,
            r.destination,
            r.did,
            r.duration.to_string(),
            r.billsec.to_string(),
            r.disposition.as_asterisk().to_owned(),
            r.channel,
            r.destination_channel,
            r.last_application,
            r.uniqueid,
            r.linkedid,
            r.recording,
        ];
        for cell in &cells {
            let _ = writer.write_field(crate::server::csv_safe(cell).as_bytes());
        }
        // An empty record ends the one written field by field.
        let _ = writer.write_record(None::<&[u8]>);
        if writer.get_ref().len() >= CSV_CHUNK {
            let full = std::mem::replace(&mut writer, new_writer());
            let chunk = full.into_inner().unwrap_or_default();
            if sink.blocking_send(Ok(bytes::Bytes::from(chunk))).is_err() {
                return Ok(());
            }
        }
    }
    let rest = writer.into_inner().unwrap_or_default();
    if !rest.is_empty() {
        let _ = sink.blocking_send(Ok(bytes::Bytes::from(rest)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn check(filter: CdrFilter) -> Result<Search, AppError> {
        Search::check(&filter, date!(2026 - 11 - 22))
    }

    #[test]
    fn empty_dates_are_today_and_the_page_is_bounded() {
        let search = check(CdrFilter::default()).unwrap();
        assert_eq!(
            (search.from, search.to),
            (date!(2026 - 11 - 22), date!(2026 - 11 - 22))
        );
        assert_eq!((search.page, search.limit), (1, CDR_DEFAULT_LIMIT));
    }

    #[test]
    fn bad_filters_are_named_field_by_field() {
        let error = check(CdrFilter {
            from: "2026-11-30".into(),
            to: "2026-11-01".into(),
            source: "12a".into(),
            any_number: "%".into(),
            disposition: "lost".into(),
            limit: 501,
            ..CdrFilter::default()
        })
        .unwrap_err();
        assert_eq!(error.problem_for("to"), Some(&Problem::EndBeforeStart));
        assert_eq!(
            error.problem_for("source"),
            Some(&Problem::InvalidNumberPattern)
        );
        assert_eq!(
            error.problem_for("any_number"),
            Some(&Problem::InvalidNumberPattern)
        );
        assert_eq!(
            error.problem_for("disposition"),
            Some(&Problem::UnknownChoice)
        );
        assert!(error.problem_for("limit").is_some());

        let long = check(CdrFilter {
            from: "2025-01-01".into(),
            to: "2026-11-22".into(),
            ..CdrFilter::default()
        })
        .unwrap_err();
        assert_eq!(
            long.problem_for("to"),
            Some(&Problem::RangeTooLong { max_days: 366 })
        );
        let bad_date = check(CdrFilter {
            from: "22/11/2026".into(),
            ..CdrFilter::default()
        })
        .unwrap_err();
        assert_eq!(bad_date.problem_for("from"), Some(&Problem::InvalidDate));
    }

    #[test]
    fn number_patterns_match_a_prefix_or_anywhere() {
        let text = |s: &str| SqlValue::Text(s.into());
        assert_eq!(
            NumberMatch::parse("100").unwrap().unwrap().condition("src"),
            (
                "(src >= ? AND src < ?)".to_owned(),
                vec![text("100"), text("101")]
            )
        );
        assert_eq!(
            NumberMatch::parse("+339")
                .unwrap()
                .unwrap()
                .condition("src")
                .1,
            [text("+339"), text("+33:")]
        );
        assert_eq!(
            NumberMatch::parse("%555")
                .unwrap()
                .unwrap()
                .condition("dst"),
            ("dst LIKE ?".to_owned(), vec![text("%555%")])
        );
        assert_eq!(NumberMatch::parse(" ").unwrap(), None);
        for bad in ["1_0", "10%", "1' OR 1=1", "%%"] {
            assert!(NumberMatch::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_ranges_rows_are_guessed_from_the_days_it_shares_with_the_table() {
        // 100 days, 1,000 rows.
        let extent = Extent {
            rows: 1000,
            first: date!(2026 - 08 - 15),
            last: date!(2026 - 11 - 22),
        };
        let within = |from, to| extent.rows_within(from, to);
        assert_eq!(within(date!(2026 - 11 - 22), date!(2026 - 11 - 22)), 10);
        assert_eq!(within(date!(2026 - 01 - 01), date!(2026 - 12 - 31)), 1000);
        // Only the days inside the table count.
        assert_eq!(within(date!(2026 - 11 - 13), date!(2026 - 12 - 31)), 100);
        assert_eq!(within(date!(2026 - 12 - 01), date!(2026 - 12 - 31)), 0);
        assert_eq!(within(date!(2025 - 01 - 01), date!(2025 - 12 - 31)), 0);
        // A table of one day, and a search of one day in it.
        let one_day = Extent {
            rows: 7,
            first: date!(2026 - 11 - 22),
            last: date!(2026 - 11 - 22),
        };
        assert_eq!(
            one_day.rows_within(date!(2026 - 11 - 22), date!(2026 - 11 - 22)),
            7
        );
    }
}
