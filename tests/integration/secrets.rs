//! Secrets at rest: sealed in the database, bound to their row, never sent
//! back.

use axum::http::StatusCode;
use switchboard::model::{PbxConnectionForm, Role, SecretInput};
use switchboard::server::db;
use switchboard::server::scope::{Scope, TenantScope};

use crate::harness::{PASSWORD, TestApp};

const AMI_SECRET: &str = "ami-very-secret-771";
const ARI_PASSWORD: &str = "ari-very-secret-553";

async fn app_with_connections() -> (TestApp, String, i64, i64) {
    let app = TestApp::new().await;
    let root_id = app
        .add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let tenant = app.add_tenant("Tenant A").await;
    let root = Scope {
        user_id: root_id,
        role: Role::SuperAdmin,
        tenant: TenantScope::All,
    };
    let mut ids = Vec::new();
    for name in ["One", "Two"] {
        let form = PbxConnectionForm {
            name: name.into(),
            ami_port: 1,
            ari_port: 1,
            ami_username: "u".into(),
            ari_username: "u".into(),
            ami_secret: SecretInput::new(AMI_SECRET),
            ari_password: SecretInput::new(ARI_PASSWORD),
            realtime_db_url: app.realtime_url("nonexistent.db"),
            ..PbxConnectionForm::default()
        };
        ids.push(
            db::pbx::save(
                &app.state.db,
                &root,
                &app.state.keyring,
                tenant,
                &form,
                &[],
                &[],
            )
            .await
            .unwrap(),
        );
    }
    let cookie = app.sign_in("root@example.com", PASSWORD).await;
    (app, cookie, ids[0], ids[1])
}

#[tokio::test]
async fn database_holds_no_plaintext_and_replies_hold_no_secret() {
    let (app, cookie, _, _) = app_with_connections().await;
    let rows: Vec<(Vec<u8>, Vec<u8>)> =
        sqlx::query_as("SELECT ami_secret_sealed, ari_password_sealed FROM pbx_connections")
            .fetch_all(&app.state.db)
            .await
            .unwrap();
    for (ami, ari) in rows {
        assert!(!String::from_utf8_lossy(&ami).contains(AMI_SECRET));
        assert!(!String::from_utf8_lossy(&ari).contains(ARI_PASSWORD));
    }
    let list = app.form("/api/pbx/list", &[], Some(&cookie)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("\"ami_secret_set\":true"),
        "{}",
        list.body
    );
    assert!(!list.body.contains(AMI_SECRET) && !list.body.contains(ARI_PASSWORD));
}

#[tokio::test]
async fn an_empty_secret_on_edit_keeps_the_saved_one() {
    let (app, cookie, one, _) = app_with_connections().await;
    let reply = app
        .form(
            "/api/pbx/save",
            &[
                ("form[id]", &one.to_string()),
                ("form[version]", "1"),
                ("form[name]", "One renamed"),
                ("form[host]", "127.0.0.1"),
                ("form[ami_port]", "1"),
                ("form[ami_username]", "u"),
                ("form[ami_secret]", ""),
                ("form[ari_scheme]", "http"),
                ("form[ari_port]", "1"),
                ("form[ari_username]", "u"),
                ("form[ari_password]", ""),
                ("form[realtime_db_url]", &app.realtime_url("nonexistent.db")),
                ("form[sync_interval_minutes]", "10"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let scope = Scope {
        user_id: 1,
        role: Role::SuperAdmin,
        tenant: TenantScope::All,
    };
    let target = switchboard::server::services::connections::target(&app.state, &scope, one)
        .await
        .unwrap();
    assert_eq!(target.ami_secret.unwrap().expose(), AMI_SECRET);
    assert_eq!(target.connection.name, "One renamed");
    assert_eq!(target.connection.version, 2);

    // Saving again with the old version is refused, not silently applied.
    let stale = app
        .form(
            "/api/pbx/save",
            &[
                ("form[id]", &one.to_string()),
                ("form[version]", "1"),
                ("form[name]", "Lost update"),
                ("form[host]", "127.0.0.1"),
                ("form[ami_port]", "1"),
                ("form[ami_username]", "u"),
                ("form[ari_scheme]", "http"),
                ("form[ari_port]", "1"),
                ("form[ari_username]", "u"),
                ("form[realtime_db_url]", &app.realtime_url("nonexistent.db")),
                ("form[sync_interval_minutes]", "10"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
}

#[tokio::test]
async fn a_ciphertext_copied_to_another_row_does_not_decrypt() {
    let (app, cookie, one, two) = app_with_connections().await;
    sqlx::query(
        "UPDATE pbx_connections SET ami_secret_sealed = \
         (SELECT ami_secret_sealed FROM pbx_connections WHERE id = $1) WHERE id = $2",
    )
    .bind(one)
    .bind(two)
    .execute(&app.state.db)
    .await
    .unwrap();
    let reply = app
        .form("/api/pbx/test", &[("id", &two.to_string())], Some(&cookie))
        .await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(reply.body.contains("reference"), "{}", reply.body);
    assert!(!reply.body.contains(AMI_SECRET));
    // The untouched row still opens.
    let reply = app
        .form("/api/pbx/test", &[("id", &one.to_string())], Some(&cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}
