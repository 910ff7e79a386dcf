//! Conversions between text and numbers, and LOOKUP in the workspace's value maps.

use std::borrow::Cow;

use super::args::{number, text, text_ref};
use super::{Arg, Category, Eval, Function, Kind, Returns, opt, p};
use crate::formula::eval::{Args, EvalError};
use crate::formula::types::Type;
use crate::formula::value::Value;

/// LOOKUP. Lazy only so that the default, evaluated when there is no entry, comes back as
/// it is (a constant, most often, not copied for every record).
fn lookup<'a>(args: &mut Args<'a>) -> Result<Cow<'a, Value>, EvalError> {
    let (key, name) = (args.value(0)?, args.value(1)?);
    let (key, name) = (text_ref(&key), text_ref(&name));
    let table =
        args.env.tables.get(name.as_ref()).ok_or_else(|| {
            args.fail(format!("the workspace has no value map called \"{name}\""))
        })?;
    match table.get(key.as_ref()) {
        Some(v) => Ok(Cow::Owned(Value::Text(v.clone()))),
        None if args.len() > 2 => args.value(2),
        None => Err(args.fail(format!(
            "the value map \"{name}\" has no entry for \"{key}\" (#N/A)"
        ))),
    }
}

/// VALUE as spreadsheets read numbers people typed, en-US: spaces, thousands commas, a
/// currency sign, a trailing %, accounting parentheses, and dates and times as their
/// serial numbers (see [`crate::formula::reading`]).
fn value(v: &Value) -> Result<Value, String> {
    match v {
        Value::Number(_) | Value::Float(_) => Ok(v.clone()),
        Value::Blank => Ok(Value::Blank),
        Value::Text(t) if t.trim().is_empty() => Ok(Value::Blank),
        // Written numbers beyond a decimal's reach ("1E+308") are read as spreadsheets read them.
        Value::Text(t) => number(v)
            .map(Value::Number)
            .or_else(|e| crate::formula::float::parse(t).ok_or(e)),
        Value::Date(_) | Value::DateTime(_) => number(v).map(Value::Number),
        other => Err(format!("{other} is not a number (#VALUE!)")),
    }
}

fn to_text(a: &[Arg]) -> Result<Value, String> {
    match (&*a[0], a.get(1)) {
        (Value::Number(n), Some(format)) => {
            super::number_format::format(*n, &text(format)).map(Value::Text)
        }
        // The spreadsheet's date codes (m is a month unless it follows an hour or comes
        // before seconds); FORMAT_DATE keeps its own patterns.
        (v @ (Value::Date(_) | Value::DateTime(_)), Some(format)) => {
            super::excel_date::format(v, &text(format)).map(Value::Text)
        }
        // Text that is no number goes into the format's text section (`"@!"`), else
        // stays as it is, as in Excel (TEXT("abc", "0.00")).
        (Value::Text(t), Some(format)) if number(&a[0]).is_err() => Ok(Value::Text(
            super::number_format::text_section(t, &text(format)).unwrap_or_else(|| t.clone()),
        )),
        (v, Some(format)) if !v.is_blank() => {
            super::number_format::format(number(v)?, &text(format)).map(Value::Text)
        }
        (v, _) => Ok(Value::Text(text(v))),
    }
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "VALUE",
        category: Category::Conversion,
        signature: "VALUE(text)",
        doc: "The number written in the text, read as en-US writes it: \"1,200.50\", \"$15\", \"50%\", \"(100)\" (-100), \"3/15/2024\" (a date's serial number), \"12:00\" (0.5); blank stays blank (Excel gives #VALUE! for \"\"); an error if it is not a number.",
        example: "VALUE(\"$1,200.50\")",
        gives: "1200.5",
        params: &[p("text", Kind::Any)],
        returns: Returns::Fixed(|| Type::Number),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| value(&a[0])),
    },
    Function {
        name: "TEXT",
        category: Category::Conversion,
        signature: "TEXT(value, [format])",
        doc: "The value as text; numbers may take a format such as \"#,##0.00\" or \"0%\", dates the spreadsheet's codes such as \"yyyy-mm-dd\", \"dddd, mmmm d\" or \"h:mm AM/PM\".",
        example: "TEXT(1234.5, \"#,##0.00\")",
        gives: "\"1,234.50\"",
        params: &[p("value", Kind::Any), opt("format", Kind::Text)],
        returns: Returns::Fixed(|| Type::Text),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| to_text(a)),
    },
    Function {
        name: "LOOKUP",
        category: Category::Conversion,
        signature: "LOOKUP(value, table, [default])",
        doc: "What the workspace's value map called table says for value (e.g. a CRM stage to an ERP status); the default, or an error, if it has no entry.",
        example: "LOOKUP(\"Closed Won\", \"opportunity_stage_to_order_status\")",
        gives: "\"Released\"",
        params: &[
            p("value", Kind::Any),
            p("table", Kind::Text),
            opt("default", Kind::Any),
        ],
        returns: Returns::Fixed(|| Type::Text),
        may_be_blank: false,
        eval: Eval::Lazy(lookup),
    },
];
