use serde::{Deserialize, Serialize};

use super::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: i64,
    pub name: String,
    pub enabled: bool,
    /// IANA name (`Europe/Paris`): what "today" is in its call history.
    pub time_zone: String,
    pub created_at: Timestamp,
}

/// A new tenant's time zone.
pub const DEFAULT_TIME_ZONE: &str = "UTC";
