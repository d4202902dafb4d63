use serde::{Deserialize, Serialize};

use super::Timestamp;
use crate::i18n::T;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// Every tenant.
    SuperAdmin,
    /// Its own tenant.
    TenantAdmin,
    /// Its own tenant, never changes anything.
    ReadOnly,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::SuperAdmin, Role::TenantAdmin, Role::ReadOnly];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SuperAdmin => "SUPER_ADMIN",
            Role::TenantAdmin => "TENANT_ADMIN",
            Role::ReadOnly => "READ_ONLY",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }

    pub fn label(self) -> T {
        match self {
            Role::SuperAdmin => T::RoleSuperAdmin,
            Role::TenantAdmin => T::RoleTenantAdmin,
            Role::ReadOnly => T::RoleReadOnly,
        }
    }

    pub fn can_write(self) -> bool {
        !matches!(self, Role::ReadOnly)
    }
}

/// The signed-in user, as the pages need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub tenant_id: Option<i64>,
    pub tenant_name: Option<String>,
}

impl Me {
    pub fn can_write(&self) -> bool {
        self.role.can_write()
    }

    pub fn is_super_admin(&self) -> bool {
        self.role == Role::SuperAdmin
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub tenant_id: Option<i64>,
    pub tenant_name: Option<String>,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub enabled: bool,
    /// Signs in with a second factor (TOTP).
    pub two_factor: bool,
    pub created_at: Timestamp,
}

/// Create or edit a user. On edit the password may be empty (unchanged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserForm {
    pub tenant_id: Option<i64>,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

/// Whether the first-run setup is still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SetupState {
    Open,
    Done,
}
