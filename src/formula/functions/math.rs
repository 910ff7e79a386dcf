//! More number functions, with Excel's names and edge cases: CEILING.MATH, FLOOR.MATH,
//! EVEN, ODD, EXP, LN, LOG, LOG10, PI, PRODUCT, QUOTIENT, SIGN, MROUND. Arithmetic stays
//! decimal; EXP and the logarithms have no exact decimal value and are computed in binary
//! floating point, as spreadsheets compute everything, then taken to 15 digits.

use rust_decimal::RoundingStrategy;
use rust_decimal::prelude::*;

use super::args::{flattened, number, real};
use super::{Arg, Category, Eval, Function, Kind, Returns, many, opt, p};
use crate::formula::precision::significant;
use crate::formula::types::Type;
use crate::formula::value::Value;

const N: Returns = Returns::Fixed(|| Type::Number);
const I: Returns = Returns::Fixed(|| Type::Integer);
const TOO_LARGE: &str = "the result is too large for a number (#NUM!)";

/// CEILING.MATH (`up`) and FLOOR.MATH: to a multiple of |significance|; a negative number
/// goes toward zero (CEILING) or away from it (FLOOR) unless mode is not 0, which turns
/// that round.
fn to_multiple_math(a: &[Arg], up: bool) -> Result<Value, String> {
    let n = number(&a[0])?;
    let sig = a.get(1).map_or(Ok(Decimal::ONE), |s| number(s))?.abs();
    let mode = a.get(2).map_or(Ok(Decimal::ZERO), |m| number(m))?;
    if sig.is_zero() {
        return Ok(Value::Number(Decimal::ZERO));
    }
    let q = n.checked_div(sig).ok_or(TOO_LARGE)?;
    let toward_plus = if n.is_sign_negative() && !mode.is_zero() {
        !up
    } else {
        up
    };
    let q = if toward_plus { q.ceil() } else { q.floor() };
    q.checked_mul(sig)
        .map(|r| Value::Number(r.normalize()))
        .ok_or_else(|| TOO_LARGE.into())
}

/// EVEN and ODD: away from zero to the next even or odd whole number.
fn parity(a: &[Arg], odd: bool) -> Result<Value, String> {
    let n = number(&a[0])?;
    let up = n.abs().ceil();
    let two = Decimal::TWO;
    let r = if odd {
        if (up % two).is_zero() {
            up.checked_add(Decimal::ONE)
        } else {
            Some(up)
        }
    } else {
        (up / two).ceil().checked_mul(two)
    };
    let r = r.ok_or(TOO_LARGE)?;
    Ok(Value::Number(if n.is_sign_negative() { -r } else { r }))
}

/// `f` of the number in binary floating point, taken to 15 significant digits (binary
/// beyond a decimal's reach); `domain` says which numbers it is defined for.
fn float(v: &Value, f: fn(f64) -> f64, domain: fn(f64) -> bool) -> Result<Value, String> {
    let x = real(v)?;
    if !domain(x) {
        return Err(format!("{v} has no value here (#NUM!)"));
    }
    crate::formula::float::value(f(x))
}

fn log(a: &[Arg]) -> Result<Value, String> {
    let n = real(&a[0])?;
    let base = a.get(1).map_or(Ok(10.0), |b| real(b))?;
    if n <= 0.0 || base <= 0.0 {
        return Err("a logarithm needs numbers above 0 (#NUM!)".into());
    }
    if base == 1.0 {
        return Err("a logarithm to base 1 divides by zero (#DIV/0!)".into());
    }
    let r = if base == 10.0 {
        n.log10()
    } else {
        n.ln() / base.ln()
    };
    crate::formula::float::value(r)
}

/// PRODUCT: in decimal, and in binary once a factor or the product is beyond a decimal's
/// reach (PRODUCT(1E+20, 1E+20) is 1E+40, PRODUCT(1E-20, 1E-20) 1E-40).
fn product(a: &[Arg]) -> Result<Value, String> {
    let mut total: Option<Decimal> = None;
    for v in flattened(a) {
        if v.is_blank() {
            continue;
        }
        let n = match v {
            Value::Float(_) => return float_product(a),
            other => number(other)?,
        };
        total = Some(match total {
            None => n,
            Some(t) => match t.checked_mul(n) {
                Some(p) if !p.is_zero() || t.is_zero() || n.is_zero() => p,
                _ => return float_product(a),
            },
        });
    }
    Ok(Value::Number(total.unwrap_or(Decimal::ZERO)))
}

#[cold]
fn float_product(a: &[Arg]) -> Result<Value, String> {
    let mut total = 1.0;
    for v in flattened(a).filter(|v| !v.is_blank()) {
        total *= real(v)?;
    }
    crate::formula::float::value(total)
}

fn quotient(a: &[Arg]) -> Result<Value, String> {
    let (n, d) = (number(&a[0])?, number(&a[1])?);
    if d.is_zero() {
        return Err("the divisor is 0 (#DIV/0!)".into());
    }
    // The operands to 15 digits (QUOTIENT(1/3*3, 1) is 1), the quotient cut as it is:
    // QUOTIENT(1E+15, 7) is 142857142857142, whose 16th digit would round it up.
    significant(n)
        .checked_div(significant(d))
        .map(|q| Value::Number(q.trunc()))
        .ok_or_else(|| TOO_LARGE.into())
}

fn mround(a: &[Arg]) -> Result<Value, String> {
    let (n, m) = (number(&a[0])?, number(&a[1])?);
    if m.is_zero() || n.is_zero() {
        return Ok(Value::Number(Decimal::ZERO));
    }
    if n.is_sign_negative() != m.is_sign_negative() {
        return Err("the number and the multiple must have the same sign (#NUM!)".into());
    }
    let q = n.checked_div(m).ok_or(TOO_LARGE)?;
    significant(q)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .checked_mul(m)
        .map(|r| Value::Number(r.normalize()))
        .ok_or_else(|| TOO_LARGE.into())
}

fn sign(n: Decimal) -> Decimal {
    if n.is_zero() {
        Decimal::ZERO
    } else if n.is_sign_negative() {
        Decimal::NEGATIVE_ONE
    } else {
        Decimal::ONE
    }
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "CEILING.MATH",
        category: Category::Number,
        signature: "CEILING.MATH(number, [significance], [mode])",
        doc: "The number rounded up to a multiple of significance (default 1, its sign ignored); a negative number goes toward zero, or away from it if mode is not 0.",
        example: "CEILING.MATH(-5.5, 2, 1)",
        gives: "-6",
        params: &[
            p("number", Kind::Number),
            opt("significance", Kind::Number),
            opt("mode", Kind::Number),
        ],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| to_multiple_math(a, true)),
    },
    Function {
        name: "FLOOR.MATH",
        category: Category::Number,
        signature: "FLOOR.MATH(number, [significance], [mode])",
        doc: "The number rounded down to a multiple of significance (default 1, its sign ignored); a negative number goes away from zero, or toward it if mode is not 0.",
        example: "FLOOR.MATH(-5.5, 2)",
        gives: "-6",
        params: &[
            p("number", Kind::Number),
            opt("significance", Kind::Number),
            opt("mode", Kind::Number),
        ],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| to_multiple_math(a, false)),
    },
    Function {
        name: "EVEN",
        category: Category::Number,
        signature: "EVEN(number)",
        doc: "The number rounded away from zero to an even whole number (EVEN(-1) is -2).",
        example: "EVEN(1.5)",
        gives: "2",
        params: &[p("number", Kind::Number)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| parity(a, false)),
    },
    Function {
        name: "ODD",
        category: Category::Number,
        signature: "ODD(number)",
        doc: "The number rounded away from zero to an odd whole number (ODD(0) is 1).",
        example: "ODD(2)",
        gives: "3",
        params: &[p("number", Kind::Number)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| parity(a, true)),
    },
    Function {
        name: "EXP",
        category: Category::Number,
        signature: "EXP(number)",
        doc: "e raised to the number; computed in binary floating point as in spreadsheets (no exact decimal exists) and given to 15 significant digits.",
        example: "EXP(1)",
        gives: "2.71828182845905",
        params: &[p("number", Kind::Number)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| float(&a[0], f64::exp, |_| true)),
    },
    Function {
        name: "LN",
        category: Category::Number,
        signature: "LN(number)",
        doc: "The natural logarithm; an error for 0 and below. Binary floating point, 15 significant digits.",
        example: "LN(EXP(2))",
        gives: "2",
        params: &[p("number", Kind::Number)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| float(&a[0], f64::ln, |x| x > 0.0)),
    },
    Function {
        name: "LOG",
        category: Category::Number,
        signature: "LOG(number, [base])",
        doc: "The logarithm to base (default 10); an error for 0 and below. Binary floating point, 15 significant digits (LOG(8, 2) is 3).",
        example: "LOG(8, 2)",
        gives: "3",
        params: &[p("number", Kind::Number), opt("base", Kind::Number)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| log(a)),
    },
    Function {
        name: "LOG10",
        category: Category::Number,
        signature: "LOG10(number)",
        doc: "The logarithm to base 10; an error for 0 and below. Binary floating point, 15 significant digits.",
        example: "LOG10(1000)",
        gives: "3",
        params: &[p("number", Kind::Number)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| float(&a[0], f64::log10, |x| x > 0.0)),
    },
    Function {
        name: "PI",
        category: Category::Number,
        signature: "PI()",
        doc: "π to 28 digits (Excel keeps 15; compared and written as text, both show 3.14159265358979).",
        example: "ROUND(PI(), 4)",
        gives: "3.1416",
        params: &[],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|_, _| Ok(Value::Number(Decimal::PI))),
    },
    Function {
        name: "PRODUCT",
        category: Category::Number,
        signature: "PRODUCT(number, …)",
        doc: "The numbers multiplied together (lists item by item, blanks left out; none gives 0, as in Excel).",
        example: "PRODUCT(2, 3.5, 4)",
        gives: "28",
        params: &[many("number", Kind::Any)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| product(a)),
    },
    Function {
        name: "QUOTIENT",
        category: Category::Number,
        signature: "QUOTIENT(number, divisor)",
        doc: "The whole part of number ÷ divisor, cut toward zero (QUOTIENT(-7, 2) is -3).",
        example: "QUOTIENT(-7, 2)",
        gives: "-3",
        params: &[p("number", Kind::Number), p("divisor", Kind::Number)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| quotient(a)),
    },
    Function {
        name: "SIGN",
        category: Category::Number,
        signature: "SIGN(number)",
        doc: "1 for a positive number, -1 for a negative one, 0 for 0.",
        example: "SIGN(-0.5)",
        gives: "-1",
        params: &[p("number", Kind::Number)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| match &*a[0] {
            Value::Float(x) => Ok(Value::Number(Decimal::from(x.signum() as i64))),
            v => Ok(Value::Number(sign(number(v)?))),
        }),
    },
    Function {
        name: "MROUND",
        category: Category::Number,
        signature: "MROUND(number, multiple)",
        doc: "The number rounded to the nearest multiple, halves away from zero; an error if the two have different signs.",
        example: "MROUND(17, 5)",
        gives: "15",
        params: &[p("number", Kind::Number), p("multiple", Kind::Number)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| mround(a)),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn call(f: fn(&[Arg]) -> Result<Value, String>, args: &[&str]) -> String {
        let values: Vec<Arg> = args
            .iter()
            .map(|a| {
                Cow::Owned(match *a {
                    "" => Value::Blank,
                    t if t.starts_with('"') => Value::Text(t.trim_matches('"').to_owned()),
                    n => Value::Number(n.parse().expect("number")),
                })
            })
            .collect();
        match f(&values) {
            Ok(v) => v.to_string(),
            Err(e) => e,
        }
    }

    #[test]
    fn multiples_round_as_excel_rounds_them() {
        let ceiling = |a: &[Arg]| to_multiple_math(a, true);
        let floor = |a: &[Arg]| to_multiple_math(a, false);
        assert_eq!(call(ceiling, &["24.3", "5"]), "25");
        assert_eq!(call(ceiling, &["-8.1", "2"]), "-8");
        assert_eq!(call(ceiling, &["-8.1", "2", "-1"]), "-10");
        assert_eq!(call(ceiling, &["6.7"]), "7");
        assert_eq!(call(ceiling, &["6.7", "0"]), "0");
        assert_eq!(
            call(ceiling, &["6.7", "-2"]),
            "8",
            "the sign of significance is ignored"
        );
        assert_eq!(call(floor, &["-8.1", "2"]), "-10");
        assert_eq!(call(floor, &["-8.1", "2", "1"]), "-8");
        assert_eq!(call(floor, &["", "2"]), "0");
    }

    #[test]
    fn even_odd_sign_quotient_and_mround_at_their_edges() {
        let even = |a: &[Arg]| parity(a, false);
        let odd = |a: &[Arg]| parity(a, true);
        assert_eq!(call(even, &["0"]), "0");
        assert_eq!(call(even, &["-1"]), "-2");
        assert_eq!(call(even, &["2"]), "2");
        assert_eq!(call(odd, &["0"]), "1");
        assert_eq!(call(odd, &["-2"]), "-3");
        assert_eq!(call(odd, &["1"]), "1");
        assert_eq!(call(odd, &["1.0001"]), "3");
        assert_eq!(call(quotient, &["5", "0"]), "the divisor is 0 (#DIV/0!)");
        assert_eq!(call(quotient, &["4.5", "3.1"]), "1");
        assert_eq!(
            call(mround, &["-17", "5"]),
            "the number and the multiple must have the same sign (#NUM!)"
        );
        assert_eq!(call(mround, &["-17", "-5"]), "-15");
        assert_eq!(call(mround, &["2.5", "1"]), "3");
        assert_eq!(call(mround, &["1.3", "0.2"]), "1.4");
        assert_eq!(call(mround, &["7", "0"]), "0");
        assert_eq!(call(product, &[]), "0");
        assert_eq!(call(product, &["", "3"]), "3");
        assert_eq!(call(product, &["\"2\"", "3"]), "6");
        assert_eq!(
            call(product, &["\"x\"", "3"]),
            "\"x\" is not a number (#VALUE!)"
        );
    }

    #[test]
    fn logarithms_are_floats_taken_to_fifteen_digits() {
        assert_eq!(call(log, &["8", "2"]), "3");
        assert_eq!(call(log, &["100"]), "2");
        assert_eq!(
            call(log, &["0"]),
            "a logarithm needs numbers above 0 (#NUM!)"
        );
        assert_eq!(
            call(log, &["5", "1"]),
            "a logarithm to base 1 divides by zero (#DIV/0!)"
        );
        let number = |n: i64| Value::Number(Decimal::from(n));
        assert!(float(&number(-1), f64::ln, |x| x > 0.0).is_err());
        assert!(
            float(&number(1000), f64::exp, |_| true).is_err(),
            "1.97E+434 is past the largest number"
        );
        assert_eq!(
            float(&number(709), f64::exp, |_| true).map(|v| v.to_string()),
            Ok("8.21840746155497E+307".into())
        );
    }
}
