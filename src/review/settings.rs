//! A step's settings as a flat list of named values, the way its form in the designer
//! shows them, so two versions of a step compare setting by setting whatever its kind.
//! A Map's field mappings are not here: they are compared one field at a time apart.

use crate::model::{Field, PortId, ReadBy, Schedule, Step, Trigger, WriteAction};

/// One setting of a step: its name as the form calls it, and its value as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub name: String,
    pub value: String,
    /// Whether the value is a formula (quoted as code when shown).
    pub formula: bool,
}

fn plain(name: &str, value: impl Into<String>) -> Setting {
    Setting {
        name: name.to_owned(),
        value: value.into(),
        formula: false,
    }
}

fn formula(name: &str, value: &str) -> Setting {
    Setting {
        name: name.to_owned(),
        value: value.to_owned(),
        formula: true,
    }
}

/// Every setting of `step`, in the order its form shows them.
pub fn settings(step: &Step) -> Vec<Setting> {
    match step {
        Step::Trigger(trigger) => trigger_settings(trigger),
        Step::Read { system, object, by } => {
            let mut out = vec![plain("system", system.as_str()), plain("object", object)];
            let (which, text) = match by {
                ReadBy::Key(key) => ("the record with a key", Some(("key", key))),
                ReadBy::Query(query) => ("the records that match", Some(("condition", query))),
                ReadBy::All => ("every record (a full copy)", None),
                ReadBy::ChangedSinceLastRun => ("the records changed since the last run", None),
            };
            out.push(plain("records read", which));
            if let Some((name, text)) = text {
                out.push(formula(name, text));
            }
            out
        }
        Step::Lookup {
            system,
            object,
            match_field,
            key,
            into,
        } => vec![
            plain("system", system.as_str()),
            plain("object", object),
            plain("match field", match_field),
            formula("key", key),
            plain("attached as", into),
        ],
        Step::Map { target, .. } => vec![
            plain("target system", target.system.as_str()),
            plain("target object", &target.object),
        ],
        Step::Filter { condition } => vec![formula("condition", condition)],
        Step::Branch { cases } => {
            let ports: Vec<&str> = cases.iter().map(|c| c.port.as_str()).collect();
            let mut out = vec![plain("cases, in order", ports.join(", "))];
            for case in cases {
                out.push(formula(
                    &format!("condition of case {}", case.port),
                    &case.condition,
                ));
            }
            out
        }
        Step::ForEach { list } => vec![formula("list", list)],
        Step::Write {
            system,
            object,
            action,
        } => {
            let mut out = vec![
                plain("system", system.as_str()),
                plain("object", object),
                plain("action", action.verb()),
            ];
            match action {
                WriteAction::Update { key } | WriteAction::Delete { key } => {
                    out.push(formula("key", key));
                }
                WriteAction::Upsert { match_field } => out.push(plain("match field", match_field)),
                WriteAction::Create => {}
            }
            out
        }
        Step::Note { text } => vec![plain("note text", text)],
        Step::SubflowOutput { port, fields } => vec![
            plain("output", port.as_str()),
            plain("fields", fields_text(fields)),
        ],
        Step::CallSubflow {
            subflow,
            inputs,
            outputs,
        } => {
            let ports: Vec<&str> = outputs.iter().map(PortId::as_str).collect();
            let mut out = vec![
                plain("sub-flow", subflow.as_str()),
                plain("outputs", ports.join(", ")),
            ];
            for (field, text) in inputs {
                out.push(formula(&format!("input {field}"), text));
            }
            out
        }
    }
}

fn trigger_settings(trigger: &Trigger) -> Vec<Setting> {
    match trigger {
        Trigger::RecordEvent {
            system,
            object,
            event,
            fields,
        } => vec![
            plain("system", system.as_str()),
            plain("object", object),
            plain("event", event.verb()),
            plain(
                "only when these fields change",
                if fields.is_empty() {
                    "any field".to_owned()
                } else {
                    fields.join(", ")
                },
            ),
        ],
        Trigger::Schedule(schedule) => vec![plain("schedule", schedule_text(schedule))],
        Trigger::Webhook { path, payload } => vec![
            plain("webhook path", path),
            plain("payload fields", fields_text(payload)),
        ],
        Trigger::Manual { inputs } => vec![plain("inputs", fields_text(inputs))],
        Trigger::SubflowInput { fields } => {
            vec![plain("sub-flow input fields", fields_text(fields))]
        }
    }
}

fn schedule_text(schedule: &Schedule) -> String {
    match schedule {
        Schedule::EveryMinutes(m) => format!("every {m} minutes"),
        Schedule::EveryHours(h) => format!("every {h} hours"),
        Schedule::Daily { at } => format!("daily at {at}"),
        Schedule::Weekly { day, at } => format!("weekly on {day:?} at {at}"),
    }
}

/// "Email (Email, PII), Name (Text, PII)": names, types and classes, so a change to any
/// of them shows.
fn fields_text(fields: &[Field]) -> String {
    if fields.is_empty() {
        return "none".into();
    }
    let each: Vec<String> = fields
        .iter()
        .map(|f| {
            format!(
                "{} ({}, {})",
                f.name,
                f.field_type.describe(),
                f.classification.label()
            )
        })
        .collect();
    each.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_by_key_names_its_key_as_a_formula() {
        let step = Step::Read {
            system: crate::model::SystemId::new("erp").expect("id"),
            object: "Customer".into(),
            by: ReadBy::Key("AccountId".into()),
        };
        let s = settings(&step);
        assert_eq!(s[2], plain("records read", "the record with a key"));
        assert_eq!(s[3], formula("key", "AccountId"));
    }
}
