//! The live stream under load: one Switchboard server process, one PBX
//! connection whose AMI is this tool (replaying call events in the format
//! captured from the sandbox Asterisk), and CLIENTS browsers' worth of SSE
//! streams of one tenant. Prints the delay from the moment an event is
//! written to the server's AMI socket to the moment each client has its
//! `call:new`, and the server's memory per connected client:
//!
//!   sse-load SERVER_BINARY [CLIENTS] [CALLS] [CALLS_PER_SECOND]
//!
//! Run from the repository root (it reads the fixtures and migrations);
//! `scripts/bench-sse` builds both binaries optimised and runs it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use switchboard::model::{LiveEvent, PbxConnectionForm, Role, SecretInput};
use switchboard::server::asterisk::ami::{AmiCodec, Frame, Message};
use switchboard::server::config::Config;
use switchboard::server::scope::{Scope, TenantScope};
use switchboard::server::{db, passwords, run};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_util::codec::Framed;

const EMAIL: &str = "load@tenant.test";
const PASSWORD: &str = "load test password";

type Error = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let Some(server_binary) = args.get(1) else {
        eprintln!("usage: sse-load SERVER_BINARY [CLIENTS] [CALLS] [CALLS_PER_SECOND]");
        std::process::exit(2);
    };
    let number = |index: usize, default: usize| {
        args.get(index)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (clients, calls, rate) = (number(2, 1000), number(3, 200), number(4, 20).max(1));

    let data_dir = std::env::temp_dir().join(format!("sse-load-{}", std::process::id()));
    std::fs::create_dir_all(&data_dir)?;
    let ami = TcpListener::bind("127.0.0.1:0").await?;
    let ami_port = ami.local_addr()?.port();
    prepare(&data_dir, ami_port).await?;

    let http_port = free_port()?;
    let mut server = Server(
        Command::new(server_binary)
            .env("SWITCHBOARD_DATA_DIR", &data_dir)
            .env("SWITCHBOARD_LISTEN", format!("127.0.0.1:{http_port}"))
            .env("SWITCHBOARD_LOG", "warn")
            .env("LEPTOS_SITE_ROOT", "target/site")
            .stdout(Stdio::null())
            .spawn()?,
    );
    let base = format!("http://127.0.0.1:{http_port}");

    // The server's AMI connection: answer its login and list actions, then
    // write what the driver hands over.
    let (to_pbx, from_driver) = mpsc::unbounded_channel::<String>();
    tokio::spawn(pbx(ami, from_driver));

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()?;
    let cookie = sign_in(&http, &base).await?;
    // Let the server settle (its feed connects and rebuilds) before sizing it.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = rss_kib(server.0.id());

    let started = Instant::now();
    let sent: Arc<Vec<AtomicU64>> = Arc::new((0..calls).map(|_| AtomicU64::new(0)).collect());
    let snapshots = Arc::new(AtomicUsize::new(0));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut readers = Vec::with_capacity(clients);
    for _ in 0..clients {
        readers.push(tokio::spawn(read_stream(
            Reader {
                http: http.clone(),
                url: format!("{base}/api/live/events"),
                cookie: cookie.clone(),
                started,
                sent: sent.clone(),
                snapshots: snapshots.clone(),
            },
            stopped.clone(),
        )));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while snapshots.load(Ordering::Relaxed) < clients && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let connected = snapshots.load(Ordering::Relaxed);
    let with_clients = rss_kib(server.0.id());

    let newchannel = template("Newchannel")?;
    let hangup = template("Hangup")?;
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let mut ticker = tokio::time::interval(interval);
    for (call, slot) in sent.iter().enumerate() {
        ticker.tick().await;
        let id = format!("load.{call}");
        slot.store(started.elapsed().as_micros() as u64, Ordering::Relaxed);
        to_pbx.send(with_ids(&newchannel, &id))?;
        // Each call ends a little later, so the model stays small.
        let to_pbx = to_pbx.clone();
        let hangup = with_ids(&hangup, &id);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let _ = to_pbx.send(hangup);
        });
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = rss_kib(server.0.id());
    let _ = stop.send(true);
    let mut delays = Vec::new();
    let mut complete = 0;
    for reader in readers {
        if let Ok(seen) = reader.await {
            complete += usize::from(seen.len() == calls);
            delays.extend(seen);
        }
    }
    report(&Figures {
        clients,
        connected,
        complete,
        calls,
        rate,
        delays,
        before,
        with_clients,
        after,
    });
    server.stop();
    let _ = std::fs::remove_dir_all(&data_dir);
    Ok(())
}

struct Figures {
    clients: usize,
    connected: usize,
    complete: usize,
    calls: usize,
    rate: usize,
    /// Microseconds, one per (client, call) delivered.
    delays: Vec<u64>,
    /// Server RSS in KiB: idle, with the clients, after the calls.
    before: u64,
    with_clients: u64,
    after: u64,
}

fn report(figures: &Figures) {
    let mut delays = figures.delays.clone();
    delays.sort_unstable();
    let at = |q: f64| -> f64 {
        if delays.is_empty() {
            return f64::NAN;
        }
        let index = ((delays.len() as f64 - 1.0) * q).round() as usize;
        delays[index] as f64 / 1000.0
    };
    let per_client =
        |rss: u64| rss.saturating_sub(figures.before) as f64 / figures.connected.max(1) as f64;
    println!(
        "sse-load clients={} connected={} calls={} rate={}/s deliveries={} complete_clients={}",
        figures.clients,
        figures.connected,
        figures.calls,
        figures.rate,
        delays.len(),
        figures.complete
    );
    println!(
        "delay AMI write -> client call:new: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        at(0.5),
        at(0.99),
        at(1.0)
    );
    println!(
        "server RSS: {} KiB idle, {} KiB with the clients ({:.1} KiB per client), \
         {} KiB after the calls ({:.1} KiB per client)",
        figures.before,
        figures.with_clients,
        per_client(figures.with_clients),
        figures.after,
        per_client(figures.after)
    );
}

/// A tenant, its admin, and a PBX connection whose AMI is this tool, in a
/// fresh data directory the server then opens.
async fn prepare(data_dir: &Path, ami_port: u16) -> Result<(), Error> {
    let mut config = Config::for_tests(data_dir.to_path_buf());
    config.log_level = "warn".into();
    let state = run::build_state(config).await.map_err(|e| e.to_string())?;
    let tenant = db::tenants::create(&state.db, "Load").await?.id;
    let hash = passwords::hash(PASSWORD.into()).await;
    let user = db::users::insert(
        &state.db,
        db::users::NewUser {
            tenant_id: Some(tenant),
            email: EMAIL,
            display_name: "Load",
            password_hash: &hash,
            role: Role::TenantAdmin,
        },
    )
    .await?;
    let realtime = realtime_db(&data_dir.join("pbx.sqlite3")).await?;
    let root = Scope {
        user_id: user,
        role: Role::SuperAdmin,
        tenant: TenantScope::All,
    };
    let form = PbxConnectionForm {
        name: "Load PBX".into(),
        host: "127.0.0.1".into(),
        ami_port,
        ami_username: "load".into(),
        ami_secret: SecretInput::new("load-ami-secret"),
        ari_port: 1,
        ari_username: "load".into(),
        ari_password: SecretInput::new("load-ari-password"),
        realtime_db_url: realtime,
        ..Default::default()
    };
    db::pbx::save(&state.db, &root, &state.keyring, tenant, &form, &[], &[]).await?;
    state.db.close().await;
    Ok(())
}

/// An empty Realtime database with Asterisk's schema.
async fn realtime_db(path: &PathBuf) -> Result<String, Error> {
    use sqlx::ConnectOptions;
    let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .connect()
        .await?;
    switchboard::server::realtime::create_schema(&mut connection).await?;
    Ok(format!("sqlite://{}", path.display()))
}

struct Server(Child);

impl Server {
    /// SIGTERM (the server shuts down cleanly), SIGKILL if it lingers.
    fn stop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = Command::new("kill").arg(self.0.id().to_string()).status();
            for _ in 0..100 {
                if let Ok(Some(_)) = self.0.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Signs in over HTTP (as a browser would, Origin included); the cookie.
async fn sign_in(http: &reqwest::Client, base: &str) -> Result<String, Error> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let reply = http
            .post(format!("{base}/api/auth/sign_in"))
            .header("origin", base)
            .header("accept", "application/json")
            .form(&[("email", EMAIL), ("password", PASSWORD)])
            .send()
            .await;
        match reply {
            Ok(reply) if reply.status().is_success() => {
                let cookie = reply
                    .headers()
                    .get_all("set-cookie")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .find(|c| c.starts_with("switchboard_session="))
                    .and_then(|c| c.split(';').next())
                    .ok_or("no session cookie")?;
                return Ok(cookie.to_owned());
            }
            Ok(reply) => return Err(format!("sign-in refused: {}", reply.status()).into()),
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(error) => return Err(error.into()),
        }
    }
}

/// Plays the PBX: banner, success to every action (MD5 challenge included,
/// lists empty), then writes the driver's events as they come.
async fn pbx(listener: TcpListener, mut events: mpsc::UnboundedReceiver<String>) {
    let Ok((mut socket, _)) = listener.accept().await else {
        return;
    };
    if socket
        .write_all(b"Asterisk Call Manager/11.0.0\r\n")
        .await
        .is_err()
    {
        return;
    }
    let mut codec = AmiCodec::new();
    codec.expect_no_banner();
    let mut framed = Framed::new(socket, codec);
    loop {
        tokio::select! {
            action = framed.next() => {
                let Some(Ok(Frame::Message(action))) = action else { return };
                let reply = reply_to(&action);
                if framed.get_mut().write_all(reply.as_bytes()).await.is_err() {
                    return;
                }
            }
            event = events.recv() => {
                let Some(event) = event else { return };
                if framed.get_mut().write_all(event.as_bytes()).await.is_err() {
                    return;
                }
            }
        }
    }
}

fn reply_to(action: &Message) -> String {
    let id = action.get("ActionID").unwrap_or("");
    let challenge = if action.is("Action", "Challenge") {
        "Challenge: 123456789\r\n"
    } else {
        ""
    };
    format!("Response: Success\r\nActionID: {id}\r\n{challenge}Message: ok\r\n\r\n")
}

/// The first message of that event in the capture of real calls.
fn template(event: &str) -> Result<String, Error> {
    let capture = std::fs::read_to_string("tests/fixtures/ami/capture-calls.ami")?;
    capture
        .replace("\r\n", "\n")
        .split("\n\n")
        .find(|block| block.starts_with(&format!("Event: {event}\n")))
        .map(|block| format!("{}\r\n\r\n", block.replace('\n', "\r\n")))
        .ok_or_else(|| format!("no {event} in the capture").into())
}

/// The template with its Uniqueid and Linkedid set to `id`.
fn with_ids(template: &str, id: &str) -> String {
    template
        .split("\r\n")
        .map(|line| {
            if line.starts_with("Uniqueid:") {
                format!("Uniqueid: {id}")
            } else if line.starts_with("Linkedid:") {
                format!("Linkedid: {id}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

struct Reader {
    http: reqwest::Client,
    url: String,
    cookie: String,
    started: Instant,
    sent: Arc<Vec<AtomicU64>>,
    snapshots: Arc<AtomicUsize>,
}

/// One browser: reads the stream and notes, for each call, how long after
/// its Newchannel was written the `call:new` arrived (microseconds).
async fn read_stream(reader: Reader, mut stop: tokio::sync::watch::Receiver<bool>) -> Vec<u64> {
    let calls = reader.sent.len();
    let Ok(mut response) = reader
        .http
        .get(&reader.url)
        .header("cookie", &reader.cookie)
        .send()
        .await
    else {
        return Vec::new();
    };
    let mut buffer = String::new();
    let mut seen: HashMap<usize, u64> = HashMap::with_capacity(calls);
    loop {
        let chunk = tokio::select! {
            chunk = response.chunk() => chunk,
            _ = stop.changed() => break,
        };
        let Ok(Some(chunk)) = chunk else { break };
        let now = reader.started.elapsed().as_micros() as u64;
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let data = block
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .map(str::trim_start)
                .collect::<String>();
            match serde_json::from_str::<LiveEvent>(&data) {
                Ok(LiveEvent::Snapshot { .. }) => {
                    reader.snapshots.fetch_add(1, Ordering::Relaxed);
                }
                Ok(LiveEvent::CallNew { call, .. }) => {
                    if let Some(index) = call
                        .id
                        .strip_prefix("load.")
                        .and_then(|n| n.parse::<usize>().ok())
                        .filter(|&n| n < calls)
                    {
                        let at = reader.sent[index].load(Ordering::Relaxed);
                        seen.insert(index, now.saturating_sub(at));
                    }
                }
                _ => {}
            }
        }
    }
    seen.into_values().collect()
}

/// Resident memory of a process, in KiB (Linux).
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}
