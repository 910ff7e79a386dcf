//! Times of day as spreadsheets keep them, fractions of a day (0.5 is noon): TIME,
//! TIMEVALUE, and SECOND beside HOUR and MINUTE, which read a Date/Time, a fraction or
//! time text ("14:30", "2:30 PM", en-US).

use rust_decimal::Decimal;

use super::args::{time_of_day, whole};
use super::{Arg, Category, Eval, Function, Kind, Returns, p};
use crate::formula::types::Type;
use crate::formula::value::Value;
use crate::formula::{reading, serial};

const N: Returns = Returns::Fixed(|| Type::Number);
const I: Returns = Returns::Fixed(|| Type::Integer);

/// TIME: hours, minutes and seconds (each cut to a whole number, rolling over) as the
/// fraction of a day; past 24 hours the whole days are dropped, as in Excel.
fn time(a: &[Arg]) -> Result<Value, String> {
    let (h, m, s) = (whole(&a[0])?, whole(&a[1])?, whole(&a[2])?);
    if !(0..=32_767).contains(&h) {
        return Err(format!("{h} hours is outside 0 to 32767 (#NUM!)"));
    }
    let total = h * 3600 + m.saturating_mul(60) + s;
    if total < 0 {
        return Err("the time is before midnight (#NUM!)".into());
    }
    Ok(Value::Number(
        serial::day_fraction(total % 86_400).normalize(),
    ))
}

fn timevalue(v: &Value) -> Result<Value, String> {
    let seconds = match v {
        Value::Text(t) => reading::time_in(t)
            .or_else(|| reading::date_in(t).map(|_| 0))
            .ok_or_else(|| {
                format!("\"{t}\" is not a time as en-US writes them, 14:30 or 2:30 PM (#VALUE!)")
            })?,
        other => return Err(format!("{other} is not text with a time (#VALUE!)")),
    };
    Ok(Value::Number(serial::day_fraction(seconds).normalize()))
}

/// HOUR, MINUTE and SECOND: `part` of the time of day.
pub(super) fn clock(a: &[Arg], part: fn(i64) -> i64) -> Result<Value, String> {
    Ok(Value::Number(Decimal::from(part(time_of_day(&a[0])?))))
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "TIME",
        category: Category::Date,
        signature: "TIME(hour, minute, second)",
        doc: "The time of day as the fraction of a day a spreadsheet uses (TIME(12, 0, 0) is 0.5); minutes and seconds past their range roll over, whole days are dropped.",
        example: "TIME(18, 0, 0)",
        gives: "0.75",
        params: &[
            p("hour", Kind::Number),
            p("minute", Kind::Number),
            p("second", Kind::Number),
        ],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| time(a)),
    },
    Function {
        name: "TIMEVALUE",
        category: Category::Date,
        signature: "TIMEVALUE(text)",
        doc: "The time written in the text (\"14:30\", \"2:30:15 PM\", en-US; a date before it is left out) as the fraction of a day.",
        example: "TIMEVALUE(\"6:00 PM\")",
        gives: "0.75",
        params: &[p("text", Kind::Text)],
        returns: N,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| timevalue(&a[0])),
    },
    Function {
        name: "SECOND",
        category: Category::Date,
        signature: "SECOND(time)",
        doc: "The second, 0 to 59, of a Date/Time, of a fraction of a day or of time text.",
        example: "SECOND(TIME(14, 30, 45))",
        gives: "45",
        params: &[p("time", Kind::Any)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| clock(a, |s| s % 60)),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn run(f: fn(&[Arg]) -> Result<Value, String>, args: Vec<Value>) -> String {
        let args: Vec<Arg> = args.into_iter().map(Cow::Owned).collect();
        match f(&args) {
            Ok(v) => v.to_string(),
            Err(e) => e,
        }
    }

    fn n(x: i64) -> Value {
        Value::Number(Decimal::from(x))
    }

    #[test]
    fn time_rolls_over_as_excel_does() {
        assert_eq!(run(time, vec![n(12), n(0), n(0)]), "0.5");
        assert_eq!(run(time, vec![n(0), n(90), n(0)]), "0.0625");
        assert_eq!(
            run(time, vec![n(25), n(0), n(0)]),
            run(time, vec![n(1), n(0), n(0)])
        );
        assert_eq!(
            run(time, vec![n(1), n(-30), n(0)]),
            "0.0208333333333333333333333333"
        );
        assert!(run(time, vec![n(0), n(-1), n(0)]).ends_with("(#NUM!)"));
        assert!(run(time, vec![n(-1), n(0), n(0)]).ends_with("(#NUM!)"));
        assert!(run(time, vec![n(40_000), n(0), n(0)]).ends_with("(#NUM!)"));
    }

    #[test]
    fn clock_parts_of_fractions_text_and_dates() {
        let second = |v: Value| run(|a| clock(a, |s| s % 60), vec![v]);
        let hour = |v: Value| run(|a| clock(a, |s| s / 3600), vec![v]);
        assert_eq!(hour(Value::Number(Decimal::new(75, 2))), "18");
        assert_eq!(hour(Value::Text("2:30 PM".into())), "14");
        assert_eq!(second(Value::Text("12:00:59".into())), "59");
        assert_eq!(hour(Value::Date(jiff::civil::date(2024, 2, 29))), "0");
        assert_eq!(hour(n(45352)), "0");
        assert!(hour(Value::Text("late".into())).ends_with("(#VALUE!)"));
        assert!(hour(Value::Number(Decimal::new(-5, 1))).ends_with("(#NUM!)"));
    }
}
