//! "Test connection" against services that are not Asterisk, or not
//! reachable: faults the real sandbox cannot be made to show. (The sandbox
//! paths — success, wrong secret, closed port — are in end2end/.)

use std::sync::Arc;

use switchboard::model::{AriScheme, CheckOutcome, CheckProblem, PbxConnection};
use switchboard::server::asterisk::PbxTarget;
use switchboard::server::crypto::Secret;
use switchboard::server::services::connection_test::test_connection;
use switchboard::server::targets::{Ownership, TargetPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

fn target(ami_port: u16, ari_scheme: AriScheme, ari_port: u16, trust: bool) -> PbxTarget {
    PbxTarget {
        connection: PbxConnection {
            id: 1,
            tenant_id: 1,
            tenant_name: "T".into(),
            name: "probe".into(),
            host: "127.0.0.1".into(),
            ami_port,
            ami_username: "switchboard".into(),
            ami_secret_set: true,
            ari_scheme,
            ari_port,
            ari_username: "switchboard".into(),
            ari_password_set: true,
            ari_trust_cert: trust,
            realtime_db_url: "sqlite:///nonexistent.db".into(),
            realtime_db_password_set: false,
            cdr_db_url: String::new(),
            cdr_db_password_set: false,
            db_ca_pem: String::new(),
            sync_interval_minutes: 10,
            range_start: 1000,
            range_end: 1999,
            saved_by: None,
            updated_at: 0,
            version: 1,
        },
        ami_secret: Some(Secret::new("secret".into())),
        ari_password: Some(Secret::new("secret".into())),
        realtime_db_password: None,
        cdr_db_password: None,
        policy: Arc::new(TargetPolicy::loopback()),
        ownership: Ownership::anyone(),
    }
}

/// A port that accepts connections and answers each with `banner` (after
/// the request's head, when `after_request`, as an HTTP server does).
async fn serve_banner(banner: &'static [u8], after_request: bool) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            if after_request {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).await.unwrap_or(0) == 1
                {
                    head.push(byte[0]);
                }
            }
            let _ = stream.write_all(banner).await;
            // Keep it open a moment, as a real service would.
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    });
    port
}

fn failed(outcome: &CheckOutcome) -> &CheckProblem {
    match outcome {
        CheckOutcome::Failed { problem } => problem,
        CheckOutcome::Ok { detail } => panic!("expected a failure, got Ok({detail})"),
    }
}

#[tokio::test]
async fn another_service_on_the_ami_port_is_named_as_such() {
    let port = serve_banner(b"SSH-2.0-OpenSSH_9.2\r\n", false).await;
    let report = test_connection(&target(port, AriScheme::Http, 1, false)).await;
    assert_eq!(
        failed(&report.ami),
        &CheckProblem::NotAmi {
            address: format!("127.0.0.1:{port}")
        }
    );
}

#[tokio::test]
async fn a_port_that_never_answers_times_out_within_seconds() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let started = std::time::Instant::now();
    let report = test_connection(&target(port, AriScheme::Http, port, false)).await;
    assert!(matches!(
        failed(&report.ami),
        CheckProblem::Timeout { seconds: 4, .. }
    ));
    assert!(matches!(failed(&report.ari), CheckProblem::Timeout { .. }));
    // Checks run side by side: about one timeout, not two.
    assert!(started.elapsed() < std::time::Duration::from_secs(8));
}

#[tokio::test]
async fn an_http_server_that_is_not_ari_is_named_as_such() {
    let port = serve_banner(
        b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        true,
    )
    .await;
    let report = test_connection(&target(1, AriScheme::Http, port, false)).await;
    assert_eq!(failed(&report.ari), &CheckProblem::NotAri);
    assert_eq!(
        failed(&report.ami),
        &CheckProblem::ConnectionRefused {
            address: "127.0.0.1:1".into()
        }
    );
}

/// An HTTPS server with a throwaway self-signed certificate for 127.0.0.1
/// (tests/fixtures, made with openssl; not a secret), answering 401.
async fn serve_self_signed_https() -> u16 {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let certs = vec![
        CertificateDer::from_pem_slice(include_bytes!("../fixtures/self-signed.crt")).unwrap(),
    ];
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("../fixtures/self-signed.key")).unwrap();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(mut tls) = acceptor.accept(stream).await {
                    let _ = tls
                        .write_all(b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                        .await;
                    let _ = tls.shutdown().await;
                }
            });
        }
    });
    port
}

#[tokio::test]
async fn a_self_signed_ari_certificate_is_refused_unless_trusted() {
    let port = serve_self_signed_https().await;
    let report = test_connection(&target(1, AriScheme::Https, port, false)).await;
    assert_eq!(
        failed(&report.ari),
        &CheckProblem::TlsNotTrusted {
            reason: "issued by an unknown authority".into()
        }
    );
    // Trusted: the TLS handshake passes and the next problem shows.
    let report = test_connection(&target(1, AriScheme::Https, port, true)).await;
    assert_eq!(
        failed(&report.ari),
        &CheckProblem::AuthenticationFailed {
            username: "switchboard".into()
        }
    );
}
