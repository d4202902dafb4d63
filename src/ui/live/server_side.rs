use crate::model::LiveEvent;

/// Nothing to follow while rendering on the server.
pub fn follow(_on_event: impl Fn(LiveEvent) + 'static) {}

/// Seconds since the Unix epoch.
pub fn now_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
