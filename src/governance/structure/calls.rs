//! The checks of sub-flows and their calls:
//! - `subflow-missing`: a call names a sub-flow the workspace does not have;
//! - `subflow-calls-itself`: a call chain comes back to a flow already on it (named);
//! - `subflow-outputs-changed`: the sub-flow's outputs are not the call's any more;
//! - `subflow-input-missing` / `subflow-input-unknown`: a required input has no formula,
//!   or the call fills an input the sub-flow does not take;
//! - `subflow-output-outside`: a Sub-flow output in a flow that is not a sub-flow;
//! - `subflow-output-field-missing`: an output promises a field its records lack;
//! - `subflow-without-output`: a sub-flow that gives its callers nothing back;
//! - `subflow-too-deep`: calls going deeper than a run goes.
//!
//! The formulas of a call's inputs are type-checked against the declared fields with
//! every other formula (`formulas.rs`).

use super::Context;
use crate::governance::{Finding, Location, Severity};
use crate::model::{FlowKind, PortId, Step};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let is_subflow = FlowKind::of(cx.flow) == FlowKind::Subflow;
    for node in &cx.flow.nodes {
        match &node.step {
            Step::SubflowOutput { port, fields } => {
                if !is_subflow {
                    out.push(Finding::new(
                        "subflow-output-outside",
                        Severity::Error,
                        Location::Node {
                            node: node.id.clone(),
                        },
                        format!(
                            "{} is a Sub-flow output, but this flow does not start at a Sub-flow input, so nothing receives what reaches it",
                            super::sentence(cx.describe(node))
                        ),
                        "Delete it, or start the flow with a Sub-flow input to make it a sub-flow other flows can call.",
                    ));
                    continue;
                }
                let Some(arriving) = cx.schemas.as_ref().and_then(|s| s.input(&node.id)) else {
                    continue;
                };
                if cx.index.wires_into(&node.id).is_empty() {
                    continue;
                }
                let missing: Vec<&str> = fields
                    .iter()
                    .filter(|f| f.required && arriving.field(&f.name).is_none())
                    .map(|f| f.name.as_str())
                    .collect();
                if !missing.is_empty() {
                    out.push(Finding::new(
                        "subflow-output-field-missing",
                        Severity::Error,
                        Location::Node {
                            node: node.id.clone(),
                        },
                        format!(
                            "The output '{port}' promises {}, but the records reaching it have no such field",
                            super::list_names(&missing)
                        ),
                        "Add a Map step before the output that builds these fields, or take them off the output's fields.",
                    ));
                }
            }
            Step::CallSubflow {
                subflow,
                inputs,
                outputs,
            } => {
                let Some(workspace) = cx.workspace else {
                    continue;
                };
                let at = || Location::Node {
                    node: node.id.clone(),
                };
                let Some(sub) = workspace.subflow(subflow) else {
                    let broken: Vec<String> = workspace
                        .broken_subflows
                        .iter()
                        .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
                        .collect();
                    let named = format!("{subflow}{}", crate::workspace::FLOW_SUFFIX);
                    let in_folder = workspace
                        .flow_paths
                        .iter()
                        .any(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == named));
                    let fix = if broken.is_empty() && in_folder {
                        format!(
                            "Open {named}: it is in the workspace but is not a sub-flow this step can call (it must load, and start at a Sub-flow input)."
                        )
                    } else if broken.is_empty() {
                        "Choose one of the workspace's sub-flows in the step's settings, or ask IT to publish this one in the workspace folder.".to_owned()
                    } else {
                        format!(
                            "Choose one of the workspace's sub-flows in the step's settings. If it is in {}, which cannot be used (it does not load, or another file declares the same id), fix that first.",
                            broken.join(", ")
                        )
                    };
                    out.push(Finding::new(
                        "subflow-missing",
                        Severity::Error,
                        at(),
                        format!(
                            "{} calls the sub-flow `{subflow}`, which is not in the workspace",
                            super::sentence(cx.describe(node))
                        ),
                        fix,
                    ));
                    continue;
                };
                if let Some(chain) = crate::subflow::call_cycle(cx.flow, subflow, workspace) {
                    out.push(Finding::new(
                        "subflow-calls-itself",
                        Severity::Error,
                        at(),
                        format!(
                            "{} would run without end: {}",
                            super::sentence(cx.describe(node)),
                            circle_words(&chain)
                        ),
                        "Remove the call that closes the circle; a sub-flow can call other sub-flows, never itself, directly or through others.",
                    ));
                    continue;
                }
                let theirs: Vec<&PortId> = sub.subflow_outputs().map(|(p, _)| p).collect();
                if theirs != outputs.iter().collect::<Vec<_>>() {
                    let names: Vec<&str> = theirs.iter().map(|p| p.as_str()).collect();
                    out.push(Finding::new(
                        "subflow-outputs-changed",
                        Severity::Error,
                        at(),
                        format!(
                            "The sub-flow '{}' now has the outputs {}, not the ones this step shows",
                            sub.name,
                            if names.is_empty() {
                                "(none)".to_owned()
                            } else {
                                super::list_names(&names)
                            }
                        ),
                        "Open the step's settings and press \"Update to the sub-flow\", then wire its outputs again.",
                    ));
                }
                let declared = sub.subflow_inputs().unwrap_or_default();
                for field in declared {
                    let given = inputs
                        .get(&field.name)
                        .is_some_and(|t| !t.trim().is_empty());
                    if field.required && !given {
                        out.push(Finding::new(
                            "subflow-input-missing",
                            Severity::Error,
                            Location::Field {
                                node: node.id.clone(),
                                field: field.name.clone(),
                            },
                            format!(
                                "The sub-flow '{}' needs {} ({}), and this step gives it no formula",
                                sub.name,
                                field.name,
                                field.field_type.describe()
                            ),
                            "Give it a formula in the step's settings, such as the name of a field of the records arriving.",
                        ));
                    }
                }
                for name in inputs.keys() {
                    if !declared.iter().any(|f| &f.name == name) {
                        out.push(Finding::new(
                            "subflow-input-unknown",
                            Severity::Error,
                            Location::Field {
                                node: node.id.clone(),
                                field: name.clone(),
                            },
                            format!("The sub-flow '{}' takes no input called {name}", sub.name),
                            "Press \"Update to the sub-flow\" in the step's settings to take the inputs it has now.",
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(workspace) = cx.workspace {
        let depth = crate::subflow::call_depth(cx.flow, workspace);
        if depth > crate::subflow::MAX_DEPTH {
            out.push(Finding::new(
                "subflow-too-deep",
                Severity::Error,
                Location::Flow,
                format!(
                    "The calls of '{}' go {depth} sub-flows deep, and a run stops after {}",
                    cx.flow.name,
                    crate::subflow::MAX_DEPTH
                ),
                "Let one sub-flow do the work of several: merge the steps of a few levels into one.",
            ));
        }
    }
    if is_subflow && cx.flow.subflow_outputs().next().is_none() && !cx.flow.nodes.is_empty() {
        out.push(Finding::new(
            "subflow-without-output",
            Severity::Warning,
            Location::Flow,
            format!(
                "The sub-flow '{}' has no Sub-flow output, so the flows that call it get nothing back",
                cx.flow.name
            ),
            "Add a Sub-flow output from the palette after the last step, if callers should go on with its records.",
        ));
    }
}

/// "'A' calls 'B', which calls 'A' again", or "'A' calls itself"; a long circle is
/// named by its first and last few.
fn circle_words(chain: &[String]) -> String {
    if chain.len() > 6 {
        let (first, rest) = chain.split_at(3);
        let last = &rest[rest.len() - 2..];
        return format!(
            "'{}' calls '{}', which calls '{}', and so on through {} more sub-flows to '{}', which calls '{}' again",
            first[0],
            first[1],
            first[2],
            rest.len() - 2,
            last[0],
            last[1]
        );
    }
    match chain {
        [one, again] if one == again => format!("'{one}' calls itself"),
        [first, rest @ ..] => {
            let mut words = format!("'{first}'");
            for (i, next) in rest.iter().enumerate() {
                let verb = if i == 0 { " calls" } else { ", which calls" };
                words.push_str(&format!("{verb} '{next}'"));
            }
            words.push_str(" again");
            words
        }
        [] => String::new(),
    }
}
