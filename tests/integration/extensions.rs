//! Extensions on a Realtime database: allocation, atomic writes, versions,
//! emails, secret reveal, CSV import and export.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use switchboard::model::Role;

use crate::harness::{HOST, PASSWORD, TestApp, json, realtime_count, realtime_exec, realtime_text};

struct World {
    app: TestApp,
    admin: String,
    reader: String,
    pbx: i64,
    url: String,
}

async fn world() -> World {
    let app = TestApp::new().await;
    let tenant = app.add_tenant("Acme").await;
    app.add_user(Some(tenant), "admin@acme.example", Role::TenantAdmin)
        .await;
    app.add_user(Some(tenant), "reader@acme.example", Role::ReadOnly)
        .await;
    let (pbx, url) = app.add_pbx(tenant, "Acme PBX").await;
    let admin = app.sign_in("admin@acme.example", PASSWORD).await;
    let reader = app.sign_in("reader@acme.example", PASSWORD).await;
    World {
        app,
        admin,
        reader,
        pbx,
        url,
    }
}

impl World {
    async fn create(&self, pairs: &[(&str, &str)]) -> crate::harness::Reply {
        let pbx = self.pbx.to_string();
        let mut all = vec![("form[pbx_connection_id]", pbx.as_str())];
        all.extend_from_slice(pairs);
        self.app
            .form("/api/extensions/create", &all, Some(&self.admin))
            .await
    }

    async fn rows(&self, sql: &str) -> i64 {
        realtime_count(&self.url, sql).await
    }

    async fn text(&self, sql: &str) -> String {
        realtime_text(&self.url, sql).await
    }

    async fn exec(&self, sql: &str) {
        realtime_exec(&self.url, sql).await
    }

    async fn list(&self) -> Value {
        json(
            &self
                .app
                .form(
                    "/api/extensions/list",
                    &[("pbx_connection_id", &self.pbx.to_string())],
                    Some(&self.reader),
                )
                .await,
        )
    }
}

fn problem(reply: &crate::harness::Reply, field: &str) -> Value {
    let body: Value = serde_json::from_str(&reply.body).unwrap();
    body["detail"]
        .as_array()
        .and_then(|errors| errors.iter().find(|e| e["field"] == field))
        .map(|e| e["problem"].clone())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn create_allocates_the_lowest_free_number_and_writes_three_rows() {
    let w = world().await;
    // 1000 is taken by a queue: the plan spans every numbered object.
    w.exec("INSERT INTO queues (name) VALUES ('1000')").await;
    let created = json(&w.create(&[("form[display_name]", "Alice Martin")]).await);
    assert_eq!(created["extension"]["number"], "1001");
    let secret = created["secret"]["secret"].as_str().unwrap();
    assert!(secret.len() >= 16 && secret.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(
        w.rows("SELECT COUNT(*) FROM ps_endpoints WHERE id = '1001' AND auth = '1001' AND aors = '1001' AND callerid = '\"Alice Martin\" <1001>' AND allow = 'ulaw,alaw' AND context = 'switchboard-t1' AND direct_media = 'no'").await,
        1
    );
    assert_eq!(
        w.rows(&format!("SELECT COUNT(*) FROM ps_auths WHERE id = '1001' AND username = '1001' AND password = '{secret}'")).await,
        1
    );
    assert_eq!(
        w.rows("SELECT COUNT(*) FROM ps_aors WHERE id = '1001' AND max_contacts = 1")
            .await,
        1
    );
    // Dialling 1001 in the tenant's context rings the phone.
    assert_eq!(
        w.text("SELECT group_concat(priority || ':' || app || '(' || appdata || ')', ' ') FROM (SELECT * FROM extensions WHERE context = 'switchboard-t1' AND exten = '1001' ORDER BY priority)")
            .await,
        "1:Dial(PJSIP/1001,30) 2:Hangup()"
    );

    let second = json(
        &w.create(&[
            ("form[display_name]", "Bob"),
            ("form[number]", "1500"),
            ("form[codecs]", "g722,ulaw"),
        ])
        .await,
    );
    assert_eq!(second["extension"]["number"], "1500");
    assert_eq!(
        second["extension"]["codecs"],
        serde_json::json!(["g722", "ulaw"])
    );

    let list = w.list().await;
    assert_eq!(list["extensions"]["total"], 2);
    // AMI is refused on this connection: the list says so instead of lying.
    assert_eq!(list["live"]["state"], "unavailable");
    assert!(
        !list.to_string().contains(secret),
        "a list must never carry a secret"
    );
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_nothing_is_written() {
    let w = world().await;
    let reply = w
        .create(&[
            ("form[display_name]", "Eve \"<script>"),
            ("form[number]", "12a"),
            ("form[email]", "not-an-email"),
            ("form[codecs]", "ulaw,h264"),
            ("form[secret]", "short"),
        ])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem(&reply, "display_name")["code"],
        "forbidden_characters"
    );
    assert_eq!(problem(&reply, "number")["code"], "digits_only");
    assert_eq!(problem(&reply, "email")["code"], "invalid_email");
    assert_eq!(problem(&reply, "codecs")["code"], "unknown_codec");
    assert_eq!(problem(&reply, "secret")["code"], "weak_secret");
    let out_of_range = w
        .create(&[("form[display_name]", "Out"), ("form[number]", "2000")])
        .await;
    assert_eq!(problem(&out_of_range, "number")["code"], "out_of_range");
    assert_eq!(w.rows("SELECT COUNT(*) FROM ps_endpoints").await, 0);
}

#[tokio::test]
async fn emails_are_unique_in_the_tenant_and_a_taken_number_is_named() {
    let w = world().await;
    json(
        &w.create(&[
            ("form[display_name]", "Alice"),
            ("form[email]", "alice@acme.example"),
        ])
        .await,
    );
    let again = w
        .create(&[
            ("form[display_name]", "Alice 2"),
            ("form[email]", "ALICE@acme.example"),
        ])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&again, "email")["email"], "ALICE@acme.example");
    // The failed create left no rows behind, and did not use up a number.
    assert_eq!(w.rows("SELECT COUNT(*) FROM ps_endpoints").await, 1);
    let taken = w
        .create(&[("form[display_name]", "Bob"), ("form[number]", "1000")])
        .await;
    assert_eq!(problem(&taken, "number")["code"], "number_in_use");
    let next = json(&w.create(&[("form[display_name]", "Bob")]).await);
    assert_eq!(next["extension"]["number"], "1001");
}

#[tokio::test]
async fn a_failure_on_the_third_row_leaves_none_of_the_three() {
    let w = world().await;
    // The AOR and auth go in first; make the endpoint, the last of the
    // three, fail as a crash or a full disk would.
    w.exec("CREATE TRIGGER no_endpoints BEFORE INSERT ON ps_endpoints BEGIN SELECT RAISE(ABORT, 'refused'); END").await;
    let reply = w.create(&[("form[display_name]", "Alice")]).await;
    // The PBX's database said no: a PBX problem (502) with its own words.
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert!(reply.body.contains("database_refused"), "{}", reply.body);
    assert!(reply.body.contains("refused"), "{}", reply.body);
    assert_eq!(
        w.rows("SELECT COUNT(*) FROM ps_aors").await,
        0,
        "the AOR was rolled back"
    );
    assert_eq!(
        w.rows("SELECT COUNT(*) FROM ps_auths").await,
        0,
        "the auth was rolled back"
    );
}

#[tokio::test]
async fn concurrent_creates_never_share_a_number() {
    let w = world().await;
    let calls = (0..12).map(|i| {
        let name = format!("Caller {i}");
        let w = &w;
        async move { json(&w.create(&[("form[display_name]", name.as_str())]).await) }
    });
    let created = futures::future::join_all(calls).await;
    let mut numbers: Vec<String> = created
        .iter()
        .map(|c| c["extension"]["number"].as_str().unwrap().to_owned())
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 12);
    assert_eq!(numbers.first().map(String::as_str), Some("1000"));
    assert_eq!(numbers.last().map(String::as_str), Some("1011"));
}

#[tokio::test]
async fn an_edit_based_on_an_old_version_is_refused() {
    let w = world().await;
    let created = json(&w.create(&[("form[display_name]", "Alice")]).await);
    let version = created["extension"]["version"].as_str().unwrap().to_owned();
    let pbx = w.pbx.to_string();
    let w = &w;
    let edit = |name: &'static str, version: String| {
        let pbx = pbx.clone();
        async move {
            w.app
                .form(
                    "/api/extensions/update",
                    &[
                        ("form[pbx_connection_id]", &pbx),
                        ("form[number]", "1000"),
                        ("form[display_name]", name),
                        ("form[version]", &version),
                    ],
                    Some(&w.admin),
                )
                .await
        }
    };
    let first = edit("Alice Martin", version.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second = edit("Alice Dupont", version.clone()).await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    // A change made behind our back (Asterisk CLI, SQL) counts too.
    let fresh = json(&first)["version"].as_str().unwrap().to_owned();
    w.exec("UPDATE ps_aors SET max_contacts = 3 WHERE id = '1000'")
        .await;
    assert_eq!(edit("Alice D", fresh).await.status, StatusCode::CONFLICT);
    assert_eq!(
        w.rows("SELECT COUNT(*) FROM ps_endpoints WHERE callerid = '\"Alice Martin\" <1000>'")
            .await,
        1
    );
}

#[tokio::test]
async fn delete_frees_the_number_and_reveal_is_audited_and_admin_only() {
    let w = world().await;
    let created = json(&w.create(&[("form[display_name]", "Alice")]).await);
    let secret = created["secret"]["secret"].as_str().unwrap().to_owned();
    let pbx = w.pbx.to_string();
    let w = &w;
    let reveal = |cookie: &str| {
        let pbx = pbx.clone();
        let cookie = cookie.to_owned();
        async move {
            w.app
                .form(
                    "/api/extensions/reveal",
                    &[("pbx_connection_id", &pbx), ("number", "1000")],
                    Some(&cookie),
                )
                .await
        }
    };
    assert_eq!(reveal(&w.reader).await.status, StatusCode::FORBIDDEN);
    let revealed = json(&reveal(&w.admin).await);
    assert_eq!(revealed["secret"], secret.as_str());
    let audit = json(
        &w.app
            .form("/api/audit/list", &[("filter[page]", "1")], Some(&w.admin))
            .await,
    );
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["object"] == "extension")
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["reveal", "create"]);
    assert!(
        !audit.to_string().contains(&secret),
        "the audit log holds no secret"
    );

    let version = created["extension"]["version"].as_str().unwrap();
    let deleted = w
        .app
        .form(
            "/api/extensions/delete",
            &[
                ("pbx_connection_id", &pbx),
                ("number", "1000"),
                ("version", version),
            ],
            Some(&w.admin),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    assert_eq!(
        w.rows("SELECT COUNT(*) FROM ps_endpoints").await
            + w.rows("SELECT COUNT(*) FROM ps_auths").await
            + w.rows("SELECT COUNT(*) FROM ps_aors").await
            + w.rows("SELECT COUNT(*) FROM extensions").await,
        0,
        "the rows and the route go together"
    );
    let again = json(&w.create(&[("form[display_name]", "Bob")]).await);
    assert_eq!(
        again["extension"]["number"], "1000",
        "the number is free again"
    );
}

fn csv_of(lines: usize, bad: &[usize]) -> String {
    let mut csv = String::from("display_name,email,number\n");
    for i in 0..lines {
        if bad.contains(&i) {
            csv.push_str(&format!("Bad \"{i}\",user{i}@acme.example,\n"));
        } else {
            csv.push_str(&format!("User {i},user{i}@acme.example,\n"));
        }
    }
    csv
}

#[tokio::test]
async fn import_is_previewed_then_all_or_nothing() {
    let w = world().await;
    let pbx = w.pbx.to_string();
    let w = &w;
    let import = |csv: String, dry_run: &'static str| {
        let pbx = pbx.clone();
        async move {
            w.app
                .form(
                    "/api/extensions/import",
                    &[
                        ("pbx_connection_id", &pbx),
                        ("csv", &csv),
                        ("dry_run", dry_run),
                    ],
                    Some(&w.admin),
                )
                .await
        }
    };
    let bad = csv_of(200, &[4, 150]);
    let preview = json(&import(bad.clone(), "true").await);
    assert_eq!(preview["total"], 200);
    assert_eq!(preview["valid"], 198);
    let wrong: Vec<u64> = preview["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| !l["problems"].as_array().unwrap().is_empty())
        .map(|l| l["line"].as_u64().unwrap())
        .collect();
    assert_eq!(wrong, vec![6, 152], "lines counted from the header");
    assert_eq!(
        w.rows("SELECT COUNT(*) FROM ps_endpoints").await,
        0,
        "a dry run writes nothing"
    );

    let refused = json(&import(bad, "false").await);
    assert_eq!(refused["imported"], false);
    assert_eq!(
        w.rows("SELECT COUNT(*) FROM ps_endpoints").await,
        0,
        "all or nothing"
    );

    let done = json(&import(csv_of(200, &[]), "false").await);
    assert_eq!(done["imported"], true);
    assert_eq!(w.rows("SELECT COUNT(*) FROM ps_endpoints").await, 200);
    assert_eq!(w.rows("SELECT COUNT(*) FROM ps_auths").await, 200);
    assert_eq!(w.rows("SELECT COUNT(*) FROM ps_aors").await, 200);
    assert_eq!(
        w.rows("SELECT MAX(CAST(id AS INTEGER)) FROM ps_endpoints")
            .await,
        1199
    );

    // The same emails again: every line is now a duplicate.
    let twice = json(&import(csv_of(3, &[]), "true").await);
    assert_eq!(twice["valid"], 0);

    let export = w
        .app
        .request(
            Request::get(format!("/pbx/{}/extensions.csv", w.pbx))
                .header(header::HOST, HOST)
                .header(header::COOKIE, &w.reader)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(
        export
            .body
            .starts_with("number,display_name,email,codecs\n")
    );
    assert!(
        export
            .body
            .contains("1000,User 0,user0@acme.example,\"ulaw,alaw\"")
    );
    assert_eq!(export.body.lines().count(), 201);
}

#[tokio::test]
async fn other_tenants_see_no_extension_and_no_export() {
    let w = world().await;
    json(&w.create(&[("form[display_name]", "Alice")]).await);
    let other = w.app.add_tenant("Other").await;
    w.app
        .add_user(Some(other), "admin@other.example", Role::TenantAdmin)
        .await;
    let outsider = w.app.sign_in("admin@other.example", PASSWORD).await;
    let list = w
        .app
        .form(
            "/api/extensions/list",
            &[("pbx_connection_id", &w.pbx.to_string())],
            Some(&outsider),
        )
        .await;
    assert_eq!(list.status, StatusCode::NOT_FOUND);
    let export = w
        .app
        .request(
            Request::get(format!("/pbx/{}/extensions.csv", w.pbx))
                .header(header::HOST, HOST)
                .header(header::COOKIE, &outsider)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(export.status, StatusCode::NOT_FOUND);
    assert!(!export.body.contains("Alice"));
}

#[tokio::test]
async fn the_list_is_searched_by_number_prefix_or_name() {
    let w = world().await;
    for name in ["Alice Martin", "Bob Stone", "Carol 100%"] {
        json(&w.create(&[("form[display_name]", name)]).await);
    }
    let search = |text: &'static str| {
        let w = &w;
        async move {
            let list = json(
                &w.app
                    .form(
                        "/api/extensions/list",
                        &[("pbx_connection_id", &w.pbx.to_string()), ("search", text)],
                        Some(&w.reader),
                    )
                    .await,
            );
            list["extensions"]["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["display_name"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(search("mart").await, vec!["Alice Martin"]);
    assert_eq!(search("1001").await, vec!["Bob Stone"]);
    assert_eq!(search("100").await.len(), 3, "a number prefix");
    // Wildcards are taken literally.
    assert_eq!(search("%").await, vec!["Carol 100%"]);
    assert_eq!(search("").await.len(), 3);
}

/// Child half of the crash tests (here and in `backends`): writes an
/// extension's three rows inside a write transaction of the PBX database at
/// `SWITCHBOARD_CRASH_URL` and dies before committing, as a killed process
/// would.
#[tokio::test]
async fn crash_child_writes_three_rows_and_dies() {
    let Ok(url) = std::env::var("SWITCHBOARD_CRASH_URL") else {
        return; // Only meaningful when started by a crash test.
    };
    let pool = switchboard::server::realtime::backend::Pool::connect_lazy(&url).unwrap();
    let mut tx = pool.write().await.unwrap();
    switchboard::server::realtime::extensions::insert(
        &mut tx,
        "switchboard-t1",
        &switchboard::server::realtime::extensions::NewExtension {
            number: "1000",
            display_name: "Doomed",
            codecs: &switchboard::model::Codec::DEFAULT,
            secret: "Aaaaaaaaaaaaaaaaaaaa",
        },
    )
    .await
    .unwrap();
    std::process::abort();
}

/// Runs the crash child against `url`; it must have died.
pub fn crash_a_writer(url: &str) {
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "extensions::crash_child_writes_three_rows_and_dies",
            "--nocapture",
        ])
        .env("SWITCHBOARD_CRASH_URL", url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the child must have died");
}

#[tokio::test]
async fn a_process_dying_mid_write_leaves_none_of_the_three_rows() {
    let w = world().await;
    w.exec("PRAGMA journal_mode = WAL").await;
    crash_a_writer(&w.url);
    for table in ["ps_endpoints", "ps_auths", "ps_aors"] {
        assert_eq!(
            w.rows(&format!("SELECT COUNT(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
    // And the database is fine: the next create takes 1000.
    let created = json(&w.create(&[("form[display_name]", "Survivor")]).await);
    assert_eq!(created["extension"]["number"], "1000");
}
