//! Reading function arguments the way spreadsheets do: counts are truncated toward zero,
//! blanks are 0 or "", and a wrong value is a message naming it.

use jiff::Zoned;
use jiff::civil::Date;
use rust_decimal::prelude::*;

use super::Arg;
use crate::formula::operators;
pub use crate::formula::operators::boolean;
use crate::formula::value::{self, Value};
use crate::formula::{reading, serial};

pub fn text(v: &Value) -> String {
    operators::text(v)
}

/// [`text`] of an argument the function may use up: text computed for this call (the
/// result of an inner function) is moved out, not copied.
pub fn take_text(v: &mut Arg) -> String {
    match v {
        std::borrow::Cow::Owned(Value::Text(t)) => std::mem::take(t),
        other => text(other),
    }
}

/// [`text`], with text itself borrowed rather than copied.
pub fn text_ref(v: &Value) -> std::borrow::Cow<'_, str> {
    match v {
        Value::Text(t) => std::borrow::Cow::Borrowed(t),
        other => std::borrow::Cow::Owned(operators::text(other)),
    }
}

pub fn number(v: &Value) -> Result<Decimal, String> {
    operators::number(v)
}

/// A number in binary, for the functions that take numbers beyond a decimal's reach
/// (see [`crate::formula::float`]).
pub fn real(v: &Value) -> Result<f64, String> {
    match v {
        Value::Float(x) => Ok(*x),
        other => number(other).map(crate::formula::float::of_decimal),
    }
}

/// A count or position: the number truncated toward zero, as Excel does with LEFT("abc", 1.9).
#[inline]
pub fn whole(v: &Value) -> Result<i64, String> {
    // A whole number (a count written in the formula, nearly always) needs no truncating.
    if let Value::Number(n) = v
        && n.scale() == 0
        && let Ok(whole) = i64::try_from(n.mantissa())
    {
        return Ok(whole);
    }
    number(v)?
        .trunc()
        .to_i64()
        .ok_or_else(|| "the number is too large (#NUM!)".into())
}

/// Argument `i` as a whole number, or `default` when it is not given.
pub fn whole_or(args: &[Arg], i: usize, default: i64) -> Result<i64, String> {
    args.get(i).map_or(Ok(default), |a| whole(a))
}

pub fn date(v: &Value) -> Result<Date, String> {
    match v {
        Value::Date(d) => Ok(*d),
        Value::DateTime(z) => Ok(z.date()),
        Value::Text(t) => value::parse_date(t)
            .or_else(|| value::parse_datetime(t).map(|z| z.date()))
            .or_else(|| reading::date_in(t))
            .ok_or_else(|| {
                format!(
                    "\"{t}\" is not a date as en-US writes them, 3/15/2024 or 2024-03-15 (#VALUE!)"
                )
            }),
        // A spreadsheet's serial number (1900 system): DAY(45352) is 1.
        Value::Number(n) => serial::to_date(*n),
        other => Err(format!("{other} is not a date (#VALUE!)")),
    }
}

/// The time of day of a value, in seconds: of a Date/Time in its own zone, of a serial
/// number's fraction (0.5 is noon), of text such as "14:30" or "2:30 PM"; a date is
/// midnight.
pub fn time_of_day(v: &Value) -> Result<i64, String> {
    match v {
        Value::DateTime(z) => {
            Ok(i64::from(z.hour()) * 3600 + i64::from(z.minute()) * 60 + i64::from(z.second()))
        }
        Value::Date(_) | Value::Blank => Ok(0),
        Value::Text(t) => reading::time_in(t)
            .or_else(|| {
                value::parse_datetime(t).map(|z| time_of_day(&Value::datetime(z)).unwrap_or(0))
            })
            .or_else(|| reading::date_in(t).map(|_| 0))
            .ok_or_else(|| {
                format!("\"{t}\" is not a time as en-US writes them, 14:30 or 2:30 PM (#VALUE!)")
            }),
        other => serial::seconds_of_day(number(other)?),
    }
}

pub fn datetime(v: &Value) -> Result<Zoned, String> {
    match v {
        Value::DateTime(z) => Ok(z.as_ref().clone()),
        Value::Date(d) => d
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map_err(|e| e.to_string()),
        Value::Text(t) => value::parse_datetime(t)
            .or_else(|| value::parse_date(t).and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok()))
            .ok_or_else(|| format!("\"{t}\" is not a date and time (#VALUE!)")),
        other => Err(format!("{other} is not a date and time (#VALUE!)")),
    }
}

/// The values of a list argument, or the argument itself.
pub fn items(v: &Value) -> Vec<&Value> {
    match v {
        Value::List(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// All arguments with lists flattened one level, as MAX(list, 3) reads them.
pub fn flattened<'a>(args: &'a [Arg<'a>]) -> impl Iterator<Item = &'a Value> {
    args.iter().flat_map(|a| items(a))
}
