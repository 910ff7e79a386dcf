//! Number functions. Rounding is decimal and half away from zero, as in spreadsheets
//! (ROUND(2.5, 0) is 3, ROUND(-2.5, 0) is -3).

use rust_decimal::prelude::*;
use rust_decimal::{MathematicalOps, RoundingStrategy};

use super::args::{flattened, number, real, whole_or};
use super::{Arg, Category, Eval, Function, Kind, Returns, many, opt, p};
use crate::formula::operators::power_value;
use crate::formula::precision::significant;
use crate::formula::types::Type;
use crate::formula::value::Value;

const N: Returns = Returns::Fixed(|| Type::Number);
const TOO_LARGE: &str = "the result is too large for a number (#NUM!)";

/// Rounds to `digits` places (negative: to tens, hundreds…) with `strategy`.
pub fn round(n: Decimal, digits: i64, strategy: RoundingStrategy) -> Result<Decimal, String> {
    if digits >= 0 {
        return Ok(n.round_dp_with_strategy(digits.min(28) as u32, strategy));
    }
    let scale = Decimal::TEN
        .checked_powi(-digits)
        .ok_or("the number of digits is too large (#NUM!)")?;
    (n / scale)
        .round_dp_with_strategy(0, strategy)
        .checked_mul(scale)
        .ok_or_else(|| "the result is too large (#NUM!)".into())
}

fn rounding(a: &[Arg], strategy: RoundingStrategy) -> Result<Value, String> {
    if let Value::Float(x) = &*a[0] {
        return float_round(*x, whole_or(a, 1, 0)?, strategy);
    }
    Ok(Value::Number(round(
        // TRUNC(1/3*3) is 1, as in spreadsheets: the number to 15 digits first.
        significant(number(&a[0])?),
        whole_or(a, 1, 0)?,
        strategy,
    )?))
}

/// ROUND and its kin on a number beyond a decimal's reach: a huge one is whole already
/// (to tens or more, it rounds in binary); a tiny one rounds to 0 or, away from zero, to
/// the last place kept (ROUNDUP(1E-30, 2) is 0.01).
#[cold]
fn float_round(x: f64, digits: i64, strategy: RoundingStrategy) -> Result<Value, String> {
    if x.abs() >= 1.0 && digits >= 0 {
        return Ok(Value::Float(x));
    }
    // Divided by a power of ten rather than multiplied by its inverse, which is inexact.
    let unit = 10f64.powi(digits.clamp(-400, 400).unsigned_abs() as i32);
    let scaled = if digits < 0 { x / unit } else { x * unit };
    let whole = match strategy {
        RoundingStrategy::AwayFromZero => scaled.abs().ceil().copysign(x),
        RoundingStrategy::ToZero => scaled.trunc(),
        _ => scaled.round(),
    };
    crate::formula::float::value(if digits < 0 {
        whole * unit
    } else {
        whole / unit
    })
}

/// `n` rounded down to a whole number, as [`Decimal::floor`] gives it. A whole number is
/// itself, and one of up to eighteen digits is divided in `i64`, a fraction of the time
/// of the general way.
pub(crate) fn floor(n: Decimal) -> Decimal {
    let scale = n.scale();
    if scale == 0 {
        return n;
    }
    if let Ok(m) = i64::try_from(n.mantissa())
        && let Some(unit) = 10i64.checked_pow(scale)
    {
        return Decimal::from(m.div_euclid(unit));
    }
    n.floor()
}

/// FLOOR and CEILING: the multiple of significance toward -∞ / +∞ of number/significance.
fn to_multiple(a: &[Arg], up: bool) -> Result<Value, String> {
    let n = number(&a[0])?;
    let sig = a.get(1).map_or(Ok(Decimal::ONE), |s| number(s))?;
    if sig.is_zero() {
        // Excel: CEILING(5, 0) is 0, FLOOR(5, 0) is #DIV/0!.
        return if n.is_zero() || up {
            Ok(Value::Number(Decimal::ZERO))
        } else {
            Err("the significance is 0 (#DIV/0!)".into())
        };
    }
    if n.is_sign_positive() && !n.is_zero() && sig.is_sign_negative() {
        return Err("a positive number needs a positive significance (#NUM!)".into());
    }
    let q = n.checked_div(sig).ok_or(TOO_LARGE)?;
    let q = if up { q.ceil() } else { q.floor() };
    q.checked_mul(sig)
        .map(Value::Number)
        .ok_or_else(|| TOO_LARGE.into())
}

fn extreme(a: &[Arg], max: bool) -> Result<Value, String> {
    let mut best: Option<Decimal> = None;
    for v in flattened(a) {
        let n = match v {
            Value::Blank => continue,
            Value::Text(_) if matches!(v, Value::Text(t) if t.is_empty()) => continue,
            Value::Float(_) => return float_extreme(a, max),
            other => number(other)?,
        };
        best = Some(match best {
            Some(b) if (max && b >= n) || (!max && b <= n) => b,
            _ => n,
        });
    }
    Ok(Value::Number(best.unwrap_or(Decimal::ZERO)))
}

/// MAX and MIN when a number is beyond a decimal's reach: compared in binary.
#[cold]
fn float_extreme(a: &[Arg], max: bool) -> Result<Value, String> {
    let mut best: Option<f64> = None;
    for v in flattened(a).filter(|v| !v.is_blank()) {
        let n = real(v)?;
        best = Some(match best {
            Some(b) if (max && b >= n) || (!max && b <= n) => b,
            _ => n,
        });
    }
    crate::formula::float::value(best.unwrap_or(0.0))
}

/// `n` in a spreadsheet number format's digit codes (see [`super::number_code`]).
pub fn format_number(n: Decimal, format: &str) -> String {
    super::number_code::write(n, format)
}

/// Where the digit codes `0` and `#` are, leaving out quoted text and escaped characters.
pub(super) fn code_positions(format: &str) -> Vec<usize> {
    let (mut quoted, mut escaped, mut out) = (false, false, Vec::new());
    for (i, c) in format.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '0' | '#' if !quoted => out.push(i),
            _ => {}
        }
    }
    out
}

/// Format text as written: quotes taken away, `\\x` as x.
pub(super) fn literal(text: &str) -> String {
    let (mut out, mut escaped) = (String::with_capacity(text.len()), false);
    for c in text.chars() {
        match c {
            _ if escaped => {
                out.push(c);
                escaped = false;
            }
            '\\' => escaped = true,
            '"' => {}
            _ => out.push(c),
        }
    }
    out
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "ROUND",
        category: Category::Number,
        signature: "ROUND(number, [digits])",
        doc: "The number rounded to digits places, halves away from zero; negative digits round to tens, hundreds…",
        example: "ROUND(-2.345, 2)",
        gives: "-2.35",
        params: &[p("number", Kind::Number), opt("digits", Kind::Number)],
        returns: Returns::SameAs(0),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| rounding(a, RoundingStrategy::MidpointAwayFromZero)),
    },
    Function {
        name: "ROUNDUP",
        category: Category::Number,
        signature: "ROUNDUP(number, [digits])",
        doc: "The number rounded away from zero to digits places.",
        example: "ROUNDUP(1234.001, -2)",
        gives: "1300",
        params: &[p("number", Kind::Number), opt("digits", Kind::Number)],
        returns: Returns::SameAs(0),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| rounding(a, RoundingStrategy::AwayFromZero)),
    },
    Function {
        name: "ROUNDDOWN",
        category: Category::Number,
        signature: "ROUNDDOWN(number, [digits])",
        doc: "The number rounded toward zero to digits places.",
        example: "ROUNDDOWN(-7.89, 1)",
        gives: "-7.8",
        params: &[p("number", Kind::Number), opt("digits", Kind::Number)],
        returns: Returns::SameAs(0),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| rounding(a, RoundingStrategy::ToZero)),
    },
    Function {
        name: "FLOOR",
        category: Category::Number,
        signature: "FLOOR(number, [significance])",
        doc: "The number rounded down to a multiple of significance (default 1), as in Excel.",
        example: "FLOOR(-2.5, 2)",
        gives: "-4",
        params: &[p("number", Kind::Number), opt("significance", Kind::Number)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| to_multiple(a, false)),
    },
    Function {
        name: "CEILING",
        category: Category::Number,
        signature: "CEILING(number, [significance])",
        doc: "The number rounded up to a multiple of significance (default 1), as in Excel.",
        example: "CEILING(47, 12)",
        gives: "48",
        params: &[p("number", Kind::Number), opt("significance", Kind::Number)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| to_multiple(a, true)),
    },
    Function {
        name: "INT",
        category: Category::Number,
        signature: "INT(number)",
        doc: "The number rounded down to a whole number (INT(-2.5) is -3).",
        example: "INT(-2.5)",
        gives: "-3",
        params: &[p("number", Kind::Number)],
        returns: Returns::Fixed(|| Type::Integer),
        may_be_blank: false,
        // INT(1/3*3) is 1: the number to 15 significant digits first, as spreadsheets do.
        eval: Eval::Strict(|a, _| match &*a[0] {
            // Huge is whole already; tiny is 0, or -1 below zero.
            Value::Float(x) => crate::formula::float::value(x.floor()),
            v => Ok(Value::Number(floor(significant(number(v)?)))),
        }),
    },
    Function {
        name: "TRUNC",
        category: Category::Number,
        signature: "TRUNC(number, [digits])",
        doc: "The number cut to digits places, toward zero.",
        example: "TRUNC(8.999, 1)",
        gives: "8.9",
        params: &[p("number", Kind::Number), opt("digits", Kind::Number)],
        returns: Returns::SameAs(0),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| rounding(a, RoundingStrategy::ToZero)),
    },
    Function {
        name: "ABS",
        category: Category::Number,
        signature: "ABS(number)",
        doc: "The number without its sign.",
        example: "ABS(-42.5)",
        gives: "42.5",
        params: &[p("number", Kind::Number)],
        returns: Returns::SameAs(0),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| match &*a[0] {
            Value::Float(x) => Ok(Value::Float(x.abs())),
            v => Ok(Value::Number(number(v)?.abs())),
        }),
    },
    Function {
        name: "MOD",
        category: Category::Number,
        signature: "MOD(number, divisor)",
        doc: "The remainder of number ÷ divisor, with the divisor's sign (MOD(-3, 2) is 1).",
        example: "MOD(-3, 2)",
        gives: "1",
        params: &[p("number", Kind::Number), p("divisor", Kind::Number)],
        returns: Returns::SameAs(0),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| {
            let (n, d) = (number(&a[0])?, number(&a[1])?);
            if d.is_zero() {
                return Err("the divisor is 0 (#DIV/0!)".into());
            }
            // n - d × floor(n / d), each step checked: a tiny divisor can overflow.
            n.checked_div(d)
                .map(|q| q.floor())
                .and_then(|q| d.checked_mul(q))
                .and_then(|m| n.checked_sub(m))
                .map(Value::Number)
                .ok_or_else(|| TOO_LARGE.into())
        }),
    },
    Function {
        name: "POWER",
        category: Category::Number,
        signature: "POWER(number, exponent)",
        doc: "The number raised to the exponent, like number ^ exponent.",
        example: "POWER(1.05, 2)",
        gives: "1.1025",
        params: &[p("number", Kind::Number), p("exponent", Kind::Number)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| match (&*a[0], &*a[1]) {
            (Value::Float(_), _) | (_, Value::Float(_)) => {
                crate::formula::float::power(real(&a[0])?, real(&a[1])?)
            }
            (x, y) => power_value(number(x)?, number(y)?),
        }),
    },
    Function {
        name: "SQRT",
        category: Category::Number,
        signature: "SQRT(number)",
        doc: "The square root; an error for negative numbers.",
        example: "SQRT(2.25)",
        gives: "1.5",
        params: &[p("number", Kind::Number)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| {
            let negative = || "a negative number has no square root (#NUM!)".to_owned();
            match &*a[0] {
                Value::Float(x) if *x < 0.0 => Err(negative()),
                Value::Float(x) => crate::formula::float::value(x.sqrt()),
                v => number(v)?
                    .sqrt()
                    .map(|r| Value::Number(r.normalize()))
                    .ok_or_else(negative),
            }
        }),
    },
    Function {
        name: "MIN",
        category: Category::Number,
        signature: "MIN(number, …)",
        doc: "The smallest of the numbers (lists count item by item; blanks are left out; none gives 0).",
        example: "MIN(12, 3.5, 7)",
        gives: "3.5",
        params: &[many("number", Kind::Any)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| extreme(a, false)),
    },
    Function {
        name: "MAX",
        category: Category::Number,
        signature: "MAX(number, …)",
        doc: "The largest of the numbers (lists count item by item; blanks are left out; none gives 0).",
        example: "MAX(12, 3.5, 7)",
        gives: "12",
        params: &[many("number", Kind::Any)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| extreme(a, true)),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The quick floor gives what rust_decimal's floor gives, to the written scale.
        #[test]
        fn floor_is_the_decimal_floor(
            m in prop_oneof![-100_000i64..100_000, any::<i64>()],
            scale in 0u32..=28,
            negative_zero in any::<bool>(),
        ) {
            let mut n = Decimal::new(m, scale);
            if negative_zero && m == 0 {
                n.set_sign_negative(true);
            }
            prop_assert_eq!(floor(n).to_string(), n.floor().to_string());
            prop_assert_eq!(floor(n), n.floor());
        }
    }
}
