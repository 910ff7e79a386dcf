//! JSON lines in and out of records, exactly: numbers are written with every digit their
//! decimal has, and read without passing through binary floating point when they are
//! whole.

use rust_decimal::Decimal;
use std::str::FromStr;

use crate::model::{Record, Value};

/// One JSON object as a record.
pub fn record_from_json(line: &str) -> Result<Record, String> {
    match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| Ok((k, value_from_json(v)?)))
            .collect(),
        Ok(_) => Err("each line must be one JSON object {…}".into()),
        Err(e) => Err(format!("not valid JSON: {e}")),
    }
}

fn value_from_json(v: serde_json::Value) -> Result<Value, String> {
    Ok(match v {
        serde_json::Value::Null => Value::Blank,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => {
                let text = n.to_string();
                Value::Number(
                    Decimal::from_str(&text)
                        .or_else(|_| Decimal::from_scientific(&text))
                        .map_err(|_| format!("the number {text} is out of range"))?,
                )
            }
        },
        serde_json::Value::String(s) => Value::Text(s),
        serde_json::Value::Array(items) => Value::List(
            items
                .into_iter()
                .map(value_from_json)
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(map) => Value::Record(
            map.into_iter()
                .map(|(k, v)| Ok((k, value_from_json(v)?)))
                .collect::<Result<_, String>>()?,
        ),
    })
}

/// Appends `value` as JSON to `out`.
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

fn write_string(out: &mut String, s: &str) {
    // serde_json's escaping, without building a Value.
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        Err(_) => out.push_str("\"\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_exactly() {
        let line =
            r#"{"a":1,"b":0.1,"c":"x\"y","d":null,"e":[true,false],"f":{"g":12345678901234567.5}}"#;
        let record = record_from_json(line).expect("parses");
        let mut out = String::new();
        write_object(&mut out, record.iter());
        assert_eq!(out, line);
    }

    #[test]
    fn non_objects_are_refused_plainly() {
        assert!(
            record_from_json("[1]")
                .expect_err("array")
                .contains("one JSON object")
        );
        assert!(
            record_from_json("{")
                .expect_err("broken")
                .starts_with("not valid JSON")
        );
    }
}
