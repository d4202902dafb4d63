//! One connection's sync: list ARI's stored recordings, record the new ones
//! once (size, duration from the audio header, the call from the CDR or the
//! file name), mark the ones the PBX no longer lists as gone. Runs by
//! itself every sync interval, retried with backoff after a failure, and
//! on "Sync now".

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::model::{CallRecord, CheckProblem, MatchedBy, RecordingOrigin, SyncProgress};
use crate::server::asterisk::PbxTarget;
use crate::server::asterisk::ari::{Ari, StoredRecording};
use crate::server::db::recordings::{self as repository, NewRecording};
use crate::server::db::{self, now};
use crate::server::realtime::cdr::{self, CdrSource, CdrTable};
use crate::server::recordings::header::{HEADER_BYTES, audio_length};
use crate::server::scope::Scope;
use crate::server::state::AppState;

/// Files read at once from one PBX.
const PARALLEL_READS: usize = 8;
/// First retry after a failed sync; doubled each time, up to the interval.
const FIRST_RETRY_SECONDS: i64 = 30;
/// How often the scheduler looks for connections whose sync is due.
const SCHEDULER_TICK: Duration = Duration::from_secs(15);

/// Runs a sync of `target` to its end and returns how it went. When one
/// runs already for that connection, returns its progress instead.
pub async fn run(state: &AppState, scope: &Scope, target: &PbxTarget) -> SyncProgress {
    let id = target.connection.id;
    match state.recordings.begin(id) {
        Some(running) => run_claimed(state, scope, target, running).await,
        None => state.recordings.progress(id).unwrap_or_default(),
    }
}

/// Runs the sync `running` claimed (`Recordings::begin`): a caller that
/// answers before the sync ends claims it first, so whoever asks next
/// sees it running. `scope` is the caller's (the server's own for the
/// scheduled runs); `target` was opened through it.
pub async fn run_claimed(
    state: &AppState,
    scope: &Scope,
    target: &PbxTarget,
    running: crate::server::recordings::RunningSync,
) -> SyncProgress {
    let id = target.connection.id;
    let previous_failures = repository::last_sync(&state.db, scope, id)
        .await
        .ok()
        .flatten()
        .map_or(0, |(_, failures)| failures);
    let outcome = examine(state, scope, target, &running).await;
    let mut progress = running.snapshot();
    progress.running = false;
    progress.finished_at = Some(now());
    if let Err(problem) = outcome {
        progress.error = Some(problem);
    }
    let failures = if progress.error.is_none() {
        0
    } else {
        previous_failures.saturating_add(1)
    };
    let interval = i64::from(target.connection.sync_interval_minutes.max(1)) * 60;
    let delay = if failures == 0 {
        interval
    } else {
        (FIRST_RETRY_SECONDS << (failures - 1).min(16)).min(interval)
    };
    progress.next_run_at = Some(now() + delay);
    if let Err(error) = repository::save_sync(
        &state.db,
        scope,
        target.connection.tenant_id,
        id,
        &progress,
        failures,
    )
    .await
    {
        tracing::error!(pbx_connection = id, %error, "could not save the recording sync");
    }
    if let Some(problem) = &progress.error {
        tracing::warn!(
            pbx_connection = id,
            ?problem,
            failures,
            "recording sync failed"
        );
    }
    progress
}

async fn examine(
    state: &AppState,
    scope: &Scope,
    target: &PbxTarget,
    running: &crate::server::recordings::RunningSync,
) -> Result<(), CheckProblem> {
    let id = target.connection.id;
    let ari = Arc::new(Ari::open(target).await?);
    let listed = ari.list().await?;
    running.update(|p| p.found = listed.len() as u64);

    let known = repository::known(&state.db, scope, id)
        .await
        .map_err(database)?;
    let listed_keys: HashSet<(String, String)> = listed
        .iter()
        .map(|r| (r.name.clone(), r.format.clone()))
        .collect();
    let (mut gone, mut back) = (Vec::new(), Vec::new());
    for (key, (recording_id, is_gone)) in &known {
        match (listed_keys.contains(key), is_gone) {
            (false, false) => gone.push(*recording_id),
            (true, true) => back.push(*recording_id),
            _ => {}
        }
    }
    repository::set_gone(&state.db, scope, id, &gone, true)
        .await
        .map_err(database)?;
    repository::set_gone(&state.db, scope, id, &back, false)
        .await
        .map_err(database)?;
    for recording_id in &gone {
        state.recordings.cache.forget(*recording_id).await;
    }
    running.update(|p| p.gone = gone.len() as u64);

    let new: Vec<StoredRecording> = listed
        .into_iter()
        .filter(|r| !known.contains_key(&(r.name.clone(), r.format.clone())))
        .collect();
    running.update(|p| p.to_examine = new.len() as u64);
    if new.is_empty() {
        return Ok(());
    }
    let calls = Arc::new(Calls::open(state, scope, target).await);
    let permits = Arc::new(Semaphore::new(PARALLEL_READS));
    let mut reads = JoinSet::new();
    for recording in new {
        let (ari, calls, permits) = (ari.clone(), calls.clone(), permits.clone());
        reads.spawn(async move {
            let _permit = permits.acquire_owned().await;
            read(&ari, &calls, recording).await
        });
    }
    let mut last_problem = None;
    while let Some(result) = reads.join_next().await {
        let outcome = match result {
            Ok(Ok(new)) => {
                repository::insert(&state.db, scope, target.connection.tenant_id, id, &new)
                    .await
                    .map_err(database)
            }
            Ok(Err(problem)) => Err(problem),
            Err(_) => Err(CheckProblem::NotAri),
        };
        match outcome {
            Ok(inserted) => running.update(|p| {
                p.examined += 1;
                p.added += u64::from(inserted);
            }),
            Err(problem) => {
                running.update(|p| {
                    p.examined += 1;
                    p.failed += 1;
                });
                last_problem = Some(problem);
            }
        }
    }
    match last_problem {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

fn database(error: crate::error::AppError) -> CheckProblem {
    CheckProblem::DatabaseUnreadable {
        reason: error.to_string(),
    }
}

/// Where a sync finds recordings' calls: the PBX's CDR table when it can be
/// read, and the tenant's zone for times told by file names.
struct Calls {
    cdr: Option<(std::sync::Arc<CdrSource>, std::sync::Arc<CdrTable>)>,
    time_zone: String,
}

impl Calls {
    async fn open(state: &AppState, scope: &Scope, target: &PbxTarget) -> Calls {
        let cdr =
            match crate::server::services::connections::call_history(state, &target.connection)
                .await
            {
                Ok(source) => CdrTable::cached(&source)
                    .await
                    .ok()
                    .map(|table| (source, table)),
                Err(_) => None,
            };
        let time_zone = db::tenants::get(&state.db, scope, target.connection.tenant_id)
            .await
            .map(|t| t.time_zone)
            .unwrap_or_else(|_| crate::model::DEFAULT_TIME_ZONE.to_owned());
        Calls { cdr, time_zone }
    }

    fn origin(&self) -> RecordingOrigin {
        match &self.cdr {
            Some((_, table)) if table.schema == crate::model::CdrSchema::FreePbx => {
                RecordingOrigin::FreePbx
            }
            _ => RecordingOrigin::Asterisk,
        }
    }

    async fn find(&self, file_name: &str, uniqueid: Option<&str>) -> Option<CallRecord> {
        let (source, table) = self.cdr.as_ref()?;
        cdr::call_of_recording(source, table, file_name, uniqueid)
            .await
            .ok()
            .flatten()
    }
}

/// Reads a new recording's first bytes and size (the rest of the file is
/// never held), and finds its call.
async fn read(
    ari: &Ari,
    calls: &Calls,
    recording: StoredRecording,
) -> Result<NewRecording, CheckProblem> {
    let (mut response, length) =
        ari.file(&recording.name)
            .await
            .map_err(|problem| match problem {
                CheckProblem::HttpStatus { status } => CheckProblem::RecordingUnreadable {
                    name: recording.name.clone(),
                    status,
                },
                other => other,
            })?;
    let unreadable = || CheckProblem::RecordingUnreadable {
        name: recording.name.clone(),
        status: 200,
    };
    let mut head = Vec::with_capacity(HEADER_BYTES);
    let mut read = 0u64;
    // Without a length, the whole body is read (and dropped) to count it.
    while head.len() < HEADER_BYTES || length.is_none() {
        match response.chunk().await.map_err(|_| unreadable())? {
            Some(bytes) => {
                read += bytes.len() as u64;
                let room = HEADER_BYTES.saturating_sub(head.len()).min(bytes.len());
                head.extend_from_slice(&bytes[..room]);
            }
            None => break,
        }
    }
    drop(response);
    let size = length.unwrap_or(read);
    let audio = audio_length(&recording.format, &head, size);
    let named = FileName::parse(&recording.name);
    let file_name = format!(
        "{}.{}",
        recording.name.rsplit('/').next().unwrap_or(&recording.name),
        recording.format
    );
    let mut new = NewRecording {
        name: recording.name.clone(),
        format: recording.format.clone(),
        size_bytes: size,
        duration_ms: audio.duration_ms,
        started_at: String::new(),
        source: String::new(),
        destination: String::new(),
        uniqueid: named.uniqueid.clone().unwrap_or_default(),
        linkedid: String::new(),
        matched_by: MatchedBy::FileName,
        origin: calls.origin(),
        empty: audio.empty,
    };
    if let Some(call) = calls.find(&file_name, named.uniqueid.as_deref()).await {
        new.started_at = call.start;
        new.source = call.source;
        new.destination = call.destination;
        new.uniqueid = call.uniqueid;
        new.linkedid = call.linkedid;
        new.matched_by = MatchedBy::Cdr;
    } else {
        new.started_at = named
            .started_at
            .or_else(|| {
                let epoch = named.uniqueid.as_deref()?.split('.').next()?.parse().ok()?;
                crate::server::time_zone::local_text(epoch, &calls.time_zone)
            })
            .unwrap_or_default();
        new.source = named.source.unwrap_or_default();
        new.destination = named.destination.unwrap_or_default();
    }
    Ok(new)
}

/// What a recording's file name tells: FreePBX names call recordings
/// `<kind>-<to>-<from>-<YYYYMMDD>-<HHMMSS>-<uniqueid>`; MixMonitor files
/// are often just `<uniqueid>` (`<epoch>.<sequence>`).
#[derive(Debug, Default, PartialEq, Eq)]
struct FileName {
    uniqueid: Option<String>,
    started_at: Option<String>,
    source: Option<String>,
    destination: Option<String>,
}

impl FileName {
    fn parse(name: &str) -> FileName {
        let base = name.rsplit('/').next().unwrap_or(name);
        let parts: Vec<&str> = base.split(['-', '_']).collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let uniqueid = parts
            .iter()
            .rev()
            .find(|p| {
                p.split_once('.').is_some_and(|(epoch, sequence)| {
                    (9..=12).contains(&epoch.len())
                        && epoch.bytes().all(|b| b.is_ascii_digit())
                        && !sequence.is_empty()
                        && sequence.bytes().all(|b| b.is_ascii_digit())
                })
            })
            .map(|p| (*p).to_owned());
        let mut named = FileName {
            uniqueid,
            ..FileName::default()
        };
        let n = parts.len();
        if n >= 6 && digits(parts[n - 3], 8) && digits(parts[n - 2], 6) {
            let (date, time) = (parts[n - 3], parts[n - 2]);
            named.started_at = Some(format!(
                "{}-{}-{} {}:{}:{}",
                &date[0..4],
                &date[4..6],
                &date[6..8],
                &time[0..2],
                &time[2..4],
                &time[4..6]
            ));
            let number = |s: &str| {
                (!s.is_empty()
                    && s.len() <= 40
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+*#".contains(c)))
                .then(|| s.to_owned())
            };
            named.destination = number(parts[n - 5]);
            named.source = number(parts[n - 4]);
        }
        named
    }
}

/// Runs every due sync, for ever: a connection is due at its interval after
/// its last sync, sooner after a failure (backoff), and at once when it
/// never synced. One connection's sync never delays another's.
pub async fn scheduler(state: AppState) {
    let mut tick = tokio::time::interval(SCHEDULER_TICK);
    loop {
        tick.tick().await;
        let due = match repository::due(&state.db, &Scope::server(), now()).await {
            Ok(due) => due,
            Err(error) => {
                tracing::error!(%error, "could not list due recording syncs");
                continue;
            }
        };
        for id in due {
            if state.recordings.progress(id).is_some() {
                continue;
            }
            let state = state.clone();
            tokio::spawn(async move {
                match crate::server::services::connections::target(&state, &Scope::server(), id)
                    .await
                {
                    Ok(target) => {
                        run(&state, &Scope::server(), &target).await;
                    }
                    Err(error) => {
                        tracing::warn!(pbx_connection = id, %error, "recording sync skipped")
                    }
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_tell_what_they_can() {
        assert_eq!(
            FileName::parse("2026/12/01/external-2001-5551234-20261201-093000-1796119615.12"),
            FileName {
                uniqueid: Some("1796119615.12".into()),
                started_at: Some("2026-12-01 09:30:00".into()),
                source: Some("5551234".into()),
                destination: Some("2001".into()),
            }
        );
        assert_eq!(
            FileName::parse("1796119615.1"),
            FileName {
                uniqueid: Some("1796119615.1".into()),
                ..FileName::default()
            }
        );
        assert_eq!(FileName::parse("meeting notes"), FileName::default());
        // Something that only looks like a FreePBX name gives no numbers
        // that are not numbers.
        let odd = FileName::parse("x-<b>-a b-20261201-093000-1.2");
        assert_eq!(odd.destination, None);
    }
}
