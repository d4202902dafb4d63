//! AMI throughput: `ami-bench consume HOST:PORT [USER SECRET]` logs in to
//! any AMI, applies every event to Switchboard's live model until
//! `Event: Shutdown`, and prints `switchboard EVENTS SECONDS EVENTS_PER_SECOND`.
//! `ami-bench serve PORT CAPTURE REPEAT` replays the events of a captured
//! stream REPEAT times to one client over loopback, then `Event: Shutdown`.

use std::process::ExitCode;

use switchboard::server::asterisk::bench;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || {
        eprintln!(
            "usage: ami-bench consume HOST:PORT [USER SECRET]\n       ami-bench serve PORT CAPTURE REPEAT"
        );
        ExitCode::from(2)
    };
    match args.first().map(String::as_str) {
        Some("consume") if args.len() == 2 || args.len() == 4 => {
            let (user, secret) = match args.len() {
                4 => (args[2].as_str(), args[3].as_str()),
                _ => ("bench", "bench"),
            };
            match bench::consume(&args[1], user, secret).await {
                Ok(result) => {
                    println!(
                        "switchboard {} {:.3} {:.0}",
                        result.events,
                        result.seconds,
                        result.per_second()
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("ami-bench: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("serve") if args.len() == 4 => {
            let (Ok(port), Ok(capture), Ok(repeat)) = (
                args[1].parse::<u16>(),
                std::fs::read(&args[2]),
                args[3].parse::<u32>(),
            ) else {
                return usage();
            };
            let events = bench::events_of_capture(&capture);
            let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
                Ok(listener) => listener,
                Err(error) => {
                    eprintln!("ami-bench: {error}");
                    return ExitCode::FAILURE;
                }
            };
            // One client per run; serve until stopped.
            loop {
                match bench::feed_once(&listener, &events, repeat).await {
                    Ok(sent) => eprintln!("ami-bench: sent {sent} events"),
                    Err(error) => eprintln!("ami-bench: {error}"),
                }
            }
        }
        _ => usage(),
    }
}
