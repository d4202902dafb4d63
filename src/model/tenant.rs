use serde::{Deserialize, Serialize};

use super::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: i64,
    pub name: String,
    pub enabled: bool,
    /// IANA name (`Europe/Paris`): what "today" is in its call history.
    pub time_zone: String,
    /// Recordings older than this many days may be deleted; `None` keeps
    /// them (the default).
    pub recording_retention_days: Option<u32>,
    /// Its users must sign in with a second factor (TOTP).
    pub require_two_factor: bool,
    pub created_at: Timestamp,
}

/// The longest retention that can be set (100 years).
pub const MAX_RETENTION_DAYS: u32 = 36_500;

/// A new tenant's time zone.
pub const DEFAULT_TIME_ZONE: &str = "UTC";
