//! Turning what a user types or pastes into sample records the trigger can pin, checked
//! against the fields its records have: a typed value is read by its field's type (a
//! number, a date year-month-day, one of a picklist's values…) and pasted JSON is read
//! whole, with the line and column of a syntax error, and every unknown field, missing
//! required field and value of the wrong type named with its record. Nothing is pinned
//! from input that has a problem, so a pinned sample never surprises a test run.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::model::{Field, FieldType, Record, Value};

/// The most text a user may paste at once: about a thousand records of a wide object.
pub const MAX_PASTE_BYTES: usize = 1_000_000;

/// What the value of a field of this type looks like, for messages and hints.
pub fn example_of(field_type: &FieldType) -> String {
    match field_type {
        FieldType::Text => "text".into(),
        FieldType::Number => "a number such as 12.5".into(),
        FieldType::Currency => "an amount such as 1250.00".into(),
        FieldType::Integer => "a whole number such as 12".into(),
        FieldType::Boolean => "true or false".into(),
        FieldType::Date => "a date such as 2026-11-20 (year-month-day)".into(),
        FieldType::DateTime => "a date and time such as 2026-11-20T09:30:00Z".into(),
        FieldType::Email => "an e-mail address such as dana@example.org".into(),
        FieldType::Phone => "a phone number".into(),
        FieldType::Picklist(values) => format!("one of {}", values.join(", ")),
        FieldType::List(_) => "a list in JSON, such as [ … ]".into(),
        FieldType::Record(_) => "a record in JSON, such as { … }".into(),
    }
}

/// Reads what was typed into the box of a field; `Blank` for an empty box.
pub fn parse_input(field_type: &FieldType, text: &str) -> Result<Value, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Value::Blank);
    }
    let value = match field_type {
        FieldType::Integer => text.parse().map(Value::Integer).ok(),
        FieldType::Number | FieldType::Currency => {
            Decimal::from_str(text)
                .ok()
                .map(|d| match i64::try_from(d) {
                    Ok(i) if d.scale() == 0 => Value::Integer(i),
                    _ => Value::Number(d.normalize()),
                })
        }
        FieldType::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        FieldType::List(_) | FieldType::Record(_) => {
            let value = json_value(text).map_err(|e| e.message)?;
            check_value(field_type, &value)?;
            Some(value)
        }
        _ => {
            let value = Value::Text(text.to_owned());
            check_value(field_type, &value)?;
            Some(value)
        }
    };
    value.ok_or_else(|| format!("this is not {}", example_of(field_type)))
}

/// The text a field's box shows for a value (the reverse of [`parse_input`]).
pub fn input_text(value: &Value) -> String {
    match value {
        Value::Blank => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Number(d) => d.normalize().to_string(),
        Value::Text(t) => t.clone(),
        Value::List(_) | Value::Record(_) => {
            let mut out = String::new();
            crate::stream::write_json(&mut out, value);
            out
        }
    }
}

/// Whether `value` fits a field of this type; the reason in plain words when not.
pub fn check_value(field_type: &FieldType, value: &Value) -> Result<(), String> {
    let fits = match (field_type, value) {
        (_, Value::Blank) => true,
        (FieldType::Text | FieldType::Phone, Value::Text(_)) => true,
        (FieldType::Email, Value::Text(t)) => is_email(t),
        (FieldType::Integer, Value::Integer(_)) => true,
        (FieldType::Number | FieldType::Currency, Value::Integer(_) | Value::Number(_)) => true,
        (FieldType::Boolean, Value::Bool(_)) => true,
        (FieldType::Date, Value::Text(t)) => jiff::civil::Date::from_str(t).is_ok(),
        (FieldType::DateTime, Value::Text(t)) => {
            jiff::Timestamp::from_str(t).is_ok() || jiff::civil::DateTime::from_str(t).is_ok()
        }
        (FieldType::Picklist(values), Value::Text(t)) => values.contains(t),
        (FieldType::List(inner), Value::List(items)) => {
            for (i, item) in items.iter().enumerate() {
                check_value(inner, item).map_err(|e| format!("item {}: {e}", i + 1))?;
            }
            true
        }
        (FieldType::Record(fields), Value::Record(record)) => {
            let problems = check_record(record, fields);
            if !problems.is_empty() {
                return Err(problems.join("; "));
            }
            true
        }
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(format!(
            "{} is not {}",
            shown(value),
            example_of(field_type)
        ))
    }
}

/// What is wrong with a record for these fields: unknown fields (with the field meant,
/// when one is close), missing required ones, values of the wrong type. Empty when fine.
pub fn check_record(record: &Record, fields: &[Field]) -> Vec<String> {
    let mut problems = Vec::new();
    for name in record.keys() {
        if !fields.iter().any(|f| &f.name == name) {
            let close = fields
                .iter()
                .map(|f| {
                    (
                        strsim::jaro_winkler(&f.name.to_lowercase(), &name.to_lowercase()),
                        f,
                    )
                })
                .filter(|(score, _)| *score > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            problems.push(match close {
                Some((_, f)) => format!("there is no field {name} (did you mean {}?)", f.name),
                None => format!("there is no field {name}"),
            });
        }
    }
    for field in fields {
        match record.get(&field.name) {
            None | Some(Value::Blank) if field.required => {
                problems.push(format!("{} is required", field.name));
            }
            Some(value) => {
                if let Err(why) = check_value(&field.field_type, value) {
                    problems.push(format!("{}: {why}", field.name));
                }
            }
            None => {}
        }
    }
    problems
}

/// Pasted JSON that could not be read, or records that do not fit the fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasteProblem {
    /// Where a syntax error is: line and column, from 1.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

/// Reads pasted JSON: one object, or a list of objects, each checked against `fields`.
pub fn records_from_json(text: &str, fields: &[Field]) -> Result<Vec<Record>, PasteProblem> {
    let problem = |message: String| PasteProblem { at: None, message };
    if text.trim().is_empty() {
        return Err(problem(
            "Paste one JSON object {…}, or a list of them […], first.".into(),
        ));
    }
    if text.len() > MAX_PASTE_BYTES {
        return Err(problem(format!(
            "The pasted text is larger than {} MB: pin fewer records at a time.",
            MAX_PASTE_BYTES / 1_000_000
        )));
    }
    let records = match json_value(text)? {
        Value::Record(r) => vec![r],
        Value::List(items) if items.is_empty() => {
            return Err(problem("The list is empty: it holds no records.".into()));
        }
        Value::List(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Record(r) => Ok(r),
                other => Err(problem(format!(
                    "Record {} of the list is {}, not an object {{…}}.",
                    i + 1,
                    shown(&other)
                ))),
            })
            .collect::<Result<_, _>>()?,
        other => {
            return Err(problem(format!(
                "This is {}: paste one JSON object {{…}}, or a list of them […].",
                shown(&other)
            )));
        }
    };
    let several = records.len() > 1;
    let mut problems = Vec::new();
    for (i, record) in records.iter().enumerate() {
        for p in check_record(record, fields) {
            problems.push(if several {
                format!("Record {}: {p}", i + 1)
            } else {
                capitalise(&p)
            });
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problem(format!("{}.", problems.join(". "))))
    }
}

/// One JSON value as a record value; a syntax error says its line and column.
fn json_value(text: &str) -> Result<Value, PasteProblem> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        let what = full.split(" at line ").next().unwrap_or(&full);
        PasteProblem {
            at: Some((e.line(), e.column())),
            message: format!(
                "This is not valid JSON: {what} (line {}, column {}).",
                e.line(),
                e.column()
            ),
        }
    })?;
    Ok(from_json(json))
}

fn from_json(json: serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Blank,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => {
                let text = n.to_string();
                Decimal::from_str(&text)
                    .or_else(|_| Decimal::from_scientific(&text))
                    .map_or(Value::Text(text), |d| Value::Number(d.normalize()))
            }
        },
        serde_json::Value::String(s) => Value::Text(s),
        serde_json::Value::Array(items) => Value::List(items.into_iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            Value::Record(map.into_iter().map(|(k, v)| (k, from_json(v))).collect())
        }
    }
}

fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.contains('@')
                && !text.contains(' ')
        }
        None => false,
    }
}

/// A value as a message quotes it.
fn shown(value: &Value) -> String {
    match value {
        Value::Blank => "blank".into(),
        Value::Bool(b) => b.to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Number(d) => d.to_string(),
        Value::Text(t) => format!("\"{t}\""),
        Value::List(_) => "a list".into(),
        Value::Record(_) => "a record".into(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<Field> {
        vec![
            Field::new("Name", FieldType::Text).required(),
            Field::new(
                "StageName",
                FieldType::Picklist(vec!["Open".into(), "Won".into()]),
            ),
            Field::new("CloseDate", FieldType::Date),
            Field::new("Amount", FieldType::Currency),
        ]
    }

    #[test]
    fn typed_values_are_read_by_their_field_type() {
        assert_eq!(
            parse_input(&FieldType::Currency, " 1250.50 "),
            Ok(Value::Number(Decimal::new(12505, 1)))
        );
        assert_eq!(
            parse_input(&FieldType::Number, "40"),
            Ok(Value::Integer(40))
        );
        assert_eq!(
            parse_input(&FieldType::Integer, "4.5"),
            Err("this is not a whole number such as 12".into())
        );
        assert_eq!(
            parse_input(&FieldType::Date, "2026-11-20"),
            Ok(Value::Text("2026-11-20".into()))
        );
        assert!(parse_input(&FieldType::Date, "20/11/2026").is_err());
        assert!(parse_input(&FieldType::Email, "dana.example.org").is_err());
        assert_eq!(parse_input(&FieldType::Text, "  "), Ok(Value::Blank));
        let list = FieldType::List(Box::new(FieldType::Record(vec![
            Field::new("Sku", FieldType::Text).required(),
        ])));
        assert!(parse_input(&list, r#"[{"Sku": "A"}]"#).is_ok());
        assert_eq!(
            parse_input(&list, r#"[{"Skus": "A"}]"#),
            Err("item 1: there is no field Skus (did you mean Sku?); Sku is required".into())
        );
        assert_eq!(input_text(&Value::Number(Decimal::new(12505, 1))), "1250.5");
    }

    #[test]
    fn pasted_json_is_one_object_or_a_list_and_every_problem_is_named() {
        let one = records_from_json(r#"{"Name": "Bench deal", "Amount": 38400.5}"#, &fields())
            .expect("reads");
        assert_eq!(one.len(), 1);
        assert_eq!(
            one[0].get("Amount"),
            Some(&Value::Number(Decimal::new(384005, 1)))
        );
        let bad = records_from_json("[\n  {\"Name\": \"A\",}\n]", &fields()).expect_err("bad");
        assert_eq!(bad.at, Some((2, 16)));
        assert!(bad.message.contains("line 2, column 16"), "{}", bad.message);
        let wrong = records_from_json(
            r#"[{"Name": "A"}, {"Stagename": "Won", "CloseDate": "tomorrow"}]"#,
            &fields(),
        )
        .expect_err("unknown field");
        assert_eq!(
            wrong.message,
            "Record 2: there is no field Stagename (did you mean StageName?). Record 2: Name is required. Record 2: CloseDate: \"tomorrow\" is not a date such as 2026-11-20 (year-month-day)."
        );
        assert!(records_from_json("[]", &fields()).is_err());
        assert!(records_from_json("42", &fields()).is_err());
    }
}
