//! The statistics of a range added up from the daily summaries Switchboard
//! keeps (`services::calls::summary`): the same figures as reading every
//! row, on every CDR table there is, following what the PBX adds and
//! purges; and each summary one connection's, of one database.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use switchboard::model::{CdrFilter, CdrStats, Role};
use switchboard::server::db;
use switchboard::server::realtime::cdr::{self, Search, Tally};
use switchboard::server::scope::{Scope, TenantScope};
use switchboard::server::services::calls;
use switchboard::server::time_zone::moment_of;
use time::{Date, PrimitiveDateTime};

use crate::cdr::{Kind, Place, empty_history};
use crate::harness::TestApp;

/// A call of one or two legs (sharing its linkedid) on `day`.
async fn call(place: &Place, kind: Kind, day: Date, n: usize, legs: &[(&str, &str, &str, i64)]) {
    let start = if kind.freepbx() { "calldate" } else { "start" };
    for (leg, (src, dst, disposition, billsec)) in legs.iter().enumerate() {
        place
            .exec(&format!(
                "INSERT INTO cdr ({start}, clid, src, dst, duration, billsec, disposition, \
                 uniqueid, linkedid) VALUES ('{day} {:02}:{:02}:00', '', '{src}', '{dst}', \
                 {}, {billsec}, '{disposition}', 'u{day}-{n}-{leg}', 'l{day}-{n}')",
                8 + n % 10,
                leg * 2,
                billsec + 5,
            ))
            .await;
    }
}

/// Calls on the four days up to `today`: a different mix each day.
async fn write_days(place: &Place, kind: Kind, today: Date) {
    for back in 0..4i64 {
        let day = today - time::Duration::days(back);
        for n in 0..(3 + back as usize) {
            let legs: &[(&str, &str, &str, i64)] = match n % 3 {
                // A queue call: the first agent's phone rang out, the
                // second answered.
                0 => &[
                    ("0155500001", "1000", "NO ANSWER", 0),
                    ("0155500001", "1001", "ANSWERED", 42),
                ],
                1 => &[("1001", "0612345678", "ANSWERED", 120)],
                _ => &[("1002", "1000", "BUSY", 0)],
            };
            call(place, kind, day, n, legs).await;
        }
    }
}

/// The figures alone, without how they were got.
fn figures(mut stats: CdrStats) -> CdrStats {
    stats.summarised_days = 0;
    stats.top_from_daily_lists = false;
    stats.summarising = None;
    stats.days_left_out = 0;
    stats
}

/// Asks for the statistics as at the moment `at` until `done` says they
/// are there (a refresh runs in the background after each request), at
/// most 20 s.
async fn statistics_until(
    app: &TestApp,
    scope: &Scope,
    pbx: i64,
    (filter, at): (&CdrFilter, Timestamp),
    done: impl Fn(&CdrStats) -> bool,
) -> CdrStats {
    let started = Instant::now();
    loop {
        let stats = calls::statistics_at(&app.state, scope, pbx, filter, at)
            .await
            .unwrap();
        if done(&stats) {
            return stats;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the summary never got there: {stats:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn the_summary_adds_up_what_the_pbx_has(kind: Kind) {
    let app = TestApp::new().await;
    let Some((source, pbx, place)) = empty_history(&app, kind).await else {
        return;
    };
    let root = Scope::server();
    let connection = db::pbx::get(&app.state.db, &root, pbx).await.unwrap();
    let tenant = db::tenants::get(&app.state.db, &root, connection.tenant_id)
        .await
        .unwrap();
    // At 01:30, before any hour of today is kept: the days alone.
    let today = switchboard::server::time_zone::today_in(&tenant.time_zone);
    let at = moment_of(
        PrimitiveDateTime::new(today, time::macros::time!(01:30)),
        &tenant.time_zone,
    )
    .unwrap();
    let day = |back: i64| today - time::Duration::days(back);
    write_days(&place, kind, today).await;
    let admin = app
        .add_user(Some(tenant.id), "stats@acme.example", Role::ReadOnly)
        .await;
    let scope = Scope {
        user_id: admin,
        role: Role::ReadOnly,
        tenant: TenantScope::One(tenant.id),
    };
    let range = |from: Date, to: Date| CdrFilter {
        from: from.to_string(),
        to: to.to_string(),
        ..CdrFilter::default()
    };
    let live = |from: Date, to: Date| {
        let source = source.clone();
        async move {
            cdr::statistics(&source, &Search::of_days(from, to))
                .await
                .unwrap()
        }
    };
    let four_days = range(day(3), today);

    // The first answer starts the summary and waits a moment for it (a
    // small PBX's history takes less); then the days before today come
    // from it, and answer the same as every row read.
    let first = calls::statistics_at(&app.state, &scope, pbx, &four_days, at)
        .await
        .unwrap();
    assert_eq!(first.calls, 3 + 4 + 5 + 6, "{kind:?}");
    assert_eq!(first.days_left_out, 0, "{kind:?}");
    let summed = statistics_until(&app, &scope, pbx, (&four_days, at), |s| {
        s.summarised_days == 3
    })
    .await;
    assert!(
        !summed.top_from_daily_lists,
        "{kind:?}: every day's list is whole"
    );
    assert_eq!(figures(summed.clone()), figures(first.clone()), "{kind:?}");
    assert_eq!(
        figures(summed.clone()),
        live(day(3), today).await,
        "{kind:?}"
    );
    assert_eq!(summed.buckets.len(), 4, "{kind:?}: a bar per day");
    // One summarised day alone: its hours.
    let yesterday = statistics_until(&app, &scope, pbx, (&range(day(1), day(1)), at), |s| {
        s.summarised_days == 1
    })
    .await;
    assert!(yesterday.hourly);
    assert_eq!(figures(yesterday), live(day(1), day(1)).await, "{kind:?}");

    // A long call of yesterday ends (its row arrives today), and the
    // oldest day is purged: the summary follows both.
    call(
        &place,
        kind,
        day(1),
        9,
        &[("1003", "1000", "ANSWERED", 3600)],
    )
    .await;
    let start = if kind.freepbx() { "calldate" } else { "start" };
    place
        .exec(&format!("DELETE FROM cdr WHERE {start} < '{}'", day(2)))
        .await;
    let followed = statistics_until(&app, &scope, pbx, (&four_days, at), |s| {
        s.calls == 4 + 5 + 1 + 3 && s.summarised_days == 2
    })
    .await;
    assert_eq!(
        figures(followed.clone()),
        live(day(3), today).await,
        "{kind:?}"
    );
    assert_eq!(
        followed.top_sources.first().map(|(n, _)| n.as_str()),
        Some("0155500001")
    );

    // A filtered search reads the PBX: the summary has no numbers' days.
    let answered = CdrFilter {
        disposition: "answered".into(),
        ..four_days.clone()
    };
    let filtered = calls::statistics_at(&app.state, &scope, pbx, &answered, at)
        .await
        .unwrap();
    assert_eq!(filtered.summarised_days, 0);
    assert_eq!(filtered.calls, filtered.answered);

    // The summary is this connection's, of this database: another tenant
    // finds none and cannot write one, and a new CDR URL starts afresh.
    let url = connection.cdr_db_url.clone();
    let (from, to) = (day(3).to_string(), today.to_string());
    let other = app.add_tenant("Globex").await;
    let outsider = Scope {
        user_id: 1,
        role: Role::TenantAdmin,
        tenant: TenantScope::One(other),
    };
    assert!(
        db::cdr_summaries::days(&app.state.db, &outsider, pbx, &url, &from, &to)
            .await
            .unwrap()
            .is_empty()
    );
    let day_row = db::cdr_summaries::SummaryDay {
        day: day(2).to_string(),
        cdr_rows: 0,
        source_cutoff: 0,
        destination_cutoff: 0,
        through_hour: None,
    };
    assert!(
        db::cdr_summaries::put_day(
            &app.state.db,
            &outsider,
            pbx,
            &url,
            &day_row,
            &Tally::default()
        )
        .await
        .is_err()
    );
    assert!(
        db::cdr_summaries::open(&app.state.db, &outsider, pbx, &url)
            .await
            .is_err()
    );
    assert_eq!(
        db::cdr_summaries::days(&app.state.db, &scope, pbx, &url, &from, &to)
            .await
            .unwrap()
            .len(),
        2
    );
    db::cdr_summaries::open(&app.state.db, &root, pbx, "sqlite:///elsewhere.sqlite3")
        .await
        .unwrap();
    assert!(
        db::cdr_summaries::days(&app.state.db, &scope, pbx, &url, &from, &to)
            .await
            .unwrap()
            .is_empty(),
        "{kind:?}: another database's days are gone"
    );
}

/// Today's finished hours are kept too: a month that ends today reads
/// only today's last hours from the PBX, and the same figures come out.
async fn todays_finished_hours_are_kept(kind: Kind) {
    let app = TestApp::new().await;
    let Some((source, pbx, place)) = empty_history(&app, kind).await else {
        return;
    };
    let root = Scope::server();
    let connection = db::pbx::get(&app.state.db, &root, pbx).await.unwrap();
    let url = connection.cdr_db_url.clone();
    let tenant = db::tenants::get(&app.state.db, &root, connection.tenant_id)
        .await
        .unwrap();
    let scope = Scope {
        user_id: app
            .add_user(Some(tenant.id), "hours@acme.example", Role::ReadOnly)
            .await,
        role: Role::ReadOnly,
        tenant: TenantScope::One(tenant.id),
    };
    let today = time::macros::date!(2026 - 11 - 10);
    let at = |hour: u8, minute: u8| {
        let clock = time::Time::from_hms(hour, minute, 0).unwrap();
        moment_of(PrimitiveDateTime::new(today, clock), &tenant.time_zone).unwrap()
    };
    // Calls at 08:00–10:02 each day, and today two more in the last hours.
    write_days(&place, kind, today).await;
    let start = if kind.freepbx() { "calldate" } else { "start" };
    for (n, clock) in [(20, "17:10:00"), (21, "18:05:00")] {
        place
            .exec(&format!(
                "INSERT INTO cdr ({start}, clid, src, dst, duration, billsec, disposition, \
                 uniqueid, linkedid) VALUES ('{today} {clock}', '', '1004', '1000', 30, 25, \
                 'ANSWERED', 'late-{n}', 'late-{n}')"
            ))
            .await;
    }
    let live = |from: Date, to: Date| {
        let source = source.clone();
        async move {
            cdr::statistics(&source, &Search::of_days(from, to))
                .await
                .unwrap()
        }
    };
    let kept_today = || async {
        let text = today.to_string();
        db::cdr_summaries::days(&app.state.db, &scope, pbx, &url, &text, &text)
            .await
            .unwrap()
            .into_iter()
            .next()
    };
    let four_days = CdrFilter {
        from: (today - time::Duration::days(3)).to_string(),
        to: today.to_string(),
        ..CdrFilter::default()
    };
    let expected = live(today - time::Duration::days(3), today).await;
    assert_eq!(expected.calls, 3 + 4 + 5 + 6 + 2, "{kind:?}");

    // At 18:30 the hours before 17:00 are kept: today's calls of the
    // morning, four rows.
    let evening = statistics_until(&app, &scope, pbx, (&four_days, at(18, 30)), |s| {
        s.summarised_days == 3
    })
    .await;
    assert_eq!(figures(evening), expected, "{kind:?}");
    let kept = kept_today().await.expect("today's hours are kept");
    assert_eq!(
        (kept.through_hour, kept.cdr_rows),
        (Some(17), 4),
        "{kind:?}"
    );

    // What is kept is what the answer adds up: a kept hour changed in the
    // portal's database shows (this once) in the figures.
    sqlx::query("UPDATE cdr_summary_hours SET calls = calls + 100 WHERE day = $1 AND hour = $2")
        .bind(today.to_string())
        .bind(format!("{today} 08"))
        .execute(&app.state.db)
        .await
        .unwrap();
    let one_day = CdrFilter {
        from: today.to_string(),
        to: today.to_string(),
        ..CdrFilter::default()
    };
    let tampered = calls::statistics_at(&app.state, &scope, pbx, &one_day, at(18, 30))
        .await
        .unwrap();
    assert_eq!(
        tampered.calls,
        live(today, today).await.calls + 100,
        "{kind:?}"
    );
    assert!(tampered.hourly);

    // A call that began at 09:30 ends: its row changes the kept hours'
    // count, and they are summarised again.
    place
        .exec(&format!(
            "INSERT INTO cdr ({start}, clid, src, dst, duration, billsec, disposition, \
             uniqueid, linkedid) VALUES ('{today} 09:30:00', '', '1005', '1001', 4000, 3990, \
             'ANSWERED', 'long-1', 'long-1')"
        ))
        .await;
    let expected = live(today, today).await;
    let followed = statistics_until(&app, &scope, pbx, (&one_day, at(18, 40)), |s| {
        s.calls == expected.calls
    })
    .await;
    assert_eq!(figures(followed), expected, "{kind:?}");
    assert_eq!(kept_today().await.map(|d| d.cdr_rows), Some(5), "{kind:?}");

    // An hour later one more hour is kept; the next day, today is
    // summarised whole.
    let later = statistics_until(&app, &scope, pbx, (&one_day, at(19, 45)), |_| true).await;
    assert_eq!(figures(later), expected, "{kind:?}");
    let kept = kept_today().await.unwrap();
    assert_eq!(
        (kept.through_hour, kept.cdr_rows),
        (Some(18), 6),
        "{kind:?}"
    );
    let tomorrow = moment_of(
        PrimitiveDateTime::new(today.next_day().unwrap(), time::macros::time!(00:30)),
        &tenant.time_zone,
    )
    .unwrap();
    let next_day = statistics_until(&app, &scope, pbx, (&one_day, tomorrow), |s| {
        s.summarised_days == 1
    })
    .await;
    assert_eq!(figures(next_day), expected, "{kind:?}");
    let kept = kept_today().await.unwrap();
    assert_eq!((kept.through_hour, kept.cdr_rows), (None, 7), "{kind:?}");
}

/// One test function, run once per CDR table (`<test>::sqlite_asterisk`, …).
macro_rules! on_every_cdr_table {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            use super::Kind;
            #[tokio::test]
            async fn sqlite_asterisk() {
                super::$test(Kind::SqliteAsterisk).await
            }
            #[tokio::test]
            async fn sqlite_freepbx() {
                super::$test(Kind::SqliteFreePbx).await
            }
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

on_every_cdr_table!(
    the_summary_adds_up_what_the_pbx_has,
    todays_finished_hours_are_kept,
);
