//! The statistics of weeks and months, added up from daily summaries that
//! Switchboard keeps of each PBX's call history.
//!
//! Why: statistics group every CDR row of the range by call. A month took
//! 0.84–0.89 s at 1 M rows on SQLite, and FreePBX installations reach
//! 30 M rows, where no index answers it (docs/figures.md). A finished day's
//! calls no longer change, so its figures are kept once (per hour: calls,
//! answered, talk time; its busiest numbers) and a month reads thirty days
//! of those.
//!
//! Which days: every day before the tenant's today, up to
//! `HORIZON_DAYS` back, and today's hours before the last whole one
//! (`kept_hours`); the rest of today is read from the PBX, as are the days
//! not summarised yet. (Today read whole took ~190 ms at FreePBX's 27,400
//! rows a day, most of a month's 200 ms; its last hour or two take a tenth
//! of that.) A PBX writes a call's rows when it ends, so a long call of
//! yesterday arrives today, and a retention job purges old rows: each
//! refresh counts the rows of the last `RECOUNT_DAYS` days and of today's
//! kept hours (the start's index answers it) and summarises again any
//! whose count changed, and drops the days before the oldest row. An
//! older day changed in place is not seen (PBXs do not rewrite CDR rows).
//! A call is counted where its first leg starts; one whose legs straddle
//! midnight, or the hour up to which today is kept, counts on both sides,
//! as reading the two days apart would.
//!
//! When: a refresh starts in the background with a statistics request
//! when the last one ended more than `cdr_summary_refresh_seconds` ago, so
//! a PBX nobody looks at costs nothing; the request waits for it up to a
//! second (a small PBX's whole history). The first one of a large PBX
//! summarises its history, newest day first; meanwhile the days it has not
//! reached are left out of the statistics (at 30 M rows a month read row
//! by row does not answer within the time limit), and the page says how
//! many, and how far the summary is.
//!
//! Only a search narrowed by nothing but its dates adds up days: with a
//! number, text or outcome filter the statistics are read from the PBX as
//! before.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use time::{Date, PrimitiveDateTime};

use crate::error::AppError;
use crate::model::{CdrStats, PbxConnection, SUMMARY_NUMBERS_PER_DAY};
use crate::server::db;
use crate::server::db::cdr_summaries::SummaryDay;
use crate::server::realtime::cdr::{self, CdrSource, Search, Tally, TallyBucket};
use crate::server::scope::Scope;
use crate::server::state::AppState;

/// Days back a summary covers; older days are read from the PBX.
const HORIZON_DAYS: i64 = 3 * 366;
/// Days back each refresh counts again.
const RECOUNT_DAYS: i64 = 7;
/// How long the request that starts a refresh waits for it.
const FIRST_WAIT: Duration = Duration::from_secs(1);

/// The refreshes running, and when each connection's last one ended.
#[derive(Default)]
pub struct Summaries {
    entries: Mutex<HashMap<i64, Entry>>,
}

#[derive(Default)]
struct Entry {
    /// Days done, days to do, while a refresh runs.
    running: Option<(u32, u32)>,
    finished: Option<Instant>,
}

/// A claimed refresh; its end (also by a panic) is recorded when dropped.
struct Claim {
    summaries: Arc<Summaries>,
    id: i64,
}

impl Summaries {
    /// Claims the refresh of connection `id` when none runs and the last
    /// ended more than `every` ago.
    fn claim(self: &Arc<Self>, id: i64, every: Duration) -> Option<Claim> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = entries.entry(id).or_default();
        let due = entry.running.is_none() && entry.finished.is_none_or(|at| at.elapsed() >= every);
        due.then(|| {
            entry.running = Some((0, 0));
            Claim {
                summaries: self.clone(),
                id,
            }
        })
    }

    /// How far the running refresh of `id` is (days done, days to do;
    /// 0 to do while it is still counting), if one runs.
    fn progress(&self, id: i64) -> Option<(u32, u32)> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(&id).and_then(|entry| entry.running)
    }
}

impl Claim {
    fn progress(&self, done: usize, total: usize) {
        let mut entries = self
            .summaries
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = entries.get_mut(&self.id) {
            entry.running = Some((done as u32, total as u32));
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mut entries = self
            .summaries
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = entries.get_mut(&self.id) {
            entry.running = None;
            entry.finished = Some(Instant::now());
        }
    }
}

/// The statistics of a search narrowed by its dates only: its summarised
/// days (and today's summarised hours) added up with the rest read from
/// the PBX. `now` is the tenant's wall-clock time.
pub(super) async fn statistics(
    state: &AppState,
    scope: &Scope,
    connection: &PbxConnection,
    source: Arc<CdrSource>,
    search: &Search,
    now: PrimitiveDateTime,
) -> Result<CdrStats, AppError> {
    let Some((from, to)) = search.days() else {
        return cdr::statistics(&source, search).await;
    };
    let today = now.date();
    // A refresh this request starts is given a moment: a small PBX's
    // first summary is done within it, and the answer is whole.
    if let Some(mut refresh) = start_refresh(state, scope, connection, source.clone(), now) {
        let _ = tokio::time::timeout(FIRST_WAIT, &mut refresh).await;
    }
    let (id, url) = (connection.id, connection.cdr_db_url.as_str());
    let summarising = state.cdr_summaries.progress(id);
    let hourly = from == to;
    let closed_to = to.min(today.previous_day().unwrap_or(today));
    // The range's summarised days up to today, in one read: the days
    // summarised whole before today, and today's kept hours. A day kept
    // while it was today is read again until a refresh summarises it whole.
    let (today_text, closed_text) = (today.to_string(), closed_to.to_string());
    let last = to.min(today);
    let (mut summarised, mut today_kept) = (Vec::new(), None);
    if from <= last {
        let range = (from.to_string(), last.to_string());
        for day in db::cdr_summaries::days(&state.db, scope, id, url, &range.0, &range.1).await? {
            match day.through_hour {
                None if day.day <= closed_text => summarised.push(day),
                Some(_) if day.day == today_text => today_kept = Some(day),
                _ => {}
            }
        }
    }
    if summarised.is_empty() && today_kept.is_none() && summarising.is_none() {
        return cdr::statistics(&source, search).await;
    }
    let mut tally = if summarised.is_empty() {
        Tally::default()
    } else {
        db::cdr_summaries::tally(
            &state.db,
            scope,
            id,
            url,
            (&from.to_string(), &closed_text),
            hourly,
            true,
        )
        .await?
    };
    if today_kept.is_some() {
        let hours = db::cdr_summaries::tally(
            &state.db,
            scope,
            id,
            url,
            (&today_text, &today_text),
            hourly,
            false,
        )
        .await?;
        add(&mut tally, hours, hourly);
    }
    let mut cut = summarised
        .iter()
        .chain(&today_kept)
        .any(|day| day.source_cutoff > 0 || day.destination_cutoff > 0);
    let (runs, left_out) = runs_to_read(
        split_at(unsummarised_runs(from, to, &summarised), today),
        today,
        summarising.is_some(),
    );
    let pieces = summarised.len() + usize::from(today_kept.is_some()) + runs.len();
    for (first, last) in runs {
        let mut read = Search::of_days(first, last);
        // Today's hours that are kept are not read again.
        if let Some(hour) = today_kept.as_ref().and_then(|day| day.through_hour)
            && first == today
        {
            read = read.from_hour(hour);
        }
        let live = cdr::tally(&source, &read, SUMMARY_NUMBERS_PER_DAY).await?;
        cut |= live.sources.len() == SUMMARY_NUMBERS_PER_DAY
            || live.destinations.len() == SUMMARY_NUMBERS_PER_DAY;
        add(&mut tally, live, hourly);
    }
    let mut stats = tally.stats(hourly);
    stats.summarised_days = summarised.len() as u32;
    stats.top_from_daily_lists = cut && pieces > 1;
    stats.summarising = summarising;
    stats.days_left_out = left_out;
    Ok(stats)
}

/// `runs` with the one that holds `day` split before it, so that `day`
/// starts a run of its own.
fn split_at(runs: Vec<(Date, Date)>, day: Date) -> Vec<(Date, Date)> {
    let mut split = Vec::with_capacity(runs.len() + 1);
    for (first, last) in runs {
        match day.previous_day() {
            Some(before) if first < day && day <= last => {
                split.push((first, before));
                split.push((day, last));
            }
            _ => split.push((first, last)),
        }
    }
    split
}

/// The runs of consecutive days from `from` to `to` that are not in
/// `summarised`, first and last day of each.
fn unsummarised_runs(from: Date, to: Date, summarised: &[SummaryDay]) -> Vec<(Date, Date)> {
    let done: HashSet<&str> = summarised.iter().map(|d| d.day.as_str()).collect();
    let mut runs: Vec<(Date, Date)> = Vec::new();
    let mut day = from;
    loop {
        if !done.contains(day.to_string().as_str()) {
            match runs.last_mut() {
                Some((_, last)) if last.next_day() == Some(day) => *last = day,
                _ => runs.push((day, day)),
            }
        }
        match day.next_day() {
            Some(next) if next <= to => day = next,
            _ => break,
        }
    }
    runs
}

/// Which of the runs not summarised are read from the PBX, and how many
/// days are left out: while older days are being summarised they are
/// left out, not read (at FreePBX's scale a month read row by row does
/// not answer within the time limit; docs/figures.md); today and after
/// are always read.
fn runs_to_read(
    runs: Vec<(Date, Date)>,
    today: Date,
    summarising: bool,
) -> (Vec<(Date, Date)>, u32) {
    if !summarising {
        return (runs, 0);
    }
    let mut left_out = 0;
    let mut read = Vec::new();
    for (first, last) in runs {
        let start = first.max(today);
        let end_of_left_out = start.min(last.next_day().unwrap_or(last));
        left_out += (end_of_left_out - first).whole_days().max(0) as u32;
        if start <= last {
            read.push((start, last));
        }
    }
    (read, left_out)
}

/// `more` added to `tally`: buckets of the same label summed (a one-day
/// run read from the PBX comes in hours; a range's buckets are days), the
/// numbers' calls summed.
fn add(tally: &mut Tally, more: Tally, hourly: bool) {
    let mut buckets: HashMap<String, TallyBucket> = tally
        .buckets
        .drain(..)
        .map(|b| (b.label.clone(), b))
        .collect();
    for bucket in more.buckets {
        let label = if hourly {
            bucket.label
        } else {
            bucket.label.chars().take(10).collect()
        };
        let into = buckets.entry(label.clone()).or_insert_with(|| TallyBucket {
            label,
            ..TallyBucket::default()
        });
        into.calls += bucket.calls;
        into.answered += bucket.answered;
        into.talk_seconds += bucket.talk_seconds;
    }
    tally.buckets = buckets.into_values().collect();
    let sum = |into: &mut Vec<(String, u64)>, more: Vec<(String, u64)>| {
        let mut numbers: HashMap<String, u64> = into.drain(..).collect();
        for (number, calls) in more {
            *numbers.entry(number).or_default() += calls;
        }
        *into = numbers.into_iter().collect();
    };
    sum(&mut tally.sources, more.sources);
    sum(&mut tally.destinations, more.destinations);
}

/// Starts a refresh of the connection's summary in the background, when
/// one is due; its task.
fn start_refresh(
    state: &AppState,
    scope: &Scope,
    connection: &PbxConnection,
    source: Arc<CdrSource>,
    now: PrimitiveDateTime,
) -> Option<tokio::task::JoinHandle<()>> {
    let every = Duration::from_secs(state.config.cdr_summary_refresh_seconds.into());
    let claim = state.cdr_summaries.claim(connection.id, every)?;
    let (state, scope, connection) = (state.clone(), scope.clone(), connection.clone());
    Some(tokio::spawn(async move {
        if let Err(error) = refresh(&state, &scope, &connection, &source, now, &claim).await {
            tracing::warn!(pbx_connection = connection.id, %error, "call statistics summary not refreshed");
        }
    }))
}

/// Brings the connection's summary up to date: days purged on the PBX
/// dropped, today's finished hours kept, recent days whose row count
/// changed and days never summarised (newest first) summarised.
async fn refresh(
    state: &AppState,
    scope: &Scope,
    connection: &PbxConnection,
    source: &CdrSource,
    now: PrimitiveDateTime,
    claim: &Claim,
) -> Result<(), AppError> {
    let (id, url) = (connection.id, connection.cdr_db_url.as_str());
    let keeper = Keeper {
        state,
        scope,
        id,
        url,
        source,
    };
    let today = now.date();
    db::cdr_summaries::open(&state.db, scope, id, url).await?;
    let horizon = today - time::Duration::days(HORIZON_DAYS);
    let Some(first) = cdr::first_day(source, horizon).await? else {
        return db::cdr_summaries::drop_before(&state.db, scope, id, url, None).await;
    };
    let first_text = first.to_string();
    db::cdr_summaries::drop_before(&state.db, scope, id, url, Some(&first_text)).await?;
    if first <= today {
        keeper.today(today, kept_hours(now)).await?;
    }
    let Some(yesterday) = today.previous_day().filter(|y| *y >= first) else {
        return Ok(());
    };
    let recount_from = first.max(today - time::Duration::days(RECOUNT_DAYS));
    let counts: HashMap<String, u64> = cdr::rows_per_day(source, recount_from, today)
        .await?
        .into_iter()
        .collect();
    // What each day was summarised from; a day summarised while it was
    // today is not whole.
    let known: HashMap<String, (u64, bool)> = db::cdr_summaries::days(
        &state.db,
        scope,
        id,
        url,
        &first_text,
        &yesterday.to_string(),
    )
    .await?
    .into_iter()
    .map(|day| (day.day, (day.cdr_rows, day.through_hour.is_none())))
    .collect();
    // Newest first: the ranges people look at most are ready soonest.
    let mut todo: Vec<(Date, Option<u64>)> = Vec::new();
    let mut day = yesterday;
    while day >= first {
        let text = day.to_string();
        if day >= recount_from {
            let rows = counts.get(&text).copied().unwrap_or(0);
            if known.get(&text) != Some(&(rows, true)) {
                todo.push((day, Some(rows)));
            }
        } else if known.get(&text).is_none_or(|(_, whole)| !whole) {
            todo.push((day, None));
        }
        match day.previous_day() {
            Some(previous) => day = previous,
            None => break,
        }
    }
    for (done, (day, rows)) in todo.iter().enumerate() {
        claim.progress(done, todo.len());
        let next = day.next_day().unwrap_or(*day);
        let rows = match rows {
            Some(rows) => *rows,
            None => cdr::rows_per_day(source, *day, next)
                .await?
                .first()
                .map_or(0, |(_, rows)| *rows),
        };
        keeper
            .keep(&Search::of_days(*day, *day), *day, rows, None)
            .await?;
    }
    Ok(())
}

/// The hours of today a refresh at `now` keeps: those before the last
/// whole hour (at 18:30, up to 17:00), so that the calls of the hours kept
/// have mostly ended and written their rows (a PBX writes a call's rows
/// when it ends). None before 02:00.
fn kept_hours(now: PrimitiveDateTime) -> Option<u8> {
    now.hour().checked_sub(1).filter(|hour| *hour >= 1)
}

/// Writes summaries of one connection's CDR.
struct Keeper<'a> {
    state: &'a AppState,
    scope: &'a Scope,
    id: i64,
    url: &'a str,
    source: &'a CdrSource,
}

impl Keeper<'_> {
    /// Keeps today's hours before `hour`, unless what is kept already
    /// covers them and their row count has not changed since (a call that
    /// began then and ended later adds rows to them: they are summarised
    /// again). The whole day is summarised once it is over.
    async fn today(&self, today: Date, hour: Option<u8>) -> Result<(), AppError> {
        let Some(hour) = hour else {
            return Ok(());
        };
        let text = today.to_string();
        let search = Search::of_days(today, today).until_hour(hour);
        let rows = cdr::count(self.source, &search).await?;
        let kept =
            db::cdr_summaries::days(&self.state.db, self.scope, self.id, self.url, &text, &text)
                .await?;
        if kept
            .first()
            .is_some_and(|day| day.through_hour == Some(hour) && day.cdr_rows == rows)
        {
            return Ok(());
        }
        self.keep(&search, today, rows, Some(hour)).await
    }

    /// Summarises what `search` finds as `day`'s (`rows` rows; its hours
    /// before `through_hour` only, when given).
    async fn keep(
        &self,
        search: &Search,
        day: Date,
        rows: u64,
        through_hour: Option<u8>,
    ) -> Result<(), AppError> {
        let tally = if rows == 0 {
            Tally::default()
        } else {
            cdr::tally(self.source, search, SUMMARY_NUMBERS_PER_DAY).await?
        };
        let cutoff = |numbers: &[(String, u64)]| {
            if numbers.len() == SUMMARY_NUMBERS_PER_DAY {
                numbers.last().map_or(0, |(_, calls)| *calls)
            } else {
                0
            }
        };
        let summary = SummaryDay {
            day: day.to_string(),
            cdr_rows: rows,
            source_cutoff: cutoff(&tally.sources),
            destination_cutoff: cutoff(&tally.destinations),
            through_hour,
        };
        db::cdr_summaries::put_day(
            &self.state.db,
            self.scope,
            self.id,
            self.url,
            &summary,
            &tally,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn day(text: &str) -> SummaryDay {
        SummaryDay {
            day: text.into(),
            cdr_rows: 1,
            source_cutoff: 0,
            destination_cutoff: 0,
            through_hour: None,
        }
    }

    #[test]
    fn days_not_summarised_are_read_in_runs() {
        let summarised = [day("2026-11-02"), day("2026-11-03"), day("2026-11-05")];
        assert_eq!(
            unsummarised_runs(date!(2026 - 11 - 01), date!(2026 - 11 - 07), &summarised),
            vec![
                (date!(2026 - 11 - 01), date!(2026 - 11 - 01)),
                (date!(2026 - 11 - 04), date!(2026 - 11 - 04)),
                (date!(2026 - 11 - 06), date!(2026 - 11 - 07)),
            ]
        );
        assert!(
            unsummarised_runs(date!(2026 - 11 - 02), date!(2026 - 11 - 03), &summarised).is_empty()
        );
    }

    #[test]
    fn today_starts_a_run_of_its_own() {
        let today = date!(2026 - 11 - 07);
        let runs = vec![
            (date!(2026 - 11 - 01), date!(2026 - 11 - 02)),
            (date!(2026 - 11 - 05), date!(2026 - 11 - 09)),
        ];
        assert_eq!(
            split_at(runs, today),
            vec![
                (date!(2026 - 11 - 01), date!(2026 - 11 - 02)),
                (date!(2026 - 11 - 05), date!(2026 - 11 - 06)),
                (date!(2026 - 11 - 07), date!(2026 - 11 - 09)),
            ]
        );
        let starting_today = vec![(today, today)];
        assert_eq!(split_at(starting_today.clone(), today), starting_today);
    }

    #[test]
    fn hours_are_kept_once_the_next_one_is_over() {
        let at = |hour, minute| {
            PrimitiveDateTime::new(
                date!(2026 - 11 - 07),
                time::Time::from_hms(hour, minute, 0).unwrap(),
            )
        };
        assert_eq!(kept_hours(at(0, 30)), None);
        assert_eq!(kept_hours(at(1, 59)), None);
        assert_eq!(kept_hours(at(2, 0)), Some(1));
        assert_eq!(kept_hours(at(18, 30)), Some(17));
        assert_eq!(kept_hours(at(23, 59)), Some(22));
    }

    #[test]
    fn while_summarising_only_today_is_read() {
        let runs = vec![
            (date!(2026 - 11 - 01), date!(2026 - 11 - 03)),
            (date!(2026 - 11 - 06), date!(2026 - 11 - 08)),
        ];
        let today = date!(2026 - 11 - 07);
        assert_eq!(runs_to_read(runs.clone(), today, false), (runs.clone(), 0));
        assert_eq!(
            runs_to_read(runs, today, true),
            (vec![(date!(2026 - 11 - 07), date!(2026 - 11 - 08))], 3 + 1)
        );
    }

    #[test]
    fn a_day_read_in_hours_adds_to_its_day() {
        let mut tally = Tally {
            buckets: vec![TallyBucket {
                label: "2026-11-01".into(),
                calls: 3,
                answered: 2,
                talk_seconds: 60,
            }],
            sources: vec![("1000".into(), 2)],
            destinations: vec![],
        };
        let live = Tally {
            buckets: vec![
                TallyBucket {
                    label: "2026-11-02 09".into(),
                    calls: 1,
                    answered: 1,
                    talk_seconds: 10,
                },
                TallyBucket {
                    label: "2026-11-02 10".into(),
                    calls: 2,
                    answered: 0,
                    talk_seconds: 0,
                },
            ],
            sources: vec![("1000".into(), 1), ("1001".into(), 2)],
            destinations: vec![("2000".into(), 1)],
        };
        add(&mut tally, live, false);
        let stats = tally.stats(false);
        assert_eq!(stats.calls, 6);
        assert_eq!(
            stats
                .buckets
                .iter()
                .map(|b| (b.label.as_str(), b.calls))
                .collect::<Vec<_>>(),
            vec![("2026-11-01", 3), ("2026-11-02", 3)]
        );
        assert_eq!(
            stats.top_sources,
            vec![("1000".to_owned(), 3), ("1001".to_owned(), 2)]
        );
    }
}
