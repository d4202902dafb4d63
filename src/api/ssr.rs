//! How server functions reach the request's identity and the app state.

use axum::Extension;
use leptos::prelude::use_context;
use tower_sessions::Session;

use crate::error::AppError;
use crate::server::errors::internal;
use crate::server::http::client_addr::ClientAddr;
use crate::server::http::identity::Identity;
use crate::server::scope::SignedIn;
use crate::server::state::AppState;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("AppState missing from context"))
}

pub async fn identity() -> Result<Identity, AppError> {
    leptos_axum::extract::<Extension<Identity>>()
        .await
        .map(|Extension(identity)| identity)
        .map_err(|e| internal(format_args!("identity: {e}")))
}

/// The signed-in caller, or `Unauthenticated`.
pub async fn signed_in() -> Result<SignedIn, AppError> {
    identity().await?.0.ok_or(AppError::Unauthenticated)
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|e| internal(format_args!("session: {e:?}")))
}

pub async fn client_addr() -> String {
    leptos_axum::extract::<Extension<ClientAddr>>()
        .await
        .map(|Extension(ClientAddr(addr))| addr)
        .unwrap_or_else(|_| "unknown".into())
}
