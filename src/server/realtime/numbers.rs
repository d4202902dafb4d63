//! The number plan of one PBX: which numbers are taken, and the lowest free
//! one of a range. Always called inside a `RealtimeDb::write` transaction,
//! so two admins allocating at once are serialised by the plan's lock (see
//! `backend::Pool::write`), also from two Switchboard processes.

use std::collections::BTreeSet;

use super::backend::{Conn, query};

use crate::error::{AppError, Problem};

/// Every number-bearing object of the PBX: endpoints, AORs, auths, queues
/// and numeric dialplan entries, whatever their context (a number must
/// never mean two things on one PBX).
pub async fn taken(tx: &mut Conn) -> Result<BTreeSet<u64>, AppError> {
    let ids = tx
        .texts(query(
            "SELECT id FROM ps_endpoints UNION SELECT id FROM ps_aors UNION SELECT id FROM ps_auths \
             UNION SELECT name FROM queues UNION SELECT exten FROM extensions",
        ))
        .await?;
    Ok(ids.iter().filter_map(|id| as_number(id)).collect())
}

/// A plan number: ASCII digits only, no leading zero, at most 9 digits.
pub fn as_number(value: &str) -> Option<u64> {
    let digits_only = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    if !digits_only || value.len() > 9 || (value.len() > 1 && value.starts_with('0')) {
        return None;
    }
    value.parse().ok()
}

/// Picks the number for a new object: the requested one when it is valid,
/// inside the range and free, otherwise the lowest free of the range.
pub fn choose(
    taken: &BTreeSet<u64>,
    range: (u32, u32),
    requested: Option<&str>,
    field: &'static str,
) -> Result<u64, AppError> {
    let (start, end) = (range.0 as u64, range.1 as u64);
    match requested.map(str::trim).filter(|r| !r.is_empty()) {
        Some(requested) => {
            let number =
                as_number(requested).ok_or_else(|| AppError::field(field, Problem::DigitsOnly))?;
            if !(start..=end).contains(&number) {
                return Err(AppError::field(
                    field,
                    Problem::OutOfRange {
                        min: start as i64,
                        max: end as i64,
                    },
                ));
            }
            if taken.contains(&number) {
                return Err(AppError::field(
                    field,
                    Problem::NumberInUse {
                        number: number.to_string(),
                    },
                ));
            }
            Ok(number)
        }
        None => (start..=end).find(|n| !taken.contains(n)).ok_or_else(|| {
            AppError::field(
                field,
                Problem::RangeFull {
                    min: start as i64,
                    max: end as i64,
                },
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowest_free_number_of_the_range() {
        let taken: BTreeSet<u64> = [1000, 1001, 1003, 5000].into();
        assert_eq!(choose(&taken, (1000, 1999), None, "number").unwrap(), 1002);
        assert_eq!(
            choose(&taken, (1000, 1999), Some(" "), "number").unwrap(),
            1002
        );
        assert_eq!(
            choose(&taken, (1000, 1999), Some("1500"), "number").unwrap(),
            1500
        );
    }

    #[test]
    fn explicit_numbers_must_be_digits_in_range_and_free() {
        let taken: BTreeSet<u64> = [1000].into();
        let problem = |requested| {
            choose(&taken, (1000, 1999), Some(requested), "number")
                .unwrap_err()
                .problem_for("number")
                .cloned()
        };
        assert_eq!(
            problem("1000"),
            Some(Problem::NumberInUse {
                number: "1000".into()
            })
        );
        assert_eq!(
            problem("2000"),
            Some(Problem::OutOfRange {
                min: 1000,
                max: 1999
            })
        );
        assert_eq!(problem("10a0"), Some(Problem::DigitsOnly));
        assert_eq!(problem("01000"), Some(Problem::DigitsOnly));
        let full: BTreeSet<u64> = (1000..=1002).collect();
        assert!(matches!(
            choose(&full, (1000, 1002), None, "number")
                .unwrap_err()
                .problem_for("number"),
            Some(Problem::RangeFull { .. })
        ));
    }

    #[test]
    fn only_plain_digits_are_plan_numbers() {
        assert_eq!(as_number("1000"), Some(1000));
        assert_eq!(as_number("0"), Some(0));
        for other in ["", "trunk-a", "1000a", "+33", "0123", "1234567890"] {
            assert_eq!(as_number(other), None, "{other}");
        }
    }
}
