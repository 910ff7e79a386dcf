//! Logic functions. IF, IFS, CASE, AND, OR, BLANKVALUE, COALESCE and IFERROR evaluate
//! only the arguments they need, so IF(Qty = 0, 0, Total / Qty) never divides by zero.

use std::borrow::Cow;

use super::args::boolean;
use super::info::is;
use super::{Category, Eval, Function, Kind, Returns, many, opt, p, rest};
use crate::formula::eval::{Args, EvalError};
use crate::formula::operators::compare;
use crate::formula::types::Type;
use crate::formula::value::Value;

const B: Returns = Returns::Fixed(|| Type::Boolean);

/// The result of a lazy function: borrowed when it is one of its arguments as given.
type Lazy<'a> = Result<Cow<'a, Value>, EvalError>;

fn if_<'a>(args: &mut Args<'a>) -> Lazy<'a> {
    if args.condition(0)? {
        args.value(1)
    } else if args.len() > 2 {
        args.value(2)
    } else {
        Ok(Cow::Owned(Value::Blank))
    }
}

fn ifs<'a>(args: &mut Args<'a>) -> Lazy<'a> {
    for i in (0..args.len().saturating_sub(1)).step_by(2) {
        if args.condition(i)? {
            return args.value(i + 1);
        }
    }
    Err(args.fail("no condition was TRUE (#N/A): end with TRUE, value for a default"))
}

fn case<'a>(args: &mut Args<'a>) -> Lazy<'a> {
    let subject = args.value(0)?;
    let pairs = (args.len() - 1) / 2;
    for k in 0..pairs {
        let candidate = args.value(1 + 2 * k)?;
        if compare(&subject, &candidate).is_eq() {
            return args.value(2 + 2 * k);
        }
    }
    if args.len().is_multiple_of(2) {
        return args.value(args.len() - 1);
    }
    Err(args.fail(format!(
        "{subject} matches none of the values and there is no default (#N/A)"
    )))
}

fn all_or_any<'a>(args: &mut Args<'a>, want: bool) -> Lazy<'a> {
    for i in 0..args.len() {
        if args.condition(i)? == want {
            return Ok(Cow::Owned(Value::Bool(want)));
        }
    }
    Ok(Cow::Owned(Value::Bool(!want)))
}

fn first_not_blank<'a>(args: &mut Args<'a>) -> Lazy<'a> {
    for i in 0..args.len() {
        let v = args.value(i)?;
        if !v.is_blank() {
            return Ok(v);
        }
    }
    Ok(Cow::Owned(Value::Blank))
}

fn iferror<'a>(args: &mut Args<'a>) -> Lazy<'a> {
    match args.value(0) {
        Ok(v) => Ok(v),
        Err(_) => args.value(1),
    }
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "IF",
        category: Category::Logic,
        signature: "IF(condition, then, [else])",
        doc: "then if the condition is TRUE, else otherwise (blank if there is no else).",
        example: "IF(38400 > 10000, \"Key account\", \"Standard\")",
        gives: "\"Key account\"",
        params: &[
            p("condition", Kind::Boolean),
            p("then", Kind::Any),
            opt("else", Kind::Any),
        ],
        returns: Returns::Common {
            from: 1,
            step: 1,
            last: false,
        },
        may_be_blank: false,
        eval: Eval::Lazy(if_),
    },
    Function {
        name: "IFS",
        category: Category::Logic,
        signature: "IFS(condition, value, condition, value, …)",
        doc: "The value after the first TRUE condition; an error if none is TRUE.",
        example: "IFS(55 >= 80, \"Hot\", 55 >= 50, \"Warm\", TRUE, \"Cold\")",
        gives: "\"Warm\"",
        params: &[
            p("condition", Kind::Boolean),
            p("value", Kind::Any),
            rest("more", Kind::Any),
        ],
        returns: Returns::Common {
            from: 1,
            step: 2,
            last: false,
        },
        may_be_blank: false,
        eval: Eval::Lazy(ifs),
    },
    Function {
        name: "CASE",
        category: Category::Logic,
        signature: "CASE(value, match, result, …, [default])",
        doc: "The result after the first match equal to value, else the default; an error if nothing matches and there is no default.",
        example: "CASE(\"High\", \"Critical\", \"1 - Critical\", \"High\", \"2 - High\", \"4 - Low\")",
        gives: "\"2 - High\"",
        params: &[
            p("value", Kind::Any),
            p("match", Kind::Any),
            p("result", Kind::Any),
            rest("more", Kind::Any),
        ],
        returns: Returns::Common {
            from: 2,
            step: 2,
            last: true,
        },
        may_be_blank: false,
        eval: Eval::Lazy(case),
    },
    Function {
        name: "SWITCH",
        category: Category::Logic,
        signature: "SWITCH(value, match, result, …, [default])",
        doc: "The same as CASE, under Excel's name.",
        example: "SWITCH(2, 1, \"one\", 2, \"two\", \"many\")",
        gives: "\"two\"",
        params: &[
            p("value", Kind::Any),
            p("match", Kind::Any),
            p("result", Kind::Any),
            rest("more", Kind::Any),
        ],
        returns: Returns::Common {
            from: 2,
            step: 2,
            last: true,
        },
        may_be_blank: false,
        eval: Eval::Lazy(case),
    },
    Function {
        name: "AND",
        category: Category::Logic,
        signature: "AND(condition, …)",
        doc: "TRUE if every condition is TRUE.",
        example: "AND(TRUE, 5 > 3)",
        gives: "TRUE",
        params: &[many("condition", Kind::Boolean)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Lazy(|a| all_or_any(a, false)),
    },
    Function {
        name: "OR",
        category: Category::Logic,
        signature: "OR(condition, …)",
        doc: "TRUE if any condition is TRUE.",
        example: "OR(FALSE, \"a\" = \"A\")",
        gives: "TRUE",
        params: &[many("condition", Kind::Boolean)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Lazy(|a| all_or_any(a, true)),
    },
    Function {
        name: "NOT",
        category: Category::Logic,
        signature: "NOT(condition)",
        doc: "TRUE if the condition is FALSE, and the other way round.",
        example: "NOT(ISBLANK(\"x\"))",
        gives: "TRUE",
        params: &[p("condition", Kind::Boolean)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Bool(!boolean(&a[0])?))),
    },
    Function {
        name: "ISBLANK",
        category: Category::Logic,
        signature: "ISBLANK(value)",
        doc: "TRUE if the value is missing or empty text (unlike Excel, \"\" counts as blank: systems send both).",
        example: "ISBLANK(\"\")",
        gives: "TRUE",
        params: &[p("value", Kind::Any)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Lazy(|a| is(a, Value::is_blank, false)),
    },
    Function {
        name: "BLANKVALUE",
        category: Category::Logic,
        signature: "BLANKVALUE(value, fallback)",
        doc: "The value, or the fallback when the value is blank.",
        example: "BLANKVALUE(\"\", \"(not provided)\")",
        gives: "\"(not provided)\"",
        params: &[p("value", Kind::Any), p("fallback", Kind::Any)],
        returns: Returns::Common {
            from: 0,
            step: 1,
            last: false,
        },
        may_be_blank: false,
        eval: Eval::Lazy(first_not_blank),
    },
    Function {
        name: "COALESCE",
        category: Category::Logic,
        signature: "COALESCE(value, …)",
        doc: "The first value that is not blank.",
        example: "COALESCE(\"\", BLANK(), \"mobile\")",
        gives: "\"mobile\"",
        params: &[many("value", Kind::Any)],
        returns: Returns::Common {
            from: 0,
            step: 1,
            last: false,
        },
        may_be_blank: false,
        eval: Eval::Lazy(first_not_blank),
    },
    Function {
        name: "IFERROR",
        category: Category::Logic,
        signature: "IFERROR(value, fallback)",
        doc: "The value, or the fallback if working out the value fails.",
        example: "IFERROR(VALUE(\"n/a\"), 0)",
        gives: "0",
        params: &[p("value", Kind::Any), p("fallback", Kind::Any)],
        returns: Returns::Common {
            from: 0,
            step: 1,
            last: false,
        },
        may_be_blank: false,
        eval: Eval::Lazy(iferror),
    },
    Function {
        name: "ISNUMBER",
        category: Category::Logic,
        signature: "ISNUMBER(value)",
        doc: "TRUE if the value is a number or a date, as in spreadsheets (text that looks like a number is not).",
        example: "ISNUMBER(\"12\")",
        gives: "FALSE",
        params: &[p("value", Kind::Any)],
        returns: B,
        may_be_blank: false,
        // Dates are numbers in a spreadsheet (days since 1900), so ISNUMBER says TRUE.
        eval: Eval::Lazy(|a| {
            is(
                a,
                |v| {
                    matches!(
                        v,
                        Value::Number(_) | Value::Float(_) | Value::Date(_) | Value::DateTime(_)
                    )
                },
                false,
            )
        }),
    },
    Function {
        name: "ISTEXT",
        category: Category::Logic,
        signature: "ISTEXT(value)",
        doc: "TRUE if the value is text.",
        example: "ISTEXT(\"12\")",
        gives: "TRUE",
        params: &[p("value", Kind::Any)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Lazy(|a| is(a, |v| matches!(v, Value::Text(_)), false)),
    },
    Function {
        name: "BLANK",
        category: Category::Logic,
        signature: "BLANK()",
        doc: "No value: the field is left empty.",
        example: "BLANK()",
        gives: "BLANK()",
        params: &[],
        returns: Returns::Fixed(|| Type::Blank),
        may_be_blank: true,
        eval: Eval::Strict(|_, _| Ok(Value::Blank)),
    },
];
