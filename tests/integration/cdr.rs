//! CDR search in place on both schemas admins have: Asterisk's own and
//! FreePBX's. (Issue 5, first part: the repository; page, export and
//! statistics follow.)

use switchboard::model::{CdrFilter, CdrSchema, CdrSort, Disposition, Role};
use switchboard::server::db;
use switchboard::server::realtime::cdr::{self, Search};
use switchboard::server::scope::{Scope, TenantScope};
use time::macros::date;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::harness::{HOST, PASSWORD, TestApp, realtime_exec};

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
    let tenant = app.add_tenant("Acme").await;
    let user = app
        .add_user(Some(tenant), "admin@acme.example", Role::TenantAdmin)
        .await;
    let (pbx, url) = app.add_pbx(tenant, "Acme PBX").await;
    if schema == "freepbx" {
        // FreePBX's asteriskcdrdb.cdr, as SQLite would hold it.
        realtime_exec(&url, "DROP TABLE cdr").await;
        realtime_exec(
            &url,
            "CREATE TABLE cdr (calldate DATETIME, clid TEXT, src TEXT, dst TEXT, dcontext TEXT, \
             channel TEXT, dstchannel TEXT, lastapp TEXT, lastdata TEXT, duration INTEGER, \
             billsec INTEGER, disposition TEXT, amaflags INTEGER, accountcode TEXT, uniqueid TEXT, \
             userfield TEXT, did TEXT, recordingfile TEXT, cnum TEXT, cnam TEXT, outbound_cnum TEXT, \
             outbound_cnam TEXT, dst_cnam TEXT, linkedid TEXT, peeraccount TEXT, sequence INTEGER)",
        )
        .await;
    }
    for (i, (start, src, dst, clid, disposition, duration)) in CALLS.iter().enumerate() {
        let sql = if schema == "freepbx" {
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
        realtime_exec(&url, &sql).await;
    }
    let scope = Scope {
        user_id: user,
        role: Role::TenantAdmin,
        tenant: TenantScope::One(tenant),
    };
    let connection = db::pbx::get(&app.state.db, &scope, pbx).await.unwrap();
    (
        switchboard::server::services::connections::call_history(&app.state, &connection)
            .await
            .unwrap(),
        pbx,
        url,
    )
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

#[tokio::test]
async fn both_schemas_are_searched_the_same_way() {
    for schema in ["asterisk", "freepbx"] {
        let app = TestApp::new().await;
        let (db, _, url) = pbx_and_url(&app, schema).await;

        // Today only (the default), newest first.
        let today = cdr::search(&db.clone(), &search(CdrFilter::default()))
            .await
            .unwrap();
        assert_eq!(
            today.schema,
            if schema == "freepbx" {
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
        // Our schema has the indexes the searches use; FreePBX's table
        // has none, and the page says which to create.
        let table = cdr::CdrTable::inspect(&db.clone()).await.unwrap();
        let advice = table.index_advice();
        if schema == "freepbx" {
            assert_eq!(today.index_advice, advice);
            assert!(
                advice.contains(
                    &"CREATE INDEX cdr_search ON cdr (\"calldate\", \"disposition\", \"duration\", \"src\", \"dst\", \"cnum\", \"did\");"
                        .to_owned()
                ),
                "{advice:?}"
            );
            assert_eq!(advice.len(), 8, "{advice:?}");
            for statement in &advice {
                realtime_exec(&url, statement).await;
            }
            let again = cdr::CdrTable::inspect(&db.clone()).await.unwrap();
            assert!(again.index_advice().is_empty());
        } else {
            assert!(advice.is_empty(), "{advice:?}");
        }
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
        if schema == "freepbx" {
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
