//! First-run setup, sign-in throttling, sessions, cross-site refusal.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use switchboard::model::Role;

use crate::harness::{HOST, ORIGIN, PASSWORD, TestApp};

fn setup_form<'a>(token: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("token", token),
        ("email", email),
        ("display_name", "First Admin"),
        ("password", "a long first password"),
    ]
}

#[tokio::test]
async fn setup_token_works_once_and_setup_is_gone_afterwards() {
    let app = TestApp::new().await;
    let token = app.setup_token.clone().expect("a token on first start");

    let wrong = app
        .form(
            "/api/auth/complete_setup",
            &setup_form("not-the-token", "a@example.com"),
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("invalid_setup_token"), "{}", wrong.body);

    let first = app
        .form(
            "/api/auth/complete_setup",
            &setup_form(&token, "a@example.com"),
            None,
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let cookie = first.session_cookie().expect("signed in after setup");
    let me = app.form("/api/auth/me", &[], Some(&cookie)).await;
    assert!(me.body.contains("SUPER_ADMIN"), "{}", me.body);

    let again = app
        .form(
            "/api/auth/complete_setup",
            &setup_form(&token, "b@example.com"),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let state = app.form("/api/auth/setup_state", &[], None).await;
    assert!(state.body.contains("Done"), "{}", state.body);
}

#[tokio::test]
async fn no_setup_token_once_users_exist() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let token = switchboard::server::run::announce_setup_token(&app.state)
        .await
        .unwrap();
    assert_eq!(token, None);
}

#[tokio::test]
async fn repeated_failures_are_refused_for_a_while_even_with_the_right_password() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    for attempt in 0..5 {
        let reply = app
            .form(
                "/api/auth/sign_in",
                &[("email", "root@example.com"), ("password", "guess")],
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let reply = app
        .form(
            "/api/auth/sign_in",
            &[("email", "root@example.com"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("retry_after_secs"), "{}", reply.body);
    assert!(reply.session_cookie().is_none());
}

#[tokio::test]
async fn failures_from_one_address_are_throttled_across_emails() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    for i in 0..5 {
        let email = format!("user{i}@example.com");
        app.form(
            "/api/auth/sign_in",
            &[("email", &email), ("password", "guess")],
            None,
        )
        .await;
    }
    let reply = app
        .form(
            "/api/auth/sign_in",
            &[("email", "root@example.com"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn sign_in_rotates_the_session_id_and_sign_out_deletes_it() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let first = app.sign_in("root@example.com", PASSWORD).await;
    // Signing in again from the same session must give a new id.
    let reply = app
        .form(
            "/api/auth/sign_in",
            &[("email", "root@example.com"), ("password", PASSWORD)],
            Some(&first),
        )
        .await;
    let second = reply.session_cookie().expect("a new session cookie");
    assert_ne!(first, second);
    let old = app.form("/api/auth/me", &[], Some(&first)).await;
    assert_eq!(old.body, "null", "the old session id must be dead");

    let out = app.form("/api/auth/sign_out", &[], Some(&second)).await;
    assert_eq!(out.status, StatusCode::OK);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tower_sessions")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(count, 0, "sign-out must delete the session server-side");
    let me = app.form("/api/auth/me", &[], Some(&second)).await;
    assert_eq!(me.body, "null");
}

#[tokio::test]
async fn session_cookie_is_http_only_and_same_site_lax() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let reply = app
        .form(
            "/api/auth/sign_in",
            &[("email", "root@example.com"), ("password", PASSWORD)],
            None,
        )
        .await;
    let cookie = reply
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        cookie.contains("Max-Age=28800"),
        "8 h idle expiry: {cookie}"
    );
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let cookie = app.sign_in("root@example.com", PASSWORD).await;
    for origin in [Some("http://evil.example"), Some("null"), None] {
        let mut request = Request::post("/api/tenants/create")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie);
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        let reply = app
            .request(request.body(Body::from("name=Evil")).unwrap())
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "origin {origin:?}");
        assert!(reply.body.contains("cross_site"));
    }
    let tenants: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tenants")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(tenants, 0);
    // A same-origin Referer alone is accepted (some browsers omit Origin).
    let request = Request::post("/api/tenants/create")
        .header(header::HOST, HOST)
        .header(header::REFERER, format!("{ORIGIN}/tenants"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .body(Body::from("name=Fine"))
        .unwrap();
    assert_eq!(app.request(request).await.status, StatusCode::OK);
}

#[tokio::test]
async fn duplicate_emails_get_a_field_error_naming_the_email() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let tenant = app.add_tenant("Tenant A").await;
    let cookie = app.sign_in("root@example.com", PASSWORD).await;
    let reply = app
        .form(
            "/api/users/create",
            &[
                ("tenant_id", &tenant.to_string()),
                ("email", "ROOT@example.com"),
                ("display_name", "Copy"),
                ("role", "READ_ONLY"),
                ("password", "long enough password"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error: switchboard::error::AppError = serde_json::from_str(&reply.body).unwrap();
    let problem = error.problem_for("email").expect("an email problem");
    assert_eq!(
        switchboard::i18n::describe_problem(switchboard::i18n::Lang::En, problem),
        "Email 'root@example.com' is already in use"
    );
}

#[tokio::test]
async fn users_change_their_own_password() {
    let app = TestApp::new().await;
    let tenant = app.add_tenant("Tenant A").await;
    app.add_user(Some(tenant), "reader@example.com", Role::ReadOnly)
        .await;
    let cookie = app.sign_in("reader@example.com", PASSWORD).await;
    let wrong = app
        .form(
            "/api/auth/change_password",
            &[
                ("current", "not it"),
                ("new_password", "a brand new password"),
                ("confirm", "a brand new password"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("wrong_current_password"));
    let ok = app
        .form(
            "/api/auth/change_password",
            &[
                ("current", PASSWORD),
                ("new_password", "a brand new password"),
                ("confirm", "a brand new password"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let new_cookie = ok.session_cookie().expect("session id rotated");
    app.form("/api/auth/sign_out", &[], Some(&new_cookie)).await;
    app.sign_in("reader@example.com", "a brand new password")
        .await;
}

#[tokio::test]
async fn malformed_arguments_are_a_bad_request() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let cookie = app.sign_in("root@example.com", PASSWORD).await;
    let reply = app
        .form(
            "/api/tenants/rename",
            &[("id", "not-a-number"), ("name", "x")],
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.body.contains("bad_request"), "{}", reply.body);
}
