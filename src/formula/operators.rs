//! The operators and the spreadsheet's reading of values, shared by the evaluator and
//! the function library: a value as a number or as text, `&`, arithmetic on numbers and
//! dates, comparisons and the order of values. Pure functions of values; they know
//! nothing of programs, calls or records. Each is `#[inline]`: they sat beside the
//! evaluator's loop, which inlined the small ones, and a separate module may land in
//! another codegen unit (BENCHMARKS.md, issue 20).

use jiff::SignedDuration;
use rust_decimal::MathematicalOps;
use rust_decimal::prelude::*;
use std::cmp::Ordering;

use super::ast::{BinaryOp, UnaryOp};
use super::precision::{self, significant};
use super::value::Value;
use super::{float, reading, serial};

/// A value as a number, the way arithmetic sees it.
#[inline]
pub fn number(v: &Value) -> Result<Decimal, String> {
    match v {
        Value::Blank => Ok(Decimal::ZERO),
        Value::Number(n) => Ok(*n),
        Value::Float(x) => float::to_decimal(*x),
        Value::Bool(b) => Ok(if *b { Decimal::ONE } else { Decimal::ZERO }),
        Value::Text(t) if t.is_empty() => Ok(Decimal::ZERO),
        Value::Text(t) => super::value::parse_number(t).map_or_else(|| text_as_number(t), Ok),
        // A date is a number in a spreadsheet: its serial number, the time the fraction.
        Value::Date(d) => Ok(Decimal::from(serial::from_date(*d))),
        Value::DateTime(z) => {
            let seconds =
                i64::from(z.hour()) * 3600 + i64::from(z.minute()) * 60 + i64::from(z.second());
            Ok(Decimal::from(serial::from_date(z.date())) + serial::day_fraction(seconds))
        }
        other => Err(format!("{other} is not a number (#VALUE!)")),
    }
}

/// Text that is not a plain number, read as a spreadsheet reads it in arithmetic
/// (`"1,200" + 1`, `"(5)"`, `"50%"`, `"3/15/2024"` as its serial number, `"12:00"` as
/// 0.5), en-US.
#[cold]
fn text_as_number(t: &str) -> Result<Decimal, String> {
    reading::number(t)
        .or_else(|| reading::date_in(t).map(|d| Decimal::from(serial::from_date(d))))
        .or_else(|| reading::time_in(t).map(serial::day_fraction))
        .ok_or_else(|| format!("\"{t}\" is not a number (#VALUE!)"))
}

/// A value as text, the way `&` sees it.
#[inline]
pub fn text(v: &Value) -> String {
    match v {
        Value::Blank => String::new(),
        Value::Text(t) => t.clone(),
        // To 15 significant digits, as a spreadsheet writes a number.
        Value::Number(n) => significant(*n).normalize().to_string(),
        Value::Float(x) => precision::general(*x),
        Value::Bool(true) => "TRUE".into(),
        Value::Bool(false) => "FALSE".into(),
        Value::Date(d) => d.to_string(),
        Value::DateTime(z) => super::value::format_rfc3339(z),
        Value::List(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        Value::Record(_) => v.to_string(),
    }
}

/// A value as TRUE or FALSE, the way a condition reads it.
#[inline]
pub fn boolean(v: &Value) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Blank => Ok(false),
        Value::Number(n) => Ok(!n.is_zero()),
        Value::Float(x) => Ok(*x != 0.0),
        Value::Text(t) if t.eq_ignore_ascii_case("true") => Ok(true),
        Value::Text(t) if t.eq_ignore_ascii_case("false") => Ok(false),
        other => Err(format!("{other} is not TRUE or FALSE (#VALUE!)")),
    }
}

/// Appends `v` to `out` the way `&` writes it.
#[inline]
pub(crate) fn push_text(out: &mut String, v: &Value) {
    match v {
        Value::Text(t) => out.push_str(t),
        other => out.push_str(&text(other)),
    }
}

#[inline]
pub(crate) fn unary(op: UnaryOp, v: &Value) -> Result<Value, String> {
    if let Value::Float(x) = v {
        return float::value(match op {
            UnaryOp::Neg => -x,
            UnaryOp::Plus => *x,
            UnaryOp::Percent => x / 100.0,
        });
    }
    let n = number(v)?;
    Ok(Value::Number(match op {
        UnaryOp::Neg => -n,
        UnaryOp::Plus => n,
        UnaryOp::Percent => n / Decimal::ONE_HUNDRED,
    }))
}

const TOO_LARGE: &str = "the result is too large for a number (#NUM!)";

#[inline]
fn days(n: Decimal) -> Result<SignedDuration, String> {
    let seconds = n
        .checked_mul(Decimal::from(86_400))
        .ok_or(TOO_LARGE)?
        .round();
    seconds
        .to_i64()
        .map(SignedDuration::from_secs)
        .ok_or_else(|| TOO_LARGE.to_owned())
}

/// The days a Date moves by: a whole number. A fraction would be a time of day, which a
/// Date cannot hold; dropping it quietly gave 12:00 AM for `DATE(…) + TIME(14, 30, 0)`.
fn whole_days(n: Decimal) -> Result<i64, String> {
    if !n.fract().is_zero() {
        return Err(format!(
            "a Date has no time of day, so it cannot move by {} days: add whole days, or start from a Date/Time (DATETIMEVALUE) to add hours (#VALUE!)",
            n.normalize()
        ));
    }
    n.to_i64().ok_or_else(|| TOO_LARGE.into())
}

#[inline]
pub fn binary(op: BinaryOp, a: &Value, b: &Value) -> Result<Value, String> {
    use BinaryOp::*;
    match op {
        Concat => {
            let length = |v: &Value| if let Value::Text(t) = v { t.len() } else { 0 };
            let mut out = String::with_capacity(length(a) + length(b));
            push_text(&mut out, a);
            push_text(&mut out, b);
            Ok(Value::Text(out))
        }
        Eq | Ne | Lt | Le | Gt | Ge => Ok(Value::Bool(comparison(op, a, b))),
        Add | Sub => match (a, b) {
            (Value::Date(d), other) | (other, Value::Date(d))
                if op == Add && !matches!(other, Value::Date(_)) =>
            {
                let n = whole_days(number(other)?)?;
                d.checked_add(jiff::Span::new().try_days(n).map_err(|_| TOO_LARGE)?)
                    .map(Value::Date)
                    .map_err(|_| TOO_LARGE.into())
            }
            (Value::Date(x), Value::Date(y)) => {
                Ok(Value::Number(Decimal::from((*x - *y).get_days())))
            }
            (Value::Date(d), other) => {
                let n = whole_days(number(other)?)?;
                d.checked_sub(jiff::Span::new().try_days(n).map_err(|_| TOO_LARGE)?)
                    .map(Value::Date)
                    .map_err(|_| TOO_LARGE.into())
            }
            (Value::DateTime(x), Value::DateTime(y)) if op == Sub => {
                let seconds = x.timestamp().as_second() - y.timestamp().as_second();
                Ok(Value::Number(
                    Decimal::from(seconds) / Decimal::from(86_400),
                ))
            }
            (Value::DateTime(z), other) | (other, Value::DateTime(z))
                if !matches!(other, Value::DateTime(_)) =>
            {
                let mut d = days(number(other)?)?;
                if op == Sub {
                    d = -d;
                }
                z.checked_add(d)
                    .map(Value::datetime)
                    .map_err(|_| TOO_LARGE.into())
            }
            _ => arithmetic(op, a, b),
        },
        Mul | Div | Pow => arithmetic(op, a, b),
    }
}

/// `a op b` for `+ - * / ^` on numbers: in decimal, and in binary where a decimal cannot
/// hold an operand or the result (see [`float`]).
#[inline]
fn arithmetic(op: BinaryOp, a: &Value, b: &Value) -> Result<Value, String> {
    use BinaryOp::*;
    if matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
        return float::arithmetic(op, binary_operand(a)?, binary_operand(b)?);
    }
    let (x, y) = (number(a)?, number(b)?);
    let r = match op {
        Add => x.checked_add(y),
        Sub => x.checked_sub(y),
        // A product or quotient that rounds to 0 at the 28th place is binary's to hold.
        Mul => x
            .checked_mul(y)
            .filter(|r| !r.is_zero() || x.is_zero() || y.is_zero()),
        Div if y.is_zero() => return Err("division by zero (#DIV/0!)".into()),
        Div => divide(x, y).filter(|r| !r.is_zero() || x.is_zero()),
        _ => return power_value(x, y),
    };
    match r {
        Some(r) => Ok(Value::Number(r)),
        None => float::arithmetic(op, float::of_decimal(x), float::of_decimal(y)),
    }
}

/// An operand of binary arithmetic.
#[cold]
fn binary_operand(v: &Value) -> Result<f64, String> {
    match v {
        Value::Float(x) => Ok(*x),
        other => number(other).map(float::of_decimal),
    }
}

/// `base ^ exponent`: in decimal, in binary when a decimal cannot hold the result.
pub fn power_value(base: Decimal, exponent: Decimal) -> Result<Value, String> {
    match power(base, exponent) {
        Ok(r) if !r.is_zero() || base.is_zero() => Ok(Value::Number(r)),
        Err(e) if e != TOO_LARGE => Err(e),
        _ => float::power(float::of_decimal(base), float::of_decimal(exponent)),
    }
}

/// `x / y`, `None` if too large. Whole numbers (most amounts) are divided in `i64` when
/// the quotient has at most four decimals (45398 / 5 = 9079.6), giving exactly what the
/// general 96-bit division gives, scale included, in a fraction of the time; anything
/// else takes that.
#[inline]
fn divide(x: Decimal, y: Decimal) -> Option<Decimal> {
    if x.scale() == 0
        && y.scale() == 0
        && let (Ok(mut scaled), Ok(divisor)) =
            (i64::try_from(x.mantissa()), i64::try_from(y.mantissa()))
        && divisor != 0
    {
        for places in 0..=4 {
            if scaled.checked_rem(divisor) == Some(0)
                && let Some(quotient) = scaled.checked_div(divisor)
            {
                // rust_decimal writes a one-place quotient with two (9079.60).
                return match places {
                    1 => quotient.checked_mul(10).map(|q| Decimal::new(q, 2)),
                    _ => Some(Decimal::new(quotient, places)),
                }
                .or_else(|| x.checked_div(y));
            }
            match scaled.checked_mul(10) {
                Some(next) => scaled = next,
                None => break,
            }
        }
    }
    x.checked_div(y)
}

/// Two numbers' order, each taken to 15 significant digits first as spreadsheets do
/// (`1/3*3 = 1`); at the same scale (two whole amounts, say), by their digits alone.
#[inline]
fn number_order(x: &Decimal, y: &Decimal) -> Ordering {
    let (x, y) = (significant(*x), significant(*y));
    if x.scale() == y.scale() {
        x.mantissa().cmp(&y.mantissa())
    } else {
        x.cmp(&y)
    }
}

/// `a op b` for a comparison operator. Equality of two texts needs no order: texts of
/// different lengths, or ASCII texts that differ other than in case, are unequal at once.
#[inline]
pub(crate) fn comparison(op: BinaryOp, a: &Value, b: &Value) -> bool {
    use BinaryOp::*;
    if let (Eq | Ne, Value::Text(x), Value::Text(y)) = (op, a, b)
        && x.is_ascii()
        && y.is_ascii()
    {
        return x.eq_ignore_ascii_case(y) == (op == Eq);
    }
    let ord = compare(a, b);
    match op {
        Eq => ord == Ordering::Equal,
        Ne => ord != Ordering::Equal,
        Lt => ord == Ordering::Less,
        Le => ord != Ordering::Greater,
        Gt => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    }
}

/// `base ^ exponent` as Excel computes it: 0^0 and roots of negatives are #NUM!.
#[inline]
pub fn power(base: Decimal, exponent: Decimal) -> Result<Decimal, String> {
    if base.is_zero() && exponent.is_zero() {
        return Err("0 ^ 0 has no value (#NUM!)".into());
    }
    if base.is_zero() && exponent.is_sign_negative() {
        return Err("division by zero (#DIV/0!)".into());
    }
    if exponent.fract().is_zero() {
        let e = exponent.to_i64().ok_or(TOO_LARGE)?;
        return base.checked_powi(e).ok_or_else(|| TOO_LARGE.into());
    }
    if base.is_sign_negative() {
        return Err("a negative number has no fractional power (#NUM!)".into());
    }
    base.checked_powd(exponent).ok_or_else(|| TOO_LARGE.into())
}

/// Spreadsheet ordering: blank equals 0, "" and FALSE; text compares without regard to
/// case; different kinds order numbers < text < booleans, as in Excel.
#[inline]
pub fn compare(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Number(_) | Value::Float(_) | Value::Date(_) | Value::DateTime(_) => 0,
            Value::Text(_) => 1,
            Value::Bool(_) => 2,
            _ => 3,
        }
    }
    match (a, b) {
        (Value::Blank, Value::Blank) => Ordering::Equal,
        // A blank sorts as the empty value of the other side's kind, or first.
        (Value::Blank, other) => match blank_like(other) {
            Value::Blank => Ordering::Less,
            like => compare(&like, other),
        },
        (_, Value::Blank) => compare(b, a).reverse(),
        (Value::Number(x), Value::Number(y)) => number_order(x, y),
        (Value::Float(x), Value::Float(y)) => float::order(*x, *y),
        (Value::Float(x), Value::Number(y)) => float::order(*x, float::of_decimal(*y)),
        (Value::Number(_), Value::Float(_)) => compare(b, a).reverse(),
        (Value::Text(x), Value::Text(y)) => compare_text(x, y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        (Value::DateTime(x), Value::DateTime(y)) => x.timestamp().cmp(&y.timestamp()),
        (Value::Date(x), Value::DateTime(y)) => x
            .to_zoned(y.time_zone().clone())
            .map_or(Ordering::Less, |x| x.timestamp().cmp(&y.timestamp())),
        (Value::DateTime(_), Value::Date(_)) => compare(b, a).reverse(),
        (Value::List(x), Value::List(y)) => x
            .iter()
            .zip(y)
            .map(|(p, q)| compare(p, q))
            .find(|o| o.is_ne())
            .unwrap_or(x.len().cmp(&y.len())),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Text order without regard to case. ASCII text (nearly all of it) is compared byte by
/// byte in place; other text is lowercased whole, so rules such as Greek final sigma hold.
#[inline]
fn compare_text(x: &str, y: &str) -> Ordering {
    if x.is_ascii() && y.is_ascii() {
        x.bytes()
            .map(|b| b.to_ascii_lowercase())
            .cmp(y.bytes().map(|b| b.to_ascii_lowercase()))
    } else {
        x.to_lowercase().cmp(&y.to_lowercase())
    }
}

/// What a blank stands for next to `other`.
#[inline]
fn blank_like(other: &Value) -> Value {
    match other {
        Value::Text(_) => Value::Text(String::new()),
        Value::Bool(_) => Value::Bool(false),
        Value::Number(_) | Value::Float(_) => Value::Number(Decimal::ZERO),
        _ => Value::Blank,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whole numbers of every size, small ones most often (amounts, counts, divisors).
    fn whole() -> impl Strategy<Value = i64> {
        prop_oneof![-1000i64..1000, any::<i64>(), Just(i64::MIN), Just(i64::MAX)]
    }

    proptest! {
        /// The quick whole-number division gives what rust_decimal's division gives, to
        /// the last digit and the written scale.
        #[test]
        fn whole_division_is_the_general_division(
            a in whole(),
            // Divisors of powers of ten give short fractions, which the quick way handles.
            b in prop_oneof![whole(), prop::sample::select(vec![2i64, -4, 8, 16, 25, -40, 125, 625, 3, 7])],
            scale in prop_oneof![Just(0u32), 1u32..3],
        ) {
            let (x, y) = (Decimal::new(a, 0), Decimal::new(b, scale));
            if !y.is_zero() {
                let (quick, general) = (divide(x, y), x.checked_div(y));
                prop_assert_eq!(quick, general);
                prop_assert_eq!(quick.map(|d| d.to_string()), general.map(|d| d.to_string()));
            }
        }

        #[test]
        fn numbers_order_as_decimals_do(a in whole(), b in whole(), p in 0u32..4, q in 0u32..4) {
            let (x, y) = (Decimal::new(a, p), Decimal::new(b, q));
            prop_assert_eq!(number_order(&x, &y), significant(x).cmp(&significant(y)));
        }
    }
}
