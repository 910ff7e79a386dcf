//! Information and choice, with Excel's names: CHOOSE, IFNA, NA, ISERR, ISERROR, ISNA,
//! ISEVEN, ISODD, ISLOGICAL, ISNONTEXT, XOR, N, T, TRUE() and FALSE(). The IS…ERROR
//! functions and IFNA evaluate their argument themselves, to see its error.

use rust_decimal::Decimal;
use std::borrow::Cow;

use super::args::{boolean, flattened, number, whole};
use super::{Category, Eval, Function, Kind, Returns, many, p};
use crate::formula::eval::{Args, EvalError};
use crate::formula::types::Type;
use crate::formula::value::Value;

const B: Returns = Returns::Fixed(|| Type::Boolean);

type Lazy<'a> = Result<Cow<'a, Value>, EvalError>;

fn choose<'a>(args: &mut Args<'a>) -> Lazy<'a> {
    let index = args.value(0)?;
    let i = whole(&index).map_err(|m| args.fail(m))?;
    match usize::try_from(i) {
        Ok(i) if i >= 1 && i < args.len() => args.value(i),
        _ => Err(args.fail(format!(
            "{i} is not between 1 and {}, the number of values (#VALUE!)",
            args.len() - 1
        ))),
    }
}

fn ifna<'a>(args: &mut Args<'a>) -> Lazy<'a> {
    match args.value(0) {
        Err(e) if e.code() == Some("#N/A") => args.value(1),
        other => other,
    }
}

/// ISERROR (`which` any error), ISNA (only #N/A), ISERR (any but #N/A).
fn is_error<'a>(args: &mut Args<'a>, which: fn(Option<&str>) -> bool) -> Lazy<'a> {
    let answer = match args.value(0) {
        Ok(_) => false,
        Err(e) => which(e.code()),
    };
    Ok(Cow::Owned(Value::Bool(answer)))
}

/// ISBLANK, ISNUMBER, ISTEXT, ISLOGICAL, ISNONTEXT: `test` of the value, and `on_error`
/// when working it out fails (ISNUMBER(1/0) is FALSE, ISNONTEXT(NA()) TRUE, as in Excel).
pub(super) fn is<'a>(args: &mut Args<'a>, test: fn(&Value) -> bool, on_error: bool) -> Lazy<'a> {
    let answer = match args.value(0) {
        Ok(v) => test(&v),
        Err(_) => on_error,
    };
    Ok(Cow::Owned(Value::Bool(answer)))
}

/// ISEVEN and ISODD: of the number cut to a whole one; TRUE/FALSE is no number here, as
/// in Excel.
fn is_even(v: &Value) -> Result<bool, String> {
    if let Value::Bool(_) = v {
        return Err(format!("{v} is not a number (#VALUE!)"));
    }
    let n = number(v)?.trunc();
    Ok((n % Decimal::TWO).is_zero())
}

fn xor(a: &[super::Arg]) -> Result<Value, String> {
    let mut odd = false;
    for v in flattened(a) {
        if !v.is_blank() {
            odd ^= boolean(v)?;
        }
    }
    Ok(Value::Bool(odd))
}

/// N: a number as it is, a date as its serial number, TRUE as 1, anything else 0.
fn n(v: &Value) -> Result<Value, String> {
    Ok(Value::Number(match v {
        Value::Float(_) => return Ok(v.clone()),
        Value::Number(_) | Value::Date(_) | Value::DateTime(_) | Value::Bool(_) => number(v)?,
        _ => Decimal::ZERO,
    }))
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "CHOOSE",
        category: Category::Logic,
        signature: "CHOOSE(index, value, …)",
        doc: "The index-th value (1 is the first, a fraction is cut); an error if there is none. Only that value is worked out.",
        example: "CHOOSE(2, \"Bronze\", \"Silver\", \"Gold\")",
        gives: "\"Silver\"",
        params: &[p("index", Kind::Number), many("value", Kind::Any)],
        returns: Returns::Common {
            from: 1,
            step: 1,
            last: false,
        },
        may_be_blank: false,
        eval: Eval::Lazy(choose),
    },
    Function {
        name: "IFNA",
        category: Category::Logic,
        signature: "IFNA(value, fallback)",
        doc: "The value, or the fallback if it is #N/A (a LOOKUP with no entry, NA()); other errors stay.",
        example: "IFNA(NA(), \"none\")",
        gives: "\"none\"",
        params: &[p("value", Kind::Any), p("fallback", Kind::Any)],
        returns: Returns::Common {
            from: 0,
            step: 1,
            last: false,
        },
        may_be_blank: false,
        eval: Eval::Lazy(ifna),
    },
    Function {
        name: "NA",
        category: Category::Logic,
        signature: "NA()",
        doc: "The #N/A error: \"no value available\".",
        example: "ISNA(NA())",
        gives: "TRUE",
        params: &[],
        returns: Returns::Fixed(|| Type::Any),
        may_be_blank: false,
        eval: Eval::Strict(|_, _| Err("no value is available (#N/A)".into())),
    },
    Function {
        name: "ISERROR",
        category: Category::Logic,
        signature: "ISERROR(value)",
        doc: "TRUE if working out the value fails, with any error.",
        example: "ISERROR(1 / 0)",
        gives: "TRUE",
        params: &[p("value", Kind::Any)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Lazy(|a| is_error(a, |_| true)),
    },
    Function {
        name: "ISERR",
        category: Category::Logic,
        signature: "ISERR(value)",
        doc: "TRUE if working out the value fails with any error but #N/A.",
        example: "ISERR(NA())",
        gives: "FALSE",
        params: &[p("value", Kind::Any)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Lazy(|a| is_error(a, |code| code != Some("#N/A"))),
    },
    Function {
        name: "ISNA",
        category: Category::Logic,
        signature: "ISNA(value)",
        doc: "TRUE if the value is the #N/A error.",
        example: "ISNA(LOOKUP(\"Prospecting\", \"opportunity_stage_to_order_status\"))",
        gives: "TRUE",
        params: &[p("value", Kind::Any)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Lazy(|a| is_error(a, |code| code == Some("#N/A"))),
    },
    Function {
        name: "ISEVEN",
        category: Category::Logic,
        signature: "ISEVEN(number)",
        doc: "TRUE if the number, cut to a whole number, is even (blank is 0, so even; TRUE/FALSE is an error, as in Excel).",
        example: "ISEVEN(-2.5)",
        gives: "TRUE",
        params: &[p("number", Kind::Number)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| is_even(&a[0]).map(Value::Bool)),
    },
    Function {
        name: "ISODD",
        category: Category::Logic,
        signature: "ISODD(number)",
        doc: "TRUE if the number, cut to a whole number, is odd (TRUE/FALSE is an error, as in Excel).",
        example: "ISODD(7)",
        gives: "TRUE",
        params: &[p("number", Kind::Number)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| is_even(&a[0]).map(|even| Value::Bool(!even))),
    },
    Function {
        name: "ISLOGICAL",
        category: Category::Logic,
        signature: "ISLOGICAL(value)",
        doc: "TRUE if the value is TRUE or FALSE.",
        example: "ISLOGICAL(1 > 0)",
        gives: "TRUE",
        params: &[p("value", Kind::Any)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Lazy(|a| is(a, |v| matches!(v, Value::Bool(_)), false)),
    },
    Function {
        name: "ISNONTEXT",
        category: Category::Logic,
        signature: "ISNONTEXT(value)",
        doc: "TRUE if the value is not text (a missing value is not text; \"\" is, as in Excel).",
        example: "ISNONTEXT(42)",
        gives: "TRUE",
        params: &[p("value", Kind::Any)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Lazy(|a| is(a, |v| !matches!(v, Value::Text(_)), true)),
    },
    Function {
        name: "XOR",
        category: Category::Logic,
        signature: "XOR(condition, …)",
        doc: "TRUE if an odd number of the conditions are TRUE (lists item by item, blanks left out).",
        example: "XOR(TRUE, TRUE, TRUE)",
        gives: "TRUE",
        params: &[many("condition", Kind::Boolean)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| xor(a)),
    },
    Function {
        name: "N",
        category: Category::Conversion,
        signature: "N(value)",
        doc: "The value as a number: a number as it is, a date as its serial number (days since 1900), TRUE 1, FALSE 0, text and blank 0.",
        example: "N(DATE(2024, 3, 1))",
        gives: "45352",
        params: &[p("value", Kind::Any)],
        returns: Returns::Fixed(|| Type::Number),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| n(&a[0])),
    },
    Function {
        name: "T",
        category: Category::Conversion,
        signature: "T(value)",
        doc: "The value if it is text, else \"\".",
        example: "T(42) & T(\"abc\")",
        gives: "\"abc\"",
        params: &[p("value", Kind::Any)],
        returns: Returns::Fixed(|| Type::Text),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| {
            Ok(Value::Text(match &*a[0] {
                Value::Text(t) => t.clone(),
                _ => String::new(),
            }))
        }),
    },
    Function {
        name: "TRUE",
        category: Category::Logic,
        signature: "TRUE()",
        doc: "TRUE, as a function (as Excel allows).",
        example: "TRUE()",
        gives: "TRUE",
        params: &[],
        returns: B,
        may_be_blank: false,
        eval: Eval::Strict(|_, _| Ok(Value::Bool(true))),
    },
    Function {
        name: "FALSE",
        category: Category::Logic,
        signature: "FALSE()",
        doc: "FALSE, as a function (as Excel allows).",
        example: "FALSE()",
        gives: "FALSE",
        params: &[],
        returns: B,
        may_be_blank: false,
        eval: Eval::Strict(|_, _| Ok(Value::Bool(false))),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parity_cuts_toward_zero_and_refuses_true_false() {
        let n = |s: &str| Value::Number(s.parse().expect("number"));
        assert_eq!(is_even(&n("-2.5")), Ok(true));
        assert_eq!(is_even(&n("3.9")), Ok(false));
        assert_eq!(is_even(&Value::Blank), Ok(true));
        assert_eq!(is_even(&Value::Text("4".into())), Ok(true));
        assert!(is_even(&Value::Bool(true)).is_err());
        assert!(is_even(&Value::Text("four".into())).is_err());
    }

    #[test]
    fn n_reads_what_excel_reads() {
        assert_eq!(
            n(&Value::Text("12".into())),
            Ok(Value::Number(Decimal::ZERO))
        );
        assert_eq!(n(&Value::Bool(true)), Ok(Value::Number(Decimal::ONE)));
        assert_eq!(n(&Value::Blank), Ok(Value::Number(Decimal::ZERO)));
    }

    #[test]
    fn error_codes_are_read_from_the_message() {
        let e = |m: &str| EvalError {
            span: 0..0,
            message: m.into(),
        };
        assert_eq!(
            e("LOOKUP: no entry for \"x (y)\" (#N/A)").code(),
            Some("#N/A")
        );
        assert_eq!(
            e("no condition was TRUE (#N/A): end with TRUE").code(),
            Some("#N/A")
        );
        assert_eq!(
            e("the workspace has no value map called \"m\"").code(),
            None
        );
    }
}
