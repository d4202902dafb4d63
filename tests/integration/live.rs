//! The live stream against the real sandbox Asterisk: a call originated on
//! the PBX reaches its tenant's browsers as `call:new`, and never another
//! tenant's (the raw SSE bytes are checked).

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use switchboard::model::{PbxConnectionForm, Role, SecretInput};
use switchboard::server::asterisk::ami::client::{AmiClient, ClientConfig};
use switchboard::server::crypto::Secret;
use switchboard::server::db;
use switchboard::server::scope::Scope;
use tower::ServiceExt;

use crate::harness::{HOST, PASSWORD, TestApp};

/// Reads the SSE stream until `until` holds for what arrived, or gives up.
async fn read_stream(body: &mut Body, seconds: u64, until: impl Fn(&str) -> bool) -> String {
    let mut seen = String::new();
    let _ = tokio::time::timeout(Duration::from_secs(seconds), async {
        while let Some(Ok(frame)) = body.frame().await {
            if let Some(data) = frame.data_ref() {
                seen.push_str(&String::from_utf8_lossy(data));
                if until(&seen) {
                    return;
                }
            }
        }
    })
    .await;
    seen
}

async fn open_stream(app: &TestApp, cookie: Option<&str>) -> (StatusCode, Body) {
    let mut request = Request::get("/api/live/events").header(header::HOST, HOST);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    (response.status(), response.into_body())
}

#[tokio::test]
async fn a_call_reaches_its_tenant_and_only_its_tenant() {
    let sandbox = crate::harness::sandbox();
    let app = TestApp::new().await;
    let (anonymous, _) = open_stream(&app, None).await;
    assert_eq!(anonymous, StatusCode::UNAUTHORIZED);

    let tenant_a = app.add_tenant("Acme").await;
    let tenant_b = app.add_tenant("Globex").await;
    app.add_user(Some(tenant_a), "admin@acme.example", Role::TenantAdmin)
        .await;
    app.add_user(Some(tenant_b), "admin@globex.example", Role::TenantAdmin)
        .await;
    let server = Scope::server();
    let mut pbx_ids = Vec::new();
    for (tenant, name, port) in [
        (tenant_a, "Acme live", sandbox.ami_port),
        (tenant_b, "Globex live", 1),
    ] {
        let form = PbxConnectionForm {
            name: name.into(),
            ami_port: port,
            ami_username: sandbox.ami_user.clone(),
            ami_secret: SecretInput::new(sandbox.ami_secret.clone()),
            ari_username: "switchboard".into(),
            ari_password: SecretInput::new("unused-here"),
            realtime_db_url: "sqlite:///nonexistent/rt.sqlite3".into(),
            ..Default::default()
        };
        let first_user: i64 = sqlx::query_scalar("SELECT MIN(id) FROM users")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
        let id = db::pbx::save(
            &app.state.db,
            &Scope {
                user_id: first_user,
                ..server.clone()
            },
            &app.state.keyring,
            tenant,
            &form,
            &[],
            &[],
        )
        .await
        .unwrap();
        pbx_ids.push(id);
    }
    switchboard::server::services::live::start_feeds(&app.state)
        .await
        .unwrap();

    let acme = app.sign_in("admin@acme.example", PASSWORD).await;
    let globex = app.sign_in("admin@globex.example", PASSWORD).await;
    let (status, mut acme_stream) = open_stream(&app, Some(&acme)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, mut globex_stream) = open_stream(&app, Some(&globex)).await;
    // The snapshot first; then (if not already in it) the feed's own AMI
    // link coming up, before the call is placed.
    let acme_start = read_stream(&mut acme_stream, 10, |s| {
        s.contains("event: snapshot") && s.contains("\"state\":\"connected\"")
    })
    .await;
    assert!(
        acme_start.contains(&format!("\"pbxConnectionId\":{}", pbx_ids[0])),
        "{acme_start}"
    );

    let marker = format!("77{}", std::process::id() % 100_000);
    let ami = AmiClient::spawn(ClientConfig {
        host: "127.0.0.1".into(),
        port: sandbox.ami_port,
        username: sandbox.ami_user.clone(),
        secret: Secret::new(sandbox.ami_secret.clone()),
        policy: std::sync::Arc::new(switchboard::server::targets::TargetPolicy::loopback()),
        ownership: switchboard::server::targets::Ownership::anyone(),
    });
    let reply = tokio::time::timeout(Duration::from_secs(15), async {
        loop {
            if let Ok(reply) = ami
                .action(
                    "Originate",
                    &[
                        ("Channel", "Local/echo@sandbox-test"),
                        ("Application", "Wait"),
                        ("Data", "30"),
                        ("Async", "true"),
                        ("CallerID", &format!("\"Live test\" <{marker}>")),
                    ],
                )
                .await
            {
                return reply;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await
    .unwrap();
    assert!(reply.is_success());
    let seen = read_stream(&mut acme_stream, 10, |s| {
        s.contains("event: call:new") && s.contains(&marker)
    })
    .await;
    assert!(seen.contains("event: call:new"), "no call:new in {seen}");
    assert!(seen.contains(&marker));

    // Hang it up from the browser's side: a reader may not, the admin may.
    // The caller id shows on the call's legs (call:new or a later update).
    let call_id = seen
        .lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .filter(|data| data.contains(&marker))
        .find_map(|data| {
            let value: serde_json::Value = serde_json::from_str(data).ok()?;
            value["call"]["id"].as_str().map(str::to_owned)
        })
        .expect("the call's id");
    app.add_user(Some(tenant_a), "reader@acme.example", Role::ReadOnly)
        .await;
    let reader = app.sign_in("reader@acme.example", PASSWORD).await;
    let pbx = pbx_ids[0].to_string();
    let refused = app
        .form(
            "/api/live/hangup",
            &[("pbx_connection_id", &pbx), ("call_id", &call_id)],
            Some(&reader),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let hung_up = app
        .form(
            "/api/live/hangup",
            &[("pbx_connection_id", &pbx), ("call_id", &call_id)],
            Some(&acme),
        )
        .await;
    assert_eq!(hung_up.status, StatusCode::OK, "{}", hung_up.body);
    let after = read_stream(&mut acme_stream, 10, |s| {
        s.contains(&format!(
            "\"event\":\"call:hangup\",\"pbxConnectionId\":{},\"id\":\"{call_id}\"",
            pbx_ids[0]
        ))
    })
    .await;
    assert!(after.contains("event: call:hangup"), "{after}");
    let audit = crate::harness::json(
        &app.form(
            "/api/audit/list",
            &[("filter[object]", "call")],
            Some(&acme),
        )
        .await,
    );
    assert_eq!(audit["items"][0]["action"], "hangup");

    let other = read_stream(&mut globex_stream, 3, |_| false).await;
    assert!(other.contains("event: snapshot"), "{other}");
    assert!(
        !other.contains(&marker),
        "another tenant saw the call: {other}"
    );
    assert!(!other.contains(&format!("\"pbxConnectionId\":{}", pbx_ids[0])));
}
