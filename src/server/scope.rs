//! Who is asking, and which tenants they may see: resolved once per request
//! by `resolve_identity` (a middleware behind the session layer) and handed
//! to every server function and repository call.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use crate::error::AppError;
use crate::model::{Me, Role};
use crate::server::db;
use crate::server::state::AppState;

pub const SESSION_USER_KEY: &str = "user_id";
/// The user's session epoch when the session was opened (see
/// `db::users::set_password`); sessions from before it was kept count as 0.
pub const SESSION_EPOCH_KEY: &str = "epoch";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantScope {
    All,
    One(i64),
}

/// The caller's rights. Repository functions filter every tenant query by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub user_id: i64,
    pub role: Role,
    pub tenant: TenantScope,
}

impl Scope {
    /// The server acting for itself (the live hub reading every PBX
    /// connection at start-up). Never the scope of a request.
    pub fn server() -> Scope {
        Scope {
            user_id: 0,
            role: Role::SuperAdmin,
            tenant: TenantScope::All,
        }
    }

    /// `None` means every tenant; bind it as `?` in `(? IS NULL OR tenant_id = ?)`.
    pub fn tenant_filter(&self) -> Option<i64> {
        match self.tenant {
            TenantScope::All => None,
            TenantScope::One(id) => Some(id),
        }
    }

    /// READ_ONLY never changes anything.
    pub fn require_write(&self) -> Result<(), AppError> {
        if self.role.can_write() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn require_super_admin(&self) -> Result<(), AppError> {
        if self.role == Role::SuperAdmin {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The tenant a new object lands in: the caller's own, or for a
    /// SUPER_ADMIN the one they chose.
    pub fn target_tenant(&self, requested: Option<i64>) -> Result<i64, AppError> {
        match (self.tenant, requested) {
            (TenantScope::One(own), None) => Ok(own),
            (TenantScope::One(own), Some(id)) if id == own => Ok(own),
            (TenantScope::One(_), Some(_)) => Err(AppError::NotFound),
            (TenantScope::All, Some(id)) => Ok(id),
            (TenantScope::All, None) => Err(AppError::field(
                "tenant_id",
                crate::error::Problem::Required,
            )),
        }
    }
}

/// A signed-in, enabled user of an enabled tenant.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub scope: Scope,
    pub me: Me,
}

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
    let user_id = session.get::<i64>(SESSION_USER_KEY).await.ok().flatten();
    let epoch = session
        .get::<i64>(SESSION_EPOCH_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or(0);
    let identity = match user_id {
        Some(user_id) => match db::users::load_identity(&state.db, user_id, epoch).await {
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
        },
        None => Identity(None),
    };
    request.extensions_mut().insert(identity);
    next.run(request).await
}
