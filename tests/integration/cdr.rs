//! CDR search in place on both schemas admins have, Asterisk's own and
//! FreePBX's, on every server they are kept in: SQLite, `cdr_pgsql`'s table
//! on PostgreSQL, FreePBX's `asteriskcdrdb.cdr` on MariaDB (real servers
//! from `scripts/pbx-databases`; see `backends` for when those run).

use switchboard::model::{CdrFilter, CdrSchema, CdrSort, Disposition, Role};
use switchboard::server::db;
use switchboard::server::realtime::cdr::{self, Search};
use switchboard::server::scope::{Scope, TenantScope};
use time::macros::date;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::backends::{Backend, Fresh, fresh};
use crate::harness::{HOST, PASSWORD, TestApp, realtime_exec};

/// FreePBX's asteriskcdrdb.cdr, as SQLite would hold it.
const FREEPBX_CDR_SQLITE: &str = "CREATE TABLE cdr (calldate DATETIME, clid TEXT, src TEXT, dst TEXT, dcontext TEXT, \
     channel TEXT, dstchannel TEXT, lastapp TEXT, lastdata TEXT, duration INTEGER, \
     billsec INTEGER, disposition TEXT, amaflags INTEGER, accountcode TEXT, uniqueid TEXT, \
     userfield TEXT, did TEXT, recordingfile TEXT, cnum TEXT, cnam TEXT, outbound_cnum TEXT, \
     outbound_cnam TEXT, dst_cnam TEXT, linkedid TEXT, peeraccount TEXT, sequence INTEGER)";

/// The CDR tables admins have: Asterisk's and FreePBX's schema in SQLite,
/// `cdr_pgsql`'s (Asterisk's schema) on PostgreSQL, FreePBX's on MariaDB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    SqliteAsterisk,
    SqliteFreePbx,
    Postgres,
    MariaDb,
}

const EVERY_KIND: [Kind; 4] = [
    Kind::SqliteAsterisk,
    Kind::SqliteFreePbx,
    Kind::Postgres,
    Kind::MariaDb,
];

impl Kind {
    pub(super) fn freepbx(self) -> bool {
        matches!(self, Kind::SqliteFreePbx | Kind::MariaDb)
    }
}

/// A test's CDR table, written to as its PBX would (as the database's
/// owner, never as Switchboard's user).
pub(super) enum Place {
    File(String),
    Network(Fresh),
}

impl Place {
    pub(super) async fn exec(&self, sql: &str) {
        match self {
            Place::File(url) => realtime_exec(url, sql).await,
            Place::Network(db) => db.exec(sql).await,
        }
    }
}

/// A tenant "Acme" with an admin, and a PBX connection whose call history
/// is an empty CDR table of `kind`: on a network server, a database of its
/// own that Switchboard's least-privilege user may only read, reached with
/// the password sealed as the form seals it. `None` where that server is
/// not there (see `backends::admin_url`).
pub(super) async fn empty_history(
    app: &TestApp,
    kind: Kind,
) -> Option<(std::sync::Arc<cdr::CdrSource>, i64, Place)> {
    let backend = match kind {
        Kind::SqliteAsterisk | Kind::SqliteFreePbx => Backend::Sqlite,
        Kind::Postgres => Backend::Postgres,
        Kind::MariaDb => Backend::MariaDb,
    };
    let network = match backend {
        Backend::Sqlite => None,
        _ => Some(fresh(backend).await?),
    };
    let tenant = app.add_tenant("Acme").await;
    let user = app
        .add_user(Some(tenant), "admin@acme.example", Role::TenantAdmin)
        .await;
    let (pbx, place) = match network {
        None => {
            let (pbx, url) = app.add_pbx(tenant, "Acme PBX").await;
            if kind == Kind::SqliteFreePbx {
                realtime_exec(&url, "DROP TABLE cdr").await;
                realtime_exec(&url, FREEPBX_CDR_SQLITE).await;
            }
            (pbx, Place::File(url))
        }
        Some(db) => {
            let name = db.url.rsplit('/').next().unwrap().to_owned();
            let var = |name: &str| std::env::var(name).unwrap();
            let (scheme, port) = if backend == Backend::Postgres {
                // The template holds cdr_pgsql's table, as ast-db-manage
                // creates it.
                db.exec("GRANT SELECT ON cdr TO switchboard").await;
                ("postgres", var("SANDBOX_PG_PORT"))
            } else {
                // FreePBX's table exactly, copied from asteriskcdrdb.
                db.exec("CREATE TABLE cdr LIKE asteriskcdrdb.cdr").await;
                db.exec(&format!(
                    "GRANT SELECT ON {name}.cdr TO 'switchboard'@'127.0.0.1'"
                ))
                .await;
                ("mysql", var("SANDBOX_MARIADB_PORT"))
            };
            let url = format!("{scheme}://switchboard@127.0.0.1:{port}/{name}");
            let realtime = app.realtime_db("Acme PBX").await;
            let pbx = app
                .add_pbx_with_cdr(
                    tenant,
                    "Acme PBX",
                    &realtime,
                    &url,
                    &var("SANDBOX_DB_SWITCHBOARD_PASSWORD"),
                )
                .await;
            (pbx, Place::Network(db))
        }
    };
    let scope = Scope {
        user_id: user,
        role: Role::TenantAdmin,
        tenant: TenantScope::One(tenant),
    };
    let connection = db::pbx::get(&app.state.db, &scope, pbx).await.unwrap();
    let source = switchboard::server::services::connections::call_history(&app.state, &connection)
        .await
        .unwrap();
    Some((source, pbx, place))
}

/// `CALLS` in a CDR table of `kind`, as that PBX writes them.
async fn write_calls(place: &Place, kind: Kind) {
    for (i, (start, src, dst, clid, disposition, duration)) in CALLS.iter().enumerate() {
        let sql = if kind.freepbx() {
            let name = clid.split('"').nth(1).unwrap_or("");
            let recording = if i == 0 { "out-1001-1000.wav" } else { "" };
            format!(
                "INSERT INTO cdr (calldate, clid, src, dst, duration, billsec, disposition, uniqueid, \
                 linkedid, did, recordingfile, cnum, cnam) VALUES ('{start}', '{}', '{src}', '{dst}', \
                 {duration}, {duration}, '{disposition}', 'u{i}', 'l{i}', '{}', '{recording}', '{src}', \
                 '{name}')",
                clid.replace('\'', "''"),
                if i == 2 { "0155500000" } else { "" },
            )
        } else {
            format!(
                "INSERT INTO cdr (start, clid, src, dst, duration, billsec, disposition, uniqueid, \
                 linkedid) VALUES ('{start}', '{}', '{src}', '{dst}', {duration}, {duration}, \
                 '{disposition}', 'u{i}', 'l{i}')",
                clid.replace('\'', "''")
            )
        };
        place.exec(&sql).await;
    }
}

/// Rows as (start, src, dst, clid, disposition, duration).
const CALLS: [(&str, &str, &str, &str, &str, i64); 5] = [
    (
        "2026-11-22 09:00:00",
        "1000",
        "1001",
        "\"Alice\" <1000>",
        "ANSWERED",
        65,
    ),
    (
        "2026-11-22 10:00:00",
        "1001",
        "0612345678",
        "\"Bob\" <1001>",
        "NO ANSWER",
        30,
    ),
    (
        "2026-11-22 11:00:00",
        "0155512345",
        "1000",
        "\"Carol\" <0155512345>",
        "BUSY",
        5,
    ),
    (
        "2026-11-21 23:59:59",
        "1000",
        "1002",
        "\"Alice\" <1000>",
        "ANSWERED",
        300,
    ),
    (
        "2026-11-23 00:00:00",
        "1002",
        "1000",
        "\"Dan\" <1002>",
        "FAILED",
        0,
    ),
];

async fn pbx_and_url(app: &TestApp, schema: &str) -> (std::sync::Arc<cdr::CdrSource>, i64, String) {
    let kind = if schema == "freepbx" {
        Kind::SqliteFreePbx
    } else {
        Kind::SqliteAsterisk
    };
    let (source, pbx, place) = empty_history(app, kind).await.unwrap();
    write_calls(&place, kind).await;
    let Place::File(url) = place else {
        unreachable!("SQLite is a file")
    };
    (source, pbx, url)
}

fn search(filter: CdrFilter) -> Search {
    Search::check(&filter, date!(2026 - 11 - 22)).unwrap()
}

async fn sources(db: &std::sync::Arc<cdr::CdrSource>, filter: CdrFilter) -> Vec<String> {
    cdr::search(&db.clone(), &search(filter))
        .await
        .unwrap()
        .records
        .into_iter()
        .map(|r| r.source)
        .collect()
}

/// Search, filters, sorts, pages, counts, statistics, a call's legs and the
/// index advice: the same answers from every CDR table there is.
#[tokio::test]
async fn every_cdr_table_is_searched_the_same_way() {
    for kind in EVERY_KIND {
        let app = TestApp::new().await;
        let Some((db, _, place)) = empty_history(&app, kind).await else {
            continue;
        };
        write_calls(&place, kind).await;
        let schema = format!("{kind:?}");

        // Today only (the default), newest first.
        let today = cdr::search(&db.clone(), &search(CdrFilter::default()))
            .await
            .unwrap();
        assert_eq!(
            today.schema,
            if kind.freepbx() {
                CdrSchema::FreePbx
            } else {
                CdrSchema::Asterisk
            }
        );
        assert_eq!(
            cdr::count(&db.clone(), &search(CdrFilter::default()))
                .await
                .unwrap(),
            3,
            "{schema}"
        );
        assert!(!today.has_more);
        // Our schema has the indexes the searches use; the others lack
        // some or all (FreePBX's has five of its own, on MariaDB), and the
        // page gives the statements that create them in that server's SQL,
        // which that server takes.
        let table = cdr::CdrTable::inspect(&db.clone()).await.unwrap();
        let advice = table.index_advice();
        assert_eq!(today.index_advice, advice);
        let (search_index, missing) = match kind {
            Kind::SqliteAsterisk => ("", 0),
            Kind::SqliteFreePbx => (
                "CREATE INDEX cdr_search ON cdr (\"calldate\", \"disposition\", \"duration\", \"src\", \"dst\", \"cnum\", \"did\");",
                8,
            ),
            // cdr_pgsql's table has no index, no cnum, did or recordingfile;
            // on the network servers the sorts' indexes end with the
            // tiebreak.
            Kind::Postgres => (
                "CREATE INDEX cdr_duration ON cdr (\"duration\", \"start\", \"uniqueid\", \"sequence\");",
                7,
            ),
            // FreePBX's own key serves the uniqueid.
            Kind::MariaDb => (
                "CREATE INDEX cdr_search ON cdr (`calldate`, `disposition`, `duration`, `src`, `dst`, `cnum`, `did`);",
                7,
            ),
        };
        assert_eq!(advice.len(), missing, "{kind:?} {advice:?}");
        if missing > 0 {
            assert!(advice.contains(&search_index.to_owned()), "{advice:?}");
        }
        for statement in &advice {
            place.exec(statement).await;
        }
        let again = cdr::CdrTable::inspect(&db.clone()).await.unwrap();
        assert!(again.index_advice().is_empty(), "{kind:?}");
        let starts: Vec<_> = today.records.iter().map(|r| r.start.as_str()).collect();
        assert_eq!(
            starts,
            [
                "2026-11-22 11:00:00",
                "2026-11-22 10:00:00",
                "2026-11-22 09:00:00"
            ],
            "{schema}"
        );
        assert_eq!(today.records[2].caller_name, "Alice", "{schema}");
        assert_eq!(today.records[1].disposition, Disposition::NoAnswer);

        // Prefix, anywhere, any number, text, disposition, duration.
        let range = |from: &str, to: &str| CdrFilter {
            from: from.into(),
            to: to.into(),
            ..CdrFilter::default()
        };
        let mut filter = range("2026-11-21", "2026-11-23");
        filter.source = "100".into();
        assert_eq!(sources(&db, filter).await, ["1002", "1001", "1000", "1000"]);
        let mut filter = range("2026-11-21", "2026-11-23");
        filter.destination = "%234".into();
        assert_eq!(sources(&db, filter).await, ["1001"]);
        let mut filter = range("2026-11-22", "2026-11-22");
        filter.text = "car".into();
        assert_eq!(sources(&db, filter).await, ["0155512345"]);
        let mut filter = range("2026-11-21", "2026-11-22");
        filter.disposition = "answered".into();
        filter.min_duration = Some(100);
        assert_eq!(sources(&db, filter).await, ["1000"]);
        if kind.freepbx() {
            // The DID and the recording exist only there.
            let mut filter = range("2026-11-22", "2026-11-22");
            filter.any_number = "01555000".into();
            assert_eq!(sources(&db, filter).await, ["0155512345"]);
            let mut filter = range("2026-11-22", "2026-11-22");
            filter.has_recording = true;
            let records = cdr::search(&db.clone(), &search(filter))
                .await
                .unwrap()
                .records;
            assert_eq!(records.len(), 1);
            assert_eq!(records[0].recording, "out-1001-1000.wav");
        }

        // Sorted by duration, two per page: pages never overlap.
        let mut filter = range("2026-11-21", "2026-11-23");
        filter.sort = CdrSort::Duration;
        filter.limit = 2;
        filter.page = 1;
        let first = cdr::search(&db.clone(), &search(filter.clone()))
            .await
            .unwrap();
        filter.page = 3;
        let last = cdr::search(&db.clone(), &search(filter.clone()))
            .await
            .unwrap();
        assert_eq!(cdr::count(&db.clone(), &search(filter)).await.unwrap(), 5);
        assert!(first.has_more);
        assert!(!last.has_more);
        let durations: Vec<_> = first.records.iter().map(|r| r.duration).collect();
        assert_eq!(durations, [300, 65]);
        assert_eq!(last.records.len(), 1);
        assert_eq!(last.records[0].duration, 0);

        // Statistics of the same search: calls (legs grouped by linkedid)
        // per hour of the day, outcomes, talk time, busiest numbers.
        let stats = cdr::statistics(&db.clone(), &search(CdrFilter::default()))
            .await
            .unwrap();
        assert!(stats.hourly);
        let hours: Vec<_> = stats
            .buckets
            .iter()
            .map(|b| (b.label.as_str(), b.calls, b.answered))
            .collect();
        assert_eq!(
            hours,
            [
                ("2026-11-22 09", 1, 1),
                ("2026-11-22 10", 1, 0),
                ("2026-11-22 11", 1, 0)
            ],
            "{schema}"
        );
        assert_eq!((stats.calls, stats.answered), (3, 1));
        assert_eq!((stats.talk_seconds, stats.average_talk_seconds), (65, 65));
        assert_eq!(
            stats.top_destinations,
            [
                ("0612345678".to_owned(), 1),
                ("1000".to_owned(), 1),
                ("1001".to_owned(), 1)
            ]
        );
        let days = cdr::statistics(&db.clone(), &search(range("2026-11-21", "2026-11-23")))
            .await
            .unwrap();
        assert!(!days.hourly);
        assert_eq!(days.buckets.len(), 3);
        assert_eq!(days.top_sources[0], ("1000".to_owned(), 2));

        // One call's legs, whatever day: the row of the 21st, searched "today".
        let legs = CdrFilter {
            call: "l3".into(),
            ..CdrFilter::default()
        };
        assert_eq!(sources(&db, legs).await, ["1000"]);
        let bad = CdrFilter {
            call: "l3' OR '1'='1".into(),
            ..CdrFilter::default()
        };
        assert!(Search::check(&bad, date!(2026 - 11 - 22)).is_err());

        // Nothing a filter holds reaches the SQL: a quote is just text.
        let mut filter = range("2026-11-21", "2026-11-23");
        filter.text = "' OR 1=1 --".into();
        assert!(sources(&db, filter).await.is_empty());
    }
}

#[tokio::test]
async fn the_export_streams_every_filtered_row_and_only_to_the_tenant() {
    let app = TestApp::new().await;
    let (_, pbx, url) = pbx_and_url(&app, "asterisk").await;
    // 5,000 more calls today (several pieces of the stream), half from 2xxx.
    realtime_exec(
        &url,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) \
         INSERT INTO cdr (start, clid, src, dst, duration, billsec, disposition, uniqueid, linkedid) \
         SELECT '2026-11-22 12:00:00', '\"Load\" <' || (2000 + i % 2 * 1000 + i) || '>', \
         CAST(2000 + i % 2 * 1000 + i AS TEXT), '1000', i % 60, i % 60, 'ANSWERED', 'x' || i, 'x' || i FROM n",
    )
    .await;
    let admin = app.sign_in("admin@acme.example", PASSWORD).await;
    let get = |path: String, cookie: String| {
        let app = &app;
        async move {
            app.request(
                Request::get(path)
                    .header(header::HOST, HOST)
                    .header(header::COOKIE, cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
        }
    };
    let all = get(
        format!("/pbx/{pbx}/calls.csv?from=2026-11-22&to=2026-11-22&page=3&limit=15"),
        admin.clone(),
    )
    .await;
    assert_eq!(all.status, StatusCode::OK);
    let lines: Vec<&str> = all.body.lines().collect();
    assert!(lines[0].starts_with("start,answer,end,source,caller_name,destination"));
    // Every row of the day (3 + 5,000), not one page of them.
    assert_eq!(lines.len(), 1 + 3 + 5000);

    let filtered = get(
        format!("/pbx/{pbx}/calls.csv?from=2026-11-22&to=2026-11-22&source=2"),
        admin.clone(),
    )
    .await;
    let rows = filtered.body.lines().count() - 1;
    let expected: usize = (1..=5000)
        .filter(|i| (2000 + i % 2 * 1000 + i).to_string().starts_with('2'))
        .count();
    assert_eq!(rows, expected);

    let bad = get(format!("/pbx/{pbx}/calls.csv?source=12a"), admin).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Another tenant's admin: the same 404 as for a PBX that does not exist.
    let other = app.add_tenant("Globex").await;
    app.add_user(Some(other), "admin@globex.example", Role::TenantAdmin)
        .await;
    let outsider = app.sign_in("admin@globex.example", PASSWORD).await;
    let refused = get(format!("/pbx/{pbx}/calls.csv"), outsider).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(!refused.body.contains("ANSWERED"));
}

#[tokio::test]
async fn today_is_the_tenants_and_only_its_admins_set_the_zone() {
    use crate::harness::json;
    use switchboard::server::time_zone::today_in;
    let app = TestApp::new().await;
    let (_, pbx, url) = pbx_and_url(&app, "asterisk").await;
    // Kiritimati (UTC+14) and Pago Pago (UTC-11) are never on the same
    // day: one call on each one's today.
    let east = today_in("Pacific/Kiritimati");
    let west = today_in("Pacific/Pago_Pago");
    for (day, src) in [(east, "7001"), (west, "7002")] {
        realtime_exec(
            &url,
            &format!(
                "INSERT INTO cdr (start, src, dst, duration, billsec, disposition, uniqueid, linkedid) \
                 VALUES ('{day} 12:00:00', '{src}', '1000', 10, 10, 'ANSWERED', 'tz{src}', 'tz{src}')"
            ),
        )
        .await;
    }
    let admin = app.sign_in("admin@acme.example", PASSWORD).await;
    let tenant = json(&app.form("/api/tenants/list", &[], Some(&admin)).await)[0]["id"]
        .as_i64()
        .unwrap();
    let today_sources = |cookie: String| {
        let app = &app;
        async move {
            let reply = app
                .form(
                    "/api/cdr/search",
                    &[("pbx_connection_id", &pbx.to_string())],
                    Some(&cookie),
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            json(&reply)["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["source"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let set = |zone: &'static str, cookie: String| {
        let app = &app;
        async move {
            app.form(
                "/api/tenants/set_time_zone",
                &[("id", &tenant.to_string()), ("time_zone", zone)],
                Some(&cookie),
            )
            .await
        }
    };
    assert_eq!(
        set("Pacific/Kiritimati", admin.clone()).await.status,
        StatusCode::OK
    );
    assert_eq!(today_sources(admin.clone()).await, ["7001"]);
    assert_eq!(
        set("Pacific/Pago_Pago", admin.clone()).await.status,
        StatusCode::OK
    );
    assert_eq!(today_sources(admin.clone()).await, ["7002"]);

    // A name that is no zone is refused next to its field; nothing changes.
    let bad = set("Pacific/Atlantis", admin.clone()).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("time_zone"), "{}", bad.body);
    assert_eq!(today_sources(admin.clone()).await, ["7002"]);
    let listed = json(&app.form("/api/tenants/list", &[], Some(&admin)).await);
    assert_eq!(listed[0]["time_zone"], "Pacific/Pago_Pago");

    // READ_ONLY of the tenant may not; another tenant's admin finds nothing.
    app.add_user(Some(tenant), "viewer@acme.example", Role::ReadOnly)
        .await;
    let viewer = app.sign_in("viewer@acme.example", PASSWORD).await;
    assert_eq!(set("UTC", viewer).await.status, StatusCode::FORBIDDEN);
    let other = app.add_tenant("Globex").await;
    app.add_user(Some(other), "admin@globex.example", Role::TenantAdmin)
        .await;
    let outsider = app.sign_in("admin@globex.example", PASSWORD).await;
    assert_eq!(set("UTC", outsider).await.status, StatusCode::NOT_FOUND);
    assert_eq!(today_sources(admin).await, ["7002"]);
}

/// A page sorted by duration, source or destination is the same whether it
/// walks that column's index (a wide range) or sorts the range (a narrow
/// one), ties included, on the first page and deep ones, both ways.
#[tokio::test]
async fn sorted_pages_are_right_whether_they_walk_an_index_or_sort_the_range() {
    let app = TestApp::new().await;
    let tenant = app.add_tenant("Acme").await;
    let user = app
        .add_user(Some(tenant), "admin@acme.example", Role::TenantAdmin)
        .await;
    let (pbx, url) = app.add_pbx(tenant, "Acme PBX").await;
    // 3,000 calls over the 30 days up to 2026-11-22, few distinct durations
    // and numbers so ties abound; rowids 1..=3000 in this order.
    struct Call {
        start: String,
        duration: i64,
        src: String,
        dst: String,
    }
    let calls: Vec<Call> = (0..3000_i64)
        .map(|i| {
            let at = time::macros::datetime!(2026-11-22 23:59:59)
                - time::Duration::seconds(i * 7919 % (30 * 86_400));
            let start = at
                .format(time::macros::format_description!(
                    "[year]-[month]-[day] [hour]:[minute]:[second]"
                ))
                .unwrap();
            Call {
                start,
                duration: i * 37 % 50,
                src: format!("{}", 1000 + i * 13 % 40),
                dst: format!("{}", 2000 + i * 17 % 40),
            }
        })
        .collect();
    let values: Vec<String> = calls
        .iter()
        .map(
            |Call {
                 start,
                 duration,
                 src,
                 dst,
             }| {
                format!(
                    "('{start}', '{src}', '{dst}', {duration}, {duration}, 'ANSWERED', 'u', 'l')"
                )
            },
        )
        .collect();
    realtime_exec(
        &url,
        &format!(
            "INSERT INTO cdr (start, src, dst, duration, billsec, disposition, uniqueid, linkedid) \
             VALUES {}",
            values.join(", ")
        ),
    )
    .await;
    let scope = Scope {
        user_id: user,
        role: Role::TenantAdmin,
        tenant: TenantScope::One(tenant),
    };
    let connection = db::pbx::get(&app.state.db, &scope, pbx).await.unwrap();
    let db = switchboard::server::services::connections::call_history(&app.state, &connection)
        .await
        .unwrap();
    let table = cdr::CdrTable::inspect(&db.clone()).await.unwrap();

    for (from, walks) in [("2026-10-24", true), ("2026-11-22", false)] {
        for sort in [CdrSort::Duration, CdrSort::Source, CdrSort::Destination] {
            for ascending in [false, true] {
                for page in [1, 7] {
                    let filter = CdrFilter {
                        from: from.into(),
                        to: "2026-11-22".into(),
                        sort,
                        ascending,
                        page,
                        ..CdrFilter::default()
                    };
                    let search = search(filter);
                    let statement = cdr::Statements::new(&table, &search).page;
                    assert_eq!(statement.contains("+\"start\""), walks, "{statement}");
                    let got: Vec<i64> = cdr::search(&db.clone(), &search)
                        .await
                        .unwrap()
                        .records
                        .iter()
                        .map(|r| r.id)
                        .collect();
                    // The same page worked out here: the sort's column, then
                    // the start, then the rowid, all in the page's direction.
                    let mut expected: Vec<(i64, &Call)> = calls
                        .iter()
                        .enumerate()
                        .map(|(i, call)| (i as i64 + 1, call))
                        .filter(|(_, call)| call.start.as_str() >= from)
                        .collect();
                    expected.sort_by(|(a_id, a), (b_id, b)| {
                        let key = |call: &Call| match sort {
                            CdrSort::Duration => format!("{:08}", call.duration),
                            CdrSort::Source => call.src.clone(),
                            _ => call.dst.clone(),
                        };
                        let order = key(a)
                            .cmp(&key(b))
                            .then(a.start.cmp(&b.start))
                            .then(a_id.cmp(b_id));
                        if ascending { order } else { order.reverse() }
                    });
                    let expected: Vec<i64> = expected
                        .iter()
                        .skip((page as usize - 1) * 15)
                        .take(15)
                        .map(|(id, _)| *id)
                        .collect();
                    assert_eq!(expected.len(), 15);
                    assert_eq!(
                        got, expected,
                        "{from} {sort:?} ascending {ascending} page {page}"
                    );
                }
            }
        }
    }
    // A number filter's share of the rows is unknown: never a walk.
    let filter = CdrFilter {
        from: "2026-10-24".into(),
        to: "2026-11-22".into(),
        sort: CdrSort::Duration,
        source: "1001".into(),
        ..CdrFilter::default()
    };
    let statement = cdr::Statements::new(&table, &search(filter)).page;
    assert!(!statement.contains("+\"start\""), "{statement}");
}

/// Ties on a network server: FreePBX's table has no key at all, so pages
/// are ordered by uniqueid and sequence after the sort's own column and
/// the start. 1,200 calls at one second, five durations, pages of 500.
async fn network_pages_never_overlap(kind: Kind) {
    let app = TestApp::new().await;
    let Some((db, _, place)) = empty_history(&app, kind).await else {
        return;
    };
    let start_column = if kind.freepbx() { "calldate" } else { "start" };
    let ids: Vec<String> = (0..1200).map(|i| format!("n{i:05}")).collect();
    // Rows go in shuffled, so the server's own order tells nothing.
    // 7 and 1,200 share no factor: every row once.
    let shuffled: Vec<usize> = (0..ids.len()).map(|i| i * 7 % ids.len()).collect();
    let values: Vec<String> = shuffled
        .iter()
        .map(|&i| {
            format!(
                "('2026-11-22 12:00:00', '1000', '2000', {d}, {d}, 'ANSWERED', '{id}', '{id}', 0)",
                d = i % 5,
                id = ids[i]
            )
        })
        .collect();
    place
        .exec(&format!(
            "INSERT INTO cdr ({start_column}, src, dst, duration, billsec, disposition, uniqueid, \
             linkedid, sequence) VALUES {}",
            values.join(", ")
        ))
        .await;
    for ascending in [true, false] {
        let mut got = Vec::new();
        for page in 1..=3 {
            let filter = CdrFilter {
                sort: CdrSort::Duration,
                ascending,
                page,
                limit: 500,
                ..CdrFilter::default()
            };
            let found = cdr::search(&db.clone(), &search(filter)).await.unwrap();
            assert_eq!(found.has_more, page < 3, "{kind:?} page {page}");
            got.extend(found.records.into_iter().map(|r| r.uniqueid));
        }
        let mut expected: Vec<(usize, &String)> =
            ids.iter().enumerate().map(|(i, id)| (i % 5, id)).collect();
        expected.sort();
        if !ascending {
            expected.reverse();
        }
        let expected: Vec<&String> = expected.into_iter().map(|(_, id)| id).collect();
        assert_eq!(got.len(), ids.len(), "{kind:?}");
        assert!(
            got.iter().zip(&expected).all(|(a, b)| a == *b),
            "{kind:?} ascending {ascending}: pages out of order"
        );
    }
}

/// A network export: every row, in pages of 5,000 read in one snapshot: a
/// call Asterisk writes while the download is under way is not in it (and
/// moves no page boundary: no row twice, none missing).
async fn a_network_export_is_one_snapshot(kind: Kind) {
    let app = TestApp::new().await;
    let Some((db, pbx, place)) = empty_history(&app, kind).await else {
        return;
    };
    write_calls(&place, kind).await;
    let start_column = if kind.freepbx() { "calldate" } else { "start" };
    for batch in 0..6 {
        let values: Vec<String> = (0..2000)
            .map(|i| {
                let n = batch * 2000 + i;
                format!(
                    "('2026-11-22 {:02}:{:02}:{:02}', '{}', '1000', 7, 7, 'ANSWERED', 'e{n:05}', 'e{n:05}')",
                    n / 3600 % 24,
                    n / 60 % 60,
                    n % 60,
                    3000 + n % 50
                )
            })
            .collect();
        place
            .exec(&format!(
                "INSERT INTO cdr ({start_column}, src, dst, duration, billsec, disposition, \
                 uniqueid, linkedid) VALUES {}",
                values.join(", ")
            ))
            .await;
    }
    // The service's own channel holds four pieces: the export waits for
    // the download after ~300 KB of its ~2 MB.
    let (sink, mut pieces) = tokio::sync::mpsc::channel(4);
    let filter = CdrFilter {
        from: "2026-11-22".into(),
        to: "2026-11-22".into(),
        ..CdrFilter::default()
    };
    let export = tokio::spawn(cdr::export(db.clone(), search(filter), sink));
    let mut csv = Vec::new();
    csv.extend_from_slice(&pieces.recv().await.unwrap().unwrap());
    // Newest first: these would be the first rows of the next page read.
    place
        .exec(&format!(
            "INSERT INTO cdr ({start_column}, src, dst, duration, billsec, disposition, uniqueid, \
             linkedid) VALUES ('2026-11-22 23:59:59', '9999', '1000', 1, 1, 'ANSWERED', 'late', 'late')"
        ))
        .await;
    while let Some(piece) = pieces.recv().await {
        csv.extend_from_slice(&piece.unwrap());
    }
    export.await.unwrap();
    let text = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("start,answer,end,source"));
    // The 22nd's three calls and the 12,000.
    assert_eq!(lines.len(), 1 + 3 + 12_000, "{kind:?}");
    assert!(
        !text.contains("late"),
        "{kind:?}: a row written after the export began"
    );
    let uniqueids: std::collections::HashSet<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(13).unwrap())
        .collect();
    assert_eq!(uniqueids.len(), 3 + 12_000, "{kind:?}: a row twice");
    // Newest first, as the page shows them.
    let starts: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "{kind:?}");

    // Over HTTP, as the admin downloads it: the late call is there now.
    let admin = app.sign_in("admin@acme.example", PASSWORD).await;
    let all = app
        .request(
            Request::get(format!(
                "/pbx/{pbx}/calls.csv?from=2026-11-22&to=2026-11-22&source=99"
            ))
            .header(header::HOST, HOST)
            .header(header::COOKIE, admin)
            .body(Body::empty())
            .unwrap(),
        )
        .await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.body.lines().count(), 2, "{}", all.body);
    assert!(all.body.contains(",late,"), "{}", all.body);
}

/// A recording finds its call through the network CDR as through a file's:
/// by FreePBX's recordingfile (bare, or the end of a path, its `_` and `%`
/// only text) or by the uniqueid its name carries.
async fn recordings_find_their_call_on_the_network(kind: Kind) {
    let app = TestApp::new().await;
    let Some((db, _, place)) = empty_history(&app, kind).await else {
        return;
    };
    write_calls(&place, kind).await;
    let table = cdr::CdrTable::inspect(&db.clone()).await.unwrap();
    let call = |name: &'static str, uniqueid: Option<&'static str>| {
        let (db, table) = (db.clone(), table.clone());
        async move {
            cdr::call_of_recording(&db, &table, name, uniqueid)
                .await
                .unwrap()
                .map(|call| call.uniqueid)
        }
    };
    assert_eq!(call("nothing.wav", Some("u2")).await.as_deref(), Some("u2"));
    assert_eq!(call("nothing.wav", Some("u9")).await, None);
    if kind.freepbx() {
        place
            .exec(
                "INSERT INTO cdr (calldate, src, dst, uniqueid, linkedid, recordingfile) VALUES \
                 ('2026-11-22 13:00:00', '1000', '1001', 'p1', 'p1', '2026/11/22/q_1.wav'), \
                 ('2026-11-22 13:05:00', '1000', '1001', 'p2', 'p2', '2026/11/22/qx1.wav')",
            )
            .await;
        assert_eq!(call("out-1001-1000.wav", None).await.as_deref(), Some("u0"));
        assert_eq!(call("q_1.wav", None).await.as_deref(), Some("p1"));
        assert_eq!(call("qx1.wav", None).await.as_deref(), Some("p2"));
        assert_eq!(call("q%1.wav", None).await, None);
        assert_eq!(call("22/q_1.wav", None).await.as_deref(), Some("p1"));
        assert_eq!(call("_1.wav", None).await, None);
    }
}

/// Another tenant's connection to the same CDR database, however its URL
/// names the host, gets nothing.
async fn a_network_cdr_is_one_tenants(kind: Kind) {
    let app = TestApp::new().await;
    let Some((_, pbx, _)) = empty_history(&app, kind).await else {
        return;
    };
    let root = Scope {
        user_id: 1,
        role: Role::SuperAdmin,
        tenant: TenantScope::All,
    };
    let mine = db::pbx::get(&app.state.db, &root, pbx).await.unwrap();
    let other = app.add_tenant("Globex").await;
    for host in ["127.0.0.1", "localhost"] {
        let url = mine.cdr_db_url.replace("127.0.0.1", host);
        let realtime = app.realtime_db(&format!("globex-{host}")).await;
        let theirs = app
            .add_pbx_with_cdr(
                other,
                &format!("Globex {host}"),
                &realtime,
                &url,
                &std::env::var("SANDBOX_DB_SWITCHBOARD_PASSWORD").unwrap(),
            )
            .await;
        let connection = db::pbx::get(&app.state.db, &root, theirs).await.unwrap();
        let refused =
            switchboard::server::services::connections::call_history(&app.state, &connection)
                .await
                .err();
        assert!(
            matches!(
                refused,
                Some(switchboard::error::AppError::Pbx(
                    switchboard::model::CheckProblem::PbxOfAnotherTenant
                ))
            ),
            "{kind:?} {host}: {refused:?}"
        );
    }
}

macro_rules! on_network_servers {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            use super::Kind;
            #[tokio::test]
            async fn postgres() {
                super::$test(Kind::Postgres).await
            }
            #[tokio::test]
            async fn mariadb() {
                super::$test(Kind::MariaDb).await
            }
        }
    )*};
}

on_network_servers!(
    network_pages_never_overlap,
    a_network_export_is_one_snapshot,
    recordings_find_their_call_on_the_network,
    a_network_cdr_is_one_tenants,
);
