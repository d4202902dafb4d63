//! Recordings against the sandbox Asterisk's ARI: files placed in its
//! recording spool are found by a sync once, matched to their call (by the
//! CDR or the file name), flagged when empty, marked gone when removed,
//! served with Range support to their tenant only, and deleted by
//! retention only as the preview showed.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use switchboard::model::{
    MatchedBy, PbxConnectionForm, Recording, RecordingList, Role, SecretInput,
};
use switchboard::server::db;
use switchboard::server::scope::{Scope, TenantScope};
use switchboard::server::services::recordings::sync;

use crate::harness::{HOST, PASSWORD, Sandbox, TestApp, json, realtime_exec};

/// The tests here share the sandbox's recording spool, and each counts
/// what a sync finds there: one at a time.
static SPOOL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A PCM WAV of `seconds` at 8 kHz, 16 bit, its samples not all alike.
fn wav(seconds: u32) -> Vec<u8> {
    let data = 16_000 * seconds;
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(36 + data).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&[1, 0, 1, 0]);
    out.extend_from_slice(&8000u32.to_le_bytes());
    out.extend_from_slice(&16_000u32.to_le_bytes());
    out.extend_from_slice(&[2, 0, 16, 0]);
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data.to_le_bytes());
    out.extend((0..data).map(|i| (i % 251) as u8));
    out
}

/// The recording `name` as the list shows it, narrowed to its call
/// (`uniqueid`): the spool also holds other runs' recordings, and the list
/// is paged.
async fn listed(
    app: &TestApp,
    cookie: &str,
    pbx: i64,
    (uniqueid, name): (&str, &str),
    show_empty: bool,
) -> Option<Recording> {
    let reply = app
        .form(
            "/api/recordings/list",
            &[
                ("pbx_connection_id", &pbx.to_string()),
                (
                    "filter[show_empty]",
                    if show_empty { "true" } else { "false" },
                ),
                ("filter[call]", uniqueid),
            ],
            Some(cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let list: RecordingList = serde_json::from_value(json(&reply)).unwrap();
    list.page.items.into_iter().find(|r| r.name == name)
}

async fn audio(
    app: &TestApp,
    id: i64,
    cookie: Option<&str>,
    range: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::get(format!("/api/audio/{id}")).header(header::HOST, HOST);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    if let Some(range) = range {
        request = request.header(header::RANGE, range);
    }
    app.request_bytes(request.body(Body::empty()).unwrap())
        .await
}

/// Tenant "Acme" and its TENANT_ADMIN admin@acme.example: the scope.
async fn acme(app: &TestApp) -> Scope {
    let tenant = app.add_tenant("Acme").await;
    let admin = app
        .add_user(Some(tenant), "admin@acme.example", Role::TenantAdmin)
        .await;
    Scope {
        user_id: admin,
        role: Role::TenantAdmin,
        tenant: TenantScope::One(tenant),
    }
}

/// A connection of the scope's tenant to ARI on `ari_port` with
/// `password`; its id and its target (secrets opened).
async fn connect(
    app: &TestApp,
    scope: &Scope,
    sandbox: &Sandbox,
    (ari_port, password): (u16, &str),
    realtime_db_url: &str,
) -> (i64, switchboard::server::asterisk::PbxTarget) {
    let TenantScope::One(tenant) = scope.tenant else {
        unreachable!("a tenant's scope")
    };
    let form = PbxConnectionForm {
        name: format!(
            "ARI on {ari_port}, {} password",
            if password == sandbox.ari_password {
                "its"
            } else {
                "another"
            }
        ),
        ari_port,
        ari_username: sandbox.ari_user.clone(),
        ari_password: SecretInput::new(password),
        realtime_db_url: realtime_db_url.into(),
        cdr_db_url: realtime_db_url.into(),
        ..Default::default()
    };
    let pbx = db::pbx::save(
        &app.state.db,
        scope,
        &app.state.keyring,
        tenant,
        &form,
        &[],
        &[],
    )
    .await
    .unwrap();
    let target = switchboard::server::services::connections::target(&app.state, scope, pbx)
        .await
        .unwrap();
    (pbx, target)
}

#[tokio::test]
async fn recordings_are_synced_once_played_in_ranges_and_kept_to_their_tenant() {
    let sandbox = crate::harness::sandbox();
    let _spool = SPOOL.lock().await;
    let app = TestApp::new().await;
    let scope = acme(&app).await;
    let TenantScope::One(tenant_a) = scope.tenant else {
        unreachable!()
    };
    let tenant_b = app.add_tenant("Globex").await;
    app.add_user(Some(tenant_b), "admin@globex.example", Role::TenantAdmin)
        .await;
    let cdr_url = app.realtime_db("acme-cdr").await;
    let ari = (sandbox.ari_port, sandbox.ari_password.as_str());
    let (pbx, target) = connect(&app, &scope, &sandbox, ari, &cdr_url).await;

    // Three files in the PBX's recording spool: a MixMonitor-style one whose
    // call is in the CDR (ten days ago), a FreePBX-style one named after
    // its call (today), and an empty one.
    let spool = sandbox.root.join("var/spool/asterisk/recording");
    let tag = std::process::id() * 1000
        + (std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_millis());
    let epoch = switchboard::server::db::now() - 10 * 86_400;
    let old_id = format!("{epoch}.{tag}");
    let today = time::OffsetDateTime::now_utc().date();
    let stamp = format!(
        "{:04}{:02}{:02}",
        today.year(),
        today.month() as u8,
        today.day()
    );
    let young_id = format!("{}.{tag}", epoch + 1);
    let young_name = format!("external-2001-5551234-{stamp}-093000-{young_id}");
    let empty_id = format!("{}.{tag}", epoch + 2);
    let empty_name = format!("empty-{empty_id}");
    let old_bytes = wav(2);
    std::fs::write(spool.join(format!("{old_id}.wav")), &old_bytes).unwrap();
    std::fs::write(spool.join(format!("{young_name}.wav")), wav(1)).unwrap();
    std::fs::write(spool.join(format!("{empty_name}.wav")), b"").unwrap();
    realtime_exec(
        &cdr_url,
        &format!(
            "INSERT INTO cdr (start, src, dst, duration, billsec, disposition, uniqueid, linkedid) \
             VALUES ('2026-11-21 10:00:00', '1001', '2002', 5, 3, 'ANSWERED', '{old_id}', '{old_id}')"
        ),
    )
    .await;

    let first = sync::run(&app.state, &scope, &target).await;
    assert_eq!(first.error, None, "{first:?}");
    assert!(first.added >= 3 && first.found >= 3, "{first:?}");
    let acme = app.sign_in("admin@acme.example", PASSWORD).await;
    let globex = app.sign_in("admin@globex.example", PASSWORD).await;
    let old = listed(&app, &acme, pbx, (&old_id, &old_id), false)
        .await
        .expect("the CDR-matched recording is listed");
    assert_eq!(old.matched_by, MatchedBy::Cdr);
    assert_eq!(
        (old.source.as_str(), old.destination.as_str()),
        ("1001", "2002")
    );
    assert_eq!(old.started_at, "2026-11-21 10:00:00");
    assert_eq!(old.duration_ms, Some(2_000));
    assert_eq!(old.size_bytes, old_bytes.len() as u64);
    let young = listed(&app, &acme, pbx, (&young_id, &young_name), false)
        .await
        .expect("the FreePBX-named recording is listed");
    assert_eq!(young.matched_by, MatchedBy::FileName);
    assert_eq!(
        (young.source.as_str(), young.destination.as_str()),
        ("5551234", "2001")
    );
    assert!(young.started_at.ends_with(" 09:30:00"), "{young:?}");
    // Empty recordings are flagged and hidden unless asked for.
    let empty = (empty_id.as_str(), empty_name.as_str());
    assert!(listed(&app, &acme, pbx, empty, false).await.is_none());
    let shown = listed(&app, &acme, pbx, empty, true).await;
    assert!(shown.is_some_and(|r| r.empty));
    // Another tenant's admin cannot even list this PBX.
    let refused = app
        .form(
            "/api/recordings/list",
            &[("pbx_connection_id", &pbx.to_string())],
            Some(&globex),
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // A second sync adds nothing.
    let second = sync::run(&app.state, &scope, &target).await;
    assert_eq!(
        (second.added, second.failed, second.error.clone()),
        (0, 0, None),
        "{second:?}"
    );

    // Played whole, and in ranges (seeking), by its tenant only.
    let (status, headers, body) = audio(&app, old.id, Some(&acme), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "audio/wav");
    assert_eq!(body, old_bytes);
    let (status, headers, body) = audio(&app, old.id, Some(&acme), Some("bytes=1000-1999")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        headers[header::CONTENT_RANGE],
        format!("bytes 1000-1999/{}", old_bytes.len())
    );
    assert_eq!(body, &old_bytes[1000..2000]);
    let (_, _, missing) = audio(&app, i64::MAX, Some(&acme), None).await;
    for cookie in [Some(globex.as_str()), None] {
        let (status, _, body) = audio(&app, old.id, cookie, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            body, missing,
            "the same 404 as for an id that does not exist"
        );
    }

    // Removed on the PBX: marked gone, no longer listed or served.
    std::fs::remove_file(spool.join(format!("{young_name}.wav"))).unwrap();
    let third = sync::run(&app.state, &scope, &target).await;
    assert!(third.gone >= 1, "{third:?}");
    let young_key = (young_id.as_str(), young_name.as_str());
    assert!(listed(&app, &acme, pbx, young_key, false).await.is_none());
    let (status, _, _) = audio(&app, young.id, Some(&acme), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Retention (1 day): the preview names the old recording and not the
    // young one; deleting what it showed removes it on the PBX too, and a
    // young id slipped into the request stays.
    std::fs::write(spool.join(format!("{young_name}.wav")), wav(1)).unwrap();
    sync::run(&app.state, &scope, &target).await;
    let set = app
        .form(
            "/api/recordings/set_retention",
            &[("tenant_id", &tenant_a.to_string()), ("days", "1")],
            Some(&acme),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let plan = app
        .form(
            "/api/recordings/preview_retention",
            &[("tenant_id", &tenant_a.to_string())],
            Some(&acme),
        )
        .await;
    let plan: switchboard::model::RetentionPlan = serde_json::from_value(json(&plan)).unwrap();
    let planned: Vec<i64> = plan.recordings.iter().map(|r| r.id).collect();
    assert!(planned.contains(&old.id), "{plan:?}");
    assert!(!planned.contains(&young.id), "{plan:?}");
    let applied = app
        .form(
            "/api/recordings/apply_retention",
            &[
                ("tenant_id", &tenant_a.to_string()),
                ("shown[0]", &old.id.to_string()),
                ("shown[1]", &young.id.to_string()),
            ],
            Some(&acme),
        )
        .await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    assert_eq!(json(&applied)["deleted"], 1);
    assert!(
        !spool.join(format!("{old_id}.wav")).exists(),
        "deleted on the PBX"
    );
    assert!(spool.join(format!("{young_name}.wav")).exists());
    let audit = app
        .form("/api/audit/list", &[("filter[page]", "1")], Some(&acme))
        .await;
    assert!(
        audit.body.contains("\"object\":\"recording\""),
        "{}",
        audit.body
    );
    // Deleted recordings are not found again by the next sync.
    let after = sync::run(&app.state, &scope, &target).await;
    assert_eq!(after.added, 0, "{after:?}");

    for name in [&young_name, &empty_name] {
        let _ = std::fs::remove_file(spool.join(format!("{name}.wav")));
    }
}

#[tokio::test]
async fn the_audio_cache_keeps_to_its_limit_least_recently_played_first() {
    use switchboard::error::AppError;
    use switchboard::server::asterisk::ari::Ari;
    use switchboard::server::recordings::cache::{AudioCache, CacheMiss};
    let sandbox = crate::harness::sandbox();
    let _spool = SPOOL.lock().await;
    let app = TestApp::new().await;
    let scope = acme(&app).await;
    let url = app.realtime_db("cache").await;
    let sandbox_ari = (sandbox.ari_port, sandbox.ari_password.as_str());
    let (pbx, target) = connect(&app, &scope, &sandbox, sandbox_ari, &url).await;
    let ari = async || Ari::open(&target).await.map_err(AppError::Pbx);
    let spool = sandbox.root.join("var/spool/asterisk/recording");
    let tag = std::process::id();
    // Three 32 kB recordings, a cache of 70 kB: two fit.
    let names: Vec<String> = (0..3).map(|i| format!("cache-{tag}-{i}")).collect();
    for name in &names {
        std::fs::write(spool.join(format!("{name}.wav")), wav(2)).unwrap();
    }
    sync::run(&app.state, &scope, &target).await;
    // By id: the spool also holds other runs' recordings.
    let known = db::recordings::known(&app.state.db, &scope, pbx)
        .await
        .unwrap();
    let mut ours = Vec::new();
    for name in &names {
        let (id, _) = known[&(name.clone(), "wav".to_owned())];
        ours.push(
            db::recordings::get(&app.state.db, &scope, id)
                .await
                .unwrap(),
        );
    }
    let recording = |name: &str| ours.iter().find(|r| r.name == name).cloned().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cache = AudioCache::new(dir.path().to_path_buf(), 70_000);
    let first = cache.get(&recording(&names[0]), ari).await.unwrap();
    // Played again later than the second: the first stays, the second goes.
    // A copy in the cache needs no ARI client at all.
    cache.get(&recording(&names[1]), ari).await.unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let no_pbx = async || Err::<Ari, _>(AppError::NotFound);
    cache.get(&recording(&names[0]), no_pbx).await.unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let third = cache.get(&recording(&names[2]), ari).await.unwrap();
    assert!(cache.size().await <= 70_000);
    assert!(first.exists() && third.exists());
    assert_eq!(std::fs::read(&first).unwrap(), wav(2));
    assert!(
        !dir.path()
            .join(format!("{}.audio", recording(&names[1]).id))
            .exists()
    );
    // Larger than the whole cache: not copied, to be streamed instead.
    let small = AudioCache::new(dir.path().join("small"), 1_000);
    assert!(matches!(
        small.get(&recording(&names[0]), ari).await,
        Err(CacheMiss::TooLarge)
    ));
    for name in &names {
        let _ = std::fs::remove_file(spool.join(format!("{name}.wav")));
    }
}

#[tokio::test]
async fn a_failing_sync_says_why_and_is_retried_sooner_each_time_up_to_the_interval() {
    use switchboard::model::CheckProblem;
    let sandbox = crate::harness::sandbox();
    let app = TestApp::new().await;
    let scope = acme(&app).await;
    // A closed port, then the right port with a wrong password.
    let refused = (1, "whatever-password");
    let wrong = (sandbox.ari_port, "not-the-ari-password");
    let mut outcomes = Vec::new();
    for ari in [refused, wrong] {
        let no_cdr = "sqlite:///nonexistent/rt.sqlite3";
        let (pbx, target) = connect(&app, &scope, &sandbox, ari, no_cdr).await;
        let first = sync::run(&app.state, &scope, &target).await;
        let second = sync::run(&app.state, &scope, &target).await;
        // 30 s after the first failure, 60 s after the second.
        let wait =
            |p: &switchboard::model::SyncProgress| p.next_run_at.unwrap() - p.finished_at.unwrap();
        assert_eq!((wait(&first), wait(&second)), (30, 60), "{second:?}");
        outcomes.push((pbx, second.error.clone().unwrap()));
    }
    assert!(
        matches!(outcomes[0].1, CheckProblem::ConnectionRefused { .. }),
        "{:?}",
        outcomes[0]
    );
    assert!(
        matches!(outcomes[1].1, CheckProblem::AuthenticationFailed { .. }),
        "{:?}",
        outcomes[1]
    );
    // The connection's status, as the Settings page reads it, names the cause.
    let cookie = app.sign_in("admin@acme.example", PASSWORD).await;
    let status = app
        .form(
            "/api/recordings/sync_status",
            &[("pbx_connection_id", &outcomes[1].0.to_string())],
            Some(&cookie),
        )
        .await;
    assert_eq!(status.status, StatusCode::OK);
    assert_eq!(
        json(&status)["error"]["code"],
        "authentication_failed",
        "{}",
        status.body
    );
    assert!(!status.body.contains("not-the-ari-password"));
}
