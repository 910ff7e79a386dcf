//! Date and time functions. TODAY() and NOW() read the evaluation's clock, which a test
//! run pins, so results repeat. Time zones come from the tz database built into the
//! binary, so a flow gives the same answer on every machine.

use jiff::Span;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use rust_decimal::prelude::*;

use super::args::{date, datetime, number, text, whole, whole_or};
use super::{Arg, Category, Eval, Function, Kind, Returns, opt, p};
use crate::formula::types::Type;
use crate::formula::value::{self, Value};

const D: Returns = Returns::Fixed(|| Type::Date);
const DT: Returns = Returns::Fixed(|| Type::DateTime);
const I: Returns = Returns::Fixed(|| Type::Integer);

const OUT_OF_RANGE: &str = "the date is outside the years 1 to 9999 (#NUM!)";

fn make_date(a: &[Arg]) -> Result<Value, String> {
    let (y, m, d) = (whole(&a[0])?, whole(&a[1])?, whole(&a[2])?);
    // Excel's years: 0–1899 count from 1900 (DATE(99, 1, 1) is 1999-01-01), 1900–9999 as
    // written, anything else is out of range.
    let y = match y {
        0..=1899 => y + 1900,
        other => other,
    };
    let y = i16::try_from(y)
        .ok()
        .filter(|y| (1900..=9999).contains(y))
        .ok_or(OUT_OF_RANGE)?;
    // Months and days past their range roll over, as in spreadsheets: DATE(2026, 13, 1) is 2027-01-01.
    Date::new(y, 1, 1)
        .and_then(|start| start.checked_add(Span::new().try_months(m - 1)?))
        .and_then(|first| first.checked_add(Span::new().try_days(d - 1)?))
        .map(Value::Date)
        .map_err(|_| OUT_OF_RANGE.into())
}

fn add_days(a: &[Arg]) -> Result<Value, String> {
    match &*a[0] {
        Value::DateTime(z) => {
            let seconds = number(&a[1])?
                .checked_mul(Decimal::from(86_400))
                .ok_or(OUT_OF_RANGE)?
                .round()
                .to_i64()
                .ok_or(OUT_OF_RANGE)?;
            z.checked_add(jiff::SignedDuration::from_secs(seconds))
                .map(Value::datetime)
                .map_err(|_| OUT_OF_RANGE.into())
        }
        other => {
            let n = whole(&a[1])?;
            date(other)?
                .checked_add(Span::new().try_days(n).map_err(|_| OUT_OF_RANGE)?)
                .map(Value::Date)
                .map_err(|_| OUT_OF_RANGE.into())
        }
    }
}

fn add_months(a: &[Arg]) -> Result<Value, String> {
    let span = Span::new()
        .try_months(whole(&a[1])?)
        .map_err(|_| OUT_OF_RANGE)?;
    // Like EDATE: a day past the end of the new month becomes its last day.
    match &*a[0] {
        Value::DateTime(z) => z
            .checked_add(span)
            .map(Value::datetime)
            .map_err(|_| OUT_OF_RANGE.into()),
        other => date(other)?
            .checked_add(span)
            .map(Value::Date)
            .map_err(|_| OUT_OF_RANGE.into()),
    }
}

fn weekday(a: &[Arg]) -> Result<Value, String> {
    let day = date(&a[0])?.weekday();
    let n = match whole_or(a, 1, 1)? {
        1 => day.to_sunday_one_offset(),
        2 => day.to_monday_one_offset(),
        3 => day.to_monday_zero_offset(),
        // Excel's 11–17: weeks starting Monday (11) to Sunday (17), the first day 1.
        kind @ 11..=17 => (day.to_monday_zero_offset() - (kind - 11) as i8).rem_euclid(7) + 1,
        _ => {
            return Err(
                "the numbering must be 1 (Sunday = 1), 2 (Monday = 1), 3 (Monday = 0) or 11–17 (Monday to Sunday = 1) (#NUM!)"
                    .into(),
            );
        }
    };
    Ok(Value::Number(Decimal::from(n)))
}

fn datevalue(v: &Value) -> Result<Value, String> {
    match v {
        Value::Blank => Ok(Value::Blank),
        Value::Text(t) if t.trim().is_empty() => Ok(Value::Blank),
        // As Excel: DATEVALUE reads text; a number (a serial) or digits without separators
        // ("20240315") are no written date.
        Value::Number(n) => Err(format!(
            "DATEVALUE reads a date written as text, and {n} is a number: DATE or the number itself is the date (#VALUE!)"
        )),
        Value::Text(t) if t.trim().chars().all(|c| c.is_ascii_digit()) => Err(format!(
            "\"{t}\" is not a date as en-US writes them, such as 3/15/2024 or 2024-03-15 (#VALUE!)"
        )),
        other => date(other).map(Value::Date),
    }
}

fn datetimevalue(v: &Value) -> Result<Value, String> {
    match v {
        Value::Blank => Ok(Value::Blank),
        Value::Text(t) if t.trim().is_empty() => Ok(Value::Blank),
        // "2026-11-20 14:30" without a zone is read as UTC.
        Value::Text(t) => value::parse_datetime(t)
            .or_else(|| {
                t.trim()
                    .parse::<DateTime>()
                    .ok()
                    .and_then(|dt| dt.to_zoned(TimeZone::UTC).ok())
            })
            .or_else(|| value::parse_date(t).and_then(|d| d.to_zoned(TimeZone::UTC).ok()))
            .map(Value::datetime)
            .ok_or_else(|| format!("\"{t}\" is not a date and time (#VALUE!)")),
        other => datetime(other).map(Value::datetime),
    }
}

fn convert_tz(a: &[Arg]) -> Result<Value, String> {
    let name = text(&a[1]);
    let tz = TimeZone::get(&name).map_err(|_| {
        format!(
            "\"{name}\" is not a time zone name such as \"Europe/Berlin\" or \"America/New_York\""
        )
    })?;
    Ok(Value::datetime(datetime(&a[0])?.with_time_zone(tz)))
}

pub(super) use crate::formula::calendar::{DAYS, MONTHS};

/// Formats with the patterns of Java, ICU and most integration tools: `yyyy-MM-dd`,
/// `dd.MM.yyyy`, `MMM d, yyyy`, `EEEE`, `HH:mm:ss`, `hh:mm a`, `XXX` (offset); text in
/// single quotes is written as it stands.
pub fn format_pattern(when: &Value, pattern: &str) -> Result<String, String> {
    let (dt, offset): (DateTime, Option<i32>) = match when {
        Value::DateTime(z) => (z.datetime(), Some(z.offset().seconds())),
        other => (date(other)?.to_datetime(Time::midnight()), None),
    };
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // 'literal', with '' for a quote.
            i += 1;
            if chars.get(i) == Some(&'\'') {
                out.push('\'');
                i += 1;
                continue;
            }
            while i < chars.len() {
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        out.push('\'');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                out.push(chars[i]);
                i += 1;
            }
            continue;
        }
        let run = chars[i..].iter().take_while(|&&d| d == c).count();
        i += run;
        let two = |n: i64| format!("{n:02}");
        match (c, run) {
            ('y', 2) => out.push_str(&two(i64::from(dt.year()) % 100)),
            ('y', _) => out.push_str(&format!("{:0width$}", dt.year(), width = run.max(4))),
            ('M', 1) => out.push_str(&dt.month().to_string()),
            ('M', 2) => out.push_str(&two(i64::from(dt.month()))),
            ('M', 3) => out.push_str(&MONTHS[dt.month() as usize - 1][..3]),
            ('M', _) => out.push_str(MONTHS[dt.month() as usize - 1]),
            ('d', 1) => out.push_str(&dt.day().to_string()),
            ('d', _) => out.push_str(&two(i64::from(dt.day()))),
            ('E', 1..=3) => out.push_str(&DAYS[dt.weekday().to_monday_zero_offset() as usize][..3]),
            ('E', _) => out.push_str(DAYS[dt.weekday().to_monday_zero_offset() as usize]),
            ('H', 1) => out.push_str(&dt.hour().to_string()),
            ('H', _) => out.push_str(&two(i64::from(dt.hour()))),
            ('h', n) => {
                let h12 = (i64::from(dt.hour()) + 11) % 12 + 1;
                out.push_str(&if n == 1 { h12.to_string() } else { two(h12) });
            }
            ('m', 1) => out.push_str(&dt.minute().to_string()),
            ('m', _) => out.push_str(&two(i64::from(dt.minute()))),
            ('s', 1) => out.push_str(&dt.second().to_string()),
            ('s', _) => out.push_str(&two(i64::from(dt.second()))),
            ('a', _) => out.push_str(if dt.hour() < 12 { "AM" } else { "PM" }),
            ('X', _) => match offset {
                Some(0) | None => out.push('Z'),
                Some(seconds) => {
                    let sign = if seconds < 0 { '-' } else { '+' };
                    let m = seconds.abs() / 60;
                    out.push_str(&format!("{sign}{:02}:{:02}", m / 60, m % 60));
                }
            },
            _ => out.extend(std::iter::repeat_n(c, run)),
        }
    }
    Ok(out)
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "TODAY",
        category: Category::Date,
        signature: "TODAY()",
        doc: "Today's date (in a test run, the run's pinned date).",
        example: "TODAY()",
        gives: "2026-11-22",
        params: &[],
        returns: D,
        may_be_blank: false,
        eval: Eval::Strict(|_, env| Ok(Value::Date(env.now.date()))),
    },
    Function {
        name: "NOW",
        category: Category::Date,
        signature: "NOW()",
        doc: "The current date and time (in a test run, the run's pinned time).",
        example: "NOW()",
        gives: "2026-11-22T09:30:00-05:00",
        params: &[],
        returns: DT,
        may_be_blank: false,
        eval: Eval::Strict(|_, env| Ok(Value::datetime(env.now.clone()))),
    },
    Function {
        name: "DATE",
        category: Category::Date,
        signature: "DATE(year, month, day)",
        doc: "The date of year, month and day; months and days past their range roll over (month 13 is next January); a year below 1900 counts from 1900, as in Excel (99 is 1999).",
        example: "DATE(2026, 13, 1)",
        gives: "2027-01-01",
        params: &[
            p("year", Kind::Number),
            p("month", Kind::Number),
            p("day", Kind::Number),
        ],
        returns: D,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| make_date(a)),
    },
    Function {
        name: "DATEVALUE",
        category: Category::Date,
        signature: "DATEVALUE(text)",
        doc: "The date written in the text as 2026-11-20 (or the date of a Date/Time); blank stays blank.",
        example: "DATEVALUE(\"2026-11-20T14:05:00Z\")",
        gives: "2026-11-20",
        params: &[p("text", Kind::Any)],
        returns: D,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| datevalue(&a[0])),
    },
    Function {
        name: "DATETIMEVALUE",
        category: Category::Date,
        signature: "DATETIMEVALUE(text)",
        doc: "The date and time written in the text (2026-11-20T14:30:00+01:00; no zone means UTC); blank stays blank.",
        example: "DATETIMEVALUE(\"2026-11-20 14:30\")",
        gives: "2026-11-20T14:30:00+00:00",
        params: &[p("text", Kind::Any)],
        returns: DT,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| datetimevalue(&a[0])),
    },
    Function {
        name: "YEAR",
        category: Category::Date,
        signature: "YEAR(date)",
        doc: "The year of the date.",
        example: "YEAR(DATE(2026, 11, 20))",
        gives: "2026",
        params: &[p("date", Kind::Moment)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Number(Decimal::from(date(&a[0])?.year())))),
    },
    Function {
        name: "MONTH",
        category: Category::Date,
        signature: "MONTH(date)",
        doc: "The month of the date, 1 to 12.",
        example: "MONTH(DATE(2026, 11, 20))",
        gives: "11",
        params: &[p("date", Kind::Moment)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Number(Decimal::from(date(&a[0])?.month())))),
    },
    Function {
        name: "DAY",
        category: Category::Date,
        signature: "DAY(date)",
        doc: "The day of the month, 1 to 31.",
        example: "DAY(DATE(2026, 11, 20))",
        gives: "20",
        params: &[p("date", Kind::Moment)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Number(Decimal::from(date(&a[0])?.day())))),
    },
    Function {
        name: "HOUR",
        category: Category::Date,
        signature: "HOUR(time)",
        doc: "The hour, 0 to 23, of a Date/Time (in its own time zone), of a fraction of a day (0.75 is 18) or of time text (\"2:30 PM\").",
        example: "HOUR(DATETIMEVALUE(\"2026-11-20T14:30:00-05:00\"))",
        gives: "14",
        params: &[p("time", Kind::Any)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| super::time::clock(a, |s| s / 3600)),
    },
    Function {
        name: "MINUTE",
        category: Category::Date,
        signature: "MINUTE(time)",
        doc: "The minute, 0 to 59, of a Date/Time, of a fraction of a day or of time text.",
        example: "MINUTE(DATETIMEVALUE(\"2026-11-20T14:30:00-05:00\"))",
        gives: "30",
        params: &[p("time", Kind::Any)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| super::time::clock(a, |s| s / 60 % 60)),
    },
    Function {
        name: "WEEKDAY",
        category: Category::Date,
        signature: "WEEKDAY(date, [numbering])",
        doc: "The day of the week: numbering 1 (default) counts Sunday = 1, 2 counts Monday = 1, 3 counts Monday = 0, 11–17 count Monday … Sunday = 1.",
        example: "WEEKDAY(DATE(2026, 11, 22))",
        gives: "1",
        params: &[p("date", Kind::Moment), opt("numbering", Kind::Number)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| weekday(a)),
    },
    Function {
        name: "ADDDAYS",
        category: Category::Date,
        signature: "ADDDAYS(date, days)",
        doc: "The date that many days later (earlier if negative); a Date/Time may move by fractions of a day.",
        example: "ADDDAYS(DATE(2026, 11, 20), 14)",
        gives: "2026-12-04",
        params: &[p("date", Kind::Moment), p("days", Kind::Number)],
        returns: Returns::SameAs(0),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| add_days(a)),
    },
    Function {
        name: "ADDMONTHS",
        category: Category::Date,
        signature: "ADDMONTHS(date, months)",
        doc: "The date that many months later, like EDATE: a day past the new month's end becomes its last day.",
        example: "ADDMONTHS(DATE(2026, 1, 31), 1)",
        gives: "2026-02-28",
        params: &[p("date", Kind::Moment), p("months", Kind::Number)],
        returns: Returns::SameAs(0),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| add_months(a)),
    },
    Function {
        name: "DAYS_BETWEEN",
        category: Category::Date,
        signature: "DAYS_BETWEEN(start, end)",
        doc: "How many days from start to end (negative if end comes first).",
        example: "DAYS_BETWEEN(DATE(2026, 11, 20), DATE(2026, 12, 15))",
        gives: "25",
        params: &[p("start", Kind::Moment), p("end", Kind::Moment)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| {
            Ok(Value::Number(Decimal::from(
                (date(&a[1])? - date(&a[0])?).get_days(),
            )))
        }),
    },
    Function {
        name: "FORMAT_DATE",
        category: Category::Date,
        signature: "FORMAT_DATE(date, pattern)",
        doc: "The date as text in the pattern: yyyy year, MM month, MMM Jan, dd day, EEEE Monday, HH:mm:ss time, XXX offset.",
        example: "FORMAT_DATE(DATE(2026, 11, 20), \"EEE, d MMM yyyy\")",
        gives: "\"Fri, 20 Nov 2026\"",
        params: &[p("date", Kind::Moment), p("pattern", Kind::Text)],
        returns: Returns::Fixed(|| Type::Text),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| format_pattern(&a[0], &text(&a[1])).map(Value::Text)),
    },
    Function {
        name: "CONVERT_TZ",
        category: Category::Date,
        signature: "CONVERT_TZ(datetime, zone)",
        doc: "The same moment seen in another time zone (IANA names such as \"Europe/Berlin\").",
        example: "CONVERT_TZ(DATETIMEVALUE(\"2026-11-20T14:30:00Z\"), \"Europe/Berlin\")",
        gives: "2026-11-20T15:30:00+01:00",
        params: &[p("datetime", Kind::DateTime), p("zone", Kind::Text)],
        returns: DT,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| convert_tz(a)),
    },
];
