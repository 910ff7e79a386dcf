//! One JSON line as a whole record, and records and formula results written back as
//! JSON, exactly: numbers keep every digit they were written with. Test runs read their
//! sample files this way, and `map` when a formula reads more than top-level fields.

use std::collections::BTreeSet;

use super::scan::{Key, LineError, Members, Raw, scan_object};
use super::text::write_string;
use crate::formula::Value as FormulaValue;
use crate::model::{Record, Value};

/// One JSON object as a record; with `only`, fields not named there are skipped.
pub fn record_from_json(line: &str, only: Option<&BTreeSet<String>>) -> Result<Record, LineError> {
    let mut collect = Collect {
        only,
        record: Record::new(),
        key: String::new(),
    };
    scan_object(line, &mut collect)?;
    Ok(collect.record)
}

/// A line's members going into a record.
struct Collect<'a> {
    only: Option<&'a BTreeSet<String>>,
    record: Record,
    /// The name of the member just wanted.
    key: String,
}

impl Members for Collect<'_> {
    fn wants(&mut self, _: usize, key: Key<'_>) -> bool {
        // Collect expects no names, so every name arrives as read.
        let Key::Other(key) = key else { return false };
        let wanted = self.only.is_none_or(|only| only.contains(key));
        if wanted {
            key.clone_into(&mut self.key);
        }
        wanted
    }

    fn value(&mut self, value: Raw<'_>) -> Result<(), String> {
        self.record
            .insert(std::mem::take(&mut self.key), value.into_value()?);
        Ok(())
    }
}

/// Appends a record value as JSON to `out`.
pub fn write_json(out: &mut String, value: &Value) {
    match value {
        Value::Blank => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Integer(i) => out.push_str(&i.to_string()),
        Value::Number(d) => out.push_str(&d.normalize().to_string()),
        Value::Text(t) => write_string(out, t),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
        Value::Record(fields) => write_object(out, fields.iter()),
    }
}

/// Appends a formula's result as JSON to `out`: dates as ISO text, numbers exact. The
/// general way: `map` writes whole numbers and dates itself ([`super::out`]) and
/// comes here for the rest; its tests check its quick ways against this.
pub fn write_formula_json(out: &mut String, value: &FormulaValue) {
    use std::fmt::Write;
    match value {
        FormulaValue::Blank => out.push_str("null"),
        FormulaValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        FormulaValue::Number(d) => {
            let _ = write!(out, "{}", d.normalize());
        }
        FormulaValue::Text(t) => write_string(out, t),
        FormulaValue::Date(d) => {
            let _ = write!(out, "\"{d}\"");
        }
        other => write_json(out, &other.to_record_value()),
    }
}

/// Appends a JSON object of `fields` to `out`.
pub fn write_object<'a>(out: &mut String, fields: impl Iterator<Item = (&'a String, &'a Value)>) {
    out.push('{');
    for (i, (k, v)) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, k);
        out.push(':');
        write_json(out, v);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_exactly() {
        let line = r#"{"a":1,"b":0.1,"c":"x\"y\n","d":null,"e":[true,false],"f":{"g":12345678901234567.5}}"#;
        let record = record_from_json(line, None).expect("parses");
        let mut out = String::new();
        write_object(&mut out, record.iter());
        assert_eq!(out, line);
    }

    #[test]
    fn dates_and_numbers_are_written_as_iso_text_and_plain_digits() {
        use jiff::civil::date;
        let written = |v: FormulaValue| {
            let mut out = String::new();
            write_formula_json(&mut out, &v);
            out
        };
        assert_eq!(
            written(FormulaValue::Date(date(2026, 3, 7))),
            "\"2026-03-07\""
        );
        assert_eq!(
            written(FormulaValue::Date(date(987, 12, 31))),
            "\"0987-12-31\""
        );
        assert_eq!(
            written(FormulaValue::Date(date(-12, 1, 1))),
            format!("\"{}\"", date(-12, 1, 1))
        );
        let n = |s: &str| FormulaValue::Number(s.parse().expect("decimal"));
        assert_eq!(written(n("45398")), "45398");
        assert_eq!(written(n("-9079.000")), "-9079");
        assert_eq!(written(n("129.90")), "129.9");
        assert_eq!(
            written(n("79228162514264337593543950335")),
            "79228162514264337593543950335"
        );
    }

    #[test]
    fn fields_not_read_are_skipped() {
        let only: BTreeSet<String> = ["b".to_owned()].into();
        let record = record_from_json(r#"{"a":{"deep":[1,2,{"x":3}]},"b":2.50}"#, Some(&only))
            .expect("parses");
        assert_eq!(record.len(), 1);
        assert_eq!(
            record["b"],
            Value::Number(rust_decimal::Decimal::new(250, 2))
        );
    }

    #[test]
    fn non_objects_and_broken_lines_are_refused_plainly() {
        let refused = record_from_json("[1]", None).expect_err("array");
        assert_eq!(refused, LineError::NotAnObject);
        assert_eq!(refused.to_string(), "each line must be one JSON object {…}");
        for broken in ["{", "{} x"] {
            let refused = record_from_json(broken, None).expect_err(broken);
            assert!(matches!(refused, LineError::NotJson { .. }), "{broken}");
            assert!(
                refused.to_string().starts_with("not valid JSON"),
                "{refused}"
            );
        }
    }
}
