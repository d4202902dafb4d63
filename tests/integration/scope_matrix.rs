//! Every server function, for every kind of caller: allowed or refused as it
//! should be. A server function missing from `TABLE` fails the test.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use switchboard::model::{PbxConnectionForm, Role, SecretInput};
use switchboard::server::db;
use switchboard::server::scope::{Scope, TenantScope};

use crate::harness::{PASSWORD, Payload, TestApp, encode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    Anonymous,
    /// READ_ONLY of tenant A.
    ReadOnlyA,
    /// TENANT_ADMIN of tenant B, looking at tenant A's objects.
    AdminB,
    /// TENANT_ADMIN of tenant A.
    AdminA,
    SuperAdmin,
}

const ACTORS: [Actor; 5] = [
    Actor::Anonymous,
    Actor::ReadOnlyA,
    Actor::AdminB,
    Actor::AdminA,
    Actor::SuperAdmin,
];

/// Objects the calls aim at; each destructive call gets its own per actor.
struct Fixture {
    tenant_a: i64,
    read_only_a_user: i64,
    /// Tenant A connections: one to edit and one to delete, per actor.
    edit_conn: [(i64, i64); 5],
    delete_conn: [i64; 5],
    test_conn: i64,
    /// Where the connections above point their Realtime database.
    realtime_url: String,
    /// Tenant A connection on a Realtime database, and its extensions: one
    /// to read, and per actor one to edit and one to delete (number, version).
    rt_conn: i64,
    shown_ext: String,
    edit_ext: Vec<(String, String)>,
    delete_ext: Vec<(String, String)>,
}

fn ext_body(f: &Fixture, number: &str, version: &str, name: &str) -> Payload {
    form(&[
        ("form[pbx_connection_id]", &f.rt_conn.to_string()),
        ("form[number]", number),
        ("form[display_name]", name),
        ("form[version]", version),
    ])
}

const OK: u16 = 200;
const UNAUTH: u16 = 401;
const FORBID: u16 = 403;
const NOTFOUND: u16 = 404;
/// Refused next to a field (here: a wrong or missing two-factor code).
const INVALID: u16 = 422;
/// The PBX could not do it (here: no live link to the test connection).
const PBX_DOWN: u16 = 502;

struct Row {
    path: &'static str,
    body: fn(&Fixture, Actor) -> Payload,
    /// Expected status for Anonymous, ReadOnlyA, AdminB, AdminA, SuperAdmin.
    expect: [u16; 5],
}

fn form(pairs: &[(&str, &str)]) -> Payload {
    Payload::Form(encode(pairs))
}

fn index(actor: Actor) -> usize {
    ACTORS.iter().position(|a| *a == actor).unwrap()
}

fn connection_form(id: Option<(i64, i64)>, name: &str, url: &str) -> PbxConnectionForm {
    PbxConnectionForm {
        id: id.map(|(id, _)| id),
        version: id.map(|(_, version)| version),
        name: name.to_owned(),
        host: "127.0.0.1".into(),
        // Port 1 on loopback: refused at once, so "test" is fast.
        ami_port: 1,
        ami_username: "switchboard".into(),
        ami_secret: SecretInput::new("ami-secret-value"),
        ari_port: 1,
        ari_username: "switchboard".into(),
        ari_password: SecretInput::new("ari-password-value"),
        realtime_db_url: url.to_owned(),
        ..PbxConnectionForm::default()
    }
}

/// Urlencoded nested struct, as an HTML form with `form[...]` names sends it.
fn save_body(fixture: &Fixture, actor: Actor) -> Payload {
    let (id, version) = fixture.edit_conn[index(actor)];
    form(&[
        ("form[id]", &id.to_string()),
        ("form[version]", &version.to_string()),
        ("form[name]", &format!("edited by {actor:?}")),
        ("form[host]", "127.0.0.1"),
        // Where it points stays the same: the saved secrets may stay.
        ("form[ami_port]", "1"),
        ("form[ami_username]", "switchboard"),
        ("form[ami_secret]", ""),
        ("form[ari_scheme]", "http"),
        ("form[ari_port]", "1"),
        ("form[ari_username]", "switchboard"),
        ("form[ari_password]", ""),
        ("form[realtime_db_url]", &fixture.realtime_url),
        ("form[sync_interval_minutes]", "10"),
    ])
}

const TABLE: &[Row] = &[
    Row {
        path: "/api/auth/setup_state",
        body: |_, _| form(&[]),
        expect: [OK, OK, OK, OK, OK],
    },
    Row {
        path: "/api/auth/complete_setup",
        body: |_, _| {
            form(&[
                ("token", "whatever"),
                ("email", "x@example.com"),
                ("display_name", "X"),
                ("password", "long enough password"),
            ])
        },
        // Gone once a user exists, for everyone.
        expect: [NOTFOUND; 5],
    },
    Row {
        path: "/api/auth/sign_in",
        body: |_, _| {
            form(&[
                ("email", "nobody@example.com"),
                ("password", "wrong password"),
            ])
        },
        expect: [UNAUTH; 5],
    },
    Row {
        path: "/api/auth/me",
        body: |_, _| form(&[]),
        expect: [OK; 5],
    },
    Row {
        path: "/api/auth/change_password",
        body: |_, _| {
            form(&[
                ("current", PASSWORD),
                ("new_password", PASSWORD),
                ("confirm", PASSWORD),
            ])
        },
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/tenants/list",
        body: |_, _| form(&[]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/tenants/page",
        body: |_, _| form(&[("page", "1")]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/tenants/create",
        body: |_, actor| form(&[("name", &format!("Tenant by {actor:?}"))]),
        expect: [UNAUTH, FORBID, FORBID, FORBID, OK],
    },
    Row {
        path: "/api/tenants/rename",
        body: |f, _| form(&[("id", &f.tenant_a.to_string()), ("name", "Tenant A")]),
        expect: [UNAUTH, FORBID, NOTFOUND, FORBID, OK],
    },
    Row {
        path: "/api/tenants/set_time_zone",
        body: |f, _| {
            form(&[
                ("id", &f.tenant_a.to_string()),
                ("time_zone", "Europe/Paris"),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/tenants/time_zones",
        body: |_, _| form(&[]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/tenants/set_enabled",
        body: |f, _| form(&[("id", &f.tenant_a.to_string()), ("enabled", "true")]),
        expect: [UNAUTH, FORBID, NOTFOUND, FORBID, OK],
    },
    Row {
        path: "/api/users/list",
        body: |_, _| form(&[]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/users/create",
        body: |f, actor| {
            form(&[
                ("tenant_id", &f.tenant_a.to_string()),
                (
                    "email",
                    &format!("new-{actor:?}@example.com").to_lowercase(),
                ),
                ("display_name", "New User"),
                ("role", "READ_ONLY"),
                ("password", "long enough password"),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/users/update",
        body: |f, _| {
            form(&[
                ("id", &f.read_only_a_user.to_string()),
                ("display_name", "Reader A"),
                ("role", "READ_ONLY"),
                ("enabled", "true"),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/audit/list",
        body: |_, _| form(&[("filter[page]", "1")]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/pbx/list",
        body: |_, _| form(&[]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/pbx/may_set_targets",
        body: |_, _| form(&[]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/pbx/save",
        body: save_body,
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/pbx/delete",
        body: |f, actor| form(&[("id", &f.delete_conn[index(actor)].to_string())]),
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/pbx/test",
        body: |f, _| form(&[("id", &f.test_conn.to_string())]),
        expect: [UNAUTH, OK, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/extensions/list",
        body: |f, _| form(&[("pbx_connection_id", &f.rt_conn.to_string())]),
        expect: [UNAUTH, OK, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/extensions/get",
        body: |f, _| {
            form(&[
                ("pbx_connection_id", &f.rt_conn.to_string()),
                ("number", &f.shown_ext),
            ])
        },
        expect: [UNAUTH, OK, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/extensions/create",
        body: |f, actor| ext_body(f, "", "", &format!("New by {actor:?}")),
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/extensions/update",
        body: |f, actor| {
            let (number, version) = &f.edit_ext[index(actor)];
            ext_body(f, number, version, &format!("Edited by {actor:?}"))
        },
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/extensions/delete",
        body: |f, actor| {
            let (number, version) = &f.delete_ext[index(actor)];
            form(&[
                ("pbx_connection_id", &f.rt_conn.to_string()),
                ("number", number),
                ("version", version),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/extensions/reveal",
        body: |f, _| {
            form(&[
                ("pbx_connection_id", &f.rt_conn.to_string()),
                ("number", &f.shown_ext),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/extensions/import",
        body: |f, _| {
            form(&[
                ("pbx_connection_id", &f.rt_conn.to_string()),
                ("csv", "display_name\nImported\n"),
                ("dry_run", "true"),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/cdr/statistics",
        body: |f, _| form(&[("pbx_connection_id", &f.rt_conn.to_string())]),
        expect: [UNAUTH, OK, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/recordings/list",
        body: |f, _| form(&[("pbx_connection_id", &f.rt_conn.to_string())]),
        expect: [UNAUTH, OK, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/recordings/sync",
        body: |f, _| form(&[("pbx_connection_id", &f.rt_conn.to_string())]),
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/recordings/sync_status",
        body: |f, _| form(&[("pbx_connection_id", &f.rt_conn.to_string())]),
        expect: [UNAUTH, OK, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/recordings/sync_states",
        body: |_, _| form(&[]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/recordings/set_retention",
        body: |f, _| form(&[("tenant_id", &f.tenant_a.to_string()), ("days", "30")]),
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/recordings/preview_retention",
        body: |f, _| form(&[("tenant_id", &f.tenant_a.to_string())]),
        expect: [UNAUTH, OK, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/recordings/apply_retention",
        body: |f, _| form(&[("tenant_id", &f.tenant_a.to_string())]),
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/cdr/count",
        body: |f, _| form(&[("pbx_connection_id", &f.rt_conn.to_string())]),
        expect: [UNAUTH, OK, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/cdr/search",
        body: |f, _| form(&[("pbx_connection_id", &f.rt_conn.to_string())]),
        expect: [UNAUTH, OK, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/queues/list",
        body: |f, _| form(&[("pbx_connection_id", &f.rt_conn.to_string())]),
        expect: [UNAUTH, OK, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/queues/save",
        body: |f, _| {
            form(&[
                ("form[pbx_connection_id]", &f.rt_conn.to_string()),
                ("form[strategy]", "ringall"),
                ("form[timeout]", "15"),
                ("form[wrapup]", "0"),
                ("form[music_on_hold]", "default"),
                ("form[members][1000][selected]", "true"),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/queues/delete",
        body: |f, _| {
            form(&[
                ("pbx_connection_id", &f.rt_conn.to_string()),
                ("number", "1999"),
                ("version", "none"),
            ])
        },
        // Allowed callers reach the queue lookup: there is no queue 1999.
        expect: [UNAUTH, FORBID, NOTFOUND, NOTFOUND, NOTFOUND],
    },
    Row {
        path: "/api/trunks/list",
        body: |f, _| form(&[("pbx_connection_id", &f.rt_conn.to_string())]),
        expect: [UNAUTH, OK, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/trunks/save",
        body: |f, actor| {
            form(&[
                ("form[pbx_connection_id]", &f.rt_conn.to_string()),
                ("form[name]", &format!("trunk-{actor:?}").to_lowercase()),
                ("form[host]", "127.0.0.1"),
                ("form[port]", "5060"),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, OK, OK],
    },
    Row {
        path: "/api/trunks/delete",
        body: |f, _| {
            form(&[
                ("pbx_connection_id", &f.rt_conn.to_string()),
                ("name", "no-such-trunk"),
                ("version", "none"),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, NOTFOUND, NOTFOUND],
    },
    Row {
        path: "/api/live/hangup",
        body: |f, _| {
            form(&[
                ("pbx_connection_id", &f.rt_conn.to_string()),
                ("call_id", "1795000000.1"),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, PBX_DOWN, PBX_DOWN],
    },
    Row {
        path: "/api/live/transfer",
        body: |f, _| {
            form(&[
                ("pbx_connection_id", &f.rt_conn.to_string()),
                ("call_id", "1795000000.1"),
                ("number", "1001"),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, PBX_DOWN, PBX_DOWN],
    },
    Row {
        path: "/api/live/originate",
        body: |f, _| {
            form(&[
                ("pbx_connection_id", &f.rt_conn.to_string()),
                ("extension", "1000"),
                ("number", "1001"),
            ])
        },
        expect: [UNAUTH, FORBID, NOTFOUND, PBX_DOWN, PBX_DOWN],
    },
    // Two-factor: one's own (the code "000000" is wrong for everyone, and
    // nobody here has an enrolment under way), the pending sign-in (there
    // is none in these sessions), and the SUPER_ADMIN's policy and reset.
    Row {
        path: "/api/two_factor/second_step",
        body: |_, _| form(&[]),
        expect: [UNAUTH; 5],
    },
    Row {
        path: "/api/two_factor/verify",
        body: |_, _| form(&[("code", "000000")]),
        expect: [UNAUTH; 5],
    },
    Row {
        path: "/api/two_factor/status",
        body: |_, _| form(&[]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/two_factor/enrolment",
        body: |_, _| form(&[]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/two_factor/confirm",
        body: |_, _| form(&[("code", "000000")]),
        expect: [UNAUTH, INVALID, INVALID, INVALID, INVALID],
    },
    Row {
        path: "/api/two_factor/begin",
        body: |_, _| form(&[]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/two_factor/recovery_codes",
        body: |_, _| form(&[]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/two_factor/disable",
        body: |_, _| form(&[("code", "000000")]),
        expect: [UNAUTH, INVALID, INVALID, INVALID, INVALID],
    },
    Row {
        path: "/api/two_factor/reset",
        body: |f, _| form(&[("user_id", &f.read_only_a_user.to_string())]),
        expect: [UNAUTH, FORBID, NOTFOUND, FORBID, OK],
    },
    Row {
        path: "/api/two_factor/policy",
        body: |_, _| form(&[]),
        expect: [UNAUTH, OK, OK, OK, OK],
    },
    Row {
        path: "/api/two_factor/set_policy",
        body: |_, _| form(&[("required_for_everyone", "false")]),
        expect: [UNAUTH, FORBID, FORBID, FORBID, OK],
    },
    Row {
        path: "/api/two_factor/require_for_tenant",
        body: |f, _| form(&[("id", &f.tenant_a.to_string()), ("required", "false")]),
        expect: [UNAUTH, FORBID, NOTFOUND, FORBID, OK],
    },
    // Last: it ends the sessions used above.
    Row {
        path: "/api/auth/sign_out",
        body: |_, _| form(&[]),
        expect: [OK; 5],
    },
];

#[tokio::test]
async fn every_server_function_is_in_the_table() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    let listed: BTreeSet<String> = TABLE.iter().map(|row| row.path.to_owned()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "server functions missing from the scope matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "scope matrix lists unknown paths: {stale:?}"
    );
}

#[tokio::test]
async fn each_caller_is_allowed_or_refused_as_it_should_be() {
    let app = TestApp::new().await;
    let super_id = app
        .add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let tenant_a = app.add_tenant("Tenant A").await;
    let tenant_b = app.add_tenant("Tenant B").await;
    let read_only_a_user = app
        .add_user(Some(tenant_a), "reader@a.example.com", Role::ReadOnly)
        .await;
    app.add_user(Some(tenant_a), "admin@a.example.com", Role::TenantAdmin)
        .await;
    app.add_user(Some(tenant_b), "admin@b.example.com", Role::TenantAdmin)
        .await;

    let root = Scope {
        user_id: super_id,
        role: Role::SuperAdmin,
        tenant: TenantScope::All,
    };
    let mut next = 0;
    let mut new_connection = async |label: &str| {
        next += 1;
        let form = connection_form(
            None,
            &format!("{label} {next}"),
            &app.realtime_url("realtime.sqlite3"),
        );
        db::pbx::save(
            &app.state.db,
            &root,
            &app.state.keyring,
            tenant_a,
            &form,
            &[],
            &[],
        )
        .await
        .unwrap()
    };
    let mut edit_conn = [(0, 0); 5];
    let mut delete_conn = [0; 5];
    for i in 0..5 {
        edit_conn[i] = (new_connection("edit").await, 1);
        delete_conn[i] = new_connection("delete").await;
    }
    let test_conn = new_connection("test").await;
    let (rt_conn, _) = app.add_pbx(tenant_a, "Realtime A").await;

    let mut cookies = Vec::new();
    for actor in ACTORS {
        let email = match actor {
            Actor::Anonymous => None,
            Actor::ReadOnlyA => Some("reader@a.example.com"),
            Actor::AdminB => Some("admin@b.example.com"),
            Actor::AdminA => Some("admin@a.example.com"),
            Actor::SuperAdmin => Some("root@example.com"),
        };
        cookies.push(match email {
            Some(email) => Some(app.sign_in(email, PASSWORD).await),
            None => None,
        });
    }
    let root_cookie = cookies[index(Actor::SuperAdmin)].clone().unwrap();
    let new_extension = async |name: String| {
        let reply = app
            .form(
                "/api/extensions/create",
                &[
                    ("form[pbx_connection_id]", &rt_conn.to_string()),
                    ("form[display_name]", &name),
                ],
                Some(&root_cookie),
            )
            .await;
        let created = crate::harness::json(&reply);
        (
            created["extension"]["number"].as_str().unwrap().to_owned(),
            created["extension"]["version"].as_str().unwrap().to_owned(),
        )
    };
    let shown_ext = new_extension("Shown".into()).await.0;
    let mut edit_ext = Vec::new();
    let mut delete_ext = Vec::new();
    for actor in ACTORS {
        edit_ext.push(new_extension(format!("Edit {actor:?}")).await);
        delete_ext.push(new_extension(format!("Delete {actor:?}")).await);
    }
    let fixture = Fixture {
        tenant_a,
        read_only_a_user,
        edit_conn,
        delete_conn,
        test_conn,
        realtime_url: app.realtime_url("realtime.sqlite3"),
        rt_conn,
        shown_ext,
        edit_ext,
        delete_ext,
    };

    let mut failures = Vec::new();
    for row in TABLE {
        for (i, actor) in ACTORS.into_iter().enumerate() {
            let reply = app
                .call(row.path, (row.body)(&fixture, actor), cookies[i].as_deref())
                .await;
            // Changing a password rotates the session id: follow it.
            if let (Some(_), Some(rotated)) = (&cookies[i], reply.session_cookie()) {
                cookies[i] = Some(rotated);
            }
            if reply.status != StatusCode::from_u16(row.expect[i]).unwrap() {
                failures.push(format!(
                    "{} as {actor:?}: expected {}, got {} {}",
                    row.path, row.expect[i], reply.status, reply.body
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "scope matrix failures:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn lists_only_show_the_callers_tenant() {
    let app = TestApp::new().await;
    let super_id = app
        .add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let tenant_a = app.add_tenant("Tenant A").await;
    let tenant_b = app.add_tenant("Tenant B").await;
    app.add_user(Some(tenant_a), "admin@a.example.com", Role::TenantAdmin)
        .await;
    app.add_user(Some(tenant_b), "admin@b.example.com", Role::TenantAdmin)
        .await;
    let root = Scope {
        user_id: super_id,
        role: Role::SuperAdmin,
        tenant: TenantScope::All,
    };
    for (tenant, name) in [(tenant_a, "PBX of A"), (tenant_b, "PBX of B")] {
        db::pbx::save(
            &app.state.db,
            &root,
            &app.state.keyring,
            tenant,
            &connection_form(None, name, &app.realtime_url("realtime.sqlite3")),
            &[],
            &[],
        )
        .await
        .unwrap();
    }
    let admin_b = app.sign_in("admin@b.example.com", PASSWORD).await;
    for path in [
        "/api/pbx/list",
        "/api/users/list",
        "/api/tenants/list",
        "/api/tenants/page",
        "/api/audit/list",
    ] {
        let reply = app.call(path, form(&[]), Some(&admin_b)).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(
            !reply.body.contains("PBX of A"),
            "{path} leaked tenant A: {}",
            reply.body
        );
        assert!(
            !reply.body.contains("admin@a.example.com"),
            "{path} leaked tenant A: {}",
            reply.body
        );
        assert!(
            !reply.body.contains("Tenant A"),
            "{path} leaked tenant A: {}",
            reply.body
        );
        assert!(
            !reply.body.contains("root@example.com"),
            "{path} shows the super admin: {}",
            reply.body
        );
    }
    let reply = app.call("/api/pbx/list", form(&[]), Some(&admin_b)).await;
    assert!(reply.body.contains("PBX of B"));
    // The sync states of the Settings page: B's connection only (by id).
    let ids = |body: &str| -> Vec<i64> {
        let value: serde_json::Value = serde_json::from_str(body).expect(body);
        value
            .as_array()
            .expect(body)
            .iter()
            .map(|item| item[0].as_i64().expect(body))
            .collect()
    };
    let of_b: Vec<i64> = serde_json::from_str::<serde_json::Value>(&reply.body)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let reply = app
        .call("/api/recordings/sync_states", form(&[]), Some(&admin_b))
        .await;
    assert_eq!(ids(&reply.body), of_b, "{}", reply.body);
    let root_cookie = app.sign_in("root@example.com", PASSWORD).await;
    let reply = app
        .call("/api/pbx/list", form(&[]), Some(&root_cookie))
        .await;
    assert!(reply.body.contains("PBX of A") && reply.body.contains("PBX of B"));
}

#[tokio::test]
async fn a_tenant_admin_cannot_create_a_super_admin() {
    let app = TestApp::new().await;
    let tenant_a = app.add_tenant("Tenant A").await;
    app.add_user(Some(tenant_a), "admin@a.example.com", Role::TenantAdmin)
        .await;
    let cookie = app.sign_in("admin@a.example.com", PASSWORD).await;
    let reply = app
        .form(
            "/api/users/create",
            &[
                ("email", "sneaky@example.com"),
                ("display_name", "Sneaky"),
                ("role", "SUPER_ADMIN"),
                ("password", "long enough password"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("role_not_allowed"), "{}", reply.body);
}

#[tokio::test]
async fn disabling_a_tenant_ends_its_users_access() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let tenant_a = app.add_tenant("Tenant A").await;
    app.add_user(Some(tenant_a), "admin@a.example.com", Role::TenantAdmin)
        .await;
    let admin = app.sign_in("admin@a.example.com", PASSWORD).await;
    let root = app.sign_in("root@example.com", PASSWORD).await;
    let reply = app
        .form(
            "/api/tenants/set_enabled",
            &[("id", &tenant_a.to_string()), ("enabled", "false")],
            Some(&root),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = app.call("/api/pbx/list", form(&[]), Some(&admin)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = app
        .form(
            "/api/auth/sign_in",
            &[("email", "admin@a.example.com"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn user_and_tenant_lists_are_paginated() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let tenant = app.add_tenant("Tenant A").await;
    for i in 0..30 {
        app.add_user(
            Some(tenant),
            &format!("user{i:02}@a.example.com"),
            Role::ReadOnly,
        )
        .await;
    }
    for i in 0..26 {
        app.add_tenant(&format!("Extra {i:02}")).await;
    }
    let root = app.sign_in("root@example.com", PASSWORD).await;
    let page = |body: &str| {
        serde_json::from_str::<switchboard::model::Page<serde_json::Value>>(body).unwrap()
    };

    let first = page(
        &app.call("/api/users/list", form(&[]), Some(&root))
            .await
            .body,
    );
    assert_eq!((first.total, first.page, first.items.len()), (31, 1, 25));
    let second = page(
        &app.call("/api/users/list", form(&[("page", "2")]), Some(&root))
            .await
            .body,
    );
    assert_eq!((second.page, second.items.len()), (2, 6));
    assert!(!second.has_next());
    let emails = |p: &switchboard::model::Page<serde_json::Value>| {
        p.items
            .iter()
            .map(|u| u["email"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let (a, b) = (emails(&first), emails(&second));
    assert!(a.iter().all(|e| !b.contains(e)), "pages overlap");

    let tenants = page(
        &app.call("/api/tenants/page", form(&[("page", "2")]), Some(&root))
            .await
            .body,
    );
    assert_eq!((tenants.total, tenants.items.len()), (27, 2));
}

/// The shared-PBX and target-change cases, for every kind of caller, under
/// the operator's default (only a SUPER_ADMIN changes where a connection
/// points): a move of AMI with its secret typed again, a move without it,
/// and a connection of tenant B on tenant A's Realtime file (saved before
/// the claim check existed).
#[tokio::test]
async fn shared_pbx_and_target_changes_per_caller() {
    let app = TestApp::with_config(|config| config.tenant_admins_set_targets = false).await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let tenant_a = app.add_tenant("Tenant A").await;
    let tenant_b = app.add_tenant("Tenant B").await;
    app.add_user(Some(tenant_a), "reader@a.example.com", Role::ReadOnly)
        .await;
    app.add_user(Some(tenant_a), "admin@a.example.com", Role::TenantAdmin)
        .await;
    app.add_user(Some(tenant_b), "admin@b.example.com", Role::TenantAdmin)
        .await;
    let mut cookies = Vec::new();
    for actor in ACTORS {
        cookies.push(match actor {
            Actor::Anonymous => None,
            Actor::ReadOnlyA => Some(app.sign_in("reader@a.example.com", PASSWORD).await),
            Actor::AdminB => Some(app.sign_in("admin@b.example.com", PASSWORD).await),
            Actor::AdminA => Some(app.sign_in("admin@a.example.com", PASSWORD).await),
            Actor::SuperAdmin => Some(app.sign_in("root@example.com", PASSWORD).await),
        });
    }
    // A's connection and its file; B's connection pointed at the same file.
    let (a_conn, a_url) = app.add_pbx(tenant_a, "PBX of A").await;
    let (b_conn, _) = app.add_pbx(tenant_b, "PBX of B").await;
    sqlx::query("UPDATE pbx_connections SET realtime_db_url = $1, cdr_db_url = $1 WHERE id = $2")
        .bind(&a_url)
        .bind(b_conn)
        .execute(&app.state.db)
        .await
        .unwrap();
    let first = app
        .form(
            "/api/extensions/list",
            &[("pbx_connection_id", &a_conn.to_string())],
            cookies[index(Actor::AdminA)].as_deref(),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "A uses its file first");

    let field_of = |body: &str| -> String {
        serde_json::from_str::<serde_json::Value>(body).unwrap_or_default()["detail"][0]["problem"]
            ["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    for (case, secret, expect, problems) in [
        (
            "AMI moved, secret typed again",
            "ami-secret-value",
            [UNAUTH, FORBID, NOTFOUND, INVALID, OK],
            ["", "", "", "targets_locked", ""],
        ),
        (
            "AMI moved, secret left empty",
            "",
            [UNAUTH, FORBID, NOTFOUND, INVALID, INVALID],
            ["", "", "", "targets_locked", "secret_for_new_target"],
        ),
    ] {
        for actor in ACTORS {
            // Each caller edits a connection of its own in A.
            let (id, url) = app.add_pbx(tenant_a, &format!("{case} {actor:?}")).await;
            let reply = app
                .form(
                    "/api/pbx/save",
                    &[
                        ("form[id]", &id.to_string()),
                        ("form[version]", "1"),
                        ("form[name]", "moved"),
                        ("form[host]", "127.0.0.1"),
                        ("form[ami_port]", "5038"),
                        ("form[ami_username]", "switchboard"),
                        ("form[ami_secret]", secret),
                        ("form[ari_scheme]", "http"),
                        ("form[ari_port]", "1"),
                        ("form[ari_username]", "switchboard"),
                        ("form[ari_password]", ""),
                        ("form[realtime_db_url]", &url),
                        ("form[sync_interval_minutes]", "10"),
                    ],
                    cookies[index(actor)].as_deref(),
                )
                .await;
            assert_eq!(
                reply.status.as_u16(),
                expect[index(actor)],
                "{case}, {actor:?}: {}",
                reply.body
            );
            if expect[index(actor)] == INVALID {
                assert_eq!(
                    field_of(&reply.body),
                    problems[index(actor)],
                    "{case}, {actor:?}"
                );
            }
        }
    }
    // B's connection on A's file: refused to everyone who may see it.
    let shared = [UNAUTH, NOTFOUND, PBX_DOWN, NOTFOUND, PBX_DOWN];
    for path in [
        "/api/extensions/list",
        "/api/queues/list",
        "/api/trunks/list",
        "/api/cdr/search",
    ] {
        for actor in ACTORS {
            let reply = app
                .form(
                    path,
                    &[("pbx_connection_id", &b_conn.to_string())],
                    cookies[index(actor)].as_deref(),
                )
                .await;
            assert_eq!(
                reply.status.as_u16(),
                shared[index(actor)],
                "{path}, {actor:?}: {}",
                reply.body
            );
        }
    }
}
