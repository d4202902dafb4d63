//! Every change is in the audit log, without secrets, visible only inside
//! the reader's scope.

use axum::http::StatusCode;
use switchboard::model::{AuditAction, AuditObject, AuditRecord, Page, Role};

use crate::harness::{PASSWORD, TestApp};

const SECRET: &str = "audit-must-not-see-this";

fn connection_form(name: &str, secret: &str, url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("form[name]", name.to_owned()),
        ("form[host]", "127.0.0.1".into()),
        ("form[ami_port]", "5038".into()),
        ("form[ami_username]", "switchboard".into()),
        ("form[ami_secret]", secret.to_owned()),
        ("form[ari_scheme]", "http".into()),
        ("form[ari_port]", "8088".into()),
        ("form[ari_username]", "switchboard".into()),
        ("form[ari_password]", secret.to_owned()),
        ("form[realtime_db_url]", url.to_owned()),
        ("form[sync_interval_minutes]", "10".into()),
    ]
}

async fn audit(app: &TestApp, cookie: &str, object: Option<&str>) -> Page<AuditRecord> {
    let mut pairs = vec![("filter[page]", "1")];
    if let Some(object) = object {
        pairs.push(("filter[object]", object));
    }
    let reply = app.form("/api/audit/list", &pairs, Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

#[tokio::test]
async fn changes_are_recorded_with_before_and_after_and_no_secret() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let root = app.sign_in("root@example.com", PASSWORD).await;
    let created = app
        .form("/api/tenants/create", &[("name", "Acme")], Some(&root))
        .await;
    assert_eq!(created.status, StatusCode::OK);
    let tenant: serde_json::Value = serde_json::from_str(&created.body).unwrap();
    let tenant_id = tenant["id"].as_i64().unwrap().to_string();
    app.form(
        "/api/tenants/rename",
        &[("id", &tenant_id), ("name", "Acme Corp")],
        Some(&root),
    )
    .await;
    let acme = tenant["id"].as_i64();
    let b = app.add_tenant("Globex").await;
    app.add_user(acme, "admin@acme.test", Role::TenantAdmin)
        .await;
    app.add_user(Some(b), "admin@globex.test", Role::TenantAdmin)
        .await;

    let admin = app.sign_in("admin@acme.test", PASSWORD).await;
    let pairs = connection_form("Acme PBX", SECRET, &app.realtime_url("rt.sqlite3"));
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = app.form("/api/pbx/save", &refs, Some(&admin)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    let all = audit(&app, &root, None).await;
    let raw = serde_json::to_string(&all).unwrap();
    assert!(!raw.contains(SECRET), "a secret reached the audit log");
    let kinds: Vec<_> = all
        .items
        .iter()
        .map(|r| (r.object, r.action, r.object_label.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (AuditObject::PbxConnection, AuditAction::Create, "Acme PBX"),
            (AuditObject::Tenant, AuditAction::Update, "Acme Corp"),
            (AuditObject::Tenant, AuditAction::Create, "Acme"),
        ]
    );
    let rename = &all.items[1];
    assert!(
        rename
            .before
            .as_deref()
            .unwrap()
            .contains("\"name\":\"Acme\"")
    );
    assert!(
        rename
            .after
            .as_deref()
            .unwrap()
            .contains("\"name\":\"Acme Corp\"")
    );
    assert_eq!(all.items[0].user_email, "admin@acme.test");
    assert!(
        all.items[0]
            .after
            .as_deref()
            .unwrap()
            .contains("\"ami_secret_set\":true")
    );

    let only_tenants = audit(&app, &root, Some("tenant")).await;
    assert_eq!(only_tenants.total, 2);

    // Another tenant sees none of it.
    let globex = app.sign_in("admin@globex.test", PASSWORD).await;
    assert_eq!(audit(&app, &globex, None).await.total, 0);
    assert_eq!(audit(&app, &admin, None).await.total, 3);
}

#[tokio::test]
async fn configuration_changes_name_their_pbx_and_can_be_filtered_by_it() {
    use switchboard::model::Role;
    let app = crate::harness::TestApp::new().await;
    let tenant = app.add_tenant("Acme").await;
    app.add_user(Some(tenant), "admin@acme.example", Role::TenantAdmin)
        .await;
    let (first, _) = app.add_pbx(tenant, "First PBX").await;
    let (second, _) = app.add_pbx(tenant, "Second PBX").await;
    let admin = app
        .sign_in("admin@acme.example", crate::harness::PASSWORD)
        .await;
    for (pbx, name) in [(first, "On first"), (second, "On second")] {
        crate::harness::json(
            &app.form(
                "/api/extensions/create",
                &[
                    ("form[pbx_connection_id]", &pbx.to_string()),
                    ("form[display_name]", name),
                ],
                Some(&admin),
            )
            .await,
        );
    }
    let audit = crate::harness::json(
        &app.form(
            "/api/audit/list",
            &[("filter[pbx]", &second.to_string())],
            Some(&admin),
        )
        .await,
    );
    let items = audit["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["pbx_name"], "Second PBX");
    assert_eq!(items[0]["object"], "extension");
    assert!(items[0]["after"].as_str().unwrap().contains("On second"));
}
