//! A search's filter checked: dates parsed, number patterns read, the page
//! bounded; every problem named next to its field.

use time::Date;
use time::macros::format_description;

use super::sql::SqlValue;
use crate::error::{AppError, FieldError, Problem};
use crate::model::{CDR_DEFAULT_LIMIT, CDR_MAX_LIMIT, CdrFilter, CdrSort, Disposition};
use crate::server::realtime::backend::Dialect;

/// The longest date range one search may span.
pub const MAX_RANGE_DAYS: u32 = 366;
/// How a number filter matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum NumberMatch {
    Prefix(String),
    Contains(String),
}

impl NumberMatch {
    pub(super) fn parse(value: &str) -> Result<Option<NumberMatch>, Problem> {
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

    /// The condition on one column and its values. A prefix is a range in
    /// SQLite (`>= p AND < p'`, p' being p with its last character
    /// incremented): cheaper per row than LIKE and usable by an index. On
    /// the network servers a LIKE, which every collation reads the same
    /// way (a range depends on how the column's collation orders `+`, `*`
    /// and `#`), and which their planners turn into a range themselves
    /// where the collation allows. The allowed characters are all ASCII
    /// and no LIKE wildcards.
    pub(super) fn condition(&self, column: &str, dialect: Dialect) -> (String, Vec<SqlValue>) {
        match self {
            NumberMatch::Prefix(digits) if dialect != Dialect::Sqlite => (
                format!("{column} LIKE ?"),
                vec![SqlValue::Text(format!("{digits}%"))],
            ),
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
    pub(super) from: Date,
    pub(super) to: Date,
    /// The hour of `from` the search starts at (0: midnight), and the hour
    /// of `to` it ends before (`None`: the day's end): the parts of today
    /// a summary keeps and the part it reads.
    pub(super) from_hour: u8,
    pub(super) until_hour: Option<u8>,
    pub(super) source: Option<NumberMatch>,
    pub(super) destination: Option<NumberMatch>,
    pub(super) any_number: Option<NumberMatch>,
    pub(super) text: String,
    pub(super) disposition: Option<Disposition>,
    pub(super) min_duration: Option<u32>,
    pub(super) has_recording: bool,
    pub(super) call: Option<String>,
    pub(super) sort: CdrSort,
    pub(super) ascending: bool,
    pub page: u32,
    pub limit: u32,
}

pub(super) fn date(value: &str) -> Result<Date, Problem> {
    Date::parse(value.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| Problem::InvalidDate)
}

impl Search {
    /// Every call from `from` to `to` (a range already checked), nothing
    /// else: what a daily summary counts.
    pub fn of_days(from: Date, to: Date) -> Search {
        Search {
            from,
            to,
            from_hour: 0,
            until_hour: None,
            source: None,
            destination: None,
            any_number: None,
            text: String::new(),
            disposition: None,
            min_duration: None,
            has_recording: false,
            call: None,
            sort: CdrSort::Date,
            ascending: false,
            page: 1,
            limit: CDR_DEFAULT_LIMIT,
        }
    }

    /// The same search from `hour` (0–23) of its first day on.
    pub fn from_hour(mut self, hour: u8) -> Search {
        self.from_hour = hour.min(23);
        self
    }

    /// The same search ending before `hour` (0–23) of its last day.
    pub fn until_hour(mut self, hour: u8) -> Search {
        self.until_hour = Some(hour.min(23));
        self
    }

    /// Where the search's range starts and where it ends (excluded), as
    /// every server compares text with its start column: `YYYY-MM-DD`, or
    /// `YYYY-MM-DD HH:00:00` within a day.
    pub(super) fn bounds(&self) -> (String, String) {
        let at = |day: Date, hour: u8| {
            if hour == 0 {
                day.to_string()
            } else {
                format!("{day} {hour:02}:00:00")
            }
        };
        let end = match self.until_hour {
            Some(hour) => at(self.to, hour),
            None => self.to.next_day().unwrap_or(self.to).to_string(),
        };
        (at(self.from, self.from_hour), end)
    }

    /// Whether only the dates narrow the search: its statistics are then
    /// the sum of its days', which daily summaries can answer.
    pub fn dates_only(&self) -> bool {
        self.source.is_none()
            && self.destination.is_none()
            && self.any_number.is_none()
            && self.text.is_empty()
            && self.disposition.is_none()
            && self.min_duration.is_none()
            && !self.has_recording
            && self.call.is_none()
    }

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
                from_hour: 0,
                until_hour: None,
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
