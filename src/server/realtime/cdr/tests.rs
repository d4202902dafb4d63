use super::filter::{NumberMatch, Search};
use super::sql::SqlValue;
use super::table::Extent;
use crate::error::{AppError, Problem};
use crate::model::{CDR_DEFAULT_LIMIT, CdrFilter};
use crate::server::realtime::backend::Dialect;
use time::macros::date;

fn check(filter: CdrFilter) -> Result<Search, AppError> {
    Search::check(&filter, date!(2026 - 11 - 22))
}

#[test]
fn empty_dates_are_today_and_the_page_is_bounded() {
    let search = check(CdrFilter::default()).unwrap();
    assert_eq!(
        (search.from, search.to),
        (date!(2026 - 11 - 22), date!(2026 - 11 - 22))
    );
    assert_eq!((search.page, search.limit), (1, CDR_DEFAULT_LIMIT));
}

#[test]
fn bad_filters_are_named_field_by_field() {
    let error = check(CdrFilter {
        from: "2026-11-30".into(),
        to: "2026-11-01".into(),
        source: "12a".into(),
        any_number: "%".into(),
        disposition: "lost".into(),
        limit: 501,
        ..CdrFilter::default()
    })
    .unwrap_err();
    assert_eq!(error.problem_for("to"), Some(&Problem::EndBeforeStart));
    assert_eq!(
        error.problem_for("source"),
        Some(&Problem::InvalidNumberPattern)
    );
    assert_eq!(
        error.problem_for("any_number"),
        Some(&Problem::InvalidNumberPattern)
    );
    assert_eq!(
        error.problem_for("disposition"),
        Some(&Problem::UnknownChoice)
    );
    assert!(error.problem_for("limit").is_some());

    let long = check(CdrFilter {
        from: "2025-01-01".into(),
        to: "2026-11-22".into(),
        ..CdrFilter::default()
    })
    .unwrap_err();
    assert_eq!(
        long.problem_for("to"),
        Some(&Problem::RangeTooLong { max_days: 366 })
    );
    let bad_date = check(CdrFilter {
        from: "22/11/2026".into(),
        ..CdrFilter::default()
    })
    .unwrap_err();
    assert_eq!(bad_date.problem_for("from"), Some(&Problem::InvalidDate));
}

#[test]
fn number_patterns_match_a_prefix_or_anywhere() {
    let text = |s: &str| SqlValue::Text(s.into());
    assert_eq!(
        NumberMatch::parse("100")
            .unwrap()
            .unwrap()
            .condition("src", Dialect::Sqlite),
        (
            "(src >= ? AND src < ?)".to_owned(),
            vec![text("100"), text("101")]
        )
    );
    assert_eq!(
        NumberMatch::parse("+339")
            .unwrap()
            .unwrap()
            .condition("src", Dialect::Sqlite)
            .1,
        [text("+339"), text("+33:")]
    );
    assert_eq!(
        NumberMatch::parse("%555")
            .unwrap()
            .unwrap()
            .condition("dst", Dialect::Sqlite),
        ("dst LIKE ?".to_owned(), vec![text("%555%")])
    );
    // A LIKE on the network servers, whatever their collation.
    for dialect in [Dialect::Postgres, Dialect::MySql] {
        assert_eq!(
            NumberMatch::parse("+339")
                .unwrap()
                .unwrap()
                .condition("src", dialect),
            ("src LIKE ?".to_owned(), vec![text("+339%")])
        );
    }
    assert_eq!(super::sql::like_escaped("50%_off!"), "50!%!_off!!");
    assert_eq!(NumberMatch::parse(" ").unwrap(), None);
    for bad in ["1_0", "10%", "1' OR 1=1", "%%"] {
        assert!(NumberMatch::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_ranges_rows_are_guessed_from_the_days_it_shares_with_the_table() {
    // 100 days, 1,000 rows.
    let extent = Extent {
        rows: 1000,
        first: date!(2026 - 08 - 15),
        last: date!(2026 - 11 - 22),
    };
    let within = |from, to| extent.rows_within(from, to);
    assert_eq!(within(date!(2026 - 11 - 22), date!(2026 - 11 - 22)), 10);
    assert_eq!(within(date!(2026 - 01 - 01), date!(2026 - 12 - 31)), 1000);
    // Only the days inside the table count.
    assert_eq!(within(date!(2026 - 11 - 13), date!(2026 - 12 - 31)), 100);
    assert_eq!(within(date!(2026 - 12 - 01), date!(2026 - 12 - 31)), 0);
    assert_eq!(within(date!(2025 - 01 - 01), date!(2025 - 12 - 31)), 0);
    // A table of one day, and a search of one day in it.
    let one_day = Extent {
        rows: 7,
        first: date!(2026 - 11 - 22),
        last: date!(2026 - 11 - 22),
    };
    assert_eq!(
        one_day.rows_within(date!(2026 - 11 - 22), date!(2026 - 11 - 22)),
        7
    );
}
