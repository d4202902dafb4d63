//! The Realtime repositories on every database a PBX keeps its
//! configuration in: SQLite, PostgreSQL 15 and MariaDB, each in Asterisk's
//! own schema as ast-db-manage creates it for that server (enum columns on
//! PostgreSQL, AUTO_INCREMENT and the reserved word `match` on MariaDB),
//! served by the real servers of `scripts/pbx-databases`.
//!
//! Every test gets a database of its own: a copy of the template on
//! PostgreSQL (`CREATE DATABASE … TEMPLATE`), the managed tables copied
//! with `CREATE TABLE … LIKE` on MariaDB. Without the servers' URLs in the
//! environment the network cases say so and pass, unless
//! `SWITCHBOARD_TEST_BACKENDS=required` (what `scripts/test` sets): there
//! they must run.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};

use switchboard::model::{Codec, QueueMember, QueueStrategy};
use switchboard::server::realtime::backend::{Pool, query};
use switchboard::server::realtime::{RealtimeDb, extensions, numbers, queues, trunks};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Backend {
    Sqlite,
    Postgres,
    MariaDb,
}

/// The Realtime tables Switchboard manages (copied for MariaDB).
pub(super) const MANAGED: [&str; 8] = [
    "ps_endpoints",
    "ps_auths",
    "ps_aors",
    "ps_registrations",
    "ps_endpoint_id_ips",
    "queues",
    "queue_members",
    "extensions",
];

pub(super) struct Fresh {
    pub(super) url: String,
    pub(super) db: RealtimeDb,
    _dir: Option<tempfile::TempDir>,
}

impl Fresh {
    fn pool(&self) -> &Pool {
        &self.db.pool
    }

    /// A second, independent client of the same database (as another
    /// Switchboard process would be).
    fn other_client(&self) -> Pool {
        Pool::connect_lazy(&self.url).unwrap()
    }

    pub(super) async fn count(&self, sql: &str) -> i64 {
        let mut connection = self.pool().acquire().await.unwrap();
        connection
            .fetch_one(query(sql))
            .await
            .unwrap()
            .int(0)
            .unwrap()
            .unwrap_or(0)
    }

    pub(super) async fn exec(&self, sql: &str) {
        let mut connection = self.pool().acquire().await.unwrap();
        connection.execute(query(sql)).await.unwrap();
    }
}

static NEXT: AtomicU32 = AtomicU32::new(0);

pub(super) fn unique_name() -> String {
    format!(
        "sbtest_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The URL of `database` on the server of `admin_url`.
pub(super) fn with_database(admin_url: &str, database: &str) -> String {
    let (server, _) = admin_url.rsplit_once('/').unwrap();
    format!("{server}/{database}")
}

pub(super) fn admin_url(backend: Backend) -> Option<String> {
    let variable = match backend {
        Backend::Sqlite => return Some(String::new()),
        Backend::Postgres => "SANDBOX_PG_ADMIN_URL",
        Backend::MariaDb => "SANDBOX_MARIADB_ADMIN_URL",
    };
    match std::env::var(variable) {
        Ok(url) => Some(url),
        Err(_) if std::env::var("SWITCHBOARD_TEST_BACKENDS").as_deref() == Ok("required") => {
            panic!("{variable} is not set: scripts/pbx-databases env gives it")
        }
        Err(_) => {
            eprintln!("{backend:?} not tested here: {variable} is not set (scripts/pbx-databases)");
            None
        }
    }
}

/// A fresh, empty PBX database in Asterisk's schema for that backend.
pub(super) async fn fresh(backend: Backend) -> Option<Fresh> {
    let admin = admin_url(backend)?;
    let name = unique_name();
    let (url, dir) = match backend {
        Backend::Sqlite => {
            use sqlx::ConnectOptions;
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("realtime.sqlite3");
            let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&path)
                .create_if_missing(true)
                .connect()
                .await
                .unwrap();
            switchboard::server::realtime::create_schema(&mut connection)
                .await
                .unwrap();
            (format!("sqlite://{}", path.display()), Some(dir))
        }
        Backend::Postgres => {
            let template =
                std::env::var("SANDBOX_PG_TEMPLATE").unwrap_or_else(|_| "asterisk_template".into());
            // PostgreSQL copies a template for one CREATE DATABASE at a time.
            static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
            let _turn = ONE_AT_A_TIME.lock().await;
            let admin = Pool::connect_lazy(&admin).unwrap();
            let mut connection = admin.acquire().await.unwrap();
            connection
                .execute(query(format!("CREATE DATABASE {name} TEMPLATE {template}")))
                .await
                .unwrap();
            drop(connection);
            admin.close().await;
            (with_database(&admin_url(backend)?, &name), None)
        }
        Backend::MariaDb => {
            let admin_pool = Pool::connect_lazy(&admin).unwrap();
            let mut connection = admin_pool.acquire().await.unwrap();
            connection
                .execute(query(format!("CREATE DATABASE {name}")))
                .await
                .unwrap();
            for table in MANAGED {
                connection
                    .execute(query(format!(
                        "CREATE TABLE {name}.{table} LIKE asterisk.{table}"
                    )))
                    .await
                    .unwrap();
            }
            drop(connection);
            admin_pool.close().await;
            (with_database(&admin, &name), None)
        }
    };
    let pool = Pool::connect_lazy(&url).unwrap();
    Some(Fresh {
        url,
        db: RealtimeDb {
            pool,
            connection_id: 1,
            tenant_id: 1,
        },
        _dir: dir,
    })
}

/// One test function, run once per backend (`<test>::sqlite`, …).
macro_rules! on_every_backend {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            use super::Backend;
            #[tokio::test]
            async fn sqlite() {
                super::$test(Backend::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                super::$test(Backend::Postgres).await
            }
            #[tokio::test]
            async fn mariadb() {
                super::$test(Backend::MariaDb).await
            }
        }
    )*};
}

on_every_backend!(
    extensions_round_trip,
    versions_see_columns_switchboard_does_not_know,
    trunks_round_trip,
    queues_round_trip,
    two_clients_never_share_a_number,
    a_writer_killed_halfway_leaves_nothing,
);

async fn create_extension(db: &RealtimeDb, number: &str, name: &str, secret: &str) {
    let mut tx = db.write().await.unwrap();
    extensions::insert(
        &mut tx,
        &db.context(),
        &extensions::NewExtension {
            number,
            display_name: name,
            codecs: &[Codec::G722, Codec::Ulaw],
            secret,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn extensions_round_trip(backend: Backend) {
    let Some(f) = fresh(backend).await else {
        return;
    };
    let db = &f.db;
    create_extension(db, "1000", "Alice Martin", "Secret-one-1000").await;
    create_extension(db, "1001", "Bob Stone", "Secret-two-1001").await;
    create_extension(db, "1010", "Carol 100%", "Secret-three-1010").await;

    let alice = extensions::get(db, "1000").await.unwrap();
    assert_eq!(alice.display_name, "Alice Martin");
    assert_eq!(alice.codecs, vec![Codec::G722, Codec::Ulaw]);
    assert_eq!(
        extensions::secret(db, "1001").await.unwrap(),
        "Secret-two-1001"
    );
    // The route that makes the number ring the phone, in the tenant's context.
    assert_eq!(
        f.count(
            "SELECT COUNT(*) FROM extensions WHERE context = 'switchboard-t1' AND exten = '1000'"
        )
        .await,
        2
    );

    // Searches: a number prefix, a name fragment, wildcards taken literally.
    assert_eq!(extensions::count(db, "").await.unwrap(), 3);
    // 1000 and 1001 by number, Carol by her name.
    assert_eq!(extensions::count(db, "100").await.unwrap(), 3);
    assert_eq!(extensions::count(db, "1001").await.unwrap(), 1);
    let names = |rows: Vec<extensions::ExtensionRows>| {
        rows.into_iter().map(|r| r.display_name).collect::<Vec<_>>()
    };
    assert_eq!(
        names(extensions::page(db, "mart", 10, 0).await.unwrap()),
        ["Alice Martin"]
    );
    assert_eq!(
        names(extensions::page(db, "%", 10, 0).await.unwrap()),
        ["Carol 100%"]
    );
    // Pages by number: 1000, 1001 | 1010.
    let second = extensions::page(db, "", 2, 2).await.unwrap();
    assert_eq!(
        second.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(),
        ["1010"]
    );
    let summaries = extensions::summaries(db).await.unwrap();
    assert_eq!(summaries.len(), 3);
    assert_eq!(summaries[1].display_name, "Bob Stone");

    let taken = {
        let mut connection = db.read().await.unwrap();
        numbers::taken(&mut connection).await.unwrap()
    };
    assert_eq!(taken, BTreeSet::from([1000, 1001, 1010]));

    // An update changes the version and keeps the secret unless given.
    let before = alice.version(None);
    let mut tx = db.write().await.unwrap();
    extensions::update(&mut tx, "1000", "Alice Dupont", &[Codec::Alaw], None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let after = extensions::get(db, "1000").await.unwrap();
    assert_eq!(after.display_name, "Alice Dupont");
    assert_eq!(after.codecs, vec![Codec::Alaw]);
    assert_ne!(after.version(None), before);
    assert_eq!(
        extensions::secret(db, "1000").await.unwrap(),
        "Secret-one-1000"
    );
    // Saving the same values again is not "not found" (MySQL counts rows
    // changed unless told otherwise).
    let mut tx = db.write().await.unwrap();
    extensions::update(&mut tx, "1000", "Alice Dupont", &[Codec::Alaw], None)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // A queue membership goes with the extension.
    let mut tx = db.write().await.unwrap();
    queues::write(&mut tx, &db.context(), &queue("600", &["1001"]), true)
        .await
        .unwrap();
    extensions::delete(&mut tx, &db.context(), "1001")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(matches!(
        extensions::get(db, "1001").await,
        Err(switchboard::error::AppError::NotFound)
    ));
    for table in ["ps_endpoints", "ps_auths", "ps_aors"] {
        assert_eq!(
            f.count(&format!("SELECT COUNT(*) FROM {table} WHERE id = '1001'"))
                .await,
            0,
            "{table}"
        );
    }
    assert_eq!(
        f.count("SELECT COUNT(*) FROM extensions WHERE exten = '1001'")
            .await,
        0
    );
    assert_eq!(
        f.count("SELECT COUNT(*) FROM queue_members WHERE interface = 'PJSIP/1001'")
            .await,
        0
    );
    // An update of what is gone is "not found", and writes nothing.
    let mut tx = db.write().await.unwrap();
    assert!(matches!(
        extensions::update(&mut tx, "1001", "Ghost", &[Codec::Ulaw], None).await,
        Err(switchboard::error::AppError::NotFound)
    ));
}

async fn versions_see_columns_switchboard_does_not_know(backend: Backend) {
    let Some(f) = fresh(backend).await else {
        return;
    };
    let db = &f.db;
    create_extension(db, "2000", "Dana", "Secret-2000-abcd").await;
    let before = extensions::get(db, "2000").await.unwrap().version(None);
    assert_eq!(
        extensions::get(db, "2000").await.unwrap().version(None),
        before,
        "a version is stable while nothing changes"
    );
    // Someone else (FreePBX, an admin with psql) changes a column
    // Switchboard never shows: the version sees it, and the column keeps
    // the value through Switchboard's own update.
    f.exec("UPDATE ps_endpoints SET language = 'fr' WHERE id = '2000'")
        .await;
    let changed = extensions::get(db, "2000").await.unwrap().version(None);
    assert_ne!(changed, before);
    let mut tx = db.write().await.unwrap();
    extensions::update(&mut tx, "2000", "Dana B", &[Codec::Ulaw], None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        f.count("SELECT COUNT(*) FROM ps_endpoints WHERE id = '2000' AND language = 'fr'")
            .await,
        1
    );
    if backend == Backend::Postgres {
        // The proof that the enum columns were really enums.
        assert_eq!(
            f.count(
                "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'queues' \
                 AND column_name = 'strategy' AND data_type = 'USER-DEFINED'"
            )
            .await,
            1
        );
    }
}

fn trunk_values<'a>(secret: Option<&'a str>, ips: &'a [String]) -> trunks::TrunkValues<'a> {
    trunks::TrunkValues {
        name: "provider-a",
        host: "127.0.0.1",
        port: 5062,
        username: "acct42",
        secret,
        register: true,
        match_ips: ips,
        codecs: &[Codec::Alaw],
    }
}

async fn trunks_round_trip(backend: Backend) {
    let Some(f) = fresh(backend).await else {
        return;
    };
    let db = &f.db;
    let ips = vec!["127.0.0.1".to_owned(), "::1/128".to_owned()];
    let mut tx = db.write().await.unwrap();
    trunks::write(
        &mut tx,
        &db.context(),
        &trunk_values(Some("Trunk-secret-1"), &ips),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let all = trunks::all(db).await.unwrap();
    assert_eq!(all.len(), 1);
    let trunk = &all[0];
    assert_eq!(trunk.name, "provider-a");
    assert_eq!((trunk.host.as_str(), trunk.port), ("127.0.0.1", 5062));
    assert_eq!(trunk.username, "acct42");
    assert!(trunk.secret_set);
    assert!(trunk.register);
    assert_eq!(trunk.match_ips, ips);
    assert_eq!(trunk.codecs, vec![Codec::Alaw]);

    // Saved again without a secret: the saved one stays.
    let one_ip = vec!["127.0.0.1".to_owned()];
    let mut tx = db.write().await.unwrap();
    trunks::write(&mut tx, &db.context(), &trunk_values(None, &one_ip))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        f.count("SELECT COUNT(*) FROM ps_auths WHERE id = 'provider-a-auth' AND password = 'Trunk-secret-1'")
            .await,
        1
    );
    let again = trunks::all(db).await.unwrap();
    assert_eq!(again[0].match_ips, one_ip);
    assert_ne!(again[0].version(), trunk.version());

    let mut tx = db.write().await.unwrap();
    trunks::delete(&mut tx, "provider-a").await.unwrap();
    tx.commit().await.unwrap();
    assert!(trunks::all(db).await.unwrap().is_empty());
    for table in [
        "ps_endpoints",
        "ps_aors",
        "ps_auths",
        "ps_registrations",
        "ps_endpoint_id_ips",
    ] {
        assert_eq!(
            f.count(&format!("SELECT COUNT(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
}

fn queue<'a>(number: &'a str, members: &[&str]) -> queues::QueueValues<'a> {
    let members: Vec<QueueMember> = members
        .iter()
        .map(|m| QueueMember {
            number: (*m).to_owned(),
            name: format!("Agent {m}"),
            penalty: 1,
            paused: false,
        })
        .collect();
    queues::QueueValues {
        number,
        strategy: QueueStrategy::Rrmemory,
        timeout: 20,
        wrapup: 5,
        music_on_hold: "default",
        // Leaked: a test's few bytes, so the values can borrow them.
        members: Box::leak(members.into_boxed_slice()),
    }
}

async fn queues_round_trip(backend: Backend) {
    let Some(f) = fresh(backend).await else {
        return;
    };
    let db = &f.db;
    let mut tx = db.write().await.unwrap();
    queues::write(
        &mut tx,
        &db.context(),
        &queue("600", &["1000", "1001"]),
        true,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let all = queues::all(db).await.unwrap();
    assert_eq!(all.len(), 1);
    let saved = &all[0];
    assert_eq!(saved.number, "600");
    // An enum column on PostgreSQL, written from a bound value.
    assert_eq!(saved.strategy, QueueStrategy::Rrmemory);
    assert_eq!((saved.timeout, saved.wrapup), (20, 5));
    assert_eq!(
        saved
            .members
            .iter()
            .map(|m| m.number.as_str())
            .collect::<Vec<_>>(),
        ["1000", "1001"]
    );
    assert_eq!(
        f.count("SELECT COUNT(*) FROM extensions WHERE exten = '600'")
            .await,
        3,
        "the queue's route"
    );

    let mut values = queue("600", &["1001"]);
    values.strategy = QueueStrategy::Leastrecent;
    let mut tx = db.write().await.unwrap();
    queues::write(&mut tx, &db.context(), &values, false)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let updated = &queues::all(db).await.unwrap()[0];
    assert_eq!(updated.strategy, QueueStrategy::Leastrecent);
    assert_eq!(updated.members.len(), 1);
    assert_ne!(updated.version(), saved.version());

    let mut tx = db.write().await.unwrap();
    queues::delete(&mut tx, &db.context(), "600").await.unwrap();
    tx.commit().await.unwrap();
    assert!(queues::all(db).await.unwrap().is_empty());
    assert_eq!(f.count("SELECT COUNT(*) FROM queue_members").await, 0);
    assert_eq!(f.count("SELECT COUNT(*) FROM extensions").await, 0);
}

/// Allocates the lowest free number of 1000–1999 and creates its
/// extension, as the service does, on `pool`.
async fn allocate(pool: &Pool) -> u64 {
    let mut tx = pool.write().await.unwrap();
    let taken = numbers::taken(&mut tx).await.unwrap();
    let number = numbers::choose(&taken, (1000, 1999), None, "number").unwrap();
    extensions::insert(
        &mut tx,
        "switchboard-t1",
        &extensions::NewExtension {
            number: &number.to_string(),
            display_name: "Parallel",
            codecs: &Codec::DEFAULT,
            secret: "Parallel-secret-123",
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    number
}

async fn two_clients_never_share_a_number(backend: Backend) {
    let Some(f) = fresh(backend).await else {
        return;
    };
    let clients = [f.pool().clone(), f.other_client()];
    let mut tasks = tokio::task::JoinSet::new();
    for client in &clients {
        for _ in 0..100 {
            let pool = client.clone();
            tasks.spawn(async move { allocate(&pool).await });
        }
    }
    let mut numbers = BTreeSet::new();
    while let Some(number) = tasks.join_next().await {
        assert!(numbers.insert(number.unwrap()), "a number given twice");
    }
    assert_eq!(numbers.len(), 200);
    assert_eq!(numbers.last(), Some(&1199), "no gaps: 1000–1199");
    for table in ["ps_endpoints", "ps_auths", "ps_aors"] {
        assert_eq!(
            f.count(&format!("SELECT COUNT(*) FROM {table}")).await,
            200,
            "{table}"
        );
    }
    assert_eq!(f.count("SELECT COUNT(*) FROM extensions").await, 400);
}

async fn a_writer_killed_halfway_leaves_nothing(backend: Backend) {
    let Some(f) = fresh(backend).await else {
        return;
    };
    super::extensions::crash_a_writer(&f.url);
    for table in ["ps_endpoints", "ps_auths", "ps_aors", "extensions"] {
        assert_eq!(
            f.count(&format!("SELECT COUNT(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
    // The dead writer's lock went with it: the next write gets 1000.
    assert_eq!(allocate(f.pool()).await, 1000);
}

/// A statement that runs past the time limit is stopped, on the server
/// too, and the page is told so in the words for it ("did not answer
/// within 10 s"), not the server's own; the connection serves again.
async fn a_statement_past_the_time_limit_is_said_to_be_one(backend: Backend) {
    let sleep = match backend {
        // SQLite has no server: nothing there sleeps.
        Backend::Sqlite => return,
        Backend::Postgres => "SELECT pg_sleep(12)",
        Backend::MariaDb => "SELECT SLEEP(12)",
    };
    let Some(f) = fresh(backend).await else {
        return;
    };
    let started = std::time::Instant::now();
    let mut connection = f.db.pool.acquire().await.unwrap();
    let Err(error) = connection.fetch_all(query(sleep)).await else {
        panic!("{backend:?}: the statement ran past the time limit");
    };
    assert!(
        matches!(
            error,
            switchboard::error::AppError::Pbx(switchboard::model::CheckProblem::DatabaseTimeout {
                seconds: 10
            })
        ),
        "{backend:?}: {error:?}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(12));
    drop(connection);
    let mut again = f.db.pool.acquire().await.unwrap();
    assert_eq!(
        again
            .fetch_one(query("SELECT 1"))
            .await
            .unwrap()
            .int(0)
            .unwrap(),
        Some(1)
    );
}

on_every_backend!(a_statement_past_the_time_limit_is_said_to_be_one);
