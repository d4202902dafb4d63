//! Display formats shared by the pages.

use time::OffsetDateTime;
use time::macros::format_description;

/// `2026-11-22 05:20:11 UTC`. (Tenant time zones come with call history.)
pub fn utc(timestamp: i64) -> String {
    OffsetDateTime::from_unix_timestamp(timestamp)
        .ok()
        .and_then(|at| {
            at.format(format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
            ))
            .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_utc() {
        assert_eq!(super::utc(1_795_318_693), "2026-11-22 03:38:13 UTC");
    }
}
