//! The long-lived AMI client against the real sandbox Asterisk
//! (`scripts/test` starts it and exports `SANDBOX_*` before `cargo test`).

use std::time::Duration;

use switchboard::model::PbxLink;
use switchboard::server::asterisk::ami::client::{AmiClient, ClientConfig};
use switchboard::server::crypto::Secret;
use tokio::net::{TcpListener, TcpStream};

/// The sandbox's AMI port and secret.
fn sandbox() -> (u16, String) {
    let sandbox = crate::harness::sandbox();
    (sandbox.ami_port, sandbox.ami_secret)
}

fn client(port: u16, secret: &str) -> AmiClient {
    AmiClient::spawn(ClientConfig {
        host: "127.0.0.1".into(),
        port,
        username: crate::harness::sandbox().ami_user,
        secret: Secret::new(secret.to_owned()),
        policy: std::sync::Arc::new(switchboard::server::targets::TargetPolicy::loopback()),
        ownership: switchboard::server::targets::Ownership::anyone(),
    })
}

async fn wait_for(client: &AmiClient, what: impl Fn(&PbxLink) -> bool) -> PbxLink {
    let mut link = client.link();
    tokio::time::timeout(Duration::from_secs(15), async {
        loop {
            let current = link.borrow_and_update().clone();
            if what(&current) {
                return current;
            }
            link.changed().await.unwrap();
        }
    })
    .await
    .unwrap_or_else(|_| panic!("link state never came; last {:?}", link.borrow()))
}

#[tokio::test]
async fn concurrent_actions_get_their_own_replies_and_lists_are_collected() {
    let (port, secret) = sandbox();
    let ami = client(port, &secret);
    let link = wait_for(&ami, |l| matches!(l, PbxLink::Connected { .. })).await;
    assert!(matches!(link, PbxLink::Connected { version } if version.starts_with("11.")));
    let replies = futures::future::join_all((0..20).map(|i| {
        let ami = ami.clone();
        async move {
            let variable = format!("SWITCHBOARD_TEST_{i}");
            ami.action("Getvar", &[("Variable", &variable)]).await
        }
    }))
    .await;
    for (i, reply) in replies.into_iter().enumerate() {
        let reply = reply.unwrap();
        assert!(reply.is_success(), "{:?}", reply.response);
        assert_eq!(
            reply.response.get("Variable"),
            Some(format!("SWITCHBOARD_TEST_{i}").as_str())
        );
    }
    let listing = ami.action("CoreShowChannels", &[]).await.unwrap();
    assert!(listing.is_success());
    let smuggled = ami
        .action("Getvar", &[("Variable", "A\r\nAction: Originate")])
        .await;
    assert!(smuggled.is_err(), "a line break never reaches the PBX");
}

#[tokio::test]
async fn events_of_a_real_call_arrive() {
    let (port, secret) = sandbox();
    let ami = client(port, &secret);
    wait_for(&ami, |l| matches!(l, PbxLink::Connected { .. })).await;
    let mut events = ami.events();
    let reply = ami
        .action(
            "Originate",
            &[
                ("Channel", "Local/echo@sandbox-test"),
                ("Application", "Wait"),
                ("Data", "1"),
                ("Async", "true"),
                ("CallerID", "\"AMI client test\" <7001>"),
            ],
        )
        .await
        .unwrap();
    assert!(reply.is_success(), "{:?}", reply.response);
    let seen = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let event = events.recv().await.unwrap();
            if event.is("Event", "Newchannel")
                && event
                    .get("Channel")
                    .is_some_and(|c| c.starts_with("Local/echo@sandbox-test"))
            {
                return event;
            }
        }
    })
    .await
    .expect("a Newchannel event for the originated call");
    assert!(seen.get("Uniqueid").is_some() && seen.get("Linkedid").is_some());
}

#[tokio::test]
async fn a_wrong_secret_is_reported_and_retried_only_after_a_long_wait() {
    let (port, _) = sandbox();
    let ami = client(port, "not-the-secret");
    let link = wait_for(&ami, |l| matches!(l, PbxLink::Retrying { .. })).await;
    let PbxLink::Retrying {
        last_error,
        retry_in_secs,
    } = link
    else {
        unreachable!()
    };
    assert!(
        matches!(
            last_error,
            switchboard::model::CheckProblem::AuthenticationFailed { .. }
        ),
        "{last_error:?}"
    );
    // A refused login is not tried again for a quarter of an hour (a
    // FreePBX's fail2ban would ban the portal's address).
    assert!(retry_in_secs >= 15 * 60, "{retry_in_secs}");
    // Actions while down fail at once instead of waiting.
    assert!(ami.action("Ping", &[]).await.is_err());
    let mut changes = ami.link();
    changes.borrow_and_update();
    assert!(
        tokio::time::timeout(Duration::from_secs(3), changes.changed())
            .await
            .is_err(),
        "tried again within 3 s: {:?}",
        changes.borrow()
    );
    // Asked to (a Test connection whose login passed), it tries at once.
    ami.retry_now();
    tokio::time::timeout(Duration::from_secs(5), changes.changed())
        .await
        .expect("a new attempt at once")
        .unwrap();
    let again = wait_for(&ami, |l| matches!(l, PbxLink::Retrying { .. })).await;
    assert!(matches!(
        again,
        PbxLink::Retrying {
            last_error: switchboard::model::CheckProblem::AuthenticationFailed { .. },
            ..
        }
    ));
}

/// A loopback relay between the client and the real Asterisk: cutting it is
/// a network loss, the one fault Asterisk cannot be asked to show.
async fn relay(target: u16) -> (u16, tokio::sync::mpsc::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (cut, mut cuts) = tokio::sync::mpsc::channel::<()>(4);
    tokio::spawn(async move {
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                return;
            };
            let mut outbound = TcpStream::connect(("127.0.0.1", target)).await.unwrap();
            tokio::select! {
                _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                _ = cuts.recv() => {}
            }
            // Both sockets drop here: the client sees the link die.
        }
    });
    (port, cut)
}

#[tokio::test]
async fn a_lost_link_comes_back_by_itself() {
    let (port, secret) = sandbox();
    let (relay_port, cut) = relay(port).await;
    let ami = client(relay_port, &secret);
    wait_for(&ami, |l| matches!(l, PbxLink::Connected { .. })).await;
    cut.send(()).await.unwrap();
    let lost = wait_for(&ami, |l| matches!(l, PbxLink::Retrying { .. })).await;
    assert!(matches!(lost, PbxLink::Retrying { .. }));
    wait_for(&ami, |l| matches!(l, PbxLink::Connected { .. })).await;
    assert!(ami.action("Ping", &[]).await.unwrap().is_success());
}
