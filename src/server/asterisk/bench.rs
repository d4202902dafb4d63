//! The AMI throughput benchmark's two halves (see `src/bin/ami-bench.rs`):
//! a feeder that replays a captured AMI stream over loopback, and the
//! consumer that any AMI host:port can be pointed at.

use std::time::{Duration, Instant};

use bytes::BytesMut;
use futures_util::{SinkExt, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::codec::Framed;

use super::ami::{Action, AmiCodec, Frame};
use super::live::LiveModel;

/// What the consumer measured.
#[derive(Debug, Clone, Copy)]
pub struct Throughput {
    pub events: u64,
    pub seconds: f64,
}

impl Throughput {
    pub fn per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.events as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// Logs in, applies every event to a live model until `Event: Shutdown`,
/// and reports how many events it applied and how long that took (from the
/// first event on).
pub async fn consume(address: &str, username: &str, secret: &str) -> std::io::Result<Throughput> {
    let stream = TcpStream::connect(address).await?;
    // Large reads: a busy PBX sends bursts.
    let mut framed = Framed::with_capacity(stream, AmiCodec::new(), 256 * 1024);
    let invalid =
        |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
    match framed.next().await {
        Some(Ok(Frame::Banner(Some(_)))) => {}
        _ => return Err(invalid("not an AMI service")),
    }
    framed
        .send(
            Action::new("Login", "bench-login")
                .header("Username", username)
                .header("Secret", secret)
                .header("Events", "on"),
        )
        .await
        .map_err(|e| invalid(&e.to_string()))?;
    let mut model = LiveModel::default();
    let mut events = 0u64;
    let mut started: Option<Instant> = None;
    while let Some(frame) = framed.next().await {
        let Frame::Message(message) = frame.map_err(|e| invalid(&e.to_string()))? else {
            continue;
        };
        // Events name themselves first; anything else is a reply.
        match message.get("Event") {
            Some(name) if name.eq_ignore_ascii_case("Shutdown") => break,
            Some(_) => {}
            None => {
                if message.get("ActionID") == Some("bench-login")
                    && !message.is("Response", "Success")
                {
                    return Err(invalid("login refused"));
                }
                continue;
            }
        }
        started.get_or_insert_with(Instant::now);
        model.apply(&message, 0);
        events += 1;
    }
    Ok(Throughput {
        events,
        seconds: started.map_or(0.0, |s| s.elapsed().as_secs_f64()),
    })
}

/// Serves one client: the banner, a success for its login, then `stream`
/// (the events of a capture, without banner and replies) `repeat` times,
/// then `Event: Shutdown`. Returns the number of events sent.
pub async fn feed_once(listener: &TcpListener, stream: &[u8], repeat: u32) -> std::io::Result<u64> {
    let (mut socket, _) = listener.accept().await?;
    socket
        .write_all(b"Asterisk Call Manager/11.0.0\r\n")
        .await?;
    // Read the login, answer it whatever it says.
    let mut framed = Framed::new(socket, AmiCodec::new());
    framed.codec_mut().expect_no_banner();
    let login = tokio::time::timeout(Duration::from_secs(10), framed.next()).await;
    let id = match login {
        Ok(Some(Ok(Frame::Message(m)))) => m.get("ActionID").unwrap_or("").to_owned(),
        _ => String::new(),
    };
    let mut socket = framed.into_inner();
    socket
        .write_all(
            format!(
                "Response: Success\r\nActionID: {id}\r\nMessage: Authentication accepted\r\n\r\n"
            )
            .as_bytes(),
        )
        .await?;
    let per_pass = String::from_utf8_lossy(stream).matches("\nEvent: ").count() as u64
        + u64::from(stream.starts_with(b"Event: "));
    let mut batch = BytesMut::with_capacity(stream.len() * 64);
    for _ in 0..64 {
        batch.extend_from_slice(stream);
    }
    let mut sent = 0u32;
    while sent + 64 <= repeat {
        socket.write_all(&batch).await?;
        sent += 64;
    }
    while sent < repeat {
        socket.write_all(stream).await?;
        sent += 1;
    }
    socket
        .write_all(b"Event: Shutdown\r\nShutdown: Cleanly\r\nRestart: False\r\n\r\n")
        .await?;
    socket.flush().await?;
    Ok(per_pass * u64::from(repeat))
}

/// Only the events of a captured stream (no banner, no replies to the
/// capturing session's own actions), ready to be replayed.
pub fn events_of_capture(capture: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(capture);
    let mut out = String::new();
    for block in text.split("\r\n\r\n") {
        let block = block.trim_start_matches("\r\n");
        if block.starts_with("Event: ") && !block.contains("\r\nActionID: ") {
            out.push_str(block);
            out.push_str("\r\n\r\n");
        }
    }
    out.into_bytes()
}
