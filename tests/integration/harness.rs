use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use switchboard::model::Role;
use switchboard::server::config::Config;
use switchboard::server::db;
use switchboard::server::passwords;
use switchboard::server::run::{build_state, router};
use switchboard::server::services::auth::announce_setup_token;
use switchboard::server::state::AppState;
use tower::ServiceExt;

pub const ORIGIN: &str = "http://switchboard.test";
pub const HOST: &str = "switchboard.test";
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub setup_token: Option<String>,
    _dir: tempfile::TempDir,
    /// PBX Realtime databases live outside the data directory, as in life.
    pbx_dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// The session cookie this reply set, as a `Cookie` header value.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("switchboard_session="))
            .map(|c| c.split(';').next().unwrap_or_default().to_owned())
    }
}

pub enum Payload {
    Form(String),
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with_config(|_| {}).await
    }

    /// An app whose configuration `adjust` changed (the target policy, ...).
    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let pbx_dir = tempfile::tempdir().unwrap();
        let mut config = Config::for_tests(dir.path().to_path_buf());
        config.realtime_dir = Some(pbx_dir.path().to_path_buf());
        config.database_url = portal_database().await;
        adjust(&mut config);
        let state = build_state(config).await.unwrap();
        let setup_token = announce_setup_token(&state).await.unwrap();
        let router = router(state.clone()).await.unwrap();
        TestApp {
            router,
            state,
            setup_token,
            _dir: dir,
            pbx_dir,
        }
    }

    /// A path in the directory PBX databases may live in (resolved).
    pub fn pbx_path(&self, name: &str) -> std::path::PathBuf {
        std::fs::canonicalize(self.pbx_dir.path())
            .unwrap()
            .join(name)
    }

    /// The URL of a Realtime database in that directory (not created).
    pub fn realtime_url(&self, name: &str) -> String {
        format!("sqlite://{}", self.pbx_path(name).display())
    }

    /// A fresh PBX Realtime database with Asterisk's schema; its URL.
    pub async fn realtime_db(&self, name: &str) -> String {
        use sqlx::ConnectOptions;
        let path = self.pbx_path(&format!("{name}.sqlite3"));
        let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        switchboard::server::realtime::create_schema(&mut connection)
            .await
            .unwrap();
        format!("sqlite://{}", path.display())
    }

    /// A PBX connection of `tenant_id` on a fresh Realtime database, AMI on
    /// a refused port (lists then say the live state is unavailable).
    pub async fn add_pbx(&self, tenant_id: i64, name: &str) -> (i64, String) {
        let url = self.realtime_db(name).await;
        let id = self.add_pbx_with_cdr(tenant_id, name, &url, &url, "").await;
        (id, url)
    }

    /// A PBX connection as `add_pbx` makes it, its Realtime database and
    /// call history at the URLs given (`cdr_password` sealed as the form's
    /// would be; empty: none).
    pub async fn add_pbx_with_cdr(
        &self,
        tenant_id: i64,
        name: &str,
        realtime_url: &str,
        cdr_url: &str,
        cdr_password: &str,
    ) -> i64 {
        // Saved "by" the first user: add a user before a PBX.
        let first_user: i64 = sqlx::query_scalar("SELECT MIN(id) FROM users")
            .fetch_one(&self.state.db)
            .await
            .unwrap();
        let root = switchboard::server::scope::Scope {
            user_id: first_user,
            role: Role::SuperAdmin,
            tenant: switchboard::server::scope::TenantScope::All,
        };
        let form = switchboard::model::PbxConnectionForm {
            name: name.to_owned(),
            ami_port: 1,
            ami_username: "switchboard".into(),
            ami_secret: switchboard::model::SecretInput::new("ami-secret-value"),
            ari_port: 1,
            ari_username: "switchboard".into(),
            ari_password: switchboard::model::SecretInput::new("ari-password-value"),
            realtime_db_url: realtime_url.to_owned(),
            cdr_db_url: cdr_url.to_owned(),
            cdr_db_password: switchboard::model::SecretInput::new(cdr_password),
            ..Default::default()
        };
        db::pbx::save(
            &self.state.db,
            &root,
            &self.state.keyring,
            tenant_id,
            &form,
            &[],
            &[],
        )
        .await
        .unwrap()
    }

    pub async fn request(&self, request: Request<Body>) -> Reply {
        let (status, headers, bytes) = self.request_bytes(request).await;
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// The reply with its body as sent (audio, not text).
    pub async fn request_bytes(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, bytes.to_vec())
    }

    /// Calls a server function the way the browser's fetch does.
    pub async fn call(&self, path: &str, payload: Payload, cookie: Option<&str>) -> Reply {
        self.call_from(None, path, payload, cookie).await
    }

    /// The same, from the client address `from` (the sign-in throttle's key).
    pub async fn call_from(
        &self,
        from: Option<std::net::SocketAddr>,
        path: &str,
        payload: Payload,
        cookie: Option<&str>,
    ) -> Reply {
        let Payload::Form(body) = payload;
        let content_type = "application/x-www-form-urlencoded";
        let mut request = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ACCEPT, "application/json");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if let Some(from) = from {
            request = request.extension(axum::extract::ConnectInfo(from));
        }
        self.request(request.body(Body::from(body)).unwrap()).await
    }

    pub async fn form(&self, path: &str, pairs: &[(&str, &str)], cookie: Option<&str>) -> Reply {
        self.call(path, Payload::Form(encode(pairs)), cookie).await
    }

    /// Signs in and returns the session cookie.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let reply = self
            .form(
                "/api/auth/sign_in",
                &[("email", email), ("password", password)],
                None,
            )
            .await;
        assert!(
            reply.status.is_success(),
            "sign-in of {email}: {} {}",
            reply.status,
            reply.body
        );
        reply.session_cookie().expect("a session cookie")
    }

    pub async fn add_tenant(&self, name: &str) -> i64 {
        db::tenants::create(&self.state.db, name).await.unwrap().id
    }

    pub async fn add_user(&self, tenant_id: Option<i64>, email: &str, role: Role) -> i64 {
        let hash = passwords::hash(PASSWORD.into()).await;
        db::users::insert(
            &self.state.db,
            db::users::NewUser {
                tenant_id,
                email,
                display_name: email.split('@').next().unwrap(),
                password_hash: &hash,
                role,
            },
        )
        .await
        .unwrap()
    }
}

/// The portal database of a new app: `None` (a SQLite file in its data
/// directory) unless `SWITCHBOARD_TEST_PORTAL=postgres`, where each app
/// gets a fresh database on the sandbox PostgreSQL (`scripts/pbx-databases
/// env`), created by its admin role, which then owns it as a portal's
/// user would. The first app of a run drops the databases runs before
/// it left.
pub async fn portal_database() -> Option<String> {
    use sqlx::{ConnectOptions, Executor};
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    match std::env::var("SWITCHBOARD_TEST_PORTAL").as_deref() {
        Ok("postgres") => {}
        Ok("") | Ok("sqlite") | Err(_) => return None,
        Ok(other) => panic!("SWITCHBOARD_TEST_PORTAL={other}: sqlite or postgres"),
    }
    let admin_url = std::env::var("SANDBOX_PG_ADMIN_URL")
        .expect("SWITCHBOARD_TEST_PORTAL=postgres needs `eval \"$(scripts/pbx-databases env)\"`");
    let admin: sqlx::postgres::PgConnectOptions = admin_url.parse().unwrap();
    let mut connection = admin.connect().await.unwrap();
    let prefix = format!("sbtest_portal_{}_", std::process::id());
    SWEPT
        .get_or_init(|| async {
            let old: Vec<String> = sqlx::query_scalar(
                "SELECT datname FROM pg_database WHERE datname LIKE 'sbtest\\_portal\\_%'",
            )
            .fetch_all(&mut connection)
            .await
            .unwrap();
            for name in old.iter().filter(|name| !name.starts_with(&prefix)) {
                let _ = connection
                    .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                    .await;
            }
        })
        .await;
    let name = format!("{prefix}{}", NEXT.fetch_add(1, Ordering::Relaxed));
    connection
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    Some(format!("{base}/{name}"))
}

/// One number from a PBX's Realtime database, read as Asterisk would.
pub async fn realtime_count(url: &str, sql: &str) -> i64 {
    let mut connection = realtime_connection(url).await;
    sqlx::query_scalar(sql)
        .fetch_one(&mut connection)
        .await
        .unwrap()
}

/// One text value read from a PBX's Realtime database ("" for NULL).
pub async fn realtime_text(url: &str, sql: &str) -> String {
    let mut connection = realtime_connection(url).await;
    sqlx::query_scalar::<_, Option<String>>(sql)
        .fetch_one(&mut connection)
        .await
        .unwrap()
        .unwrap_or_default()
}

/// A change made to a PBX's Realtime database behind Switchboard's back.
pub async fn realtime_exec(url: &str, sql: &str) {
    let mut connection = realtime_connection(url).await;
    sqlx::query(sql).execute(&mut connection).await.unwrap();
}

async fn realtime_connection(url: &str) -> sqlx::SqliteConnection {
    use sqlx::ConnectOptions;
    url.parse::<sqlx::sqlite::SqliteConnectOptions>()
        .unwrap()
        .connect()
        .await
        .unwrap()
}

/// The JSON body of a successful reply.
pub fn json(reply: &Reply) -> serde_json::Value {
    assert!(
        reply.status.is_success(),
        "expected success, got {} {}",
        reply.status,
        reply.body
    );
    serde_json::from_str(&reply.body).unwrap()
}

pub fn encode(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

/// The sandbox Asterisk `scripts/test` starts and describes in `SANDBOX_*`
/// (`scripts/asterisk-sandbox env`).
pub struct Sandbox {
    pub root: std::path::PathBuf,
    pub ami_port: u16,
    pub ami_user: String,
    pub ami_secret: String,
    pub ari_port: u16,
    pub ari_user: String,
    pub ari_password: String,
}

/// The sandbox, or a failure saying how to get one: a test that needs the
/// real PBX must not pass quietly without it (the test command always
/// starts it).
pub fn sandbox() -> Sandbox {
    fn var(name: &str) -> String {
        std::env::var(name).unwrap_or_else(|_| {
            panic!(
                "{name} is not set: this test needs the sandbox Asterisk. Run it through \
                 scripts/test, or: scripts/asterisk-sandbox start; set -a; \
                 eval \"$(scripts/asterisk-sandbox env)\"; set +a"
            )
        })
    }
    let port = |name: &str| {
        var(name)
            .parse()
            .unwrap_or_else(|_| panic!("{name} is not a port number"))
    };
    Sandbox {
        root: var("SANDBOX_ROOT").into(),
        ami_port: port("SANDBOX_AMI_PORT"),
        ami_user: var("SANDBOX_AMI_USER"),
        ami_secret: var("SANDBOX_AMI_SECRET"),
        ari_port: port("SANDBOX_ARI_PORT"),
        ari_user: var("SANDBOX_ARI_USER"),
        ari_password: var("SANDBOX_ARI_PASSWORD"),
    }
}
