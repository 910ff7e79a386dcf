//! List functions, for list fields such as an opportunity's line items. A path through a
//! list of records gives the list of that field: SUM(LineItems.TotalPrice).

use rust_decimal::Decimal;
use std::borrow::Cow;

use super::args::{flattened, number, real, text};
use super::{Arg, Category, Eval, Function, Kind, Returns, many, opt, p};
use crate::formula::eval::{Args, EvalError};
use crate::formula::types::Type;
use crate::formula::value::Value;

fn list(v: &Value) -> Vec<Value> {
    match v {
        Value::List(items) => items.clone(),
        Value::Blank => Vec::new(),
        other => vec![other.clone()],
    }
}

/// COUNT: a list's items, and the values Excel counts among the others (an error is
/// not counted, as in Excel, rather than being the result).
fn count<'a>(args: &mut Args<'a>) -> Result<Cow<'a, Value>, EvalError> {
    let mut n = 0usize;
    for i in 0..args.len() {
        let Ok(v) = args.value(i) else {
            continue;
        };
        n += match &*v {
            Value::List(items) => items.len(),
            Value::Blank => 0,
            Value::Text(t) => usize::from(!t.trim().is_empty() && number(&v).is_ok()),
            _ => 1,
        };
    }
    Ok(Cow::Owned(Value::Number(Decimal::from(n as i64))))
}

/// SUM: in decimal, and in binary once a number or the sum is beyond a decimal's reach.
fn sum(a: &[Arg]) -> Result<Value, String> {
    let mut total = Decimal::ZERO;
    for v in flattened(a) {
        if v.is_blank() {
            continue;
        }
        let n = match v {
            Value::Float(_) => return float_sum(a),
            other => number(other)?,
        };
        match total.checked_add(n) {
            Some(t) => total = t,
            None => return float_sum(a),
        }
    }
    Ok(Value::Number(total))
}

#[cold]
fn float_sum(a: &[Arg]) -> Result<Value, String> {
    let mut total = 0.0;
    for v in flattened(a).filter(|v| !v.is_blank()) {
        total += real(v)?;
    }
    crate::formula::float::value(total)
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "COUNT",
        category: Category::List,
        signature: "COUNT(list or value, …)",
        doc: "How many items a list has (every item counts — unlike Excel, whose ranges count only numbers); of values written in the call, those Excel counts: numbers, dates, TRUE/FALSE and text that reads as a number, not blanks, other text or errors.",
        example: "COUNT(SPLIT(\"a,b,c\", \",\"))",
        gives: "3",
        params: &[many("value", Kind::Any)],
        returns: Returns::Fixed(|| Type::Integer),
        may_be_blank: false,
        eval: Eval::Lazy(count),
    },
    Function {
        name: "SUM",
        category: Category::List,
        signature: "SUM(number or list, …)",
        doc: "The total of the numbers (lists count item by item; blanks are left out).",
        example: "SUM(890, 70, 0.5)",
        gives: "960.5",
        params: &[many("number", Kind::Any)],
        returns: Returns::Fixed(|| Type::Number),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| sum(a)),
    },
    Function {
        name: "AVERAGE",
        category: Category::List,
        signature: "AVERAGE(number or list, …)",
        doc: "The mean of the numbers, blanks left out; an error if there are none.",
        example: "AVERAGE(2, 4, 9)",
        gives: "5",
        params: &[many("number", Kind::Any)],
        returns: Returns::Fixed(|| Type::Number),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| {
            let count = flattened(a).filter(|v| !v.is_blank()).count();
            if count == 0 {
                return Err("there are no numbers to average (#DIV/0!)".into());
            }
            match sum(a)? {
                Value::Number(total) => Ok(Value::Number(total / Decimal::from(count as i64))),
                total => crate::formula::float::value(real(&total)? / count as f64),
            }
        }),
    },
    Function {
        name: "FIRST",
        category: Category::List,
        signature: "FIRST(list)",
        doc: "The first item of the list; blank if it is empty.",
        example: "FIRST(SPLIT(\"a,b,c\", \",\"))",
        gives: "\"a\"",
        params: &[p("list", Kind::List)],
        returns: Returns::ItemOf(0),
        may_be_blank: true,
        eval: Eval::Strict(|a, _| Ok(list(&a[0]).into_iter().next().unwrap_or(Value::Blank))),
    },
    Function {
        name: "LAST",
        category: Category::List,
        signature: "LAST(list)",
        doc: "The last item of the list; blank if it is empty.",
        example: "LAST(SPLIT(\"a,b,c\", \",\"))",
        gives: "\"c\"",
        params: &[p("list", Kind::List)],
        returns: Returns::ItemOf(0),
        may_be_blank: true,
        eval: Eval::Strict(|a, _| Ok(list(&a[0]).pop().unwrap_or(Value::Blank))),
    },
    Function {
        name: "JOIN",
        category: Category::List,
        signature: "JOIN(list, [delimiter])",
        doc: "The items as one text, separated by the delimiter (\", \" if none is given).",
        example: "JOIN(SPLIT(\"a,b,c\", \",\"), \" / \")",
        gives: "\"a / b / c\"",
        params: &[p("list", Kind::List), opt("delimiter", Kind::Text)],
        returns: Returns::Fixed(|| Type::Text),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| {
            let delimiter = a.get(1).map_or_else(|| ", ".to_owned(), |d| text(d));
            Ok(Value::Text(
                list(&a[0])
                    .iter()
                    .map(text)
                    .collect::<Vec<_>>()
                    .join(&delimiter),
            ))
        }),
    },
];
