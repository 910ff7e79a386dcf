//! `dangling-wire`: a wire whose end is a node or port that does not exist.
//! `incompatible-wire`: the records a wire carries cannot be what the step it feeds needs:
//! a Write needs every required field of its object, with fitting types; a For each needs
//! its list field to be a list.

use super::{Context, sentence};
use crate::governance::{Finding, Location, Severity};
use crate::model::{FieldType, Flow, Step, Wire, WriteAction};
use crate::workspace::Workspace;

/// Why `wire` should not be drawn at all, asked when the user drops a wire on a pin: it
/// would join a step to itself, repeat a wire, make the flow loop, or carry records the
/// step cannot take. `None` when the wire is fine.
pub fn refusal(flow: &Flow, workspace: Option<&Workspace>, wire: &Wire) -> Option<String> {
    if wire.from.node == wire.to.node {
        return Some("A step cannot feed itself.".into());
    }
    if flow.wires.contains(wire) {
        return Some("These two steps are already connected.".into());
    }
    if reaches(flow, &wire.to.node, &wire.from.node) {
        return Some(
            "This would make the flow loop back on itself: the items would go round forever."
                .into(),
        );
    }
    let mut trial = flow.clone();
    trial.wires.push(wire.clone());
    let cx = Context::new(&trial, workspace);
    incompatible(&cx, wire).map(|f| crate::words::sentences(&f.message, &f.fix))
}

/// Whether `wire` would close a loop (its end already leads back to its start).
pub fn would_loop(flow: &Flow, wire: &Wire) -> bool {
    wire.from.node == wire.to.node || reaches(flow, &wire.to.node, &wire.from.node)
}

/// Whether a path of wires leads from `from` to `to`.
fn reaches(flow: &Flow, from: &crate::model::NodeId, to: &crate::model::NodeId) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if seen.insert(id) {
            stack.extend(
                flow.wires
                    .iter()
                    .filter(|w| &w.from.node == id)
                    .map(|w| &w.to.node),
            );
        }
    }
    false
}

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for wire in &cx.flow.wires {
        if let Some(finding) = dangling(cx, wire) {
            out.push(finding);
        } else if let Some(finding) = incompatible(cx, wire) {
            out.push(finding);
        }
    }
}

fn dangling(cx: &Context, wire: &Wire) -> Option<Finding> {
    // Made only for a finding: most wires have none, and a wire is costly to copy.
    let location = || Location::Wire { wire: wire.clone() };
    let fix = "Delete this wire and draw it again between the steps you mean.";
    for (end, input) in [(&wire.from, false), (&wire.to, true)] {
        let Some(node) = cx.index.node(&end.node) else {
            return Some(Finding::new(
                "dangling-wire",
                Severity::Error,
                location(),
                format!(
                    "A wire leads to a step that no longer exists (`{}`)",
                    end.node
                ),
                fix,
            ));
        };
        if !cx.index.has_port(end, input) {
            let message = if input && node.step.inputs().is_empty() {
                format!(
                    "A wire goes into {}, which takes no input ({} steps start or annotate a flow)",
                    cx.describe(node),
                    node.step.kind_name()
                )
            } else {
                format!(
                    "A wire uses the '{}' {} of {}, which has no such {}",
                    end.port,
                    if input { "input" } else { "output" },
                    cx.describe(node),
                    if input { "input" } else { "output" }
                )
            };
            return Some(Finding::new(
                "dangling-wire",
                Severity::Error,
                location(),
                message,
                fix,
            ));
        }
    }
    None
}

fn incompatible(cx: &Context, wire: &Wire) -> Option<Finding> {
    let schemas = cx.schemas.as_ref()?;
    let workspace = cx.workspace?;
    let target = cx.index.node(&wire.to.node)?;
    let source = cx.index.node(&wire.from.node)?;
    let arriving = schemas.output(&wire.from)?;
    // Made only for a finding: most wires have none, and a wire is costly to copy.
    let location = || Location::Wire { wire: wire.clone() };
    match &target.step {
        Step::Write {
            system,
            object,
            action,
        } => {
            // A Map building this very object reports its own missing required fields and
            // mistyped formulas, better; only an upsert's match field is left to say here.
            let from_own_map = matches!(&source.step, Step::Map { target, .. }
                if &target.system == system && &target.object == object);
            let object = workspace.object(system, object).ok()?;
            let needed: Vec<_> = match action {
                WriteAction::Create => object.fields.iter().filter(|f| f.required).collect(),
                WriteAction::Upsert { match_field } => object
                    .fields
                    .iter()
                    .filter(|f| f.required || &f.name == match_field)
                    .collect(),
                // Update and delete find the record by a key formula; any fields may come.
                WriteAction::Update { .. } | WriteAction::Delete { .. } => Vec::new(),
            };
            let missing: Vec<_> = needed
                .iter()
                .filter(|f| arriving.field(&f.name).is_none())
                .filter(|f| !(from_own_map && f.required))
                .map(|f| f.name.as_str())
                .collect();
            let mistyped: Vec<_> = if from_own_map {
                &[][..]
            } else {
                &object.fields[..]
            }
            .iter()
            .filter_map(|want| {
                let have = arriving.field(&want.name)?;
                (!have.field_type.fits_into(&want.field_type)).then(|| {
                    format!(
                        "{} is {} here but {} there",
                        want.name,
                        have.field_type.describe(),
                        want.field_type.describe()
                    )
                })
            })
            .collect();
            if missing.is_empty() && mistyped.is_empty() {
                return None;
            }
            let mut problems = Vec::new();
            if !missing.is_empty() {
                problems.push(format!(
                    "it needs {} and the records arriving from {} don't have {}",
                    list(&missing),
                    cx.describe(source),
                    if missing.len() == 1 { "it" } else { "them" }
                ));
            }
            if !mistyped.is_empty() {
                problems.push(mistyped.join("; "));
            }
            Some(Finding::new(
                "incompatible-wire",
                Severity::Error,
                location(),
                format!(
                    "{} cannot take these records: {}",
                    sentence(cx.describe(target)),
                    problems.join("; ")
                ),
                format!(
                    "Put a Map step between them that fills the {}'s fields from the incoming records.",
                    object.display_name()
                ),
            ))
        }
        Step::ForEach { list: field } => {
            let found = arriving.field(field);
            match found.map(|f| &f.field_type) {
                Some(FieldType::List(_)) => None,
                Some(other) => Some(Finding::new(
                    "incompatible-wire",
                    Severity::Error,
                    location(),
                    format!(
                        "{} goes through the entries of '{field}', but '{field}' is {}, not a list",
                        sentence(cx.describe(target)),
                        other.describe()
                    ),
                    "Choose a list field, such as an order's line items.",
                )),
                // An unknown field is reported by the reference checks.
                None => None,
            }
        }
        _ => None,
    }
}

/// "A, B and C".
pub fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
