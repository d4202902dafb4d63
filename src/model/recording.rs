//! Call recordings found on a PBX over ARI, as both sides see them.

use serde::{Deserialize, Serialize};

use super::{CheckProblem, Page, Timestamp};

/// Where a recording's call data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The call's CDR row (FreePBX's `recordingfile`, or the uniqueid in
    /// the file name).
    Cdr,
    /// Only what the file name says.
    FileName,
}

/// Which kind of PBX keeps it: the badge in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordingOrigin {
    FreePbx,
    Asterisk,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recording {
    pub id: i64,
    pub pbx_connection_id: i64,
    /// ARI's name for it (its path under the spool's `recording/`).
    pub name: String,
    pub format: String,
    pub size_bytes: u64,
    pub duration_ms: Option<u64>,
    /// `YYYY-MM-DD HH:MM:SS` in the PBX's local time, or empty.
    pub started_at: String,
    pub source: String,
    pub destination: String,
    pub uniqueid: String,
    pub linkedid: String,
    pub matched_by: MatchedBy,
    pub origin: RecordingOrigin,
    /// No audio in it (a zero-length file or a bare header).
    pub empty: bool,
    pub found_at: Timestamp,
    /// When the PBX stopped listing it.
    pub gone_at: Option<Timestamp>,
}

impl Recording {
    /// The file name a download gets.
    pub fn file_name(&self) -> String {
        let base = self.name.rsplit('/').next().unwrap_or(&self.name);
        format!("{base}.{}", self.format)
    }
}

/// The list's filter, in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecordingFilter {
    /// Show empty recordings too (hidden by default).
    pub show_empty: bool,
    /// Show recordings the PBX no longer has.
    pub show_gone: bool,
    /// A uniqueid or linkedid: one call's recordings.
    pub call: String,
    pub page: u32,
}

/// One page of a connection's recordings and the state of its sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordingList {
    pub page: Page<Recording>,
    /// The sync running now, or the last one; `None` before the first.
    pub sync: Option<SyncProgress>,
    /// The connection's tenant, whose retention applies.
    pub tenant_id: i64,
    pub retention_days: Option<u32>,
    /// What the tenant's retention would delete now (the preview).
    pub retention: RetentionPlan,
}

/// A sync of one connection: while it runs and after.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgress {
    pub running: bool,
    /// Recordings ARI lists.
    pub found: u64,
    /// Of them, new ones recorded so far.
    pub added: u64,
    /// New ones whose file could not be read (tried again next time).
    pub failed: u64,
    /// Recordings the PBX no longer lists, marked gone by this run.
    pub gone: u64,
    /// New ones looked at so far, of `to_examine`.
    pub examined: u64,
    pub to_examine: u64,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    /// Why the last run stopped, or why files were unreadable.
    pub error: Option<CheckProblem>,
    /// When the next automatic run is due.
    pub next_run_at: Option<Timestamp>,
}

/// What a retention run would delete, or deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPlan {
    pub days: Option<u32>,
    /// Recordings older than that, oldest first.
    pub recordings: Vec<Recording>,
}

/// What applying the plan did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionReport {
    pub deleted: u64,
    /// Left in place because the PBX refused or was unreachable.
    pub failed: u64,
}
