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
    // A portal on PostgreSQL keeps no file here (the server's own rights
    // guard it); on SQLite the file and its journals are the server's.
    let on_sqlite = app.state.config.database_url.is_none();
    for name in [
        "switchboard.sqlite3",
        "switchboard.sqlite3-wal",
        "switchboard.sqlite3-shm",
    ]
    .into_iter()
    .filter(|_| on_sqlite)
    {
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

/// A plain HTML post (no JavaScript) as the browser sends it: server_fn
/// answers with a redirect back to the page.
async fn html_post(app: &TestApp, path: &str, pairs: &[(&str, &str)], cookie: &str) -> String {
    let request = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, crate::harness::ORIGIN)
        .header(
            header::REFERER,
            format!("{}/account", crate::harness::ORIGIN),
        )
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookie)
        .body(Body::from(crate::harness::encode(pairs)))
        .unwrap();
    let reply = app.request(request).await;
    assert!(
        reply.status.is_redirection(),
        "{} {}",
        reply.status,
        reply.body
    );
    let location = reply.headers[header::LOCATION].to_str().unwrap().to_owned();
    location
        .strip_prefix(crate::harness::ORIGIN)
        .unwrap_or(&location)
        .to_owned()
}

async fn get_page(app: &TestApp, path: &str, cookie: &str) -> crate::harness::Reply {
    let request = Request::get(path)
        .header(header::HOST, HOST)
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    app.request(request).await
}

/// Finding 6: the error a no-JavaScript form brings back in its URL is
/// shown only when this server put it there, for this browser.
#[tokio::test]
async fn errors_in_a_url_are_shown_only_when_signed_for_this_session() {
    let (app, admin, _, _) = admin_with_pbx().await;
    let form = [
        ("current", "not my password"),
        ("new_password", "a new long password"),
        ("confirm", "a new long password"),
    ];
    let back = html_post(&app, "/api/auth/change_password", &form, &admin).await;
    assert!(back.starts_with("/account?"), "{back}");
    assert!(back.contains("__sig="), "{back}");
    let page = get_page(&app, &back, &admin).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("The current password is wrong."),
        "the signed error is shown"
    );

    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(back.split_once('?').unwrap().1).unwrap();
    let rebuilt = |pairs: &[(String, String)]| {
        format!("/account?{}", serde_urlencoded::to_string(pairs).unwrap())
    };
    // Any text of an attacker's own, signature dropped or kept.
    let forged_error = base64_url(
        r#"{"type":"pbx","detail":{"code":"refused","detail":"Call +1 555 0100 to restore service"}}"#,
    );
    let forged: Vec<(String, String)> = query
        .iter()
        .map(|(name, value)| match name.as_str() {
            "__err" => (name.clone(), forged_error.clone()),
            _ => (name.clone(), value.clone()),
        })
        .collect();
    let unsigned: Vec<(String, String)> = query
        .iter()
        .filter(|(name, _)| name != "__sig")
        .cloned()
        .collect();
    let other = app.sign_in("admin@acme.example", PASSWORD).await;
    for (what, url, cookie) in [
        (
            "another error under the signature",
            rebuilt(&forged),
            admin.as_str(),
        ),
        ("no signature", rebuilt(&unsigned), admin.as_str()),
        (
            "another browser's signed link",
            back.clone(),
            other.as_str(),
        ),
    ] {
        let reply = get_page(&app, &url, cookie).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}");
        assert_eq!(reply.headers[header::LOCATION], "/account", "{what}");
    }
    // Other parameters survive the strip.
    let reply = get_page(&app, "/settings?edit=1&__err=eA", &admin).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.headers[header::LOCATION], "/settings?edit=1");
}

fn base64_url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE.encode(text)
}

#[tokio::test]
async fn the_data_directory_is_made_private() {
    // An operator's directory made with the usual umask (0755).
    let outer = tempfile::tempdir().unwrap();
    let data = outer.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let chosen = data.clone();
    let app = TestApp::with_config(move |config| config.data_dir = chosen).await;
    assert_eq!(app.state.config.data_dir, data);
    let mode = std::fs::metadata(&data).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "{mode:o}");
}
