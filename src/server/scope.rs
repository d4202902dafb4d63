//! Who is asking, and which tenants they may see: a plain value, resolved
//! once per request by `http::identity` and handed to every service and
//! repository call.

use crate::error::AppError;
use crate::model::{Me, Role};

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
