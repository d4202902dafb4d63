//! The long-lived AMI connection of one PBX, owned by the server.
//!
//! A supervisor task connects, checks the banner, logs in (MD5 challenge
//! when the PBX offers it, so the secret never crosses the wire), and then
//! serves: actions sent through `AmiClient::action` are correlated with
//! their replies by ActionID (lists collected up to `EventList: Complete`),
//! every event goes to a broadcast channel, and a `Ping` goes out when the
//! link has been quiet. Any loss ends the connection; the supervisor waits
//! (exponential backoff from 1 s to 30 s, with jitter) and starts again.
//! A refused login waits `AFTER_REFUSED_LOGIN` instead: a FreePBX's
//! fail2ban bans an address after a few failed logins (its asterisk jail:
//! 5 within 10 minutes, by default), and that address is the portal's, for
//! every tenant on that PBX. Saving the connection starts a new client, and
//! a Test connection whose AMI login passes wakes this one
//! (`AmiClient::retry_now`).
//! Reading never waits for a consumer: a receiver that falls behind the
//! broadcast buffer loses the oldest events, not the PBX its pace.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use md5::{Digest, Md5};
use rand::Rng;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::time::Instant;
use tokio_util::codec::Framed;

use super::codec::{Action, AmiCodec, CodecError, Frame, Message};
use super::{AmiError, Reply, connect};
use crate::model::{CheckProblem, PbxLink};
use crate::server::crypto::Secret;
use crate::server::targets::socket_address;
use crate::server::targets::{Ownership, TargetPolicy};

/// Where and as whom to log in.
#[derive(Debug)]
pub struct ClientConfig {
    pub host: String,
    pub port: u16,
    pub username: String,
    pub secret: Secret,
    /// Where the server may connect.
    pub policy: Arc<TargetPolicy>,
    /// Asked after every login whether this Asterisk is ours to follow.
    pub ownership: Ownership,
}

/// How long an action may wait for its reply.
pub const ACTION_TIMEOUT: Duration = Duration::from_secs(10);
/// A quiet link is pinged after this long; a ping unanswered for
/// `ACTION_TIMEOUT` ends the connection.
pub const PING_AFTER: Duration = Duration::from_secs(20);
const FIRST_RETRY: Duration = Duration::from_secs(1);
const MAX_RETRY: Duration = Duration::from_secs(30);
/// The wait after the PBX refused the login: four attempts an hour stay
/// clear of fail2ban's default of 5 failures in 10 minutes, however long
/// the secret stays wrong.
pub const AFTER_REFUSED_LOGIN: Duration = Duration::from_secs(15 * 60);
/// Events kept for a slow receiver before it starts losing the oldest.
const EVENT_BUFFER: usize = 4096;

enum Command {
    Action {
        action: Action,
        reply: oneshot::Sender<Result<Reply, AmiError>>,
    },
}

/// A handle on the connection; cheap to clone. Dropping every handle stops
/// the supervisor.
#[derive(Clone)]
pub struct AmiClient {
    commands: mpsc::Sender<Command>,
    events: broadcast::Sender<Arc<Message>>,
    link: watch::Receiver<PbxLink>,
    retry: Arc<tokio::sync::Notify>,
}

impl AmiClient {
    pub fn spawn(config: ClientConfig) -> AmiClient {
        let (commands, receiver) = mpsc::channel(256);
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        let (link_sender, link) = watch::channel(PbxLink::Connecting);
        let retry = Arc::new(tokio::sync::Notify::new());
        tokio::spawn(supervise(
            config,
            receiver,
            events.clone(),
            link_sender,
            retry.clone(),
        ));
        AmiClient {
            commands,
            events,
            link,
            retry,
        }
    }

    /// Ends the wait before the next attempt, when the link is down; a
    /// connected link is left alone.
    pub fn retry_now(&self) {
        self.retry.notify_waiters();
    }

    /// Sends an action and waits for its reply (list events included).
    pub async fn action(&self, name: &str, headers: &[(&str, &str)]) -> Result<Reply, AmiError> {
        let action = headers
            .iter()
            .fold(Action::new(name, ""), |action, (k, v)| action.header(k, v));
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Action { action, reply })
            .await
            .map_err(|_| AmiError::Protocol("client stopped".into()))?;
        answer
            .await
            .map_err(|_| AmiError::Protocol("connection lost before the reply".into()))?
    }

    /// Every event from now on.
    pub fn events(&self) -> broadcast::Receiver<Arc<Message>> {
        self.events.subscribe()
    }

    /// The link's state, updated as it changes.
    pub fn link(&self) -> watch::Receiver<PbxLink> {
        self.link.clone()
    }
}

/// Delays between attempts: doubling from `FIRST_RETRY` up to `MAX_RETRY`,
/// each with up to a quarter of random jitter so many PBX links that broke
/// together do not all come back at the same instant.
#[derive(Debug)]
pub struct Backoff {
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { next: FIRST_RETRY }
    }
}

impl Backoff {
    pub fn next_delay(&mut self) -> Duration {
        let base = self.next;
        self.next = (self.next * 2).min(MAX_RETRY);
        let jitter = rand::thread_rng().gen_range(0..=base.as_millis() as u64 / 4);
        base + Duration::from_millis(jitter)
    }

    pub fn reset(&mut self) {
        self.next = FIRST_RETRY;
    }

    /// The wait after a refused login: `AFTER_REFUSED_LOGIN`, with up to
    /// a minute of jitter.
    pub fn after_refused_login(&mut self) -> Duration {
        // A PBX that refused the login is not hurried either if the next
        // attempt fails otherwise.
        self.next = MAX_RETRY;
        AFTER_REFUSED_LOGIN + Duration::from_millis(rand::thread_rng().gen_range(0..=60_000))
    }
}

async fn supervise(
    config: ClientConfig,
    mut commands: mpsc::Receiver<Command>,
    events: broadcast::Sender<Arc<Message>>,
    link: watch::Sender<PbxLink>,
    retry: Arc<tokio::sync::Notify>,
) {
    let mut backoff = Backoff::default();
    loop {
        link.send_replace(PbxLink::Connecting);
        let error = match serve(&config, &mut commands, &events, &link, &mut backoff).await {
            Ok(()) => return, // every handle is gone
            Err(error) => error,
        };
        let delay = match error {
            CheckProblem::AuthenticationFailed { .. } => backoff.after_refused_login(),
            _ => backoff.next_delay(),
        };
        tracing::warn!(pbx = %socket_address(&config.host, config.port), error = ?error, retry_in = ?delay, "AMI link lost");
        link.send_replace(PbxLink::Retrying {
            retry_in_secs: delay.as_secs().max(1),
            last_error: error,
        });
        // Actions asked for while down fail at once rather than pile up.
        let wake = Instant::now() + delay;
        let retried = retry.notified();
        tokio::pin!(retried);
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(wake) => break,
                _ = &mut retried => break,
                command = commands.recv() => match command {
                    Some(Command::Action { reply, .. }) => {
                        let _ = reply.send(Err(AmiError::Protocol("PBX not connected".into())));
                    }
                    None => return,
                },
            }
        }
    }
}

struct Pending {
    reply: Option<oneshot::Sender<Result<Reply, AmiError>>>,
    collected: Reply,
    deadline: Instant,
}

/// One connection, from connect to loss. `Ok` only when every handle is gone.
async fn serve(
    config: &ClientConfig,
    commands: &mut mpsc::Receiver<Command>,
    events: &broadcast::Sender<Arc<Message>>,
    link: &watch::Sender<PbxLink>,
    backoff: &mut Backoff,
) -> Result<(), CheckProblem> {
    let address = socket_address(&config.host, config.port);
    let lost = |reason: String| CheckProblem::Unreachable {
        address: address.clone(),
        reason,
    };
    let stream = tokio::time::timeout(
        ACTION_TIMEOUT,
        connect(&config.policy, &config.host, config.port),
    )
    .await
    .map_err(|_| CheckProblem::Timeout {
        address: address.clone(),
        seconds: ACTION_TIMEOUT.as_secs(),
    })??;
    // Large reads: a busy PBX sends bursts.
    let mut framed = Framed::with_capacity(stream, AmiCodec::new(), 256 * 1024);
    let version = match tokio::time::timeout(ACTION_TIMEOUT, framed.next()).await {
        Ok(Some(Ok(Frame::Banner(Some(version))))) => version,
        _ => return Err(CheckProblem::NotAmi { address }),
    };
    login(&mut framed, config, &address).await?;
    // Another tenant's PBX is not followed, whatever address reached it.
    let entity = exchange(
        &mut framed,
        Action::new("Getvar", "login-3").header("Variable", "ENTITYID"),
        &address,
    )
    .await?;
    config
        .ownership
        .check(entity.get("Value").unwrap_or_default())
        .await?;
    backoff.reset();
    link.send_replace(PbxLink::Connected { version });

    let mut next_id: u64 = 1;
    let mut pending: HashMap<String, Pending> = HashMap::new();
    let mut last_traffic = Instant::now();
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            frame = framed.next() => {
                let message = match frame {
                    Some(Ok(Frame::Message(message))) => message,
                    Some(Ok(Frame::Banner(_))) => continue,
                    Some(Err(error)) => return Err(lost(error.to_string())),
                    None => return Err(CheckProblem::LinkClosed { address }),
                };
                last_traffic = Instant::now();
                route(message, &mut pending, events);
            }
            command = commands.recv() => {
                let Some(Command::Action { mut action, reply }) = command else {
                    return Ok(());
                };
                let id = format!("sb-{next_id}");
                next_id += 1;
                action.headers[1].1 = id.clone();
                match framed.send(action).await {
                    Ok(()) => {
                        pending.insert(id, Pending {
                            reply: Some(reply),
                            collected: Reply::default(),
                            deadline: Instant::now() + ACTION_TIMEOUT,
                        });
                    }
                    Err(CodecError::UnsafeValue) => {
                        let _ = reply.send(Err(AmiError::UnsafeValue));
                    }
                    Err(CodecError::Io(error)) => {
                        let _ = reply.send(Err(AmiError::Protocol(error.to_string())));
                        return Err(lost(error.to_string()));
                    }
                }
            }
            _ = ticker.tick() => {
                let now = Instant::now();
                let expired: Vec<String> = pending
                    .iter()
                    .filter(|(_, p)| p.deadline <= now)
                    .map(|(id, _)| id.clone())
                    .collect();
                for id in expired {
                    if let Some(p) = pending.remove(&id) {
                        match p.reply {
                            Some(reply) => {
                                let _ = reply.send(Err(AmiError::Protocol("no reply in time".into())));
                            }
                            // Our own ping went unanswered: the link is dead.
                            None => return Err(CheckProblem::PingUnanswered { address }),
                        }
                    }
                }
                if now.duration_since(last_traffic) >= PING_AFTER {
                    let id = format!("sb-ping-{next_id}");
                    next_id += 1;
                    framed
                        .send(Action::new("Ping", &id))
                        .await
                        .map_err(|e| lost(e.to_string()))?;
                    last_traffic = now;
                    pending.insert(id, Pending {
                        reply: None,
                        collected: Reply::default(),
                        deadline: now + ACTION_TIMEOUT,
                    });
                }
            }
        }
    }
}

/// Replies go to whoever asked; everything else is an event.
fn route(
    message: Message,
    pending: &mut HashMap<String, Pending>,
    events: &broadcast::Sender<Arc<Message>>,
) {
    let id = message.get("ActionID").map(str::to_owned);
    if let Some(id) = id
        && let Some(entry) = pending.get_mut(&id)
    {
        let outcome = entry.collected.absorb(message);
        if matches!(outcome, Ok(false)) {
            return;
        }
        if let Some(entry) = pending.remove(&id)
            && let Some(reply) = entry.reply
        {
            let _ = reply.send(outcome.map(|_| entry.collected));
        }
        return;
    }
    if message.get("Event").is_some() {
        // No receiver is fine: nobody is watching this PBX right now.
        let _ = events.send(Arc::new(message));
    }
}

/// Logs in with events on: by MD5 challenge when the PBX offers one, else
/// with the plain secret.
async fn login(
    framed: &mut Framed<tokio::net::TcpStream, AmiCodec>,
    config: &ClientConfig,
    address: &str,
) -> Result<(), CheckProblem> {
    let challenge = exchange(
        framed,
        Action::new("Challenge", "login-1").header("AuthType", "MD5"),
        address,
    )
    .await?;
    let action = match challenge
        .get("Challenge")
        .filter(|_| challenge.is("Response", "Success"))
    {
        Some(challenge) => {
            let key = Md5::digest(format!("{challenge}{}", config.secret.expose()).as_bytes());
            let key: String = key.iter().map(|b| format!("{b:02x}")).collect();
            Action::new("Login", "login-2")
                .header("AuthType", "MD5")
                .header("Username", &config.username)
                .header("Key", &key)
        }
        None => Action::new("Login", "login-2")
            .header("Username", &config.username)
            .header("Secret", config.secret.expose()),
    };
    let reply = exchange(framed, action.header("Events", "on"), address).await?;
    if reply.is("Response", "Success") {
        Ok(())
    } else {
        Err(CheckProblem::AuthenticationFailed {
            username: config.username.clone(),
        })
    }
}

/// Sends one action during login and waits for its response.
async fn exchange(
    framed: &mut Framed<tokio::net::TcpStream, AmiCodec>,
    action: Action,
    address: &str,
) -> Result<Message, CheckProblem> {
    let id = action.headers[1].1.clone();
    let lost = |reason: String| CheckProblem::Unreachable {
        address: address.to_owned(),
        reason,
    };
    framed.send(action).await.map_err(|e| match e {
        // Saved user names and secrets are checked for line breaks.
        CodecError::UnsafeValue => CheckProblem::MissingSecret,
        CodecError::Io(e) => lost(e.to_string()),
    })?;
    tokio::time::timeout(ACTION_TIMEOUT, async {
        loop {
            match framed.next().await {
                Some(Ok(Frame::Message(m))) if m.get("ActionID") == Some(id.as_str()) => {
                    return Ok(m);
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(lost(e.to_string())),
                None => {
                    return Err(CheckProblem::LinkClosed {
                        address: address.to_owned(),
                    });
                }
            }
        }
    })
    .await
    .map_err(|_| CheckProblem::Timeout {
        address: address.to_owned(),
        seconds: ACTION_TIMEOUT.as_secs(),
    })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_the_cap_with_bounded_jitter() {
        let mut backoff = Backoff::default();
        let delays: Vec<Duration> = (0..8).map(|_| backoff.next_delay()).collect();
        for (delay, base) in delays.iter().zip([1, 2, 4, 8, 16, 30, 30, 30]) {
            let base = Duration::from_secs(base);
            assert!(
                *delay >= base && *delay <= base + base / 4,
                "{delay:?} for {base:?}"
            );
        }
        backoff.reset();
        assert!(backoff.next_delay() < Duration::from_millis(1251));
    }
}
