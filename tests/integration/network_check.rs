//! Test connection for a PBX database on the network (issue 15): every way
//! a real PostgreSQL 15 or MariaDB can be wrong for Switchboard is named
//! precisely, logged in as Switchboard's own least-privilege user, never
//! with a password in the URL. Servers from `scripts/pbx-databases`; as in
//! `backends`, without their URLs in the environment these cases say so
//! and pass, unless `SWITCHBOARD_TEST_BACKENDS=required`.

use switchboard::model::CheckProblem;
use switchboard::server::realtime::check;
use switchboard::server::realtime::network::Purpose;
use switchboard::server::targets::TargetPolicy;

use switchboard::server::realtime::backend::{Pool, query};

use crate::backends::{Backend, admin_url, fresh};

const NETWORK: [Backend; 2] = [Backend::Postgres, Backend::MariaDb];

/// What an admin enters: the URL without its password, and the password.
struct Server {
    scheme: &'static str,
    port: u16,
    password: String,
    ca: String,
}

fn server(backend: Backend) -> Option<Server> {
    admin_url(backend)?;
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let (scheme, port) = match backend {
        Backend::Postgres => ("postgres", var("SANDBOX_PG_PORT")),
        Backend::MariaDb => ("mysql", var("SANDBOX_MARIADB_PORT")),
        Backend::Sqlite => unreachable!("SQLite is not on the network"),
    };
    Some(Server {
        scheme,
        port: port.parse().unwrap(),
        password: var("SANDBOX_DB_SWITCHBOARD_PASSWORD"),
        ca: std::fs::read_to_string(var("SANDBOX_DB_CA")).unwrap(),
    })
}

impl Server {
    fn url(&self, host: &str, database: &str, query: &str) -> String {
        format!(
            "{}://switchboard@{host}:{}/{database}{query}",
            self.scheme, self.port
        )
    }

    /// The sandbox's Realtime and CDR databases, as Asterisk uses them.
    fn realtime(&self) -> &'static str {
        "asterisk"
    }

    fn cdr(&self) -> &'static str {
        match self.scheme {
            "postgres" => "asterisk",
            _ => "asteriskcdrdb",
        }
    }

    async fn check(&self, url: &str, purpose: Purpose) -> Result<String, CheckProblem> {
        check(
            url,
            &TargetPolicy::loopback(),
            Some(&self.password),
            None,
            purpose,
        )
        .await
    }
}

fn ok(backend: Backend, outcome: Result<String, CheckProblem>) -> String {
    outcome.unwrap_or_else(|problem| panic!("{backend:?}: {problem:?}"))
}

fn failed(backend: Backend, outcome: Result<String, CheckProblem>) -> CheckProblem {
    match outcome {
        Ok(found) => panic!("{backend:?}: the check passed ({found}) where it must not"),
        Err(problem) => problem,
    }
}

#[tokio::test]
async fn the_databases_asterisk_writes_to_check_ok_for_what_switchboard_does_there() {
    for backend in NETWORK {
        let Some(s) = server(backend) else { continue };
        let realtime = ok(
            backend,
            s.check(&s.url("127.0.0.1", s.realtime(), ""), Purpose::Realtime)
                .await,
        );
        let name = if backend == Backend::Postgres {
            "PostgreSQL 15"
        } else {
            "MySQL"
        };
        assert!(realtime.starts_with(name), "{realtime}");
        // No mode given: TLS when the server offers it, as libpq does.
        assert!(realtime.contains("TLS on"), "{realtime}");
        assert!(realtime.contains("ps_endpoints"), "{realtime}");
        let cdr = ok(
            backend,
            s.check(&s.url("127.0.0.1", s.cdr(), ""), Purpose::CallHistory)
                .await,
        );
        assert!(cdr.contains(&format!("{} (cdr)", s.cdr())), "{cdr}");
        let plain = match backend {
            Backend::Postgres => "?sslmode=disable",
            _ => "?ssl-mode=DISABLED",
        };
        let plain = ok(
            backend,
            s.check(&s.url("127.0.0.1", s.realtime(), plain), Purpose::Realtime)
                .await,
        );
        assert!(plain.contains("TLS off"), "{plain}");
    }
}

#[tokio::test]
async fn a_wrong_or_missing_password_names_the_user() {
    for backend in NETWORK {
        let Some(s) = server(backend) else { continue };
        let url = s.url("127.0.0.1", s.realtime(), "");
        for password in [Some("not-the-password"), None] {
            let problem = failed(
                backend,
                check(
                    &url,
                    &TargetPolicy::loopback(),
                    password,
                    None,
                    Purpose::Realtime,
                )
                .await,
            );
            assert_eq!(
                problem,
                CheckProblem::AuthenticationFailed {
                    username: "switchboard".into()
                },
                "{backend:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_database_that_is_not_there_is_named() {
    let Some(s) = server(Backend::Postgres) else {
        return;
    };
    assert_eq!(
        failed(
            Backend::Postgres,
            s.check(&s.url("127.0.0.1", "no_such_db", ""), Purpose::Realtime)
                .await
        ),
        CheckProblem::DatabaseMissing {
            database: "no_such_db".into()
        }
    );
    let Some(s) = server(Backend::MariaDb) else {
        return;
    };
    // MariaDB tells a user without grants on it no more than "denied";
    // a user with grants on such names learns it does not exist.
    assert_eq!(
        failed(
            Backend::MariaDb,
            s.check(&s.url("127.0.0.1", "no_such_db", ""), Purpose::Realtime)
                .await
        ),
        CheckProblem::DatabaseNotGranted {
            database: "no_such_db".into(),
            user: "switchboard".into()
        }
    );
    let asterisk_password = std::env::var("SANDBOX_DB_ASTERISK_PASSWORD").unwrap();
    let url = format!("mysql://asterisk@127.0.0.1:{}/sbtest_absent", s.port);
    assert_eq!(
        failed(
            Backend::MariaDb,
            check(
                &url,
                &TargetPolicy::loopback(),
                Some(&asterisk_password),
                None,
                Purpose::Realtime
            )
            .await
        ),
        CheckProblem::DatabaseMissing {
            database: "sbtest_absent".into()
        }
    );
}

#[tokio::test]
async fn refused_ports_other_servers_and_unknown_hosts_are_told_apart() {
    for backend in NETWORK {
        let Some(s) = server(backend) else { continue };
        let refused = format!("{}://switchboard@127.0.0.1:1/asterisk", s.scheme);
        assert_eq!(
            failed(backend, s.check(&refused, Purpose::Realtime).await),
            CheckProblem::ConnectionRefused {
                address: "127.0.0.1:1".into()
            }
        );
        // The other server's port: something answers, not this server.
        let other = match backend {
            Backend::Postgres => std::env::var("SANDBOX_MARIADB_PORT").unwrap(),
            _ => std::env::var("SANDBOX_PG_PORT").unwrap(),
        };
        let wrong = format!("{}://switchboard@127.0.0.1:{other}/asterisk", s.scheme);
        match failed(backend, s.check(&wrong, Purpose::Realtime).await) {
            CheckProblem::NotDatabase { address, .. } => {
                assert_eq!(address, format!("127.0.0.1:{other}"))
            }
            other => panic!("{backend:?}: {other:?}"),
        }
        let unknown = format!("{}://switchboard@no-such-host.invalid/asterisk", s.scheme);
        assert_eq!(
            failed(backend, s.check(&unknown, Purpose::Realtime).await),
            CheckProblem::HostNotFound {
                host: "no-such-host.invalid".into()
            }
        );
    }
}

#[tokio::test]
async fn a_database_outside_the_operators_networks_and_ports_is_not_connected_to() {
    for backend in NETWORK {
        let Some(s) = server(backend) else { continue };
        let elsewhere = TargetPolicy {
            networks: vec!["10.0.0.0/8".parse().unwrap()],
            ..TargetPolicy::loopback()
        };
        let no_port = TargetPolicy {
            ports: vec![5038..=5038],
            ..TargetPolicy::loopback()
        };
        let url = s.url("127.0.0.1", s.realtime(), "");
        for policy in [elsewhere, no_port] {
            assert_eq!(
                check(&url, &policy, Some(&s.password), None, Purpose::Realtime).await,
                Err(CheckProblem::TargetNotAllowed {
                    address: format!("127.0.0.1:{}", s.port)
                }),
                "{backend:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_database_without_asterisks_tables_says_which_are_missing() {
    for backend in NETWORK {
        let Some(s) = server(backend) else { continue };
        // PostgreSQL: the portal's own database; MariaDB: FreePBX's CDR one.
        let database = match backend {
            Backend::Postgres => "switchboard_portal",
            _ => "asteriskcdrdb",
        };
        match failed(
            backend,
            s.check(&s.url("127.0.0.1", database, ""), Purpose::Realtime)
                .await,
        ) {
            CheckProblem::TablesNotVisible { tables, user } => {
                assert_eq!(user, "switchboard");
                assert!(tables.contains(&"ps_endpoints".to_string()), "{tables:?}");
                assert!(tables.contains(&"queue_members".to_string()), "{tables:?}");
            }
            other => panic!("{backend:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn each_missing_grant_is_named_until_the_user_has_them_all() {
    for backend in NETWORK {
        let Some(s) = server(backend) else { continue };
        let Some(db) = fresh(backend).await else {
            continue;
        };
        let name = db.url.rsplit('/').next().unwrap().to_owned();
        let url = s.url("127.0.0.1", &name, "");
        let grant_to = |what: &str, table: &str| match backend {
            Backend::Postgres => format!("GRANT {what} ON {table} TO switchboard"),
            _ => format!("GRANT {what} ON {name}.{table} TO 'switchboard'@'127.0.0.1'"),
        };
        match backend {
            Backend::Postgres => {
                // PostgreSQL sees the tables and says which grant each lacks.
                match failed(backend, s.check(&url, Purpose::Realtime).await) {
                    CheckProblem::PermissionsMissing { user, missing } => {
                        assert_eq!(user, "switchboard");
                        for grant in [
                            "SELECT ON ps_endpoints",
                            "INSERT ON ps_auths",
                            "DELETE ON extensions",
                            "USAGE ON SEQUENCE extensions_id_seq",
                        ] {
                            assert!(missing.contains(&grant.to_string()), "{missing:?}");
                        }
                    }
                    other => panic!("{backend:?}: {other:?}"),
                }
            }
            _ => {
                // MariaDB refuses a database its user holds nothing on, and
                // hides the tables it holds no grant on.
                assert_eq!(
                    failed(backend, s.check(&url, Purpose::Realtime).await),
                    CheckProblem::DatabaseNotGranted {
                        database: name.clone(),
                        user: "switchboard".into()
                    }
                );
                db.exec(&grant_to("SELECT", "ps_endpoints")).await;
                match failed(backend, s.check(&url, Purpose::Realtime).await) {
                    CheckProblem::TablesNotVisible { tables, .. } => {
                        assert!(!tables.contains(&"ps_endpoints".to_string()));
                        assert!(tables.contains(&"ps_auths".to_string()), "{tables:?}");
                    }
                    other => panic!("{backend:?}: {other:?}"),
                }
            }
        }
        // Read-only grants: the writes are what is missing.
        for table in switchboard::server::realtime::REQUIRED_TABLES {
            db.exec(&grant_to("SELECT", table)).await;
        }
        match failed(backend, s.check(&url, Purpose::Realtime).await) {
            CheckProblem::PermissionsMissing { missing, .. } => {
                assert!(
                    !missing.iter().any(|m| m.starts_with("SELECT")),
                    "{missing:?}"
                );
                for grant in [
                    "INSERT ON ps_endpoints",
                    "UPDATE ON queues",
                    "DELETE ON queue_members",
                ] {
                    assert!(missing.contains(&grant.to_string()), "{missing:?}");
                }
            }
            other => panic!("{backend:?}: {other:?}"),
        }
        // Reading the call history needs no more than SELECT.
        for table in switchboard::server::realtime::REQUIRED_TABLES {
            db.exec(&grant_to("INSERT, UPDATE, DELETE", table)).await;
        }
        if backend == Backend::Postgres {
            match failed(backend, s.check(&url, Purpose::Realtime).await) {
                CheckProblem::PermissionsMissing { missing, .. } => assert_eq!(
                    missing,
                    vec!["USAGE ON SEQUENCE extensions_id_seq".to_string()]
                ),
                other => panic!("{backend:?}: {other:?}"),
            }
            db.exec("GRANT USAGE ON SEQUENCE extensions_id_seq TO switchboard")
                .await;
        }
        let found = ok(backend, s.check(&url, Purpose::Realtime).await);
        assert!(found.contains(&name), "{found}");
        // Nothing the probes did stayed behind.
        assert_eq!(
            db.count("SELECT COUNT(*) FROM ps_endpoints").await,
            0,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_certificate_is_verified_against_the_ca_the_admin_pasted() {
    for backend in NETWORK {
        let Some(s) = server(backend) else { continue };
        let (verify_full, verify_ca, require) = match backend {
            Backend::Postgres => (
                "?sslmode=verify-full",
                "?sslmode=verify-ca",
                "?sslmode=require",
            ),
            _ => (
                "?ssl-mode=VERIFY_IDENTITY",
                "?ssl-mode=VERIFY_CA",
                "?ssl-mode=REQUIRED",
            ),
        };
        let with_ca = |url: String| {
            let ca = s.ca.clone();
            let password = s.password.clone();
            async move {
                check(
                    &url,
                    &TargetPolicy::loopback(),
                    Some(&password),
                    Some(&ca),
                    Purpose::Realtime,
                )
                .await
            }
        };
        for host in ["localhost", "127.0.0.1"] {
            let url = s.url(host, s.realtime(), verify_full);
            // The sandbox's certificate is from a CA of its own: without it,
            // nothing is trusted (and no password was sent).
            match failed(backend, s.check(&url, Purpose::Realtime).await) {
                CheckProblem::TlsNotTrusted { reason } => {
                    assert!(!reason.is_empty())
                }
                other => panic!("{backend:?} {host}: {other:?}"),
            }
            let found = ok(backend, with_ca(url).await);
            assert!(found.contains("TLS on"), "{found}");
        }
        let found = ok(
            backend,
            with_ca(s.url("127.0.0.1", s.realtime(), verify_ca)).await,
        );
        assert!(found.contains("TLS on"), "{found}");
        // "require" encrypts without checking who answers, as libpq does.
        let found = ok(
            backend,
            s.check(
                &s.url("127.0.0.1", s.realtime(), require),
                Purpose::Realtime,
            )
            .await,
        );
        assert!(found.contains("TLS on"), "{found}");
        // A CA that did not sign the server's certificate is no trust.
        let stranger = include_str!("../fixtures/self-signed.crt");
        match failed(
            backend,
            check(
                &s.url("localhost", s.realtime(), verify_full),
                &TargetPolicy::loopback(),
                Some(&s.password),
                Some(stranger),
                Purpose::Realtime,
            )
            .await,
        ) {
            CheckProblem::TlsNotTrusted { .. } => {}
            other => panic!("{backend:?}: {other:?}"),
        }
    }
}

/// Every grant Switchboard needs on a fresh test database, as the README
/// tells an admin to give them.
async fn grant_all(backend: Backend, db: &crate::backends::Fresh, name: &str) {
    for table in switchboard::server::realtime::REQUIRED_TABLES {
        db.exec(&match backend {
            Backend::Postgres => {
                format!("GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO switchboard")
            }
            _ => format!(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON {name}.{table} TO 'switchboard'@'127.0.0.1'"
            ),
        })
        .await;
    }
    if backend == Backend::Postgres {
        db.exec("GRANT USAGE ON SEQUENCE extensions_id_seq TO switchboard")
            .await;
    }
}

#[tokio::test]
async fn a_connection_on_a_network_database_keeps_its_password_and_its_tenant() {
    use axum::http::StatusCode;

    use crate::harness::{TestApp, json};
    use crate::targets::{refused, save, saved_id, tenants};

    for backend in NETWORK {
        let Some(s) = server(backend) else { continue };
        let Some(db) = fresh(backend).await else {
            continue;
        };
        let name = db.url.rsplit('/').next().unwrap().to_owned();
        grant_all(backend, &db, &name).await;
        let t = tenants(TestApp::new().await).await;
        let url = s.url("127.0.0.1", &name, "");
        // A password in the URL is refused, the URL kept for correction.
        let with_password = url.replace("switchboard@", "switchboard:hunter2@");
        refused(
            &save(&t.app, &t.admin_a, &[("realtime_db_url", &with_password)]).await,
            "realtime_db_url",
            "password_in_url",
        );
        let saved = save(
            &t.app,
            &t.admin_a,
            &[
                ("realtime_db_url", &url),
                ("realtime_db_password", &s.password),
            ],
        )
        .await;
        let id = saved_id(&saved);
        // Test connection logs in with the sealed password.
        let report = t
            .app
            .form("/api/pbx/test", &[("id", &id)], Some(&t.admin_a))
            .await;
        let report = json(&report);
        assert_eq!(report["realtime"]["outcome"], "ok", "{backend:?} {report}");
        assert_eq!(report["cdr"], serde_json::Value::Null, "{report}");
        // An extension made through the portal is three rows in the PBX's
        // own database.
        let created = t
            .app
            .form(
                "/api/extensions/create",
                &[
                    ("form[pbx_connection_id]", id.as_str()),
                    ("form[display_name]", "Alice"),
                    ("form[number]", "1001"),
                    ("form[codecs]", "ulaw"),
                ],
                Some(&t.admin_a),
            )
            .await;
        assert_eq!(
            created.status,
            StatusCode::OK,
            "{backend:?} {}",
            created.body
        );
        assert_eq!(
            db.count("SELECT COUNT(*) FROM ps_endpoints WHERE id = '1001'")
                .await,
            1
        );
        assert_eq!(
            db.count("SELECT COUNT(*) FROM ps_auths WHERE id = '1001'")
                .await,
            1
        );
        let listed = t.app.form("/api/pbx/list", &[], Some(&t.admin_a)).await;
        for reply in [&saved, &listed] {
            assert!(
                !reply.body.contains(&s.password),
                "a reply carried the database password"
            );
        }
        let listed = json(&listed);
        assert_eq!(listed[0]["realtime_db_password_set"], true, "{listed}");
        // Another tenant cannot take the same database however it spells it.
        for host in ["127.0.0.1", "localhost", "127.0.0.2"] {
            refused(
                &save(
                    &t.app,
                    &t.admin_b,
                    &[
                        ("realtime_db_url", &s.url(host, &name, "")),
                        ("realtime_db_password", &s.password),
                        ("ami_port", "5039"),
                    ],
                )
                .await,
                "realtime_db_url",
                "pbx_of_another_tenant",
            );
        }
        // Moved to another database, the saved password stays behind
        // unless it is entered again for the new one.
        let moved = s.url("127.0.0.1", s.realtime(), "");
        refused(
            &save(
                &t.app,
                &t.admin_a,
                &[
                    ("id", &id),
                    ("version", "1"),
                    ("realtime_db_url", &moved),
                    ("ami_secret", ""),
                    ("ari_password", ""),
                ],
            )
            .await,
            "realtime_db_password",
            "secret_for_new_target",
        );
        // A database that goes away: a clear error on the page that needs
        // it (not a 500), and the first request after it is back reconnects.
        // On PostgreSQL, DROP … WITH (FORCE) also ends the idle pooled
        // connections: the request's statement meets a dead one and runs
        // again on a new one, whose answer is the server's own reason.
        let pairs = [("pbx_connection_id", id.as_str())];
        let list = || t.app.form("/api/extensions/list", &pairs, Some(&t.admin_a));
        assert_eq!(json(&list().await)["extensions"]["total"], 1);
        let admin = Pool::connect_lazy(&admin_url(backend).unwrap()).unwrap();
        let mut conn = admin.acquire().await.unwrap();
        let drop_it = match backend {
            Backend::Postgres => format!("DROP DATABASE {name} WITH (FORCE)"),
            _ => format!("DROP DATABASE {name}"),
        };
        conn.execute(query(drop_it)).await.unwrap();
        let gone = list().await;
        // The server's own words: "database … does not exist" (PostgreSQL),
        // "Table '….ps_endpoints' doesn't exist" (MariaDB).
        let problem: serde_json::Value = serde_json::from_str(&gone.body).unwrap();
        assert_eq!(
            problem["detail"]["code"], "database_refused",
            "{}",
            gone.body
        );
        assert!(gone.body.contains(&name), "{}", gone.body);
        assert_eq!(
            gone.status,
            StatusCode::BAD_GATEWAY,
            "{backend:?} {}",
            gone.body
        );
        assert!(
            !gone.body.contains(&s.password),
            "an error carried the database password"
        );
        match backend {
            Backend::Postgres => {
                let template = std::env::var("SANDBOX_PG_TEMPLATE").unwrap();
                conn.execute(query(format!("CREATE DATABASE {name} TEMPLATE {template}")))
                    .await
                    .unwrap();
            }
            _ => {
                conn.execute(query(format!("CREATE DATABASE {name}")))
                    .await
                    .unwrap();
                for table in crate::backends::MANAGED {
                    conn.execute(query(format!(
                        "CREATE TABLE {name}.{table} LIKE asterisk.{table}"
                    )))
                    .await
                    .unwrap();
                }
            }
        }
        drop(conn);
        admin.close().await;
        let back = Pool::connect_lazy(&db.url).unwrap();
        for table in switchboard::server::realtime::REQUIRED_TABLES {
            let mut conn = back.acquire().await.unwrap();
            conn.execute(query(match backend {
                Backend::Postgres => {
                    format!("GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO switchboard")
                }
                _ => format!(
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON {name}.{table} TO 'switchboard'@'127.0.0.1'"
                ),
            }))
            .await
            .unwrap();
        }
        if backend == Backend::Postgres {
            let mut conn = back.acquire().await.unwrap();
            conn.execute(query(
                "GRANT USAGE ON SEQUENCE extensions_id_seq TO switchboard",
            ))
            .await
            .unwrap();
        }
        back.close().await;
        let again = list().await;
        assert_eq!(again.status, StatusCode::OK, "{backend:?} {}", again.body);
        assert_eq!(json(&again)["extensions"]["total"], 0, "{backend:?}");
    }
}
