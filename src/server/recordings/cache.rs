//! The local copy of recordings being played. ARI serves a recording only
//! whole (it ignores Range), while a browser seeking in an `<audio>` asks
//! for byte ranges: the first request copies the file here, streamed to
//! disk, and every request is then answered from the copy, ranges
//! included. The cache has a size limit; the least recently played files
//! go first.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use tokio::io::AsyncWriteExt;

use crate::error::AppError;
use crate::model::{CheckProblem, Recording};
use crate::server::asterisk::ari::Ari;

pub struct AudioCache {
    dir: PathBuf,
    limit_bytes: u64,
    /// One download per recording at a time; others wait for it.
    downloads: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
}

/// Why a recording could not be served from the cache.
#[derive(Debug)]
pub enum CacheMiss {
    /// Larger than the whole cache: to be streamed straight through.
    TooLarge,
    /// The PBX could not be reached, or would not hand it over.
    Unavailable(AppError),
    /// The cache directory failed us.
    Disk(std::io::Error),
}

impl AudioCache {
    pub fn new(dir: PathBuf, limit_bytes: u64) -> AudioCache {
        AudioCache {
            dir,
            limit_bytes,
            downloads: Mutex::default(),
        }
    }

    fn path_of(&self, id: i64) -> PathBuf {
        self.dir.join(format!("{id}.audio"))
    }

    /// The local copy of `recording`; when missing, fetched over the ARI
    /// client `ari` makes (only then: a hit, such as each of a player's
    /// Range requests, opens no secret and builds no HTTP client).
    pub async fn get(
        &self,
        recording: &Recording,
        ari: impl AsyncFnOnce() -> Result<Ari, AppError>,
    ) -> Result<PathBuf, CacheMiss> {
        if recording.size_bytes > self.limit_bytes {
            return Err(CacheMiss::TooLarge);
        }
        let path = self.path_of(recording.id);
        if touch(&path).await {
            return Ok(path);
        }
        let lock = {
            let mut downloads = self.downloads.lock().unwrap_or_else(|e| e.into_inner());
            downloads.entry(recording.id).or_default().clone()
        };
        let fetched = {
            let _guard = lock.lock().await;
            // Someone else may have fetched it meanwhile.
            if touch(&path).await {
                Ok(())
            } else {
                self.fetch(recording, ari, &path).await
            }
        };
        self.downloads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&recording.id);
        fetched?;
        self.evict(&path).await;
        Ok(path)
    }

    /// Streams the recording from ARI into a partial file, then renames it
    /// to `path`; nothing is left behind when it fails.
    async fn fetch(
        &self,
        recording: &Recording,
        ari: impl AsyncFnOnce() -> Result<Ari, AppError>,
        path: &Path,
    ) -> Result<(), CacheMiss> {
        let ari = ari().await.map_err(CacheMiss::Unavailable)?;
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(CacheMiss::Disk)?;
        let partial = self.dir.join(format!("{}.partial", recording.id));
        match download(&ari, &recording.name, &partial).await {
            Ok(()) => tokio::fs::rename(&partial, path)
                .await
                .map_err(CacheMiss::Disk),
            Err(miss) => {
                let _ = tokio::fs::remove_file(&partial).await;
                Err(miss)
            }
        }
    }

    /// Drops a recording's copy (the PBX no longer has it, or it was
    /// deleted).
    pub async fn forget(&self, id: i64) {
        let _ = tokio::fs::remove_file(self.path_of(id)).await;
    }

    /// Deletes the least recently used copies until the cache fits its
    /// limit, never `keep` (the file about to be served).
    async fn evict(&self, keep: &Path) {
        let Ok(mut entries) = tokio::fs::read_dir(&self.dir).await else {
            return;
        };
        let mut files = Vec::new();
        while let Ok(Some(entry)) = entries.next_entry().await {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "audio") {
                continue;
            }
            if let Ok(meta) = entry.metadata().await {
                let used = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                files.push((used, meta.len(), path));
            }
        }
        let mut total: u64 = files.iter().map(|(_, len, _)| len).sum();
        files.sort();
        for (_, len, path) in files {
            if total <= self.limit_bytes {
                break;
            }
            if path == keep {
                continue;
            }
            if tokio::fs::remove_file(&path).await.is_ok() {
                total = total.saturating_sub(len);
            }
        }
    }

    /// Bytes the cache holds now (for the benchmark and tests).
    pub async fn size(&self) -> u64 {
        let Ok(mut entries) = tokio::fs::read_dir(&self.dir).await else {
            return 0;
        };
        let mut total = 0;
        while let Ok(Some(entry)) = entries.next_entry().await {
            if let Ok(meta) = entry.metadata().await {
                total += meta.len();
            }
        }
        total
    }
}

/// True (and marked as just used) when the copy exists.
async fn touch(path: &Path) -> bool {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|file| file.set_modified(SystemTime::now()))
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

/// Streams the recording from ARI into `partial`, chunk by chunk.
async fn download(ari: &Ari, name: &str, partial: &Path) -> Result<(), CacheMiss> {
    let (mut response, _) = ari
        .file(name)
        .await
        .map_err(|problem| CacheMiss::Unavailable(AppError::Pbx(problem)))?;
    let mut file = tokio::fs::File::create(partial)
        .await
        .map_err(CacheMiss::Disk)?;
    loop {
        match response.chunk().await {
            Ok(Some(bytes)) => file.write_all(&bytes).await.map_err(CacheMiss::Disk)?,
            Ok(None) => break,
            Err(_) => {
                return Err(CacheMiss::Unavailable(AppError::Pbx(
                    CheckProblem::RecordingUnreadable {
                        name: name.to_owned(),
                        status: 200,
                    },
                )));
            }
        }
    }
    file.flush().await.map_err(CacheMiss::Disk)?;
    Ok(())
}
