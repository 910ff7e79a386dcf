//! List functions, for list fields such as an opportunity's line items. A path through a
//! list of records gives the list of that field: SUM(LineItems.TotalPrice).

use rust_decimal::Decimal;

use super::args::{flattened, number, text};
use super::{Arg, Category, Eval, Function, Kind, Returns, many, opt, p};
use crate::formula::types::Type;
use crate::formula::value::Value;

fn list(v: &Value) -> Vec<Value> {
    match v {
        Value::List(items) => items.clone(),
        Value::Blank => Vec::new(),
        other => vec![other.clone()],
    }
}

fn sum(a: &[Arg]) -> Result<Decimal, String> {
    let mut total = Decimal::ZERO;
    for v in flattened(a) {
        if !v.is_blank() {
            total = total
                .checked_add(number(v)?)
                .ok_or("the sum is too large (#NUM!)")?;
        }
    }
    Ok(total)
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "COUNT",
        category: Category::List,
        signature: "COUNT(list)",
        doc: "How many items the list has (unlike Excel's COUNT, every item counts, not only numbers).",
        example: "COUNT(SPLIT(\"a,b,c\", \",\"))",
        gives: "3",
        params: &[p("list", Kind::Any)],
        returns: Returns::Fixed(|| Type::Integer),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Number(Decimal::from(list(&a[0]).len() as i64)))),
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
        eval: Eval::Strict(|a, _| sum(a).map(Value::Number)),
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
            Ok(Value::Number(sum(a)? / Decimal::from(count as i64)))
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
