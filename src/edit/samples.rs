//! The sample records pinned into a flow, which its trigger emits in a test run: the
//! commands that pin, change and remove them (each one undo step), and the short line a
//! record is listed by, personal data masked when asked.

use super::Command;
use crate::model::{Field, FieldType, Flow, Record, Value};

/// How many fields a record's line shows before "+N more".
const FIELDS_SHOWN: usize = 4;

/// The longest a value is shown in a record's line, in characters.
const VALUE_CHARS: usize = 40;

/// Pins `records` after those already pinned.
pub fn pin(flow: &Flow, records: impl IntoIterator<Item = Record>) -> Command {
    let mut samples = flow.samples.clone();
    samples.extend(records);
    Command::SetSamples(samples)
}

/// Replaces the pinned record at `index`; `None` when there is none there.
pub fn replace(flow: &Flow, index: usize, record: Record) -> Option<Command> {
    let mut samples = flow.samples.clone();
    *samples.get_mut(index)? = record;
    Some(Command::SetSamples(samples))
}

/// Removes the pinned record at `index`; `None` when there is none there.
pub fn remove(flow: &Flow, index: usize) -> Option<Command> {
    if index >= flow.samples.len() {
        return None;
    }
    let mut samples = flow.samples.clone();
    samples.remove(index);
    Some(Command::SetSamples(samples))
}

/// "1 record", "3 records" — or whatever `noun` is counted.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A record in one readable line: its first few filled-in fields, required ones first
/// (`Name: Riverside Mall · StageName: Closed Won · +9 more`). Personal data (PII, PHI,
/// PCI) shows as `mask` unless `mask` is `None`.
pub fn summary(record: &Record, fields: &[Field], mask: Option<&str>) -> String {
    let filled = |f: &&Field| {
        record
            .get(&f.name)
            .is_some_and(|v| !matches!(v, Value::Blank | Value::List(_) | Value::Record(_)))
    };
    let mut chosen: Vec<&Field> = fields
        .iter()
        .filter(|f| f.required)
        .filter(filled)
        .collect();
    chosen.extend(fields.iter().filter(|f| !f.required).filter(filled));
    chosen.truncate(FIELDS_SHOWN);
    let mut parts: Vec<String> = chosen
        .iter()
        .map(|f| {
            let value = match (mask, record.get(&f.name)) {
                (Some(mask), _) if f.classification.is_personal() => mask.to_owned(),
                (_, Some(v)) => short(v),
                (_, None) => String::new(),
            };
            format!("{}: {value}", f.name)
        })
        .collect();
    if parts.is_empty() {
        // A record of fields the schema does not know: show them as they are.
        parts = record
            .iter()
            .filter(|(_, v)| !matches!(v, Value::Blank))
            .take(FIELDS_SHOWN)
            .map(|(name, v)| match mask {
                Some(mask) if !fields.iter().any(|f| &f.name == name) => format!("{name}: {mask}"),
                _ => format!("{name}: {}", short(v)),
            })
            .collect();
    }
    let rest = record
        .iter()
        .filter(|(_, v)| !matches!(v, Value::Blank))
        .count()
        .saturating_sub(parts.len());
    if parts.is_empty() {
        return "(an empty record)".into();
    }
    if rest > 0 {
        parts.push(format!("+{rest} more"));
    }
    parts.join(" · ")
}

/// A value shortened for a one-line listing.
fn short(value: &Value) -> String {
    let text = match value {
        Value::Blank => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Number(d) => d.normalize().to_string(),
        Value::Text(t) => t.clone(),
        Value::List(items) => count(items.len(), "item"),
        Value::Record(_) => "a record".into(),
    };
    if text.chars().count() > VALUE_CHARS {
        let cut: String = text.chars().take(VALUE_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// Whether a form takes a field of this type as JSON text (nested lists and records).
pub fn is_typed_as_json(field_type: &FieldType) -> bool {
    matches!(field_type, FieldType::List(_) | FieldType::Record(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Classification;

    #[test]
    fn a_record_reads_as_a_line_with_required_fields_first_and_personal_data_masked() {
        let fields = vec![
            Field::new("Email", FieldType::Email).classified(Classification::Pii),
            Field::new("Name", FieldType::Text).required(),
            Field::new("Stage", FieldType::Text),
        ];
        let record = Record::from([
            ("Email".to_owned(), Value::Text("dana@example.org".into())),
            ("Name".to_owned(), Value::Text("Bench deal".into())),
            ("Notes".to_owned(), Value::Text("extra".into())),
        ]);
        assert_eq!(
            summary(&record, &fields, Some("•••")),
            "Name: Bench deal · Email: ••• · +1 more"
        );
        assert_eq!(
            summary(&record, &fields, None),
            "Name: Bench deal · Email: dana@example.org · +1 more"
        );
        assert_eq!(summary(&Record::new(), &fields, None), "(an empty record)");
        assert_eq!(count(1, "record"), "1 record");
        assert_eq!(count(2, "record"), "2 records");
    }
}
