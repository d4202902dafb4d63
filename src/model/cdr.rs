//! Call detail records as both sides see them: one `CallRecord` whatever
//! schema the PBX's CDR table has (Asterisk's own or FreePBX's), and the
//! search that finds them.

use serde::{Deserialize, Serialize};

/// How a call ended, as Asterisk writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Answered,
    NoAnswer,
    Busy,
    Failed,
    Congestion,
    Unknown,
}

impl Disposition {
    /// The ones a search can ask for.
    pub const SEARCHABLE: [Disposition; 4] = [
        Disposition::Answered,
        Disposition::NoAnswer,
        Disposition::Busy,
        Disposition::Failed,
    ];

    pub fn parse(value: &str) -> Disposition {
        match value.trim().to_ascii_uppercase().as_str() {
            "ANSWERED" => Disposition::Answered,
            "NO ANSWER" => Disposition::NoAnswer,
            "BUSY" => Disposition::Busy,
            "FAILED" => Disposition::Failed,
            "CONGESTION" => Disposition::Congestion,
            _ => Disposition::Unknown,
        }
    }

    /// The value in the CDR table.
    pub fn as_asterisk(self) -> &'static str {
        match self {
            Disposition::Answered => "ANSWERED",
            Disposition::NoAnswer => "NO ANSWER",
            Disposition::Busy => "BUSY",
            Disposition::Failed => "FAILED",
            Disposition::Congestion => "CONGESTION",
            Disposition::Unknown => "",
        }
    }

    /// The value in URLs and forms.
    pub fn code(self) -> &'static str {
        match self {
            Disposition::Answered => "answered",
            Disposition::NoAnswer => "no_answer",
            Disposition::Busy => "busy",
            Disposition::Failed => "failed",
            Disposition::Congestion => "congestion",
            Disposition::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<Disposition> {
        Disposition::SEARCHABLE
            .into_iter()
            .chain([Disposition::Congestion])
            .find(|d| d.code() == code)
    }
}

/// Which CDR schema a PBX has, told apart by its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CdrSchema {
    /// contrib/ast-db-manage: `start`, `answer`, `end`, `linkedid`.
    Asterisk,
    /// FreePBX's `asteriskcdrdb.cdr`: `calldate`, `did`, `recordingfile`,
    /// `cnum`, `cnam`.
    FreePbx,
}

/// One row of the CDR table (one leg of a call).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRecord {
    /// The row's id in its table.
    pub id: i64,
    /// `YYYY-MM-DD HH:MM:SS` as the PBX wrote it (its local time).
    pub start: String,
    pub answer: Option<String>,
    pub end: Option<String>,
    pub source: String,
    pub destination: String,
    pub caller_name: String,
    pub caller_number: String,
    /// The number dialled from outside (FreePBX), or empty.
    pub did: String,
    pub channel: String,
    pub destination_channel: String,
    pub last_application: String,
    pub last_data: String,
    /// Seconds from start to end, and of them talking.
    pub duration: i64,
    pub billsec: i64,
    pub disposition: Disposition,
    pub uniqueid: String,
    pub linkedid: String,
    /// The recording's file name (FreePBX `recordingfile`), or empty.
    pub recording: String,
}

/// What a search is sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CdrSort {
    #[default]
    Date,
    Duration,
    Source,
    Destination,
}

impl CdrSort {
    pub const ALL: [CdrSort; 4] = [
        CdrSort::Date,
        CdrSort::Duration,
        CdrSort::Source,
        CdrSort::Destination,
    ];

    /// The value in URLs and forms.
    pub fn code(self) -> &'static str {
        match self {
            CdrSort::Date => "date",
            CdrSort::Duration => "duration",
            CdrSort::Source => "source",
            CdrSort::Destination => "destination",
        }
    }

    /// Anything unknown sorts by date, the default.
    pub fn from_code(code: &str) -> CdrSort {
        CdrSort::ALL
            .into_iter()
            .find(|sort| sort.code() == code)
            .unwrap_or_default()
    }
}

/// Rows per page: by default, and at most.
pub const CDR_DEFAULT_LIMIT: u32 = 15;
pub const CDR_MAX_LIMIT: u32 = 500;

/// A search, as it stands in the URL. Number fields match a prefix, or,
/// starting with `%`, anywhere (`%555`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CdrFilter {
    /// `YYYY-MM-DD`, both included.
    pub from: String,
    pub to: String,
    pub source: String,
    pub destination: String,
    /// Source, destination, caller id number or DID.
    pub any_number: String,
    /// Part of a caller id name.
    pub text: String,
    /// A `Disposition::code`, or empty for all.
    pub disposition: String,
    pub min_duration: Option<u32>,
    pub has_recording: bool,
    /// One call's legs: its linkedid (or a uniqueid). Dates then do not
    /// apply: a call may cross midnight.
    pub call: String,
    pub sort: CdrSort,
    pub ascending: bool,
    pub page: u32,
    pub limit: u32,
}

/// One page of a search. The number of rows on all pages comes apart
/// (`count_cdr`): counting a wide search takes longer than its first page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CdrPage {
    pub schema: CdrSchema,
    pub records: Vec<CallRecord>,
    /// Whether a next page has rows.
    pub has_more: bool,
    /// The days searched (`YYYY-MM-DD`; an empty filter date is the
    /// tenant's today), or empty when one call's legs were asked for.
    pub from: String,
    pub to: String,
    pub page: u32,
    pub limit: u32,
    /// `CREATE INDEX` statements for the indexes the searches need and the
    /// table lacks (shown to the admin; empty when all are there).
    pub index_advice: Vec<String>,
    /// Synced recordings of the rows on this page: (uniqueid, recording id).
    pub recordings: Vec<(String, i64)>,
}

/// One bar of the calls chart: an hour (one-day searches) or a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CdrBucket {
    /// `YYYY-MM-DD HH` or `YYYY-MM-DD`.
    pub label: String,
    pub calls: u64,
    pub answered: u64,
}

/// Statistics of a search. A call is all rows sharing a linkedid (the
/// legs of one call), answered when any leg was; its talk time is its
/// longest leg's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CdrStats {
    pub hourly: bool,
    pub buckets: Vec<CdrBucket>,
    pub calls: u64,
    pub answered: u64,
    pub talk_seconds: u64,
    /// Over answered calls.
    pub average_talk_seconds: u64,
    pub top_sources: Vec<(String, u64)>,
    pub top_destinations: Vec<(String, u64)>,
    /// Days of the range answered from Switchboard's daily summaries; the
    /// others were read from the PBX's CDR.
    pub summarised_days: u32,
    /// The busiest numbers were added up from each day's busiest
    /// (`SUMMARY_NUMBERS_PER_DAY` of them), and some day had more: a
    /// number outside a day's list is not counted for that day.
    pub top_from_daily_lists: bool,
    /// While older days are being summarised: days done, days to do (0
    /// while it is still counting).
    pub summarising: Option<(u32, u32)>,
    /// Days of the range left out meanwhile (not summarised yet, and not
    /// read from the PBX: too slow at scale).
    pub days_left_out: u32,
}

/// How many of a day's busiest numbers of each role a daily summary keeps.
pub const SUMMARY_NUMBERS_PER_DAY: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_codes_round_trip() {
        for sort in CdrSort::ALL {
            assert_eq!(CdrSort::from_code(sort.code()), sort);
        }
        assert_eq!(CdrSort::from_code("rowid; DROP"), CdrSort::Date);
        for disposition in Disposition::SEARCHABLE {
            assert_eq!(
                Disposition::from_code(disposition.code()),
                Some(disposition)
            );
            assert_eq!(Disposition::parse(disposition.as_asterisk()), disposition);
        }
        assert_eq!(Disposition::from_code("lost"), None);
    }
}
