//! Numbers beyond a decimal's reach. Formulas compute in decimal: 28 digits, exact for
//! amounts, so ROUND(2.675, 2) is 2.68 and 0.1 + 0.2 is 0.3. A spreadsheet computes in
//! binary floating point instead, which reaches ±1.8E+308 and down to 2.2E-308 with 15
//! significant digits. A number a decimal cannot hold — a literal like `1E+300` or `1E-29`,
//! a product past 7.9E+28, a quotient below the 28th decimal place — is kept as
//! [`Value::Float`]: the binary number a spreadsheet would hold there, shown with its 15
//! digits. A result that fits a decimal again comes back as one (`1E+300 / 1E+290` is
//! the decimal 10000000000), so only numbers that need it are binary.
//!
//! Functions that work on the digits of a number (TEXT, MOD, DATE…) take a huge one as
//! #NUM!, naming it, and a tiny one as the 0 a decimal rounds it to; the functions a
//! spreadsheet user reaches for with such numbers (arithmetic, comparisons, ABS, SIGN,
//! INT, ROUND, MAX, MIN, SUM, AVERAGE, PRODUCT, SQRT, EXP, LN, LOG, POWER) take them as
//! they are.

use rust_decimal::prelude::*;
use std::cmp::Ordering;

use super::ast::BinaryOp;
use super::value::Value;

pub const TOO_LARGE: &str =
    "the result is larger than ±1.8E+308, the largest a number can be (#NUM!)";

/// From this size on a decimal overflows (its largest is 7.9228E+28).
const DECIMAL_LARGEST: f64 = 7.9e28;
/// Below this size a decimal has no digit left for it (its 28th decimal place).
const DECIMAL_SMALLEST: f64 = 1e-28;

/// `x` as a formula value: a decimal of 15 significant digits where one holds it, a
/// [`Value::Float`] where not, 0 below the smallest normal binary number (as Excel), and
/// #NUM! past the largest.
pub fn value(x: f64) -> Result<Value, String> {
    if !x.is_finite() {
        return Err(TOO_LARGE.into());
    }
    let size = x.abs();
    if size < f64::MIN_POSITIVE {
        return Ok(Value::Number(Decimal::ZERO));
    }
    if (DECIMAL_SMALLEST..DECIMAL_LARGEST).contains(&size)
        && let Some(d) = fifteen_digits(x)
    {
        return Ok(Value::Number(d));
    }
    Ok(Value::Float(x))
}

/// `x` to 15 significant digits as a decimal, as a spreadsheet shows it; `None` when a
/// decimal cannot hold that (too large, or digits past the 28th place).
pub fn fifteen_digits(x: f64) -> Option<Decimal> {
    Decimal::from_scientific(&format!("{x:.14e}"))
        .ok()
        .map(|d| d.normalize())
}

/// Text that is a number in E-notation or digits, beyond a decimal's reach (`1E+308`,
/// ` -2.5e-40 `); not `inf`, `NaN` or anything else Rust's reading takes.
pub fn parse(text: &str) -> Option<Value> {
    let t = text.trim();
    let plain = t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !plain || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    value(t.parse().ok()?).ok()
}

/// A decimal as a binary number, for arithmetic with a [`Value::Float`].
pub fn of_decimal(n: Decimal) -> f64 {
    n.to_f64().unwrap_or(0.0)
}

/// A [`Value::Float`] where a function needs a decimal: a tiny one is the 0 a decimal
/// rounds it to, a huge one is #NUM!, naming it.
#[cold]
pub fn to_decimal(x: f64) -> Result<Decimal, String> {
    if x.abs() < 1.0 {
        return Ok(Decimal::ZERO);
    }
    Decimal::from_f64(x).ok_or_else(|| {
        format!(
            "{} is beyond ±7.9E+28, the largest number this works with (#NUM!)",
            super::precision::general(x)
        )
    })
}

/// `x op y` in binary, for arithmetic a decimal cannot hold (or with a [`Value::Float`]).
#[cold]
pub fn arithmetic(op: BinaryOp, x: f64, y: f64) -> Result<Value, String> {
    let r = match op {
        BinaryOp::Add => x + y,
        BinaryOp::Sub => x - y,
        BinaryOp::Mul => x * y,
        BinaryOp::Div if y == 0.0 => return Err("division by zero (#DIV/0!)".into()),
        BinaryOp::Div => x / y,
        BinaryOp::Pow => return power(x, y),
        // Only + - * / ^ come here; anything else is said, never a panic.
        _ => return Err(format!("{op:?} is not arithmetic (#VALUE!)")),
    };
    value(r)
}

/// `base ^ exponent` in binary, with Excel's errors.
pub fn power(base: f64, exponent: f64) -> Result<Value, String> {
    if base == 0.0 && exponent == 0.0 {
        return Err("0 ^ 0 has no value (#NUM!)".into());
    }
    if base == 0.0 && exponent < 0.0 {
        return Err("division by zero (#DIV/0!)".into());
    }
    if base < 0.0 && exponent.fract() != 0.0 {
        return Err("a negative number has no fractional power (#NUM!)".into());
    }
    value(base.powf(exponent))
}

/// The order of two numbers when one is binary.
pub fn order(x: f64, y: f64) -> Ordering {
    x.partial_cmp(&y).unwrap_or(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(x: f64) -> String {
        match value(x) {
            Ok(v) => v.to_string(),
            Err(e) => e,
        }
    }

    #[test]
    fn only_numbers_a_decimal_cannot_hold_stay_binary() {
        assert_eq!(shown(1e300), "1E+300");
        assert_eq!(shown(-1.5e300), "-1.5E+300");
        assert_eq!(shown(1e-29), "1E-29");
        assert_eq!(shown(1e10), "10000000000");
        assert_eq!(shown(0.1 + 0.2), "0.3", "taken to 15 digits");
        assert_eq!(shown(1.23456789012345e-20), "1.23456789012345E-20");
        assert_eq!(
            shown(1e-320),
            "0",
            "below the smallest normal number, as Excel"
        );
        assert!(shown(f64::INFINITY).contains("#NUM!"));
        assert!(shown(1e308 * 10.0).contains("#NUM!"));
    }

    #[test]
    fn binary_arithmetic_has_the_spreadsheets_errors() {
        assert!(
            arithmetic(BinaryOp::Div, 1e300, 0.0)
                .unwrap_err()
                .contains("#DIV/0!")
        );
        assert!(
            arithmetic(BinaryOp::Pow, -1e300, 0.5)
                .unwrap_err()
                .contains("#NUM!")
        );
        assert_eq!(
            arithmetic(BinaryOp::Div, 1e300, 1e290),
            Ok(Value::Number(Decimal::from(10_000_000_000i64)))
        );
    }

    #[test]
    fn a_decimal_function_takes_tiny_as_zero_and_huge_as_an_error() {
        assert_eq!(to_decimal(1e-300), Ok(Decimal::ZERO));
        assert!(to_decimal(1e300).unwrap_err().contains("1E+300"));
    }
}
