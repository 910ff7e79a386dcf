//! JSON lines in and out of records, exactly: numbers keep every digit they were written
//! with (serde_json's `arbitrary_precision`, which `model::Value` understands), and only
//! the fields a mapping reads are decoded — the rest of each line is skipped without
//! building values.

use serde::de::{IgnoredAny, MapAccess, Visitor};
use std::collections::BTreeSet;
use std::fmt;

use crate::formula::Value as FormulaValue;
use crate::model::{Record, Value};

/// One JSON object as a record; with `only`, fields not named there are skipped.
pub fn record_from_json(line: &str, only: Option<&BTreeSet<String>>) -> Result<Record, String> {
    let mut de = serde_json::Deserializer::from_str(line);
    let record =
        serde::Deserializer::deserialize_any(&mut de, RecordVisitor { only }).map_err(|e| {
            if e.is_data() && e.to_string().starts_with("each line") {
                e.to_string()
            } else {
                format!("not valid JSON: {e}")
            }
        })?;
    de.end().map_err(|e| format!("not valid JSON: {e}"))?;
    Ok(record)
}

struct RecordVisitor<'a> {
    only: Option<&'a BTreeSet<String>>,
}

impl<'de> Visitor<'de> for RecordVisitor<'_> {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("each line must be one JSON object {…}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let mut record = Record::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if self.only.is_some_and(|only| !only.contains(key.as_ref())) {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value = map.next_value::<Value>()?;
            record.insert(key.into_owned(), value);
        }
        Ok(record)
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

/// Appends a formula's result as JSON to `out`: dates as ISO text, numbers exact.
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

/// Appends `s` as a JSON string, escaped as RFC 8259 requires. Runs of characters that
/// need no escape (nearly all of them) are copied in one go.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    // Nearly every value needs no escape at all: find that out in one pass without early
    // exit, which the compiler turns into wide compares, then copy the text whole.
    let needs_escape = s.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if !needs_escape {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, byte) in s.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            b if b < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            use std::fmt::Write;
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
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
    fn written_strings_read_back_identically() {
        for s in [
            "",
            "plain",
            "quote \" and \\ back",
            "tab\tnew\nline\r",
            "\u{1}\u{1f}ctl",
            "Zürich – ✓ 😀",
            "\"\"",
        ] {
            let mut out = String::new();
            write_string(&mut out, s);
            assert_eq!(
                serde_json::from_str::<String>(&out).expect("valid JSON"),
                s,
                "{out}"
            );
        }
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
        assert!(
            record_from_json("[1]", None)
                .expect_err("array")
                .contains("one JSON object")
        );
        assert!(
            record_from_json("{", None)
                .expect_err("broken")
                .starts_with("not valid JSON")
        );
        assert!(
            record_from_json("{} x", None)
                .expect_err("trailing")
                .starts_with("not valid JSON")
        );
    }
}
