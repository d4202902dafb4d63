//! Trunks on a Realtime database: rows as Asterisk reads them, write-only
//! secret, versions, and the registration reload reported (AMI refused here).

use axum::http::StatusCode;
use serde_json::Value;
use switchboard::model::Role;

use crate::harness::{PASSWORD, TestApp, json, realtime_count};

const SECRET: &str = "provider-secret-42";

struct World {
    app: TestApp,
    admin: String,
    pbx: String,
    url: String,
}

impl World {
    async fn save(&self, pairs: &[(&str, &str)]) -> crate::harness::Reply {
        let mut all: Vec<(&str, &str)> = vec![
            ("form[pbx_connection_id]", &self.pbx),
            ("form[name]", "provider-a"),
            ("form[host]", "127.0.0.1"),
            ("form[port]", "5060"),
        ];
        all.retain(|(key, _)| !pairs.iter().any(|(k, _)| k == key));
        all.extend_from_slice(pairs);
        self.app
            .form("/api/trunks/save", &all, Some(&self.admin))
            .await
    }

    async fn count(&self, sql: &str) -> i64 {
        realtime_count(&self.url, sql).await
    }
}

async fn world() -> World {
    let app = TestApp::new().await;
    let tenant = app.add_tenant("Acme").await;
    app.add_user(Some(tenant), "admin@acme.example", Role::TenantAdmin)
        .await;
    let (pbx, url) = app.add_pbx(tenant, "Acme PBX").await;
    let admin = app.sign_in("admin@acme.example", PASSWORD).await;
    World {
        app,
        admin,
        pbx: pbx.to_string(),
        url,
    }
}

#[tokio::test]
async fn a_registering_trunk_writes_its_rows_and_reports_the_reload() {
    let w = world().await;
    let saved = w
        .save(&[
            ("form[username]", "1000"),
            ("form[secret]", SECRET),
            ("form[register]", "true"),
            ("form[match_ips]", "192.0.2.0/24, 198.51.100.7"),
        ])
        .await;
    assert!(!saved.body.contains(SECRET), "a secret is never sent back");
    let saved = json(&saved);
    // AMI is refused on this test connection: the reply says so.
    assert_eq!(saved["reload"]["outcome"], "failed");
    assert_eq!(saved["reload"]["problem"]["code"], "connection_refused");
    assert_eq!(saved["trunk"]["secret_set"], true);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM ps_registrations WHERE id = 'provider-a' AND client_uri = 'sip:1000@127.0.0.1:5060' AND server_uri = 'sip:127.0.0.1:5060' AND outbound_auth = 'provider-a-auth' AND line = 'yes' AND endpoint = 'provider-a' AND max_retries IS NOT NULL")
            .await,
        1
    );
    assert_eq!(
        w.count(&format!("SELECT COUNT(*) FROM ps_auths WHERE id = 'provider-a-auth' AND username = '1000' AND password = '{SECRET}'")).await,
        1
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM ps_aors WHERE id = 'provider-a' AND contact = 'sip:127.0.0.1:5060'").await, 1);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM ps_endpoint_id_ips WHERE endpoint = 'provider-a'")
            .await,
        2
    );

    // Editing without a secret keeps it; an old version is refused.
    let version = saved["trunk"]["version"].as_str().unwrap().to_owned();
    let edited = json(
        &w.save(&[
            ("form[version]", &version),
            ("form[username]", "1000"),
            ("form[register]", "true"),
            ("form[port]", "5062"),
        ])
        .await,
    );
    assert_eq!(edited["trunk"]["port"], 5062);
    assert_eq!(
        w.count(&format!(
            "SELECT COUNT(*) FROM ps_auths WHERE password = '{SECRET}'"
        ))
        .await,
        1
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM ps_endpoint_id_ips").await,
        0,
        "addresses cleared"
    );
    let stale = w
        .save(&[("form[version]", &version), ("form[username]", "1000")])
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    let list: Value = json(
        &w.app
            .form(
                "/api/trunks/list",
                &[("pbx_connection_id", &w.pbx)],
                Some(&w.admin),
            )
            .await,
    );
    assert_eq!(list["trunks"][0]["name"], "provider-a");
    assert_eq!(list["live"]["state"], "unavailable");
    assert!(!list.to_string().contains(SECRET));

    let version = edited["trunk"]["version"].as_str().unwrap();
    let deleted = w
        .app
        .form(
            "/api/trunks/delete",
            &[
                ("pbx_connection_id", &w.pbx),
                ("name", "provider-a"),
                ("version", version),
            ],
            Some(&w.admin),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    for table in ["ps_endpoints", "ps_aors", "ps_auths", "ps_registrations"] {
        assert_eq!(
            w.count(&format!("SELECT COUNT(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
}

#[tokio::test]
async fn trunk_input_is_checked_field_by_field() {
    let w = world().await;
    let bad = w
        .save(&[
            ("form[name]", "1-trunk"),
            ("form[host]", "sip://provider"),
            ("form[match_ips]", "192.0.2.0/40"),
            ("form[register]", "true"),
            ("form[codecs]", "h264"),
        ])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for code in [
        "invalid_identifier",
        "invalid_host",
        "invalid_network",
        "required",
        "unknown_codec",
    ] {
        assert!(bad.body.contains(code), "{code} missing from {}", bad.body);
    }
    json(&w.save(&[]).await);
    let twice = w.save(&[]).await;
    assert!(twice.body.contains("name_in_use"), "{}", twice.body);
    assert_eq!(w.count("SELECT COUNT(*) FROM ps_endpoints").await, 1);
}
