//! Recordings at scale, against the sandbox Asterisk's ARI (the `SANDBOX_*`
//! variables `scripts/asterisk-sandbox env` prints):
//!
//! - sync time for N recordings (default 1,000 one-second WAV files placed
//!   in the sandbox's recording spool), then for a second sync that finds
//!   nothing new;
//! - the playback proxy `/api/audio/{id}` on a 100 MB file: the first
//!   request (ARI → cache → browser), a cached one, a 1 MiB Range request,
//!   and the same file streamed through when larger than the cache;
//!   throughput and the process's peak memory.
//!
//! `scripts/bench-recordings` builds and runs it. The files it places are
//! removed at the end.

mod common;

use std::path::PathBuf;
use std::time::Instant;

use switchboard::model::{PbxConnectionForm, SecretInput};
use switchboard::server::config::Config;
use switchboard::server::db;
use switchboard::server::run::{build_state, router};
use switchboard::server::scope::Scope;
use switchboard::server::services::recordings::sync;
use switchboard::server::state::AppState;

type Error = Box<dyn std::error::Error + Send + Sync>;

const PASSWORD: &str = "bench-password-123";

fn env(name: &str) -> Result<String, Error> {
    std::env::var(name)
        .map_err(|_| format!("{name} is not set: run scripts/bench-recordings").into())
}

/// A PCM WAV header for `data` bytes of 8 kHz 16-bit mono.
fn wav_header(data: u32) -> Vec<u8> {
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(36 + data).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&[1, 0, 1, 0]);
    out.extend_from_slice(&8000u32.to_le_bytes());
    out.extend_from_slice(&16_000u32.to_le_bytes());
    out.extend_from_slice(&[2, 0, 16, 0]);
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data.to_le_bytes());
    out
}

/// A memory figure of this process from /proc/self/status (`VmHWM`, the
/// peak; `VmRSS`, now), in MiB.
fn status_mib(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn peak_mib() -> f64 {
    status_mib("VmHWM:")
}

fn rss_mib() -> f64 {
    status_mib("VmRSS:")
}

/// Starts a new peak (Linux 4.0+: writing 5 to clear_refs resets VmHWM to
/// the current RSS), so a request's own peak is measured, not the password
/// hashing (argon2, some 19 MiB) of the sign-in before it.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

struct Bench {
    state: AppState,
    pbx: i64,
    scope: Scope,
    /// The connection with its secrets opened, for the syncs.
    target: switchboard::server::asterisk::PbxTarget,
    dir: PathBuf,
}

impl Drop for Bench {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn setup(cache_mib: u32) -> Result<Bench, Error> {
    static RUNS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("recordings-bench-{}-{run}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut config = Config::for_tests(dir.clone());
    config.audio_cache_mib = cache_mib;
    // The sandbox's CDR is the recording sync's to read.
    config.realtime_dir = std::path::Path::new(&env("SANDBOX_REALTIME_DB")?)
        .parent()
        .map(std::path::Path::to_path_buf);
    let state = build_state(config).await.map_err(|e| e.to_string())?;
    let hash = switchboard::server::passwords::hash(PASSWORD.into()).await;
    let (scope, tenant) = common::tenant_admin(&state, &hash).await?;
    let form = PbxConnectionForm {
        name: "Bench sandbox".into(),
        ami_port: 1,
        ami_username: "switchboard".into(),
        ami_secret: SecretInput::new("unused"),
        ari_port: env("SANDBOX_ARI_PORT")?.parse()?,
        ari_username: env("SANDBOX_ARI_USER")?,
        ari_password: SecretInput::new(env("SANDBOX_ARI_PASSWORD")?),
        realtime_db_url: format!("sqlite://{}", env("SANDBOX_REALTIME_DB")?),
        cdr_db_url: format!("sqlite://{}", env("SANDBOX_REALTIME_DB")?),
        ..Default::default()
    };
    let pbx = db::pbx::save(&state.db, &scope, &state.keyring, tenant, &form, &[], &[]).await?;
    let target = switchboard::server::services::connections::target(&state, &scope, pbx).await?;
    Ok(Bench {
        state,
        pbx,
        scope,
        target,
        dir,
    })
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000);
    let spool = PathBuf::from(env("SANDBOX_ROOT")?).join("var/spool/asterisk/recording");
    let folder = spool.join(format!("bench-{}", std::process::id()));
    std::fs::create_dir_all(&folder)?;
    let result = bench(count, &folder).await;
    let _ = std::fs::remove_dir_all(&folder);
    result
}

async fn bench(count: usize, folder: &std::path::Path) -> Result<(), Error> {
    // Sync: N one-second recordings.
    let mut one_second = wav_header(16_000);
    one_second.extend(std::iter::repeat_n(0u8, 16_000));
    for i in 0..count {
        std::fs::write(
            folder.join(format!("{}.{i}.wav", 1_796_000_000 + i)),
            &one_second,
        )?;
    }
    let bench = setup(512).await?;
    let started = Instant::now();
    let first = sync::run(&bench.state, &bench.scope, &bench.target).await;
    let first_time = started.elapsed();
    let started = Instant::now();
    let second = sync::run(&bench.state, &bench.scope, &bench.target).await;
    let second_time = started.elapsed();
    println!(
        "FIGURE sync of {count} new recordings: {:.2} s ({} found, {} new, {} failed, error {:?})",
        first_time.as_secs_f64(),
        first.found,
        first.added,
        first.failed,
        first.error
    );
    println!(
        "FIGURE second sync, nothing new: {:.0} ms ({} found, {} new)",
        second_time.as_secs_f64() * 1e3,
        second.found,
        second.added
    );
    for entry in std::fs::read_dir(folder)? {
        std::fs::remove_file(entry?.path())?;
    }

    // The proxy: one 100 MB recording (RECORDINGS_BENCH_MB to change it).
    let megabytes: u32 = std::env::var("RECORDINGS_BENCH_MB")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    let big_size = megabytes * 1000 * 1000;
    {
        use std::io::Write;
        let mut file = std::fs::File::create(folder.join("big.wav"))?;
        file.write_all(&wav_header(big_size))?;
        let chunk: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
        for _ in 0..megabytes {
            file.write_all(&chunk)?;
        }
    }
    println!("peak memory before the proxy: {:.1} MiB", peak_mib());
    for (label, cache_mib) in [("cached", 512), ("larger than the cache", 50)] {
        let bench = setup(cache_mib).await?;
        sync::run(&bench.state, &bench.scope, &bench.target).await;
        // Other runs' recordings may share the spool: look through every
        // page of the list.
        let mut big = None;
        for page in 1.. {
            let filter = switchboard::model::RecordingFilter {
                page,
                ..Default::default()
            };
            let list =
                db::recordings::list(&bench.state.db, &bench.scope, bench.pbx, &filter).await?;
            big = list
                .items
                .iter()
                .find(|r| r.name.ends_with("/big"))
                .map(|r| r.id);
            if big.is_some() || list.items.is_empty() {
                break;
            }
        }
        let big = big.ok_or("the big recording was not synced")?;
        let app = router(bench.state.clone()).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await;
        });
        let base = format!("http://{address}");
        let client = reqwest::Client::new();
        let signed = client
            .post(format!("{base}/api/auth/sign_in"))
            .header("Origin", &base)
            .form(&[("email", common::EMAIL), ("password", PASSWORD)])
            .send()
            .await?;
        if !signed.status().is_success() {
            return Err(format!("sign-in: {}", signed.status()).into());
        }
        let cookie = signed
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .ok_or("no session cookie")?
            .to_owned();
        let url = format!("{base}/api/audio/{big}");
        let runs: &[(&str, Option<&str>)] = if cache_mib >= 512 {
            &[
                ("first request (ARI to cache to client)", None),
                ("again, from the cache", None),
                ("1 MiB range", Some("bytes=50000000-51048575")),
            ]
        } else {
            &[("streamed through", None)]
        };
        for (what, range) in runs {
            reset_peak();
            let before = rss_mib();
            let started = Instant::now();
            let mut request = client.get(&url).header("Cookie", &cookie);
            if let Some(range) = range {
                request = request.header("Range", *range);
            }
            let mut response = request.send().await?;
            let status = response.status();
            let mut bytes = 0u64;
            while let Some(chunk) = response.chunk().await? {
                bytes += chunk.len() as u64;
            }
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "FIGURE proxy, {label}, {what}: HTTP {status}, {:.1} MB in {:.2} s = {:.0} MB/s; memory {before:.1} MiB before, peak {:.1} MiB during",
                bytes as f64 / 1e6,
                seconds,
                bytes as f64 / 1e6 / seconds,
                peak_mib()
            );
        }
        println!(
            "cache holds {:.1} MB",
            bench.state.recordings.cache.size().await as f64 / 1e6
        );
    }
    Ok(())
}
