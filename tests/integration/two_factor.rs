//! Two-factor sign-in (issue 13): enrolment, the second step, codes used
//! once, recovery codes, throttling, the requirement per tenant and for
//! everyone, and the SUPER_ADMIN's reset.

use axum::http::StatusCode;
use switchboard::model::Role;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::harness::{PASSWORD, Reply, TestApp, json};

const EMAIL: &str = "ada@acme.example";

fn code(secret: &str, at: u64) -> String {
    let bytes = Secret::Encoded(secret.replace(' ', "")).to_bytes().unwrap();
    TOTP::new_unchecked(Algorithm::SHA1, 6, 0, 30, bytes, None, String::new()).generate(at)
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn problem(reply: &Reply, field: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(&reply.body).unwrap_or_default();
    value["detail"]
        .as_array()
        .and_then(|problems| problems.iter().find(|p| p["field"] == field))
        .map(|p| p["problem"]["code"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

async fn signed_in_as(app: &TestApp, cookie: &str) -> Option<String> {
    let reply = app.form("/api/auth/me", &[], Some(cookie)).await;
    json(&reply)["email"].as_str().map(str::to_owned)
}

/// Enrols `cookie`'s user; returns the secret and the recovery codes.
async fn enrol(app: &TestApp, cookie: &str) -> (String, Vec<String>) {
    let begun = app.form("/api/two_factor/begin", &[], Some(cookie)).await;
    assert_eq!(begun.status, StatusCode::OK, "{}", begun.body);
    let secret = json(&begun)["secret"].as_str().unwrap().replace(' ', "");
    assert!(json(&begun)["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let wrong = app
        .form(
            "/api/two_factor/confirm",
            &[("code", "000000")],
            Some(cookie),
        )
        .await;
    assert_eq!(problem(&wrong, "code"), "wrong_code");
    let confirmed = app
        .form(
            "/api/two_factor/confirm",
            &[("code", &code(&secret, now()))],
            Some(cookie),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    let codes = app
        .form("/api/two_factor/recovery_codes", &[], Some(cookie))
        .await;
    let codes: Vec<String> = serde_json::from_str(&codes.body).unwrap();
    (secret, codes)
}

async fn user(app: &TestApp) -> (i64, i64) {
    let tenant = app.add_tenant("Acme").await;
    let id = app.add_user(Some(tenant), EMAIL, Role::TenantAdmin).await;
    (tenant, id)
}

#[tokio::test]
async fn an_enrolled_user_signs_in_with_a_code_used_once() {
    let app = TestApp::new().await;
    user(&app).await;
    let cookie = app.sign_in(EMAIL, PASSWORD).await;
    let (secret, codes) = enrol(&app, &cookie).await;
    assert_eq!(codes.len(), 10);
    // Shown once.
    let again = app
        .form("/api/two_factor/recovery_codes", &[], Some(&cookie))
        .await;
    assert_eq!(again.body, "[]");
    let status = app.form("/api/two_factor/status", &[], Some(&cookie)).await;
    assert_eq!(json(&status)["enrolled"], true);
    assert_eq!(json(&status)["recovery_left"], 10);
    // A session alone cannot move it to another phone.
    let again = app.form("/api/two_factor/begin", &[], Some(&cookie)).await;
    assert_eq!(
        problem(&again, "code"),
        "already_enrolled",
        "{}",
        again.body
    );

    // The secret is sealed: neither it nor a code is in the database.
    let stored: Vec<u8> =
        sqlx::query_scalar("SELECT totp_secret_sealed FROM users WHERE email = $1")
            .bind(EMAIL)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert!(!String::from_utf8_lossy(&stored).contains(&secret));

    // The password alone no longer signs in.
    let pending = app.sign_in(EMAIL, PASSWORD).await;
    assert_eq!(signed_in_as(&app, &pending).await, None);
    let users = app.form("/api/users/list", &[], Some(&pending)).await;
    assert_eq!(users.status, StatusCode::UNAUTHORIZED);
    let step = app
        .form("/api/two_factor/second_step", &[], Some(&pending))
        .await;
    assert_eq!(json(&step)["Code"]["email"], EMAIL, "{}", step.body);

    // The code that confirmed the enrolment was used: refused again.
    let reused = app
        .form(
            "/api/two_factor/verify",
            &[("code", &code(&secret, now()))],
            Some(&pending),
        )
        .await;
    assert_eq!(problem(&reused, "code"), "wrong_code", "{}", reused.body);
    assert_eq!(signed_in_as(&app, &pending).await, None);
    // The next step's code signs in...
    let next = code(&secret, now() + 30);
    let reply = app
        .form("/api/two_factor/verify", &[("code", &next)], Some(&pending))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let signed = reply.session_cookie().unwrap_or(pending);
    assert_eq!(signed_in_as(&app, &signed).await.as_deref(), Some(EMAIL));
    // ...once.
    let other = app.sign_in(EMAIL, PASSWORD).await;
    let replay = app
        .form("/api/two_factor/verify", &[("code", &next)], Some(&other))
        .await;
    assert_eq!(problem(&replay, "code"), "wrong_code");
    assert_eq!(signed_in_as(&app, &other).await, None);
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    let app = TestApp::new().await;
    user(&app).await;
    let cookie = app.sign_in(EMAIL, PASSWORD).await;
    let (_, codes) = enrol(&app, &cookie).await;
    let typed = codes[3].to_uppercase();
    let pending = app.sign_in(EMAIL, PASSWORD).await;
    let reply = app
        .form(
            "/api/two_factor/verify",
            &[("code", &typed)],
            Some(&pending),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let signed = reply.session_cookie().unwrap_or(pending);
    assert_eq!(signed_in_as(&app, &signed).await.as_deref(), Some(EMAIL));
    let status = app.form("/api/two_factor/status", &[], Some(&signed)).await;
    assert_eq!(json(&status)["recovery_left"], 9);

    let pending = app.sign_in(EMAIL, PASSWORD).await;
    let reply = app
        .form(
            "/api/two_factor/verify",
            &[("code", &typed)],
            Some(&pending),
        )
        .await;
    assert_eq!(problem(&reply, "code"), "wrong_code");
    assert_eq!(signed_in_as(&app, &pending).await, None);
}

#[tokio::test]
async fn codes_are_throttled_like_passwords() {
    let app = TestApp::new().await;
    user(&app).await;
    let cookie = app.sign_in(EMAIL, PASSWORD).await;
    let (secret, _) = enrol(&app, &cookie).await;
    let pending = app.sign_in(EMAIL, PASSWORD).await;
    // Five wrong codes are checked (the wrong one at enrolment was
    // forgotten when the right one came), the sixth is not.
    for _ in 0..5 {
        let reply = app
            .form(
                "/api/two_factor/verify",
                &[("code", "123456")],
                Some(&pending),
            )
            .await;
        assert_eq!(problem(&reply, "code"), "wrong_code", "{}", reply.body);
    }
    let reply = app
        .form(
            "/api/two_factor/verify",
            &[("code", "123456")],
            Some(&pending),
        )
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    // Even the right code waits now.
    let reply = app
        .form(
            "/api/two_factor/verify",
            &[("code", &code(&secret, now() + 30))],
            Some(&pending),
        )
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(signed_in_as(&app, &pending).await, None);
}

#[tokio::test]
async fn a_requirement_enrols_at_sign_in_and_a_reset_is_audited() {
    let app = TestApp::new().await;
    let (tenant, user_id) = user(&app).await;
    app.add_user(None, "root@switchboard.example", Role::SuperAdmin)
        .await;
    let root = app.sign_in("root@switchboard.example", PASSWORD).await;
    let reply = app
        .form(
            "/api/two_factor/require_for_tenant",
            &[("id", &tenant.to_string()), ("required", "true")],
            Some(&root),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    // Required and not enrolled: the password leads to the enrolment.
    let pending = app.sign_in(EMAIL, PASSWORD).await;
    assert_eq!(signed_in_as(&app, &pending).await, None);
    let step = app
        .form("/api/two_factor/second_step", &[], Some(&pending))
        .await;
    let secret = json(&step)["Enrol"]["enrolment"]["secret"]
        .as_str()
        .expect(&step.body)
        .replace(' ', "");
    let reply = app
        .form(
            "/api/two_factor/verify",
            &[("code", &code(&secret, now()))],
            Some(&pending),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let signed = reply.session_cookie().unwrap_or(pending);
    assert_eq!(signed_in_as(&app, &signed).await.as_deref(), Some(EMAIL));
    let codes = app
        .form("/api/two_factor/recovery_codes", &[], Some(&signed))
        .await;
    assert_eq!(
        serde_json::from_str::<Vec<String>>(&codes.body)
            .unwrap()
            .len(),
        10
    );
    // Required: it cannot be turned off.
    let off = app
        .form(
            "/api/two_factor/disable",
            &[("code", &code(&secret, now() + 30))],
            Some(&signed),
        )
        .await;
    assert_eq!(problem(&off, "code"), "two_factor_required");

    // A lost phone: the super admin resets it, and the log says who did.
    let reply = app
        .form(
            "/api/two_factor/reset",
            &[("user_id", &user_id.to_string())],
            Some(&root),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let log = app.form("/api/audit/list", &[], Some(&root)).await;
    let entries = json(&log)["items"].as_array().cloned().unwrap_or_default();
    let reset = entries
        .iter()
        .find(|e| e["object_label"] == EMAIL && e["user_email"] == "root@switchboard.example")
        .unwrap_or_else(|| panic!("no audit entry: {}", log.body));
    let side = |key: &str| -> serde_json::Value {
        serde_json::from_str(reset[key].as_str().unwrap_or("null")).unwrap()
    };
    assert_eq!(side("before")["two_factor"], true, "{reset}");
    assert_eq!(side("after")["two_factor"], false, "{reset}");
    // Still required: the next sign-in enrols again.
    let pending = app.sign_in(EMAIL, PASSWORD).await;
    let step = app
        .form("/api/two_factor/second_step", &[], Some(&pending))
        .await;
    assert!(json(&step)["Enrol"].is_object(), "{}", step.body);
}

#[tokio::test]
async fn required_for_everyone_covers_users_of_every_tenant_and_none() {
    let app = TestApp::new().await;
    user(&app).await;
    app.add_user(None, "root@switchboard.example", Role::SuperAdmin)
        .await;
    let root = app.sign_in("root@switchboard.example", PASSWORD).await;
    let reply = app
        .form(
            "/api/two_factor/set_policy",
            &[("required_for_everyone", "true")],
            Some(&root),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    for email in [EMAIL, "root@switchboard.example"] {
        let pending = app.sign_in(email, PASSWORD).await;
        assert_eq!(signed_in_as(&app, &pending).await, None, "{email}");
        let step = app
            .form("/api/two_factor/second_step", &[], Some(&pending))
            .await;
        assert!(json(&step)["Enrol"].is_object(), "{email}: {}", step.body);
    }
    // The session that set it goes on.
    assert!(signed_in_as(&app, &root).await.is_some());
}
