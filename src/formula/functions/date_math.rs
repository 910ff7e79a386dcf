//! Date arithmetic with Excel's names and rules: DATEDIF, DAYS, DAYS360, EDATE, EOMONTH,
//! ISOWEEKNUM, WEEKNUM and YEARFRAC. Dates may be given as dates, as text (en-US) or as
//! serial numbers; EDATE and EOMONTH give dates, where Excel gives serial numbers shown
//! as dates.

use jiff::Span;
use jiff::civil::Date;
use rust_decimal::Decimal;

use super::args::{boolean, date, text, whole, whole_or};
use super::{Arg, Category, Eval, Function, Kind, Returns, opt, p};
use crate::formula::types::Type;
use crate::formula::value::Value;

const I: Returns = Returns::Fixed(|| Type::Integer);
const D: Returns = Returns::Fixed(|| Type::Date);
const OUT_OF_RANGE: &str = "the date is outside the years 1 to 9999 (#NUM!)";

fn int(n: i64) -> Value {
    Value::Number(Decimal::from(n))
}

fn days_between(start: Date, end: Date) -> i64 {
    i64::from((end - start).get_days())
}

fn last_of_month(d: Date) -> bool {
    d.day() == d.days_in_month()
}

fn datedif(a: &[Arg]) -> Result<Value, String> {
    let (start, end) = (date(&a[0])?, date(&a[1])?);
    if start > end {
        return Err("the start is after the end (#NUM!)".into());
    }
    let (sy, sm, sd) = (
        i64::from(start.year()),
        i64::from(start.month()),
        i64::from(start.day()),
    );
    let (ey, em, ed) = (
        i64::from(end.year()),
        i64::from(end.month()),
        i64::from(end.day()),
    );
    let months = (ey - sy) * 12 + (em - sm) - i64::from(ed < sd);
    let unit = text(&a[2]).to_ascii_uppercase();
    Ok(int(match unit.as_str() {
        "Y" => months / 12,
        "M" => months,
        "D" => days_between(start, end),
        "YM" => months % 12,
        "MD" => {
            if ed >= sd {
                ed - sd
            } else {
                // Days from the start's day in the month before the end's.
                let before = end.first_of_month().yesterday().map_err(|_| OUT_OF_RANGE)?;
                ed + (i64::from(before.days_in_month()) - sd).max(0)
            }
        }
        "YD" => {
            let mut anniversary =
                start.with().year(end.year()).build().unwrap_or_else(|_| {
                    start.with().year(end.year()).day(28).build().unwrap_or(end)
                });
            if anniversary > end {
                anniversary = anniversary
                    .checked_sub(Span::new().years(1))
                    .map_err(|_| OUT_OF_RANGE)?;
            }
            days_between(anniversary, end)
        }
        _ => {
            return Err(format!(
                "\"{unit}\" is not a unit: use \"Y\", \"M\", \"D\", \"MD\", \"YM\" or \"YD\" (#NUM!)"
            ));
        }
    }))
}

/// DAYS360 by the US (NASD) rule, or the European one.
fn days360(start: Date, end: Date, european: bool) -> i64 {
    let (mut sd, mut ed) = (i64::from(start.day()), i64::from(end.day()));
    let (mut em, mut ey) = (i64::from(end.month()), i64::from(end.year()));
    // The 31st, and by the US rule the last day of February, count as the 30th.
    if sd == 31 || (!european && start.month() == 2 && last_of_month(start)) {
        sd = 30;
    }
    if ed == 31 {
        if european || sd == 30 {
            ed = 30;
        } else {
            // The end moves to the first of the next month.
            ed = 1;
            em += 1;
            if em > 12 {
                em = 1;
                ey += 1;
            }
        }
    }
    let (sm, sy) = (i64::from(start.month()), i64::from(start.year()));
    (ey - sy) * 360 + (em - sm) * 30 + (ed - sd)
}

fn months_later(a: &[Arg]) -> Result<Date, String> {
    let months = whole(&a[1])?;
    date(&a[0])?
        .checked_add(Span::new().try_months(months).map_err(|_| OUT_OF_RANGE)?)
        .map_err(|_| OUT_OF_RANGE.into())
}

fn weeknum(a: &[Arg]) -> Result<Value, String> {
    let d = date(&a[0])?;
    let kind = whole_or(a, 1, 1)?;
    // The weekday a week starts on, Monday = 0.
    let first = match kind {
        1 | 17 => 6,
        2 | 11 => 0,
        12..=16 => kind - 11,
        21 => return Ok(int(i64::from(d.iso_week_date().week()))),
        _ => {
            return Err(format!(
                "{kind} is not a numbering: use 1 (weeks from Sunday), 2 (from Monday), 11–17 or 21 (ISO) (#NUM!)"
            ));
        }
    };
    let jan1 = d.first_of_year();
    let offset = (i64::from(jan1.weekday().to_monday_zero_offset()) - first).rem_euclid(7);
    Ok(int((i64::from(d.day_of_year()) - 1 + offset) / 7 + 1))
}

fn leap(year: i16) -> bool {
    jiff::civil::date(year, 1, 1).in_leap_year()
}

/// Whether a 29 February lies between the two dates, both included.
fn feb29_between(start: Date, end: Date) -> bool {
    (start.year()..=end.year()).any(|y| {
        leap(y) && {
            let feb29 = jiff::civil::date(y, 2, 29);
            start <= feb29 && feb29 <= end
        }
    })
}

/// YEARFRAC as Excel computes it for each basis (its 30/360 and actual/actual rules
/// reverse-engineered by D. A. Wheeler; LibreOffice differs in a few actual/actual cases).
fn yearfrac(a: &[Arg]) -> Result<Value, String> {
    let (mut start, mut end) = (date(&a[0])?, date(&a[1])?);
    if start > end {
        std::mem::swap(&mut start, &mut end);
    }
    let basis = whole_or(a, 2, 0)?;
    let days = Decimal::from(days_between(start, end));
    let frac = match basis {
        0 => {
            let (mut sd, mut ed) = (i64::from(start.day()), i64::from(end.day()));
            let feb_end = |d: Date| d.month() == 2 && last_of_month(d);
            if sd == 31 && ed == 31 {
                (sd, ed) = (30, 30);
            } else if sd == 31 {
                sd = 30;
            } else if sd == 30 && ed == 31 {
                ed = 30;
            } else if feb_end(start) && feb_end(end) {
                (sd, ed) = (30, 30);
            } else if feb_end(start) {
                sd = 30;
            }
            let n = (i64::from(end.year()) - i64::from(start.year())) * 360
                + (i64::from(end.month()) - i64::from(start.month())) * 30
                + (ed - sd);
            Decimal::from(n) / Decimal::from(360)
        }
        1 => {
            let within_a_year = start.year() == end.year()
                || (end.year() == start.year() + 1
                    && (start.month(), start.day()) >= (end.month(), end.day()));
            if within_a_year {
                let long = (start.year() == end.year() && leap(start.year()))
                    || feb29_between(start, end)
                    || (end.month() == 2 && end.day() == 29);
                days / Decimal::from(if long { 366 } else { 365 })
            } else {
                let years = i64::from(end.year()) - i64::from(start.year()) + 1;
                let total: i64 = (start.year()..=end.year())
                    .map(|y| if leap(y) { 366 } else { 365 })
                    .sum();
                days * Decimal::from(years) / Decimal::from(total)
            }
        }
        2 => days / Decimal::from(360),
        3 => days / Decimal::from(365),
        4 => Decimal::from(days360(start, end, true)) / Decimal::from(360),
        _ => return Err(format!("{basis} is not a basis from 0 to 4 (#NUM!)")),
    };
    Ok(Value::Number(frac.normalize()))
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "DATEDIF",
        category: Category::Date,
        signature: "DATEDIF(start, end, unit)",
        doc: "Whole years (\"Y\"), months (\"M\") or days (\"D\") from start to end; \"YM\" months and \"YD\" days leaving out years, \"MD\" days leaving out months; an error if start is after end.",
        example: "DATEDIF(DATE(2020, 2, 29), DATE(2024, 2, 28), \"Y\")",
        gives: "3",
        params: &[
            p("start", Kind::Moment),
            p("end", Kind::Moment),
            p("unit", Kind::Text),
        ],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| datedif(a)),
    },
    Function {
        name: "DAYS",
        category: Category::Date,
        signature: "DAYS(end, start)",
        doc: "How many days from start to end (the end comes first, as in Excel; DAYS_BETWEEN takes them the other way).",
        example: "DAYS(DATE(2024, 3, 1), DATE(2024, 2, 1))",
        gives: "29",
        params: &[p("end", Kind::Moment), p("start", Kind::Moment)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(int(days_between(date(&a[1])?, date(&a[0])?)))),
    },
    Function {
        name: "DAYS360",
        category: Category::Date,
        signature: "DAYS360(start, end, [european])",
        doc: "Days from start to end in a year of twelve 30-day months, by the US (NASD) rule, or the European one if european is TRUE (as Excel and LibreOffice).",
        example: "DAYS360(DATE(2024, 1, 31), DATE(2024, 3, 31))",
        gives: "60",
        params: &[
            p("start", Kind::Moment),
            p("end", Kind::Moment),
            opt("european", Kind::Boolean),
        ],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| {
            let european = a.get(2).map_or(Ok(false), |b| boolean(b))?;
            Ok(int(days360(date(&a[0])?, date(&a[1])?, european)))
        }),
    },
    Function {
        name: "EDATE",
        category: Category::Date,
        signature: "EDATE(start, months)",
        doc: "The date that many months later (earlier if negative); a day past the new month's end becomes its last day. A date, where Excel gives its serial number.",
        example: "EDATE(DATE(2024, 1, 31), 1)",
        gives: "2024-02-29",
        params: &[p("start", Kind::Moment), p("months", Kind::Number)],
        returns: D,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| months_later(a).map(Value::Date)),
    },
    Function {
        name: "EOMONTH",
        category: Category::Date,
        signature: "EOMONTH(start, months)",
        doc: "The last day of the month that many months after start's (0 for its own month).",
        example: "EOMONTH(DATE(2023, 12, 15), 2)",
        gives: "2024-02-29",
        params: &[p("start", Kind::Moment), p("months", Kind::Number)],
        returns: D,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| {
            let months = whole(&a[1])?;
            date(&a[0])?
                .first_of_month()
                .checked_add(Span::new().try_months(months).map_err(|_| OUT_OF_RANGE)?)
                .map(|d| Value::Date(d.last_of_month()))
                .map_err(|_| OUT_OF_RANGE.into())
        }),
    },
    Function {
        name: "ISOWEEKNUM",
        category: Category::Date,
        signature: "ISOWEEKNUM(date)",
        doc: "The ISO 8601 week of the year, 1 to 53 (weeks start on Monday; week 1 holds the year's first Thursday).",
        example: "ISOWEEKNUM(DATE(2021, 1, 3))",
        gives: "53",
        params: &[p("date", Kind::Moment)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(int(i64::from(date(&a[0])?.iso_week_date().week())))),
    },
    Function {
        name: "WEEKNUM",
        category: Category::Date,
        signature: "WEEKNUM(date, [numbering])",
        doc: "The week of the year, week 1 holding 1 January: numbering 1 (default) starts weeks on Sunday, 2 on Monday, 11–17 on Monday to Sunday, 21 is the ISO week.",
        example: "WEEKNUM(DATE(2024, 1, 7))",
        gives: "2",
        params: &[p("date", Kind::Moment), opt("numbering", Kind::Number)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| weeknum(a)),
    },
    Function {
        name: "YEARFRAC",
        category: Category::Date,
        signature: "YEARFRAC(start, end, [basis])",
        doc: "The fraction of a year from start to end: basis 0 (default) US 30/360, 1 actual/actual, 2 actual/360, 3 actual/365, 4 European 30/360, as Excel computes them.",
        example: "YEARFRAC(DATE(2024, 1, 1), DATE(2024, 7, 1))",
        gives: "0.5",
        params: &[
            p("start", Kind::Moment),
            p("end", Kind::Moment),
            opt("basis", Kind::Number),
        ],
        returns: Returns::Fixed(|| Type::Number),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| yearfrac(a)),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as ymd;
    use std::borrow::Cow;

    fn run(f: fn(&[Arg]) -> Result<Value, String>, args: Vec<Value>) -> String {
        let args: Vec<Arg> = args.into_iter().map(Cow::Owned).collect();
        match f(&args) {
            Ok(v) => v.to_string(),
            Err(e) => e,
        }
    }

    fn d(y: i16, m: i8, day: i8) -> Value {
        Value::Date(ymd(y, m, day))
    }

    #[test]
    fn datedif_counts_whole_units() {
        let dif = |s: Value, e: Value, u: &str| run(datedif, vec![s, e, Value::Text(u.into())]);
        assert_eq!(dif(d(2020, 2, 29), d(2024, 2, 29), "Y"), "4");
        assert_eq!(dif(d(2024, 1, 31), d(2024, 2, 29), "M"), "0");
        assert_eq!(dif(d(2024, 1, 15), d(2025, 3, 10), "YM"), "1");
        assert_eq!(dif(d(2024, 1, 15), d(2025, 3, 10), "MD"), "23");
        assert_eq!(dif(d(2024, 1, 15), d(2025, 3, 10), "YD"), "54");
        assert_eq!(dif(d(2024, 1, 15), d(2025, 3, 10), "d"), "420");
        assert!(dif(d(2025, 1, 1), d(2024, 1, 1), "D").ends_with("(#NUM!)"));
        assert!(dif(d(2024, 1, 1), d(2025, 1, 1), "W").ends_with("(#NUM!)"));
    }

    #[test]
    fn days360_follows_both_rules() {
        assert_eq!(days360(ymd(2024, 1, 30), ymd(2024, 3, 31), false), 60);
        assert_eq!(days360(ymd(2024, 1, 15), ymd(2024, 3, 31), false), 76);
        assert_eq!(days360(ymd(2024, 1, 15), ymd(2024, 3, 31), true), 75);
        assert_eq!(days360(ymd(2023, 2, 28), ymd(2023, 3, 31), false), 30);
        assert_eq!(days360(ymd(2024, 2, 28), ymd(2024, 3, 31), false), 33);
        assert_eq!(days360(ymd(2024, 12, 15), ymd(2024, 12, 31), false), 16);
        assert_eq!(days360(ymd(2024, 3, 31), ymd(2024, 1, 1), false), -89);
    }

    #[test]
    fn weeks_are_numbered_as_excel_numbers_them() {
        let week = |day: Value, kind: i64| run(weeknum, vec![day, Value::Number(kind.into())]);
        assert_eq!(week(d(2024, 1, 1), 1), "1");
        assert_eq!(week(d(2024, 1, 6), 1), "1");
        assert_eq!(week(d(2024, 1, 7), 1), "2");
        assert_eq!(week(d(2024, 1, 7), 2), "1");
        assert_eq!(week(d(2024, 1, 8), 2), "2");
        assert_eq!(week(d(2024, 12, 31), 1), "53");
        assert_eq!(week(d(2021, 1, 3), 21), "53");
        assert!(week(d(2024, 1, 1), 3).ends_with("(#NUM!)"));
    }

    #[test]
    fn yearfrac_for_every_basis() {
        let frac =
            |s: Value, e: Value, basis: i64| run(yearfrac, vec![s, e, Value::Number(basis.into())]);
        assert_eq!(
            frac(d(2012, 1, 1), d(2012, 7, 30), 0),
            "0.5805555555555555555555555556"
        );
        assert_eq!(
            frac(d(2012, 1, 1), d(2012, 7, 30), 1),
            "0.5765027322404371584699453552"
        );
        assert_eq!(
            frac(d(2012, 1, 1), d(2012, 7, 30), 3),
            "0.5780821917808219178082191781"
        );
        assert_eq!(frac(d(2024, 2, 29), d(2025, 2, 28), 0), "1");
        assert_eq!(
            frac(d(2012, 7, 30), d(2012, 1, 1), 2),
            "0.5861111111111111111111111111"
        );
        assert!(frac(d(2012, 1, 1), d(2013, 1, 1), 5).ends_with("(#NUM!)"));
    }
}
