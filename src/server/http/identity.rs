//! Who is asking: the identity middleware (session → user row →
//! `Identity`, once per request) and the `SignedIn` extractor plain routes
//! take. Server functions read the same `Identity` through `api::ssr`.

use axum::extract::{FromRequestParts, OptionalFromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use crate::error::AppError;
use crate::server::scope::SignedIn;
use crate::server::sessions::{EPOCH_KEY, USER_KEY};
use crate::server::state::AppState;

/// Placed in every request's extensions by `resolve_identity`.
#[derive(Debug, Clone, Default)]
pub struct Identity(pub Option<SignedIn>);

/// Middleware: session → user row → `Identity`. Re-read on every request so
/// disabling a user or tenant, or changing a role, takes effect at once.
pub async fn resolve_identity(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let user_id = session.get::<i64>(USER_KEY).await.ok().flatten();
    let epoch = session
        .get::<i64>(EPOCH_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or(0);
    let identity = match user_id {
        Some(user_id) => {
            match crate::server::services::auth::identity(&state, user_id, epoch).await {
                Ok(Some(signed_in)) => Identity(Some(signed_in)),
                Ok(None) => {
                    // The user was deleted or disabled, or changed password
                    // in another session: end this one.
                    let _ = session.flush().await;
                    Identity(None)
                }
                Err(error) => {
                    tracing::error!(%error, "could not resolve the session's user");
                    Identity(None)
                }
            }
        }
        None => Identity(None),
    };
    request.extensions_mut().insert(identity);
    next.run(request).await
}

fn identity(parts: &Parts) -> Option<SignedIn> {
    parts
        .extensions
        .get::<Identity>()
        .and_then(|Identity(signed_in)| signed_in.clone())
}

/// A route that needs a signed-in caller: 401 (as `AppError`) otherwise.
impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        identity(parts).ok_or(AppError::Unauthenticated)
    }
}

/// A route that answers everyone, differently (`Option<SignedIn>`).
impl<S: Send + Sync> OptionalFromRequestParts<S> for SignedIn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(identity(parts))
    }
}
