//! Tenants' time zones (IANA names), read from the tz database bundled
//! with jiff, so the server needs no tzdata of the machine's.

use jiff::tz::TimeZone;

use crate::error::Problem;

/// The zone by its IANA name, exactly as the database spells it.
pub fn check(name: &str) -> Result<TimeZone, Problem> {
    let name = name.trim();
    if name.is_empty() || name.len() > 64 {
        return Err(Problem::UnknownTimeZone);
    }
    TimeZone::get(name).map_err(|_| Problem::UnknownTimeZone)
}

/// Today's date in the zone called `name`; UTC's when the name is unknown
/// (a zone dropped from a later tz database must not break the page).
pub fn today_in(name: &str) -> time::Date {
    local_at(jiff::Timestamp::now(), name).date()
}

/// The wall-clock time of the moment `at` in the zone called `name` (UTC
/// when unknown): how a PBX in that zone stamps a call starting then.
pub fn local_at(at: jiff::Timestamp, name: &str) -> time::PrimitiveDateTime {
    let zone = check(name).unwrap_or(TimeZone::UTC);
    let local = at.to_zoned_datetime(zone).datetime();
    let date = time::Date::from_calendar_date(
        i32::from(local.year()),
        time::Month::try_from(local.month() as u8).unwrap_or(time::Month::January),
        local.day() as u8,
    );
    let clock = time::Time::from_hms(
        local.hour() as u8,
        local.minute() as u8,
        local.second() as u8,
    );
    match (date, clock) {
        (Ok(date), Ok(clock)) => time::PrimitiveDateTime::new(date, clock),
        _ => {
            let utc = time::OffsetDateTime::now_utc();
            time::PrimitiveDateTime::new(utc.date(), utc.time())
        }
    }
}

/// The moment at which the wall clock of the zone called `name` (UTC when
/// unknown) reads `local`: the clock the tests and benchmarks set.
pub fn moment_of(local: time::PrimitiveDateTime, name: &str) -> Option<jiff::Timestamp> {
    let zone = check(name).unwrap_or(TimeZone::UTC);
    jiff::civil::date(
        i16::try_from(local.year()).ok()?,
        local.month() as i8,
        local.day() as i8,
    )
    .at(
        local.hour() as i8,
        local.minute() as i8,
        local.second() as i8,
        0,
    )
    .to_zoned_datetime(zone)
    .ok()
    .map(|moment| moment.timestamp())
}

/// `unix` seconds as `YYYY-MM-DD HH:MM:SS` in the zone called `name` (UTC
/// when unknown): how a PBX in that zone writes its CDR timestamps.
pub fn local_text(unix: i64, name: &str) -> Option<String> {
    let zone = check(name).unwrap_or(TimeZone::UTC);
    let moment = jiff::Timestamp::from_second(unix).ok()?;
    Some(
        moment
            .to_zoned_datetime(zone)
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string(),
    )
}

/// Every zone name, sorted (the time zone field's suggestions).
pub fn names() -> Vec<String> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.to_string())
        .filter(|name| name.contains('/') || name == "UTC")
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Now, in Unix seconds: what every stored time is.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_known_by_their_iana_names() {
        assert!(check("Europe/Paris").is_ok());
        assert!(check("UTC").is_ok());
        for bad in ["", "Mars/Olympus", "Europe/Paris; DROP", "../../etc/passwd"] {
            assert_eq!(check(bad).err(), Some(Problem::UnknownTimeZone), "{bad}");
        }
        let names = names();
        assert!(names.iter().any(|n| n == "America/New_York"));
        assert!(names.len() > 300);
    }

    #[test]
    fn instants_are_written_as_the_pbx_writes_them() {
        assert_eq!(
            local_text(1_796_119_615, "Europe/Paris").as_deref(),
            Some("2026-12-01 11:06:55")
        );
        assert_eq!(
            local_text(1_796_119_615, "Nowhere/Atlantis").as_deref(),
            Some("2026-12-01 10:06:55")
        );
        assert_eq!(local_text(i64::MAX, "UTC"), None);
    }

    #[test]
    fn today_depends_on_the_zone() {
        // Kiritimati (UTC+14) is 25 hours ahead of Pago Pago (UTC-11): its
        // date is always one or two days later.
        let east = today_in("Pacific/Kiritimati");
        let west = today_in("Pacific/Pago_Pago");
        let days = (east - west).whole_days();
        assert!((1..=2).contains(&days), "{east} vs {west}");
        assert_eq!(today_in("Not/AZone"), today_in("UTC"));
    }
}
