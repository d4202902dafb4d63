//! The client's address, for sign-in throttling.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;

#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

pub async fn remember_client_addr(mut request: Request, next: Next) -> Response {
    let addr = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned());
    request.extensions_mut().insert(ClientAddr(addr));
    next.run(request).await
}
