//! The PBX's CDR table, searched in place. Which schema it has (Asterisk's
//! own or FreePBX's) is read from its columns, and both map to one
//! `CallRecord`. Every value of a filter is bound: only column names chosen
//! here, from the table's own column list, are ever written into the SQL.//!
//! One file per job: `table` (the table's shape and index advice), `rows`
//! (reading a row), `filter` (checking a search), `sql` (writing it as
//! statements), `queries` (pages, counts, statistics, a recording's call)
//! and `export` (CSV). `source` keeps the connections they all read on.
//! What is `pub` here is the interface: services and the benchmark use
//! nothing else.

mod export;
mod filter;
mod queries;
mod rows;
mod source;
mod sql;
mod table;
#[cfg(test)]
mod tests;

pub use export::{CsvPieces, export};
pub use filter::{MAX_RANGE_DAYS, Search};
pub use queries::{
    TOP_SHOWN, Tally, TallyBucket, call_of_recording, count, first_day, rows_per_day, search,
    statistics, tally,
};
pub use source::CdrSource;
pub use sql::{SqlValue, Statements};
pub use table::CdrTable;
