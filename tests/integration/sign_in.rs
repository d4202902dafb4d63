//! First-run setup, sign-in throttling, sessions, cross-site refusal.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use switchboard::model::Role;

use crate::harness::{HOST, ORIGIN, PASSWORD, Payload, TestApp, encode};

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

/// Eight browsers send the right token at once: one first administrator,
/// the others refused (on PostgreSQL too, where nothing serialises them
/// but the token's row).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_setup_token_raced_from_many_browsers_makes_one_administrator() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let token = app.setup_token.clone().expect("a token on first start");
    let attempts = (0..8).map(|i| {
        let app = app.clone();
        let token = token.clone();
        tokio::spawn(async move {
            let email = format!("admin{i}@example.com");
            let form = setup_form(&token, &email);
            app.form("/api/auth/complete_setup", &form, None)
                .await
                .status
        })
    });
    let statuses: Vec<StatusCode> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::NOT_FOUND),
        "{statuses:?}"
    );
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(users, 1);
}

#[tokio::test]
async fn no_setup_token_once_users_exist() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let token = switchboard::server::services::auth::announce_setup_token(&app.state)
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

fn address(last: u8) -> Option<std::net::SocketAddr> {
    Some(std::net::SocketAddr::from(([192, 0, 2, last], 40000)))
}

async fn sign_in_from(app: &TestApp, from: u8, email: &str, password: &str) -> StatusCode {
    app.call_from(
        address(from),
        "/api/auth/sign_in",
        Payload::Form(encode(&[("email", email), ("password", password)])),
        None,
    )
    .await
    .status
}

#[tokio::test]
async fn one_address_cannot_lock_an_account_or_an_office_out() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    for _ in 0..5 {
        assert_eq!(
            sign_in_from(&app, 1, "root@example.com", "guess").await,
            StatusCode::UNAUTHORIZED
        );
    }
    // The guessing address is refused, even with the right password...
    assert_eq!(
        sign_in_from(&app, 1, "root@example.com", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // ...the admin elsewhere is not locked out...
    assert_eq!(
        sign_in_from(&app, 2, "root@example.com", PASSWORD).await,
        StatusCode::OK
    );
    // ...and the office behind the guessing address can still sign in.
    app.add_user(None, "colleague@example.com", Role::SuperAdmin)
        .await;
    assert_eq!(
        sign_in_from(&app, 1, "colleague@example.com", PASSWORD).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_address_guessing_many_emails_is_refused_after_its_own_limit() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let limit = switchboard::server::db::sign_in::MAX_PER_ADDRESS;
    // Recorded as a spray of one failure per email would be, at once.
    for i in 0..limit {
        sqlx::query("INSERT INTO sign_in_failures (email, client_ip, at) VALUES ($1, $2, $3)")
            .bind(format!("user{i}@example.com"))
            .bind("192.0.2.3")
            .bind(switchboard::server::db::now())
            .execute(&app.state.db)
            .await
            .unwrap();
    }
    assert_eq!(
        sign_in_from(&app, 3, "root@example.com", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        sign_in_from(&app, 4, "root@example.com", PASSWORD).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn parallel_guesses_are_counted_before_they_are_checked() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let guesses = (0..30).map(|_| sign_in_from(&app, 5, "root@example.com", "guess"));
    let statuses = futures::future::join_all(guesses).await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(
        (checked, refused),
        (
            switchboard::server::db::sign_in::MAX_PER_PAIR as usize,
            30 - switchboard::server::db::sign_in::MAX_PER_PAIR as usize
        ),
        "{statuses:?}"
    );
    assert_eq!(
        sign_in_from(&app, 5, "root@example.com", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn changing_ones_password_ends_ones_other_sessions() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let laptop = app.sign_in("root@example.com", PASSWORD).await;
    let phone = app.sign_in("root@example.com", PASSWORD).await;
    let reply = app
        .form(
            "/api/auth/change_password",
            &[
                ("current", PASSWORD),
                ("new_password", "a brand new password"),
                ("confirm", "a brand new password"),
            ],
            Some(&laptop),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let laptop = reply
        .session_cookie()
        .expect("the session goes on, renamed");
    let me = app.form("/api/auth/me", &[], Some(&laptop)).await;
    assert!(me.body.contains("root@example.com"), "{}", me.body);
    let other = app.form("/api/auth/me", &[], Some(&phone)).await;
    assert_eq!(other.body, "null", "the other session must have ended");
}

#[tokio::test]
async fn the_language_switch_only_goes_back_to_this_site() {
    let app = TestApp::new().await;
    for next in [
        "//evil.example/x",
        "/%5C%5Cevil.example",
        "/%09/127.0.0.1:43481/x",
        "/%0a/evil.example",
        "/%20/evil.example",
        "https://evil.example",
        "/%E2%80%8B/evil.example",
    ] {
        let reply = app
            .request(
                Request::get(format!("/lang/fr?next={next}"))
                    .header(header::HOST, HOST)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(
            reply.headers.get(header::LOCATION).unwrap(),
            "/",
            "next={next}"
        );
    }
    let reply = app
        .request(
            Request::get("/lang/fr?next=/pbx/1/calls%3Fpage%3D2")
                .header(header::HOST, HOST)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        reply.headers.get(header::LOCATION).unwrap(),
        "/pbx/1/calls?page=2"
    );
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

/// The one way a password is set moves the user's session epoch, whoever
/// sets it: sessions of the old epoch no longer resolve to the user.
#[tokio::test]
async fn setting_a_password_moves_the_session_epoch() {
    use switchboard::server::db;
    let app = TestApp::new().await;
    let id = app
        .add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let before = db::users::session_epoch(&app.state.db, id).await.unwrap();
    assert!(
        db::users::load_identity(&app.state.db, id, before)
            .await
            .unwrap()
            .is_some()
    );
    let hash = switchboard::server::passwords::hash("another long password".into()).await;
    let after = db::users::set_password(&app.state.db, id, &hash)
        .await
        .unwrap();
    assert_eq!(after, before + 1);
    assert!(
        db::users::load_identity(&app.state.db, id, before)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db::users::load_identity(&app.state.db, id, after)
            .await
            .unwrap()
            .is_some()
    );
}

/// A request that changes nothing writes nothing: reads beside a change
/// (the account page's status reads beside "take the recovery codes", a
/// page load during a sign-out) cannot put back what it removed.
#[tokio::test]
async fn a_request_that_changes_nothing_does_not_write_the_session() {
    let app = TestApp::new().await;
    app.add_user(None, "root@example.com", Role::SuperAdmin)
        .await;
    let cookie = app.sign_in("root@example.com", PASSWORD).await;
    let row = || async {
        sqlx::query_as::<_, (Vec<u8>, String)>(
            "SELECT data, CAST(expiry_date AS TEXT) FROM tower_sessions",
        )
        .fetch_all(&app.state.db)
        .await
        .unwrap()
    };
    let before = row().await;
    assert_eq!(before.len(), 1);
    // The expiry is kept in seconds: a write now would move it.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    for _ in 0..3 {
        let me = app.form("/api/auth/me", &[], Some(&cookie)).await;
        assert!(me.body.contains("root@example.com"), "{}", me.body);
    }
    assert_eq!(row().await, before);
    // Signed out: gone, and a read with the old cookie brings nothing back.
    app.form("/api/auth/sign_out", &[], Some(&cookie)).await;
    let after = app.form("/api/auth/me", &[], Some(&cookie)).await;
    assert_eq!(after.body, "null");
    assert!(row().await.is_empty());
}
