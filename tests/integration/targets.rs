//! Who may point the server where, where a saved secret may be sent, and
//! one PBX per tenant (issue 13, findings 1, 2 and 4).

use std::time::Duration;

use axum::http::StatusCode;
use switchboard::model::Role;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

use crate::harness::{PASSWORD, TestApp};

/// A listener that records whatever is sent to it: the attacker's.
async fn listener() -> (u16, tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                // Speak first, as AMI does, so a client would go on to log in.
                let _ = tokio::io::AsyncWriteExt::write_all(
                    &mut stream,
                    b"Asterisk Call Manager/11.0.0\r\n",
                )
                .await;
                let mut seen = Vec::new();
                let mut buffer = [0u8; 4096];
                while let Ok(Ok(n)) =
                    tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buffer)).await
                {
                    if n == 0 {
                        break;
                    }
                    seen.extend_from_slice(&buffer[..n]);
                }
                let _ = sender.send(seen);
            });
        }
    });
    (port, receiver)
}

pub(super) struct Tenants {
    pub(super) app: TestApp,
    pub(super) root: String,
    pub(super) admin_a: String,
    pub(super) admin_b: String,
}

pub(super) async fn tenants(app: TestApp) -> Tenants {
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let a = app.add_tenant("Acme").await;
    let b = app.add_tenant("Globex").await;
    app.add_user(Some(a), "admin@acme.example", Role::TenantAdmin)
        .await;
    app.add_user(Some(b), "admin@globex.example", Role::TenantAdmin)
        .await;
    Tenants {
        root: app.sign_in("root@example.com", PASSWORD).await,
        admin_a: app.sign_in("admin@acme.example", PASSWORD).await,
        admin_b: app.sign_in("admin@globex.example", PASSWORD).await,
        app,
    }
}

pub(super) fn form<'a>(fields: &[(&'a str, &'a str)]) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = [
        ("name", "PBX"),
        ("host", "127.0.0.1"),
        ("ami_port", "1"),
        ("ami_username", "switchboard"),
        ("ami_secret", "ami-secret-value"),
        ("ari_scheme", "http"),
        ("ari_port", "1"),
        ("ari_username", "switchboard"),
        ("ari_password", "ari-password-value"),
        ("realtime_db_url", ""),
        ("sync_interval_minutes", "10"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (key, value) in fields {
        match all.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = value.to_string(),
            None => all.push((key.to_string(), value.to_string())),
        }
    }
    all.into_iter()
        .map(|(k, v)| (format!("form[{k}]"), v))
        .collect()
}

pub(super) async fn save(
    app: &TestApp,
    cookie: &str,
    fields: &[(&str, &str)],
) -> crate::harness::Reply {
    let pairs = form(fields);
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.form("/api/pbx/save", &refs, Some(cookie)).await
}

pub(super) fn saved_id(reply: &crate::harness::Reply) -> String {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let saved: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    saved["id"].as_i64().unwrap().to_string()
}

pub(super) fn refused(reply: &crate::harness::Reply, field: &str, code: &str) {
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let problems = body["detail"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p["field"] == field && p["problem"]["code"] == code),
        "expected {code} on {field}: {}",
        reply.body
    );
}

#[tokio::test]
async fn a_saved_secret_is_not_sent_to_a_new_target_unless_entered_again() {
    let t = tenants(TestApp::new().await).await;
    let url = t.app.realtime_db("acme").await;
    let id = saved_id(&save(&t.app, &t.admin_a, &[("realtime_db_url", &url)]).await);
    let (port, mut seen) = listener().await;
    let port = port.to_string();
    // Point it at the listener, secrets left empty ("keep the saved ones").
    let moved = save(
        &t.app,
        &t.admin_a,
        &[
            ("id", &id),
            ("version", "1"),
            ("realtime_db_url", &url),
            ("ami_port", &port),
            ("ari_port", &port),
            ("ami_secret", ""),
            ("ari_password", ""),
        ],
    )
    .await;
    refused(&moved, "ami_secret", "secret_for_new_target");
    refused(&moved, "ari_password", "secret_for_new_target");
    let tested = t
        .app
        .form("/api/pbx/test", &[("id", &id)], Some(&t.admin_a))
        .await;
    assert_eq!(tested.status, StatusCode::OK, "{}", tested.body);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        seen.try_recv().is_err(),
        "nothing may reach the listener: the connection did not move"
    );
    // Entered again, the new target gets what its owner typed for it.
    let moved = save(
        &t.app,
        &t.admin_a,
        &[
            ("id", &id),
            ("version", "1"),
            ("realtime_db_url", &url),
            ("ami_port", &port),
            ("ari_port", &port),
            ("ami_secret", "typed-for-the-new-target"),
            ("ari_password", ""),
        ],
    )
    .await;
    refused(&moved, "ari_password", "secret_for_new_target");
    // A change that moves nothing keeps the saved secrets.
    let renamed = save(
        &t.app,
        &t.admin_a,
        &[
            ("id", &id),
            ("version", "1"),
            ("name", "Renamed"),
            ("realtime_db_url", &url),
            ("ami_secret", ""),
            ("ari_password", ""),
        ],
    )
    .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
}

#[tokio::test]
async fn only_a_super_admin_points_connections_unless_the_operator_allows_tenant_admins() {
    let t = tenants(TestApp::with_config(|config| config.tenant_admins_set_targets = false).await)
        .await;
    let url = t.app.realtime_db("acme").await;
    let created = save(&t.app, &t.admin_a, &[("realtime_db_url", &url)]).await;
    refused(&created, "host", "targets_locked");
    // The super admin creates it for the tenant...
    let tenant_a = {
        let me = t.app.form("/api/auth/me", &[], Some(&t.admin_a)).await;
        let me: serde_json::Value = serde_json::from_str(&me.body).unwrap();
        me["tenant_id"].as_i64().unwrap().to_string()
    };
    let id = saved_id(
        &save(
            &t.app,
            &t.root,
            &[("realtime_db_url", &url), ("tenant_id", &tenant_a)],
        )
        .await,
    );
    // ...the tenant admin may rename it, re-enter its secrets, change its
    // number plan, but not where it points.
    let renamed = save(
        &t.app,
        &t.admin_a,
        &[
            ("id", &id),
            ("version", "1"),
            ("name", "Acme's"),
            ("realtime_db_url", &url),
        ],
    )
    .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    let other = t.app.realtime_url("elsewhere.sqlite3");
    let moved = save(
        &t.app,
        &t.admin_a,
        &[("id", &id), ("version", "2"), ("realtime_db_url", &other)],
    )
    .await;
    refused(&moved, "realtime_db_url", "targets_locked");
    let moved = save(
        &t.app,
        &t.admin_a,
        &[
            ("id", &id),
            ("version", "2"),
            ("realtime_db_url", &url),
            ("host", "localhost"),
        ],
    )
    .await;
    refused(&moved, "host", "targets_locked");

    // The page says so before anyone tries: no "New connection", and the
    // fields of where it points read-only (their values still posted).
    let page = |cookie: String, path: &'static str| {
        let app = &t.app;
        async move {
            let request = axum::http::Request::get(path)
                .header(axum::http::header::HOST, crate::harness::HOST)
                .header(axum::http::header::COOKIE, cookie)
                .body(axum::body::Body::empty())
                .unwrap();
            app.request(request).await.body
        }
    };
    let html = page(t.admin_a.clone(), "/settings?edit=1").await;
    assert!(
        !html.contains("New connection"),
        "no New connection for the tenant admin"
    );
    let host = html
        .split("id=\"pbx-host\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .expect("the host field");
    assert!(host.contains("readonly"), "host field: {host}");
    assert!(html.contains("type=\"hidden\" name=\"form[ari_scheme]\""));
    let html = page(t.admin_a.clone(), "/settings?new=1").await;
    assert!(!html.contains("id=\"pbx-host\""), "no creation form");
    let html = page(t.root.clone(), "/settings?edit=1").await;
    assert!(html.contains("New connection"));
    let host = html
        .split("id=\"pbx-host\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .expect("the host field");
    assert!(!host.contains("readonly"), "host field: {host}");
}

#[tokio::test]
async fn connections_reach_only_the_operators_networks_ports_and_directory() {
    let t = tenants(
        TestApp::with_config(|config| {
            config.pbx_ports = vec![5038..=5038, 8088..=8089];
        })
        .await,
    )
    .await;
    let url = t.app.realtime_db("acme").await;
    let allowed = [
        ("realtime_db_url", url.as_str()),
        ("ami_port", "5038"),
        ("ari_port", "8088"),
    ];
    fn with<'a>(
        allowed: &[(&'a str, &'a str)],
        extra: &[(&'a str, &'a str)],
    ) -> Vec<(&'a str, &'a str)> {
        let mut fields = allowed.to_vec();
        fields.extend_from_slice(extra);
        fields
    }
    refused(
        &save(&t.app, &t.admin_a, &with(&allowed, &[("ami_port", "22")])).await,
        "ami_port",
        "target_not_allowed",
    );
    refused(
        &save(&t.app, &t.admin_a, &with(&allowed, &[("ari_port", "3000")])).await,
        "ari_port",
        "target_not_allowed",
    );
    for host in [
        "10.0.0.1",
        "169.254.169.254",
        "::ffff:10.0.0.1",
        "192.168.1.1",
    ] {
        refused(
            &save(&t.app, &t.admin_a, &with(&allowed, &[("host", host)])).await,
            "host",
            "target_not_allowed",
        );
    }
    // Outside the Realtime directory, there or not, the same answer: no
    // way to learn which files exist.
    let own = format!(
        "sqlite://{}/switchboard.sqlite3",
        t.app.state.config.data_dir.display()
    );
    let mut bodies = Vec::new();
    for outside in [
        "sqlite:///etc/shadow",
        "sqlite:///etc/no-such-file",
        "sqlite:///proc/self/fd/7",
        own.as_str(),
    ] {
        let reply = save(
            &t.app,
            &t.admin_a,
            &with(&allowed, &[("realtime_db_url", outside)]),
        )
        .await;
        refused(&reply, "realtime_db_url", "outside_realtime_dir");
        bodies.push(reply.body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "{bodies:?}");
    // A link inside the directory to a file outside it is outside too.
    let link = t.app.pbx_path("link.sqlite3");
    std::os::unix::fs::symlink(
        t.app.state.config.data_dir.join("switchboard.sqlite3"),
        &link,
    )
    .unwrap();
    let link_url = format!("sqlite://{}", link.display());
    refused(
        &save(
            &t.app,
            &t.admin_a,
            &with(&allowed, &[("realtime_db_url", &link_url)]),
        )
        .await,
        "realtime_db_url",
        "outside_realtime_dir",
    );
    assert_eq!(
        save(&t.app, &t.admin_a, &allowed).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_target_outside_the_policy_is_never_connected_to() {
    // A connection saved while its port was allowed; the operator then
    // narrows the ports. Test connection must not touch it.
    let (port, mut seen) = listener().await;
    let t =
        tenants(TestApp::with_config(|config| config.pbx_ports = vec![5038..=5038]).await).await;
    let (id, _) = t.app.add_pbx(1, "Saved earlier").await;
    sqlx::query("UPDATE pbx_connections SET ami_port = $1, ari_port = $2 WHERE id = $3")
        .bind(port as i64)
        .bind(port as i64)
        .bind(id)
        .execute(&t.app.state.db)
        .await
        .unwrap();
    let report = t
        .app
        .form("/api/pbx/test", &[("id", &id.to_string())], Some(&t.root))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let report: serde_json::Value = serde_json::from_str(&report.body).unwrap();
    for check in ["ami", "ari"] {
        assert_eq!(
            report[check]["problem"]["code"], "target_not_allowed",
            "{report}"
        );
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(seen.try_recv().is_err(), "the listener was connected to");
}

#[tokio::test]
async fn a_second_tenant_cannot_connect_to_the_same_pbx_however_it_is_spelled() {
    let t = tenants(TestApp::new().await).await;
    let url = t.app.realtime_db("acme").await;
    saved_id(
        &save(
            &t.app,
            &t.admin_a,
            &[("realtime_db_url", &url), ("ami_port", "5038")],
        )
        .await,
    );
    // The same file by a hard link, and the same AMI by another name.
    let path = url.trim_start_matches("sqlite://");
    let linked = t.app.pbx_path("globex-alias.sqlite3");
    std::fs::hard_link(path, &linked).unwrap();
    let linked = format!("sqlite://{}", linked.display());
    let own_file = t.app.realtime_db("globex").await;
    refused(
        &save(
            &t.app,
            &t.admin_b,
            &[("realtime_db_url", &linked), ("ami_port", "5039")],
        )
        .await,
        "realtime_db_url",
        "pbx_of_another_tenant",
    );
    refused(
        &save(
            &t.app,
            &t.admin_b,
            &[("realtime_db_url", &url), ("ami_port", "5039")],
        )
        .await,
        "realtime_db_url",
        "pbx_of_another_tenant",
    );
    for host in ["localhost", "127.0.0.2", "::ffff:127.0.0.1"] {
        refused(
            &save(
                &t.app,
                &t.admin_b,
                &[
                    ("realtime_db_url", &own_file),
                    ("host", host),
                    ("ami_port", "5038"),
                ],
            )
            .await,
            "host",
            "pbx_of_another_tenant",
        );
    }
    // Its own file and AMI: fine.
    saved_id(
        &save(
            &t.app,
            &t.admin_b,
            &[("realtime_db_url", &own_file), ("ami_port", "5039")],
        )
        .await,
    );
}

#[tokio::test]
async fn connections_saved_before_the_check_cannot_share_a_realtime_database() {
    // Two tenants' connections on one file, as an older version let them
    // be saved: the first to use it keeps it, the other is refused.
    let t = tenants(TestApp::new().await).await;
    let (a, url) = t.app.add_pbx(1, "Acme's").await;
    let (b, _) = t.app.add_pbx(2, "Globex's").await;
    sqlx::query("UPDATE pbx_connections SET realtime_db_url = $1, cdr_db_url = $1 WHERE id = $2")
        .bind(&url)
        .bind(b)
        .execute(&t.app.state.db)
        .await
        .unwrap();
    let list = |id: i64, cookie: String| {
        let app = &t.app;
        async move {
            app.form(
                "/api/extensions/list",
                &[("pbx_connection_id", &id.to_string())],
                Some(&cookie),
            )
            .await
        }
    };
    let first = list(a, t.admin_a.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second = list(b, t.admin_b.clone()).await;
    assert_eq!(second.status, StatusCode::BAD_GATEWAY, "{}", second.body);
    assert!(
        second.body.contains("pbx_of_another_tenant"),
        "{}",
        second.body
    );
    for path in ["/api/cdr/search", "/api/queues/list", "/api/trunks/list"] {
        let reply = t
            .app
            .form(
                path,
                &[("pbx_connection_id", &b.to_string())],
                Some(&t.admin_b),
            )
            .await;
        assert!(
            reply.body.contains("pbx_of_another_tenant"),
            "{path}: {} {}",
            reply.status,
            reply.body
        );
    }
}

#[tokio::test]
async fn asterisk_itself_is_recognised_whatever_address_reaches_it() {
    let crate::harness::Sandbox {
        ami_port,
        ami_user,
        ami_secret,
        ari_port,
        ari_user,
        ari_password,
        ..
    } = crate::harness::sandbox();
    let t = tenants(TestApp::new().await).await;
    let (ami_port, ari_port) = (ami_port.to_string(), ari_port.to_string());
    let sandbox_fields = |url: &'static str| -> Vec<(&'static str, String)> {
        vec![
            ("realtime_db_url", url.to_owned()),
            ("ami_port", ami_port.clone()),
            ("ami_username", ami_user.clone()),
            ("ami_secret", ami_secret.clone()),
            ("ari_port", ari_port.clone()),
            ("ari_username", ari_user.clone()),
            ("ari_password", ari_password.clone()),
        ]
    };
    let acme_url: &'static str = Box::leak(t.app.realtime_db("acme").await.into_boxed_str());
    let fields = sandbox_fields(acme_url);
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let a = saved_id(&save(&t.app, &t.admin_a, &refs).await);
    let report = t
        .app
        .form("/api/pbx/test", &[("id", &a)], Some(&t.admin_a))
        .await;
    assert!(
        report.body.matches("\"outcome\":\"ok\"").count() == 3,
        "{}",
        report.body
    );
    // Tenant B's connection to the same Asterisk, written as an older
    // version could have saved it (no claims): AMI and ARI both refuse it
    // once Asterisk has said who it is.
    let globex_url = t.app.realtime_db("globex").await;
    let form = switchboard::model::PbxConnectionForm {
        name: "Globex's view of Acme".into(),
        host: "localhost".into(),
        ami_port: ami_port.parse().unwrap(),
        ami_username: ami_user.clone(),
        ami_secret: switchboard::model::SecretInput::new(&ami_secret),
        ari_port: ari_port.parse().unwrap(),
        ari_username: ari_user.clone(),
        ari_password: switchboard::model::SecretInput::new(&ari_password),
        realtime_db_url: globex_url,
        ..Default::default()
    };
    let root = switchboard::server::scope::Scope {
        user_id: 1,
        role: Role::SuperAdmin,
        tenant: switchboard::server::scope::TenantScope::All,
    };
    let b = switchboard::server::db::pbx::save(
        &t.app.state.db,
        &root,
        &t.app.state.keyring,
        2,
        &form,
        &[],
        &[],
    )
    .await
    .unwrap();
    let report = t
        .app
        .form("/api/pbx/test", &[("id", &b.to_string())], Some(&t.admin_b))
        .await;
    let report: serde_json::Value = serde_json::from_str(&report.body).unwrap();
    for check in ["ami", "ari"] {
        assert_eq!(
            report[check]["problem"]["code"], "pbx_of_another_tenant",
            "{report}"
        );
    }
    assert_eq!(report["realtime"]["outcome"], "ok", "{report}");
    // The recording sync does not list the other tenant's recordings.
    let target = switchboard::server::services::connections::target(&t.app.state, &root, b)
        .await
        .unwrap();
    let progress =
        switchboard::server::services::recordings::sync::run(&t.app.state, &root, &target).await;
    assert_eq!(progress.found, 0);
    assert!(
        format!("{:?}", progress.error).contains("PbxOfAnotherTenant"),
        "{progress:?}"
    );
    // Acme's own connection still works.
    let report = t
        .app
        .form("/api/pbx/test", &[("id", &a)], Some(&t.admin_a))
        .await;
    assert_eq!(
        report.body.matches("\"outcome\":\"ok\"").count(),
        3,
        "{}",
        report.body
    );
}
