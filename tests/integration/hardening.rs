//! Issue 13, findings 8 and 9: bounded inputs and errors, the answers'
//! headers, the Host check, the portal database's permissions, hashed
//! session ids, and a trunk name that is an extension's number.

use std::os::unix::fs::PermissionsExt;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use switchboard::model::Role;

use crate::harness::{HOST, PASSWORD, TestApp};

async fn admin_with_pbx() -> (TestApp, String, String, String) {
    let app = TestApp::new().await;
    let tenant = app.add_tenant("Acme").await;
    app.add_user(Some(tenant), "admin@acme.example", Role::TenantAdmin)
        .await;
    let (pbx, url) = app.add_pbx(tenant, "Acme PBX").await;
    let admin = app.sign_in("admin@acme.example", PASSWORD).await;
    (app, admin, pbx.to_string(), url)
}

fn field_problem(body: &str, field: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).expect(body);
    value["detail"]
        .as_array()
        .and_then(|problems| problems.iter().find(|p| p["field"] == field))
        .map(|p| p["problem"]["code"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn oversized_forms_get_a_bounded_error_next_to_their_field() {
    let (app, admin, pbx, _) = admin_with_pbx().await;
    let mut queue = vec![
        ("form[pbx_connection_id]".to_owned(), pbx.clone()),
        ("form[strategy]".to_owned(), "ringall".to_owned()),
        ("form[timeout]".to_owned(), "20".to_owned()),
        ("form[wrapup]".to_owned(), "0".to_owned()),
        ("form[music_on_hold]".to_owned(), "default".to_owned()),
    ];
    for n in 0..2000 {
        queue.push((
            format!("form[members][{}][selected]", 5000 + n),
            "true".into(),
        ));
    }
    let pairs: Vec<(&str, &str)> = queue
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let reply = app.form("/api/queues/save", &pairs, Some(&admin)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(field_problem(&reply.body, "members"), "too_many");
    assert!(reply.body.len() < 1024, "{} bytes", reply.body.len());

    let ips = (0..1500)
        .map(|i| format!("300.0.{}.{}", i / 256, i % 256))
        .collect::<Vec<_>>()
        .join(",");
    let reply = app
        .form(
            "/api/trunks/save",
            &[
                ("form[pbx_connection_id]", &pbx),
                ("form[name]", "provider"),
                ("form[host]", "sip.example.net"),
                ("form[port]", "5060"),
                ("form[username]", ""),
                ("form[match_ips]", &ips),
                ("form[codecs]", "ulaw"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(field_problem(&reply.body, "match_ips"), "too_many");
    // Fewer, all invalid: one message, not one per address.
    let reply = app
        .form(
            "/api/trunks/save",
            &[
                ("form[pbx_connection_id]", &pbx),
                ("form[name]", "provider"),
                ("form[host]", "sip.example.net"),
                ("form[port]", "5060"),
                ("form[username]", ""),
                ("form[match_ips]", "300.1.1.1, 300.2.2.2, 300.3.3.3"),
                ("form[codecs]", "ulaw"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(
        reply.body.matches("invalid_network").count(),
        1,
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn a_realtime_file_that_is_not_a_database_is_the_pbxs_problem_not_a_500() {
    let (app, admin, pbx, url) = admin_with_pbx().await;
    // Replaced by something else before the server first opened it.
    std::fs::write(url.trim_start_matches("sqlite://"), vec![b'x'; 8192]).unwrap();
    let reply = app
        .form(
            "/api/extensions/list",
            &[("pbx_connection_id", &pbx)],
            Some(&admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{}", reply.body);
    assert!(reply.body.contains("database_unreadable"), "{}", reply.body);
}

#[tokio::test]
async fn a_trunk_named_like_an_extension_is_not_found() {
    let (app, admin, pbx, _) = admin_with_pbx().await;
    let created = app
        .form(
            "/api/extensions/create",
            &[
                ("form[pbx_connection_id]", &pbx),
                ("form[display_name]", "Alice"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let reply = app
        .form(
            "/api/trunks/delete",
            &[
                ("pbx_connection_id", &pbx),
                ("name", "1000"),
                ("version", "whatever"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
}

#[tokio::test]
async fn pages_are_framed_by_nobody_and_run_only_their_own_scripts() {
    let app = TestApp::new().await;
    let reply = app
        .request(
            Request::get("/login")
                .header(header::HOST, HOST)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let policy = reply.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    // The nonce in the policy is the one on the page's inline script.
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce");
    assert!(
        reply.body.contains(&format!("nonce=\"{nonce}\"")),
        "{}",
        reply.body
    );
    assert_eq!(reply.headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(reply.headers[header::REFERRER_POLICY], "same-origin");
    assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    // Two pages, two nonces.
    let again = app
        .request(
            Request::get("/login")
                .header(header::HOST, HOST)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_ne!(
        again.headers[header::CONTENT_SECURITY_POLICY],
        policy.as_str()
    );
    // A server function's answer allows nothing at all.
    let me = app.form("/api/auth/me", &[], None).await;
    assert!(
        me.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
}

#[tokio::test]
async fn a_request_for_another_host_is_refused() {
    let app = TestApp::new().await;
    for host in ["attacker.example", "switchboard.test.attacker.example", ""] {
        let reply = app
            .request(
                Request::get("/login")
                    .header(header::HOST, host)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::MISDIRECTED_REQUEST, "{host:?}");
    }
}

#[tokio::test]
async fn the_portal_database_is_the_servers_alone_and_holds_no_session_id() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let cookie = app.sign_in("root@example.com", PASSWORD).await;
    let data = &app.state.config.data_dir;
    for name in [
        "switchboard.sqlite3",
        "switchboard.sqlite3-wal",
        "switchboard.sqlite3-shm",
    ] {
        let mode = std::fs::metadata(data.join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}: {mode:o}");
    }
    let id = cookie.split_once('=').unwrap().1;
    let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM tower_sessions")
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(
        !stored.iter().any(|s| s.contains(id)),
        "{stored:?} holds {id}"
    );
    // And the cookie still works.
    let me = app.form("/api/auth/me", &[], Some(&cookie)).await;
    assert!(me.body.contains("root@example.com"), "{}", me.body);
}
