//! The CDR table's shape: which schema (Asterisk's or FreePBX's), its
//! columns, its indexes (and the ones it lacks, as advice), its extent.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use time::Date;

use super::filter::date;
use super::source::CdrSource;
use crate::error::AppError;
use crate::model::{CdrSchema, CheckProblem};
use crate::server::realtime::backend::Dialect;

/// How long a read of the CDR table's shape is reused: reading it costs
/// 0.15–0.25 ms, more than a page of today's calls itself.
const SHAPE_FRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// The CDR table as found: its schema, its columns and its indexes.
#[derive(Debug, Clone)]
pub struct CdrTable {
    pub schema: CdrSchema,
    /// The server's SQL the statements are written in.
    pub(super) dialect: Dialect,
    pub(super) columns: HashSet<String>,
    /// Each index's columns, in order.
    pub(super) indexes: Vec<Vec<String>>,
    /// How many rows over which days, as the table's ends tell (SQLite
    /// only: see `read_extent`).
    pub(super) extent: Option<Extent>,
}

/// A CDR table's size and days, read from its ends alone (the lowest and
/// highest rowid, the first and last entry of an index on the start): enough
/// to guess how many rows a date range holds without counting them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Extent {
    pub(super) rows: u64,
    pub(super) first: Date,
    pub(super) last: Date,
}

impl Extent {
    /// The rows `from..=to` would hold were the calls spread evenly over the
    /// table's days.
    pub(super) fn rows_within(&self, from: Date, to: Date) -> u64 {
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
        let dialect = source.dialect();
        // Each server's catalogue, as (kind, index, column, position in
        // the index): the table `cdr` as an unqualified name finds it (the
        // search path on PostgreSQL, the connection's database on MySQL).
        let catalogue = match dialect {
            Dialect::Sqlite => {
                "SELECT 'column', '', lower(name), 0 FROM pragma_table_info('cdr') \
                 UNION ALL \
                 SELECT 'index', il.name, lower(ii.name), ii.seqno \
                 FROM pragma_index_list('cdr') AS il, pragma_index_info(il.name) AS ii \
                 ORDER BY 1, 2, 4"
            }
            Dialect::Postgres => {
                "SELECT 'column', '', lower(CAST(attname AS TEXT)), 0 FROM pg_attribute \
                 WHERE attrelid = to_regclass('cdr') AND attnum > 0 AND NOT attisdropped \
                 UNION ALL \
                 SELECT 'index', CAST(ci.relname AS TEXT), lower(CAST(a.attname AS TEXT)), \
                 array_position(CAST(ix.indkey AS int2[]), a.attnum) \
                 FROM pg_index ix JOIN pg_class ci ON ci.oid = ix.indexrelid \
                 JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ANY(ix.indkey) \
                 WHERE ix.indrelid = to_regclass('cdr') \
                 ORDER BY 1, 2, 4"
            }
            Dialect::MySql => {
                "SELECT 'column', '', lower(COLUMN_NAME), 0 FROM information_schema.COLUMNS \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cdr' \
                 UNION ALL \
                 SELECT 'index', INDEX_NAME, lower(COLUMN_NAME), SEQ_IN_INDEX \
                 FROM information_schema.STATISTICS \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cdr' \
                 ORDER BY 1, 2, 4"
            }
        };
        let rows = source
            .all(catalogue.to_owned(), Vec::new(), |row| {
                (row.text(0), row.text(1), row.text(2))
            })
            .await?;
        let mut columns = HashSet::new();
        let mut indexes: Vec<(String, Vec<String>)> = Vec::new();
        // Each index's columns come in their order.
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
            dialect,
            columns,
            indexes: indexes.into_iter().map(|(_, list)| list).collect(),
            extent: None,
        };
        table.extent = table.read_extent(source).await?;
        Ok(table)
    }

    /// The table's `Extent`, when an index on the start makes its first and
    /// last days cheap to read and both are dates (a PBX writes what it
    /// likes: anything else means no guess). Only SQLite's: the guess
    /// decides a plan SQLite cannot (`sql::walks_sort_index`), where
    /// PostgreSQL and MySQL plan from statistics of their own, and their
    /// tables have no rowid to measure the rows by.
    async fn read_extent(&self, source: &CdrSource) -> Result<Option<Extent>, AppError> {
        if self.dialect != Dialect::Sqlite || !self.has_index(&[self.start_name()]) {
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
    pub(super) fn has_index(&self, wanted: &[&str]) -> bool {
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
    pub(super) fn start(&self) -> String {
        self.dialect.ident(self.start_name())
    }

    /// `expression` as text: dates and times as `YYYY-MM-DD HH:MM:SS` on
    /// every server (SQLite holds them as that text already).
    pub(super) fn as_text(&self, expression: &str) -> String {
        match self.dialect {
            Dialect::Sqlite => expression.to_owned(),
            Dialect::Postgres => format!("CAST({expression} AS TEXT)"),
            Dialect::MySql => format!("CAST({expression} AS CHAR)"),
        }
    }

    /// `expression` as an integer (a SUM is NUMERIC on PostgreSQL for a
    /// bigint, DECIMAL on MySQL for anything).
    pub(super) fn as_integer(&self, expression: &str) -> String {
        match self.dialect {
            Dialect::Sqlite => format!("CAST({expression} AS INTEGER)"),
            Dialect::Postgres => format!("CAST({expression} AS BIGINT)"),
            Dialect::MySql => format!("CAST({expression} AS SIGNED)"),
        }
    }

    /// What orders rows of equal sort keys, so pages never overlap: the
    /// rowid in SQLite; elsewhere the table has no key (FreePBX's has no
    /// primary key at all), and a CDR row is told apart by its uniqueid
    /// and, among the rows one channel wrote, its sequence.
    pub(super) fn tiebreak(&self, direction: &str) -> String {
        if self.dialect == Dialect::Sqlite {
            return format!("rowid {direction}");
        }
        ["uniqueid", "sequence"]
            .into_iter()
            .filter(|c| self.columns.contains(*c))
            .map(|c| format!("{} {direction}", self.dialect.ident(c)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The column of the call's start, as the table's index list names it.
    pub(super) fn start_name(&self) -> &'static str {
        match self.schema {
            CdrSchema::Asterisk => "start",
            CdrSchema::FreePbx => "calldate",
        }
    }

    /// `name` if the table has that column, else an empty value: older
    /// schemas lack some (no `linkedid` before Asterisk 1.8, no `did`
    /// outside FreePBX).
    pub(super) fn column(&self, name: &'static str) -> String {
        if self.columns.contains(name) {
            self.dialect.ident(name)
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
                    .map(|c| self.dialect.ident(c))
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
    ///
    /// On PostgreSQL and MySQL the sorts' indexes end with the tiebreak
    /// (`tiebreak`: uniqueid, sequence), SQLite's with the rowid every
    /// index holds anyway: a page's whole ORDER BY is then the index's
    /// order, so the server walks it and stops after the page, where an
    /// index on the start alone left MariaDB sorting the whole range for
    /// every page (and every page of an export).
    fn wanted_indexes(&self) -> Vec<(&'static str, Vec<&'static str>)> {
        let start = self.start_name();
        let mut search = vec![start];
        search.extend(
            ["disposition", "duration", "src", "dst", "cnum", "did"]
                .into_iter()
                .filter(|c| self.columns.contains(*c)),
        );
        let tiebreak: Vec<&'static str> = match self.dialect {
            Dialect::Sqlite => Vec::new(),
            Dialect::Postgres | Dialect::MySql => ["uniqueid", "sequence"]
                .into_iter()
                .filter(|c| self.columns.contains(*c))
                .collect(),
        };
        let sort = |first: &[&'static str]| -> Vec<&'static str> {
            first
                .iter()
                .copied()
                .chain(tiebreak.iter().copied())
                .collect()
        };
        [
            ("cdr_start", sort(&[start])),
            ("cdr_search", search),
            ("cdr_duration", sort(&["duration", start])),
            ("cdr_src", sort(&["src", start])),
            ("cdr_dst", sort(&["dst", start])),
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
    pub(super) fn select_list(&self) -> String {
        let (answer, end) = match self.schema {
            CdrSchema::Asterisk => (
                self.as_text(&self.column("answer")),
                self.as_text(&self.column("end")),
            ),
            CdrSchema::FreePbx => ("NULL".to_owned(), "NULL".to_owned()),
        };
        // No rowid outside SQLite: a network row's id is 0 (nothing reads
        // it but SQLite's own tests).
        let id = match self.dialect {
            Dialect::Sqlite => "rowid",
            Dialect::Postgres | Dialect::MySql => "0",
        };
        [
            id.to_owned(),
            self.as_text(&self.start()),
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
        .iter()
        .enumerate()
        // Each named apart: PostgreSQL names `CAST("start" AS TEXT)`
        // "start", and an ORDER BY "start" then sorts that text rather
        // than walk the column's index (a 90-day page took 820 ms at 1 M
        // rows, 0.07 ms walking; docs/figures.md).
        .map(|(n, expression)| format!("{expression} AS c{n}"))
        .collect::<Vec<_>>()
        .join(", ")
    }
}
