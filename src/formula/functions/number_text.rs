//! Numbers to text and back with stated separators: FIXED and NUMBERVALUE, as Excel.

use rust_decimal::RoundingStrategy;
use rust_decimal::prelude::*;

use super::args::{boolean, number, text, whole_or};
use super::number::{format_number, round};
use super::{Arg, Category, Eval, Function, Kind, Returns, opt, p};
use crate::formula::types::Type;
use crate::formula::value::{Value, parse_number};

/// FIXED: rounded to `decimals` (default 2; negative rounds to tens, hundreds…), with
/// thousands commas unless `no_commas`.
fn fixed(a: &[Arg]) -> Result<Value, String> {
    let n = number(&a[0])?;
    let decimals = whole_or(a, 1, 2)?.min(28);
    let no_commas = a.get(2).map_or(Ok(false), |b| boolean(b))?;
    let rounded = round(n, decimals, RoundingStrategy::MidpointAwayFromZero)?;
    let places = "0".repeat(usize::try_from(decimals).unwrap_or(0));
    let code = match (no_commas, places.is_empty()) {
        (false, true) => "#,##0".to_owned(),
        (false, false) => format!("#,##0.{places}"),
        (true, true) => "0".to_owned(),
        (true, false) => format!("0.{places}"),
    };
    Ok(Value::Text(format_number(rounded, &code)))
}

/// The first character of an optional separator argument, or `default`.
fn separator(a: &[Arg], i: usize, default: char) -> Result<char, String> {
    match a.get(i) {
        None => Ok(default),
        Some(v) => text(v)
            .chars()
            .next()
            .ok_or_else(|| "a separator cannot be empty (#VALUE!)".into()),
    }
}

/// NUMBERVALUE: the number in text written with the given separators (en-US's "." and
/// "," by default), spaces anywhere, trailing % signs each dividing by 100.
fn numbervalue(a: &[Arg]) -> Result<Value, String> {
    let raw = text(&a[0]);
    let point = separator(a, 1, '.')?;
    // A decimal comma without a group separator groups with the point.
    let group = separator(a, 2, if point == ',' { '.' } else { ',' })?;
    if point == group {
        return Err("the decimal and group separators must differ (#VALUE!)".into());
    }
    let not_a_number = || format!("\"{raw}\" is not a number (#VALUE!)");
    let mut t: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let mut percents = 0;
    while t.ends_with('%') {
        t.pop();
        percents += 1;
    }
    if t.is_empty() {
        return Ok(Value::Number(Decimal::ZERO));
    }
    let (whole, fraction) = match t.split_once(point) {
        Some((w, f)) if !f.contains(point) && !f.contains(group) => (w, Some(f)),
        Some(_) => return Err(not_a_number()),
        None => (t.as_str(), None),
    };
    let mut plain: String = whole.chars().filter(|&c| c != group).collect();
    if let Some(f) = fraction {
        plain.push('.');
        plain.push_str(f);
    }
    let mut n = parse_number(&plain).ok_or_else(not_a_number)?;
    for _ in 0..percents {
        n /= Decimal::ONE_HUNDRED;
    }
    Ok(Value::Number(n.normalize()))
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "FIXED",
        category: Category::Conversion,
        signature: "FIXED(number, [decimals], [no_commas])",
        doc: "The number as text rounded to decimals places (default 2; negative rounds to tens, hundreds…), with thousands commas unless no_commas is TRUE.",
        example: "FIXED(1234.567, 1)",
        gives: "\"1,234.6\"",
        params: &[
            p("number", Kind::Number),
            opt("decimals", Kind::Number),
            opt("no_commas", Kind::Boolean),
        ],
        returns: Returns::Fixed(|| Type::Text),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| fixed(a)),
    },
    Function {
        name: "NUMBERVALUE",
        category: Category::Conversion,
        signature: "NUMBERVALUE(text, [decimal_separator], [group_separator])",
        doc: "The number in the text written with these separators (default \".\" and \",\", en-US): NUMBERVALUE(\"1.234,5\", \",\", \".\") is 1234.5; spaces are left out, each trailing % divides by 100, empty text is 0.",
        example: "NUMBERVALUE(\"1.234,5\", \",\", \".\")",
        gives: "1234.5",
        params: &[
            p("text", Kind::Text),
            opt("decimal_separator", Kind::Text),
            opt("group_separator", Kind::Text),
        ],
        returns: Returns::Fixed(|| Type::Number),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| numbervalue(a)),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn run(f: fn(&[Arg]) -> Result<Value, String>, args: &[&str]) -> String {
        let args: Vec<Arg> = args
            .iter()
            .map(|a| {
                Cow::Owned(match a.strip_prefix('#') {
                    Some(n) => Value::Number(n.parse().expect("number")),
                    None => Value::Text((*a).to_owned()),
                })
            })
            .collect();
        match f(&args) {
            Ok(v) => v.to_string(),
            Err(e) => e,
        }
    }

    #[test]
    fn fixed_rounds_and_groups() {
        assert_eq!(run(fixed, &["#1234.567"]), "\"1,234.57\"");
        assert_eq!(run(fixed, &["#1234.567", "#-2"]), "\"1,200\"");
        assert_eq!(run(fixed, &["#-1234.5", "#0"]), "\"-1,235\"");
        assert_eq!(run(fixed, &["#1234.5", "#1", "TRUE"]), "\"1234.5\"");
        assert_eq!(run(fixed, &["#0.005"]), "\"0.01\"");
        assert_eq!(run(fixed, &["#-0.001"]), "\"0.00\"");
        assert_eq!(
            run(fixed, &["#100000000000000000000", "#28"]),
            format!("\"100,000,000,000,000,000,000.{}\"", "0".repeat(28)),
            "no panic past rust_decimal's formatting buffer"
        );
    }

    #[test]
    fn numbervalue_reads_the_separators_it_is_given() {
        assert_eq!(run(numbervalue, &["2.500,27", ",", "."]), "2500.27");
        assert_eq!(run(numbervalue, &["3.5%"]), "0.035");
        assert_eq!(run(numbervalue, &["1 234.5"]), "1234.5");
        assert_eq!(run(numbervalue, &["5%%"]), "0.0005");
        assert_eq!(run(numbervalue, &[""]), "0");
        assert_eq!(run(numbervalue, &["-1,000"]), "-1000");
        assert!(run(numbervalue, &["1.2.3"]).ends_with("(#VALUE!)"));
        assert!(
            run(numbervalue, &["1.234,5"]).ends_with("(#VALUE!)"),
            "a group after the point"
        );
        assert!(run(numbervalue, &["1", ".", "."]).ends_with("(#VALUE!)"));
        assert!(run(numbervalue, &["abc"]).ends_with("(#VALUE!)"));
    }
}
