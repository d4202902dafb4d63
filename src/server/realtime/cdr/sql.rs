//! A checked search written as SQL: the conditions (every value bound,
//! only column names from the table's own list written in), the order,
//! whether a page walks its sort's index, and the statements that run.

use super::filter::{NumberMatch, Search};
use super::table::CdrTable;
use crate::model::CdrSort;
use crate::server::realtime::backend::Dialect;

/// A WHERE clause and its values, in bind order.
pub(super) struct Clause {
    pub(super) sql: String,
    pub(super) values: Vec<SqlValue>,
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
pub(super) fn clause(table: &CdrTable, search: &Search, dates_indexed: bool) -> Clause {
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
        // Midnight to midnight (or an hour of a day), as text every server
        // compares with its column: SQLite's text, PostgreSQL's timestamp
        // and MySQL's datetime alike.
        None => (
            vec![
                format!("{start} >= {}", date_parameter(table.dialect)),
                format!("{start} < {}", date_parameter(table.dialect)),
            ],
            {
                let (from, until) = search.bounds();
                vec![SqlValue::Text(from), SqlValue::Text(until)]
            },
        ),
    };
    let mut number = |columns: &[&'static str], pattern: &NumberMatch| {
        let mut present = Vec::new();
        for column in columns.iter().filter(|c| table.columns.contains(**c)) {
            let (sql, column_values) =
                pattern.condition(&table.dialect.ident(column), table.dialect);
            present.push(sql);
            values.extend(column_values);
        }
        if present.is_empty() {
            conditions.push("1 = 0".to_owned());
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
        // Any case on every server (PostgreSQL's LIKE minds it). `!` is
        // the escape: a backslash means something else in MySQL's quotes.
        let like = table.dialect.like_any_case();
        let pattern = format!("%{}%", like_escaped(&search.text));
        let mut names = vec![format!("{} {like} ? ESCAPE '!'", table.column("clid"))];
        values.push(SqlValue::Text(pattern.clone()));
        if table.columns.contains("cnam") {
            names.push(format!("{} {like} ? ESCAPE '!'", table.column("cnam")));
            values.push(SqlValue::Text(pattern));
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

/// A date bound as the statement takes it. PostgreSQL infers an untyped
/// parameter compared with a timestamp column to be a timestamp, and sqlx
/// sends parameters in binary form: the date's text would be read as a
/// timestamp's bytes ("incorrect binary data format"). Typed as text
/// first, it is cast by the server, and the index on the start still
/// serves the range.
pub(super) fn date_parameter(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "CAST(CAST(? AS TEXT) AS TIMESTAMP)",
        Dialect::Sqlite | Dialect::MySql => "?",
    }
}

/// `text` for a LIKE pattern with `ESCAPE '!'`: its wildcards are text.
pub(super) fn like_escaped(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c {
            '%' | '_' | '!' => vec!['!', c],
            c => vec![c],
        })
        .collect()
}

fn order(table: &CdrTable, search: &Search) -> String {
    let direction = if search.ascending { "ASC" } else { "DESC" };
    let start = table.start();
    let tiebreak = table.tiebreak(direction);
    let column = match search.sort {
        // The tiebreak (`CdrTable::tiebreak`) orders equal starts, so pages
        // never overlap. In SQLite an index on the start alone orders
        // equal starts by rowid already: a date-sorted page walks it and
        // stops after its rows.
        CdrSort::Date => return format!("{start} {direction}, {tiebreak}"),
        CdrSort::Duration => table.column("duration"),
        CdrSort::Source => table.column("src"),
        CdrSort::Destination => table.column("dst"),
    };
    // Ties go by start, then rowid: the order of the (column, start)
    // index, which such a page walks.
    format!("{column} {direction}, {start} {direction}, {tiebreak}")
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
pub(super) fn walks_sort_index(table: &CdrTable, search: &Search) -> bool {
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
        // One row more than the page says whether there is a next one,
        // without counting.
        let page = match table.dialect {
            // The page's rows are picked by rowid first (the sort can run
            // on an index alone), then read whole: deep pages skip over
            // index entries, not over rows.
            Dialect::Sqlite => format!(
                "SELECT {list} FROM cdr WHERE rowid IN \
                 (SELECT rowid FROM cdr WHERE {page_filter} ORDER BY {order} LIMIT ? OFFSET ?) \
                 ORDER BY {order}",
                list = table.select_list(),
            ),
            // No rowid there (FreePBX's table has no key at all): the
            // server's planner picks its own way to the page.
            Dialect::Postgres | Dialect::MySql => format!(
                "SELECT {list} FROM cdr WHERE {page_filter} ORDER BY {order} LIMIT ? OFFSET ?",
                list = table.select_list(),
            ),
        };
        Statements {
            count: format!("SELECT COUNT(*) FROM cdr WHERE {}", conditions.sql),
            page,
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

impl rusqlite::ToSql for SqlValue {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value, ValueRef};
        Ok(match self {
            SqlValue::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            SqlValue::Number(number) => ToSqlOutput::Owned(Value::Integer(*number)),
        })
    }
}

/// Runs `sql` with `values` bound on a kept connection (its prepared
/// statement reused), each row through `map`.
pub(super) fn rows<T>(
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
