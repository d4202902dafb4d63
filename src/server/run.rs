//! Start-up: logging, databases, keys, the first-run token, the router.

use std::error::Error;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::server::sessions::PortalStore;
use axum::Router;
use axum::http::Request;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tracing::Level;

use crate::app::{App, shell};
use crate::server::config::{Config, LogFormat};
use crate::server::crypto::Keyring;
use crate::server::db;
use crate::server::http::{
    client_addr, headers, language, same_origin, server_fn_status, url_errors,
};
use crate::server::recordings::Recordings;
use crate::server::recordings::cache::AudioCache;
use crate::server::state::AppState;
use crate::server::targets::TargetPolicy;

pub async fn run(config: Config) -> Result<(), Box<dyn Error>> {
    init_tracing(&config);
    let state = build_state(config).await?;
    crate::server::services::auth::announce_setup_token(&state).await?;
    crate::server::services::live::start_feeds(&state).await?;
    tokio::spawn(crate::server::services::recordings::sync::scheduler(
        state.clone(),
    ));
    let router = router(state.clone()).await?;
    let listener = tokio::net::TcpListener::bind(state.config.listen).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

fn init_tracing(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log_level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Opens the portal database (migrated) and the keyring.
pub async fn build_state(config: Config) -> Result<AppState, Box<dyn Error>> {
    let leaking = crate::server::realtime::network::leaking_environment(
        std::env::vars_os().map(|(name, _)| name),
    );
    if !leaking.is_empty() {
        return Err(format!(
            "unset {} first: the PostgreSQL driver would send them to every PBX database \
             (the portal's own database is named by SWITCHBOARD_DATABASE_URL alone)",
            leaking.join(", ")
        )
        .into());
    }
    std::fs::create_dir_all(&config.data_dir)?;
    // The master key, the portal database and the audio cache live here:
    // the server's user alone may list or enter it.
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(error) =
            std::fs::set_permissions(&config.data_dir, std::fs::Permissions::from_mode(0o700))
        {
            tracing::warn!(%error, dir = %config.data_dir.display(), "could not make the data directory private (0700)");
        }
    }
    let db = db::open(&config.database_url()).await?;
    let keyring = Keyring::load(config.master_key.as_deref(), &config.data_dir)?;
    let targets = Arc::new(TargetPolicy::from_config(&config)?);
    let leptos_options = LeptosOptions::builder()
        .output_name("switchboard")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.listen)
        .build();
    Ok(AppState {
        leptos_options,
        db,
        keyring: Arc::new(keyring),
        realtime: Arc::default(),
        allowed_hosts: Arc::new(config.allowed_hosts()),
        targets,
        hub: Arc::default(),
        recordings: Arc::new(Recordings::new(AudioCache::new(
            config.data_dir.join("audio-cache"),
            u64::from(config.audio_cache_mib) * 1024 * 1024,
        ))),
        cdr_summaries: Arc::default(),
        url_errors: Arc::new(crate::server::crypto::UrlErrorKey::random()),
        config: Arc::new(config),
    })
}

/// The whole HTTP application. Layers run outside-in: request id, trace,
/// client address, session, identity (→ scope), same-origin check, errors.
pub async fn router(state: AppState) -> Result<Router, sqlx::Error> {
    let store = PortalStore::open(&state.config.database_url()).await?;
    tokio::spawn(delete_expired_sessions(store.clone()));
    let idle =
        tower_sessions::cookie::time::Duration::hours(state.config.session_idle_hours.into());
    let sessions = SessionManagerLayer::new(crate::server::sessions::HashedIds(store))
        .with_name(crate::server::sessions::COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(idle));

    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<_>| {
            let id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            // Path only: query strings may carry search terms.
            tracing::info_span!("request", id, method = %request.method(), path = request.uri().path())
        })
        .on_response(DefaultOnResponse::new().level(Level::INFO));

    // The WASM, JS and CSS bundle is requested on every page load: served
    // beside the session and identity layers, so it costs no database work.
    let bundle = ServeDir::new(
        Path::new(&state.config.site_root).join(state.leptos_options.site_pkg_dir.as_ref()),
    );
    let pages = Router::new()
        .route("/lang/{code}", get(language::switch_language))
        .route("/api/live/events", get(crate::server::http::live::events))
        .route("/api/audio/{id}", get(crate::server::http::audio::audio))
        .route(
            "/pbx/{id}/extensions.csv",
            get(crate::server::http::export::extensions_csv),
        )
        .route(
            "/pbx/{id}/calls.csv",
            get(crate::server::http::export::calls_csv),
        )
        .leptos_routes(&state, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(from_fn(server_fn_status::apply_error_status))
        .layer(from_fn(same_origin::same_origin_only))
        .layer(from_fn_with_state(
            state.clone(),
            crate::server::http::identity::resolve_identity,
        ))
        .layer(from_fn(crate::server::sessions::keep_alive))
        .layer(sessions)
        .layer(from_fn_with_state(
            state.clone(),
            url_errors::signed_url_errors,
        ))
        .layer(from_fn(client_addr::remember_client_addr))
        .with_state(state.clone());
    Ok(Router::new()
        .nest_service("/pkg", bundle)
        .merge(pages)
        .layer(from_fn(headers::security_headers))
        .layer(from_fn_with_state(state, headers::known_host_only))
        .layer(trace)
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid)))
}

async fn delete_expired_sessions(store: PortalStore) {
    use tower_sessions::ExpiredDeletion;
    if let Err(error) = store
        .continuously_delete_expired(Duration::from_secs(3600))
        .await
    {
        tracing::error!(%error, "expired-session cleanup stopped");
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("SIGTERM handler");
    tokio::select! {
        _ = ctrl_c => {},
        _ = term.recv() => {},
    }
    tracing::info!("shutting down");
}
