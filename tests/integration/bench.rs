//! The AMI benchmark's halves agree: every replayed event is counted and
//! applied (the figures themselves come from scripts, never from tests).

use switchboard::server::asterisk::bench;

#[tokio::test]
async fn the_consumer_counts_every_replayed_event_until_shutdown() {
    let capture = include_bytes!("../fixtures/ami/capture-bridge.ami");
    let events = bench::events_of_capture(capture);
    let per_pass = String::from_utf8_lossy(&events).matches("Event: ").count() as u64;
    assert!(per_pass > 50, "the capture holds a whole bridged call");
    assert!(!String::from_utf8_lossy(&events).contains("ActionID"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let feeder = tokio::spawn(async move { bench::feed_once(&listener, &events, 130).await });
    let measured = bench::consume(&address, "bench", "bench").await.unwrap();
    let sent = feeder.await.unwrap().unwrap();
    assert_eq!(sent, per_pass * 130);
    assert_eq!(measured.events, sent);
}
