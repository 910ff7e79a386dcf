//! `unknown-system`, `unknown-object`, `unknown-field`: every system, object and field a
//! step names must exist in the workspace's registry and connector manifests.
//! `unsupported-operation`: the connector must offer what the step does (a CRM that
//! cannot delete cases cannot be the target of a Delete).

use super::{Context, sentence};
use crate::governance::{Finding, Location, Severity};
use crate::model::{Node, ReadBy, Step, Trigger, WriteAction};
use crate::workspace::{Object, OperationKind, Unresolved, Workspace};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(workspace) = cx.workspace else {
        return;
    };
    // A broken manifest is said once per flow, at the first step that uses it.
    let mut broken_said = std::collections::HashSet::new();
    for node in &cx.flow.nodes {
        let Some((system, object_name)) = node.step.system_object() else {
            check_list_field(cx, node, out);
            continue;
        };
        let object = match workspace.object(system, object_name) {
            Ok(object) => object,
            Err(Unresolved::BrokenConnector { connector, .. })
                if !broken_said.insert(connector.clone()) =>
            {
                continue;
            }
            Err(unresolved) => {
                out.push(unresolved_finding(cx, node, workspace, &unresolved));
                continue;
            }
        };
        for (field, role) in named_fields(&node.step) {
            if object.field(field).is_none() {
                let known: Vec<&str> = object.fields.iter().map(|f| f.name.as_str()).collect();
                out.push(Finding::new(
                    "unknown-field",
                    Severity::Error,
                    Location::Field {
                        node: node.id.clone(),
                        field: field.to_owned(),
                    },
                    format!(
                        "{} {role} '{field}', but {} has no such field",
                        sentence(cx.describe(node)),
                        object.display_name()
                    ),
                    did_you_mean(field, &known, "Pick one of the object's fields"),
                ));
            }
        }
        for needed in operations_needed(&node.step) {
            if !needed.iter().any(|&kind| object.supports(kind)) {
                out.push(unsupported(cx, node, workspace, object, needed[0]));
            }
        }
    }
}

/// The fields a step names by hand (not through formulas), with how it uses each.
fn named_fields(step: &Step) -> Vec<(&str, &'static str)> {
    match step {
        Step::Trigger(Trigger::RecordEvent { fields, .. }) => fields
            .iter()
            .map(|f| (f.as_str(), "watches the field"))
            .collect(),
        Step::Lookup { match_field, .. } => vec![(match_field.as_str(), "matches on the field")],
        Step::Map { mappings, .. } => mappings
            .keys()
            .map(|f| (f.as_str(), "fills the field"))
            .collect(),
        Step::Write {
            action: WriteAction::Upsert { match_field },
            ..
        } => {
            vec![(
                match_field.as_str(),
                "matches existing records on the field",
            )]
        }
        _ => Vec::new(),
    }
}

/// Alternatives: the connector must offer at least one of each inner list.
fn operations_needed(step: &Step) -> Vec<Vec<OperationKind>> {
    use OperationKind as K;
    match step {
        Step::Trigger(Trigger::RecordEvent { event, .. }) => vec![vec![K::Trigger(*event)]],
        Step::Read {
            by: ReadBy::Key(_), ..
        } => vec![vec![K::Get]],
        Step::Read {
            by: ReadBy::Query(_) | ReadBy::All,
            ..
        } => vec![vec![K::Query]],
        Step::Read {
            by: ReadBy::ChangedSinceLastRun,
            ..
        } => vec![vec![K::Changes]],
        Step::Lookup { .. } => vec![vec![K::Query, K::Get]],
        Step::Write { action, .. } => vec![vec![match action {
            WriteAction::Create => K::Create,
            WriteAction::Update { .. } => K::Update,
            WriteAction::Upsert { .. } => K::Upsert,
            WriteAction::Delete { .. } => K::Delete,
        }]],
        _ => Vec::new(),
    }
}

fn unsupported(
    cx: &Context,
    node: &Node,
    workspace: &Workspace,
    object: &Object,
    kind: OperationKind,
) -> Finding {
    let system_name = node
        .step
        .system_object()
        .and_then(|(id, _)| workspace.landscape.system(id))
        .map_or("the system", |s| s.name.as_str());
    let offered: Vec<String> = object
        .operations
        .iter()
        .map(|op| op.kind.describe())
        .collect();
    Finding::new(
        "unsupported-operation",
        Severity::Error,
        Location::Node {
            node: node.id.clone(),
        },
        format!(
            "{} needs to {} in {}, but {system_name} does not allow that for {}",
            sentence(cx.describe(node)),
            kind.describe(),
            object.display_name(),
            object.display_name()
        ),
        format!(
            "Choose something {system_name} offers for {}: {}.",
            object.display_name(),
            offered.join(", ")
        ),
    )
}

fn unresolved_finding(
    cx: &Context,
    node: &Node,
    workspace: &Workspace,
    unresolved: &Unresolved,
) -> Finding {
    let location = Location::Node {
        node: node.id.clone(),
    };
    match unresolved {
        Unresolved::UnknownSystem { system, .. } if system.is_unchosen() => Finding::new(
            "unknown-system",
            Severity::Error,
            location,
            format!("{} has no system chosen yet", sentence(cx.describe(node))),
            "Choose a system in the step's settings.".to_owned(),
        ),
        Unresolved::UnknownObject { object, .. } if object.is_empty() => Finding::new(
            "unknown-object",
            Severity::Error,
            location,
            format!("{} has no object chosen yet", sentence(cx.describe(node))),
            "Choose which object it works with in the step's settings.".to_owned(),
        ),
        Unresolved::UnknownSystem { system, known } => {
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            Finding::new(
                "unknown-system",
                Severity::Error,
                location,
                format!(
                    "{} uses the system `{system}`, which is not registered in this workspace",
                    sentence(cx.describe(node))
                ),
                did_you_mean(
                    system.as_str(),
                    &known,
                    "Pick a registered system, or ask IT to add it to systems.ron",
                ),
            )
        }
        Unresolved::UnknownConnector { system, connector } => Finding::new(
            "unknown-system",
            Severity::Error,
            location,
            format!(
                "{} uses the system `{system}`, whose connector `{connector}` is not installed",
                sentence(cx.describe(node))
            ),
            format!(
                "Ask IT to fix the connector of `{system}` in systems.ron (installed: {}).",
                workspace
                    .connectors
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Unresolved::BrokenConnector {
            system, manifest, ..
        } => Finding::new(
            "connector-broken",
            Severity::Error,
            location,
            format!(
                "{} and the other steps on `{system}` cannot be checked: the connector manifest {} has an error",
                sentence(cx.describe(node)),
                manifest
                    .file_name()
                    .map_or_else(String::new, |n| format!("connectors/{}", n.to_string_lossy()))
            ),
            "Fix the error reported in that manifest (docs/connectors.md describes the format); these steps are checked again once it loads.".to_owned(),
        ),
        Unresolved::UnknownObject {
            system,
            object,
            known,
        } => {
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            Finding::new(
                "unknown-object",
                Severity::Error,
                location,
                format!(
                    "{} uses '{object}', but {system} has no such object",
                    sentence(cx.describe(node))
                ),
                did_you_mean(object, &known, &format!("Pick one of {system}'s objects")),
            )
        }
    }
}

/// For steps without a system of their own: a For each must name a field that arrives.
fn check_list_field(cx: &Context, node: &Node, out: &mut Vec<Finding>) {
    let Step::ForEach { list } = &node.step else {
        return;
    };
    let Some(input) = cx.schemas.as_ref().and_then(|s| s.input(&node.id)) else {
        return;
    };
    if input.fields.is_empty() || input.field(list).is_some() {
        return; // Nothing arrives yet (reported elsewhere), or the field is there.
    }
    let known: Vec<&str> = input.fields.iter().map(|f| f.name.as_str()).collect();
    out.push(Finding::new(
        "unknown-field",
        Severity::Error,
        Location::Field {
            node: node.id.clone(),
            field: list.clone(),
        },
        format!(
            "{} goes through the entries of '{list}', but the records arriving have no such field",
            sentence(cx.describe(node))
        ),
        did_you_mean(list, &known, "Pick a list field of the incoming records"),
    ))
}

/// "Did you mean 'Email'?" when a known name is close, else `fallback` with the options.
pub fn did_you_mean(wrong: &str, known: &[&str], fallback: &str) -> String {
    let best = known
        .iter()
        .map(|k| {
            (
                strsim::jaro_winkler(&wrong.to_lowercase(), &k.to_lowercase()),
                *k,
            )
        })
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, name)) => format!("Did you mean '{name}'?"),
        None if known.is_empty() => format!("{fallback}."),
        None if known.len() <= 12 => format!("{fallback}: {}.", known.join(", ")),
        None => format!(
            "{fallback}: {}, … ({} in all).",
            known[..12].join(", "),
            known.len()
        ),
    }
}
