//! The organisation's own rules, declared in the policy without code
//! (`workspace::policy::CustomRule`): forbidden targets and sources, data classes that
//! must never reach systems with a tag, methods not allowed for a tag.

use super::Lens;
use super::lens::{class_names, some_names};
use crate::governance::{Finding, Location, Severity};
use crate::model::{Node, Step};
use crate::workspace::Protocol;
use crate::workspace::policy::{CustomRule, Forbidden, Level};

/// Applies every custom rule of the workspace's policy to the flow.
pub fn check(lens: &Lens, out: &mut Vec<Finding>) {
    for rule in &lens.workspace.policy.custom {
        let severity = match rule.severity {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
            Level::Off => continue,
        };
        for node in &lens.flow.nodes {
            if let Some(what) = breach(lens, node, &rule.forbid) {
                out.push(Finding::new(
                    &rule.code,
                    severity,
                    Location::Node {
                        node: node.id.clone(),
                    },
                    format!(
                        "{} {what}, which the rule '{}' forbids",
                        crate::governance::structure::sentence(lens.describe(node)),
                        rule.title
                    ),
                    fix(rule),
                ));
            }
        }
    }
}

fn fix(rule: &CustomRule) -> String {
    rule.fix.clone().unwrap_or_else(|| {
        if rule.explanation.is_empty() {
            "Change the step so the rule holds, or ask the policy's owners (IT) for an exception."
                .to_owned()
        } else {
            format!(
                "{} Change the step so the rule holds, or ask IT for an exception.",
                rule.explanation
            )
        }
    })
}

/// What `node` does that the rule forbids, in words, or `None`.
fn breach(lens: &Lens, node: &Node, forbid: &Forbidden) -> Option<String> {
    let system = lens.system_of(node)?;
    let writes = matches!(node.step, Step::Write { .. });
    let reads = matches!(
        node.step,
        Step::Trigger(_) | Step::Read { .. } | Step::Lookup { .. }
    );
    match forbid {
        Forbidden::WritesTo { system: forbidden } if writes && &system.id == forbidden => {
            Some(format!("writes to {}", system.name))
        }
        Forbidden::ReadsFrom { system: forbidden } if reads && &system.id == forbidden => {
            Some(format!("reads from {}", system.name))
        }
        Forbidden::ClassReachesTag { class, tag } if writes && system.tags.contains(tag) => {
            let fields: Vec<String> = lens
                .fields_written(node)
                .into_iter()
                .filter(|(_, c)| c == class)
                .map(|(n, _)| n)
                .collect();
            (!fields.is_empty()).then(|| {
                format!(
                    "sends {} data ({}) to {}, a system tagged \"{tag}\"",
                    class_names(&[*class]),
                    some_names(&fields),
                    system.name
                )
            })
        }
        Forbidden::MethodForTag { method, tag }
            if (reads || writes) && system.tags.contains(tag) =>
        {
            let protocol = lens.workspace.connector_of(system).ok()?.protocol;
            (protocol == *method).then(|| {
                let how = match method {
                    Protocol::FileDrop => "by file drop",
                    Protocol::Http => "through an HTTP API",
                    Protocol::Sqlite => "through a database file",
                };
                format!(
                    "{} {} {how}, a system tagged \"{tag}\"",
                    if writes { "writes to" } else { "reads from" },
                    system.name
                )
            })
        }
        _ => None,
    }
}
