//! Reading function arguments the way spreadsheets do: counts are truncated toward zero,
//! blanks are 0 or "", and a wrong value is a message naming it.

use jiff::Zoned;
use jiff::civil::Date;
use rust_decimal::prelude::*;

use super::Arg;
use crate::formula::operators;
pub use crate::formula::operators::boolean;
use crate::formula::value::{self, Value};

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
            .ok_or_else(|| format!("\"{t}\" is not a date (#VALUE!)")),
        other => Err(format!("{other} is not a date (#VALUE!)")),
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
