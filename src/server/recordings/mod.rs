//! Call recordings, the parts below the services: the syncs running now
//! and their progress, a bounded local cache (`cache`) that answers Range
//! requests ARI does not, and reading a file's header (`header`). Finding
//! them on each PBX, matching them to calls and deleting them by age are
//! `services::recordings`.

pub mod cache;
pub mod header;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::model::SyncProgress;

/// What the server keeps of recordings between requests.
pub struct Recordings {
    /// Syncs running now, by PBX connection: their live progress.
    running: Mutex<HashMap<i64, SyncProgress>>,
    pub cache: cache::AudioCache,
}

impl Recordings {
    pub fn new(cache: cache::AudioCache) -> Recordings {
        Recordings {
            running: Mutex::default(),
            cache,
        }
    }

    /// The progress of a sync running now.
    pub fn progress(&self, pbx_connection_id: i64) -> Option<SyncProgress> {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running.get(&pbx_connection_id).cloned()
    }

    /// Claims the connection for one sync; `None` when one runs already.
    pub fn begin(self: &Arc<Self>, pbx_connection_id: i64) -> Option<RunningSync> {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if running.contains_key(&pbx_connection_id) {
            return None;
        }
        running.insert(
            pbx_connection_id,
            SyncProgress {
                running: true,
                started_at: Some(crate::server::time_zone::now()),
                ..SyncProgress::default()
            },
        );
        Some(RunningSync {
            recordings: self.clone(),
            pbx_connection_id,
        })
    }
}

/// A claimed sync; ends (and stops showing as running) when dropped.
pub struct RunningSync {
    recordings: Arc<Recordings>,
    pbx_connection_id: i64,
}

impl RunningSync {
    pub fn update(&self, change: impl FnOnce(&mut SyncProgress)) {
        let mut running = self
            .recordings
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(progress) = running.get_mut(&self.pbx_connection_id) {
            change(progress);
        }
    }

    pub fn snapshot(&self) -> SyncProgress {
        self.recordings
            .progress(self.pbx_connection_id)
            .unwrap_or_default()
    }
}

impl Drop for RunningSync {
    fn drop(&mut self) {
        let mut running = self
            .recordings
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        running.remove(&self.pbx_connection_id);
    }
}
