//! Queues on a Realtime database: the shared number plan, members from the
//! PBX's extensions, versions.

use axum::http::StatusCode;
use serde_json::Value;
use switchboard::model::Role;

use crate::harness::{PASSWORD, TestApp, json, realtime_text};

async fn setup() -> (TestApp, String, String, String) {
    let app = TestApp::new().await;
    let tenant = app.add_tenant("Acme").await;
    app.add_user(Some(tenant), "admin@acme.example", Role::TenantAdmin)
        .await;
    let (pbx, url) = app.add_pbx(tenant, "Acme PBX").await;
    let admin = app.sign_in("admin@acme.example", PASSWORD).await;
    for name in ["Alice", "Bob"] {
        json(
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
    (app, admin, pbx.to_string(), url)
}

#[tokio::test]
async fn a_queue_takes_the_next_free_number_and_members_must_be_extensions() {
    let (app, admin, pbx, url) = setup().await;
    let save = |pairs: Vec<(&'static str, String)>| {
        let mut all = vec![
            ("form[pbx_connection_id]", pbx.clone()),
            ("form[strategy]", "rrmemory".to_owned()),
            ("form[timeout]", "20".to_owned()),
            ("form[wrapup]", "5".to_owned()),
            ("form[music_on_hold]", "default".to_owned()),
        ];
        // Given pairs replace the defaults.
        all.retain(|(key, _)| !pairs.iter().any(|(k, _)| k == key));
        all.extend(pairs);
        let app = &app;
        let admin = admin.clone();
        async move {
            let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.form("/api/queues/save", &pairs, Some(&admin)).await
        }
    };
    let created = json(
        &save(vec![
            ("form[members][1000][selected]", "true".into()),
            ("form[members][1000][penalty]", "2".into()),
            ("form[members][1001][selected]", "true".into()),
            ("form[members][1001][paused]", "true".into()),
            // Offered but not ticked: not a member.
            ("form[members][1002][penalty]", "0".into()),
        ])
        .await,
    );
    // 1000 and 1001 are the extensions: the plan is shared.
    assert_eq!(created["number"], "1002");
    assert_eq!(created["strategy"], "rrmemory");
    let members = created["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[0]["penalty"], 2);
    assert_eq!(members[1]["paused"], true);
    // Dialling the queue's number enters the queue.
    assert_eq!(
        realtime_text(
            &url,
            "SELECT group_concat(app || '(' || appdata || ')', ' ') FROM (SELECT * FROM extensions \
             WHERE context = 'switchboard-t1' AND exten = '1002' ORDER BY priority)"
        )
        .await,
        "Answer() Queue(1002) Hangup()"
    );

    let stranger = save(vec![("form[members][4242][selected]", "true".into())]).await;
    assert_eq!(stranger.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stranger.body.contains("unknown_extension"));
    let bad = save(vec![("form[music_on_hold]", "x;y".into())]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // An extension cannot take the queue's number either.
    let clash = app
        .form(
            "/api/extensions/create",
            &[
                ("form[pbx_connection_id]", &pbx),
                ("form[display_name]", "Carol"),
                ("form[number]", "1002"),
            ],
            Some(&admin),
        )
        .await;
    assert!(clash.body.contains("number_in_use"), "{}", clash.body);

    // Edits name the version they started from.
    let version = created["version"].as_str().unwrap().to_owned();
    let edited = json(
        &save(vec![
            ("form[number]", "1002".into()),
            ("form[version]", version.clone()),
            ("form[members][1000][selected]", "true".into()),
        ])
        .await,
    );
    assert_eq!(edited["members"].as_array().unwrap().len(), 1);
    let stale = save(vec![
        ("form[number]", "1002".into()),
        ("form[version]", version),
    ])
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    let list: Value = json(
        &app.form(
            "/api/queues/list",
            &[("pbx_connection_id", &pbx)],
            Some(&admin),
        )
        .await,
    );
    assert_eq!(list["queues"].as_array().unwrap().len(), 1);
    assert_eq!(list["extensions"].as_array().unwrap().len(), 2);
}
