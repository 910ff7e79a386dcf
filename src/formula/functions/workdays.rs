//! Working days, Monday to Friday, as Excel and LibreOffice count them: NETWORKDAYS and
//! WORKDAY, with an optional list of holidays. Days are counted as numbers (days since a
//! Monday), not stepped through as dates, so a range of centuries costs no more than a week.

use jiff::civil::{Date, date};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

use super::args::{date as date_of, items, whole};
use super::{Arg, Category, Eval, Function, Kind, Returns, opt, p};
use crate::formula::types::Type;
use crate::formula::value::Value;

const OUT_OF_RANGE: &str = "the date is outside the years 1 to 9999 (#NUM!)";

/// 1900-01-01, a Monday: day 0 of the count.
fn monday() -> Date {
    date(1900, 1, 1)
}

fn day_number(d: Date) -> i64 {
    i64::from((d - monday()).get_days())
}

fn from_day_number(n: i64) -> Result<Date, String> {
    let n = i32::try_from(n).map_err(|_| OUT_OF_RANGE)?;
    monday()
        .checked_add(jiff::Span::new().try_days(n).map_err(|_| OUT_OF_RANGE)?)
        .map_err(|_| OUT_OF_RANGE.into())
}

fn is_weekday(n: i64) -> bool {
    n.rem_euclid(7) < 5
}

/// Weekdays from day 0 up to day `n`, both included (negative for days before 0).
fn weekdays_through(n: i64) -> i64 {
    n.div_euclid(7) * 5 + (n.rem_euclid(7) + 1).min(5)
}

/// The holidays given as an argument (a date, a list of dates, or blank), as day numbers.
fn holidays(a: &[Arg], i: usize) -> Result<BTreeSet<i64>, String> {
    let mut out = BTreeSet::new();
    if let Some(v) = a.get(i) {
        for item in items(v) {
            // An empty argument (`NETWORKDAYS(a, b,)`) is 0: no holiday.
            if !item.is_blank() && !matches!(item, Value::Number(n) if n.is_zero()) {
                out.insert(day_number(date_of(item)?));
            }
        }
    }
    Ok(out)
}

fn networkdays(a: &[Arg]) -> Result<Value, String> {
    let (s, e) = (day_number(date_of(&a[0])?), day_number(date_of(&a[1])?));
    let (lo, hi) = (s.min(e), s.max(e));
    let off = holidays(a, 2)?
        .range(lo..=hi)
        .filter(|&&h| is_weekday(h))
        .count() as i64;
    let n = weekdays_through(hi) - weekdays_through(lo - 1) - off;
    Ok(Value::Number(Decimal::from(if s > e { -n } else { n })))
}

fn workday(a: &[Arg]) -> Result<Value, String> {
    let mut day = day_number(date_of(&a[0])?);
    let mut left = whole(&a[1])?;
    let off = holidays(a, 2)?;
    let step = left.signum();
    // Whole weeks at once while no holiday can be in the way, then day by day.
    while left != 0 {
        if left.abs() > 5 && off.is_empty() && is_weekday(day) {
            let weeks = (left.abs() - 1) / 5;
            day += step * weeks * 7;
            left -= step * weeks * 5;
            if weeks > 0 {
                continue;
            }
        }
        day += step;
        if is_weekday(day) && !off.contains(&day) {
            left -= step;
        }
        if !(-1_000_000..=4_000_000).contains(&day) {
            return Err(OUT_OF_RANGE.into());
        }
    }
    from_day_number(day).map(Value::Date)
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "NETWORKDAYS",
        category: Category::Date,
        signature: "NETWORKDAYS(start, end, [holidays])",
        doc: "How many working days (Monday to Friday) from start to end, both counted, leaving out holidays (a date or a list of dates); negative if end comes first.",
        example: "NETWORKDAYS(DATE(2024, 3, 1), DATE(2024, 3, 31))",
        gives: "21",
        params: &[
            p("start", Kind::Moment),
            p("end", Kind::Moment),
            opt("holidays", Kind::Any),
        ],
        returns: Returns::Fixed(|| Type::Integer),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| networkdays(a)),
    },
    Function {
        name: "WORKDAY",
        category: Category::Date,
        signature: "WORKDAY(start, days, [holidays])",
        doc: "The working day (Monday to Friday) that many working days after start (before it if negative), skipping holidays (a date or a list of dates).",
        example: "WORKDAY(DATE(2024, 3, 1), 5)",
        gives: "2024-03-08",
        params: &[
            p("start", Kind::Moment),
            p("days", Kind::Number),
            opt("holidays", Kind::Any),
        ],
        returns: Returns::Fixed(|| Type::Date),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| workday(a)),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn d(y: i16, m: i8, day: i8) -> Value {
        Value::Date(date(y, m, day))
    }

    fn run(f: fn(&[Arg]) -> Result<Value, String>, args: Vec<Value>) -> String {
        let args: Vec<Arg> = args.into_iter().map(Cow::Owned).collect();
        match f(&args) {
            Ok(v) => v.to_string(),
            Err(e) => e,
        }
    }

    #[test]
    fn networkdays_counts_both_ends_and_leaves_out_holidays() {
        assert_eq!(run(networkdays, vec![d(2024, 3, 2), d(2024, 3, 3)]), "0");
        assert_eq!(run(networkdays, vec![d(2024, 3, 1), d(2024, 3, 1)]), "1");
        assert_eq!(run(networkdays, vec![d(2024, 3, 31), d(2024, 3, 1)]), "-21");
        let holidays = Value::List(vec![d(2024, 3, 29), d(2024, 3, 30), d(2024, 3, 29)]);
        assert_eq!(
            run(networkdays, vec![d(2024, 3, 1), d(2024, 3, 31), holidays]),
            "20"
        );
        assert_eq!(
            run(networkdays, vec![d(1900, 1, 1), d(9999, 12, 31)]),
            "2113190"
        );
    }

    #[test]
    fn workday_steps_over_weekends_and_holidays() {
        let n = |x: i64| Value::Number(Decimal::from(x));
        assert_eq!(run(workday, vec![d(2024, 3, 1), n(1)]), "2024-03-04");
        assert_eq!(run(workday, vec![d(2024, 3, 4), n(-1)]), "2024-03-01");
        assert_eq!(run(workday, vec![d(2024, 3, 2), n(0)]), "2024-03-02");
        assert_eq!(run(workday, vec![d(2024, 3, 2), n(5)]), "2024-03-08");
        assert_eq!(
            run(workday, vec![d(2024, 3, 1), n(5), d(2024, 3, 5)]),
            "2024-03-11"
        );
        assert_eq!(run(workday, vec![d(2024, 3, 1), n(260)]), "2025-02-28");
        assert_eq!(run(workday, vec![d(2024, 3, 1), n(-260)]), "2023-03-03");
        assert!(run(workday, vec![d(2024, 3, 1), n(9_000_000)]).ends_with("(#NUM!)"));
    }

    proptest::proptest! {
        /// The quick ways agree with counting one day at a time.
        #[test]
        fn quick_counts_are_day_by_day_counts(start in -800i64..800, len in 0i64..60, days in -40i64..40) {
            let slow = (start..=start + len).filter(|&n| is_weekday(n)).count() as i64;
            proptest::prop_assert_eq!(weekdays_through(start + len) - weekdays_through(start - 1), slow);
            let (mut day, mut left) = (start, days);
            while left != 0 {
                day += days.signum();
                if is_weekday(day) { left -= days.signum(); }
            }
            let start_date = Value::Date(from_day_number(start).expect("date"));
            let got = run(workday, vec![start_date, Value::Number(days.into())]);
            proptest::prop_assert_eq!(got, from_day_number(day).expect("date").to_string());
        }
    }
}
