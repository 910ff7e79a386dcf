//! Sub-flows: flows that start at a "Sub-flow input" and end in "Sub-flow output" steps,
//! which other flows run as one "Call sub-flow" step. IT publishes them in the workspace
//! like any flow; business users drop them in from the palette's "Reusable steps".
//!
//! This module answers the questions every layer asks about calls: which sub-flows a flow
//! calls (directly or through others), whether a call chain comes back to where it
//! started, which flows call a sub-flow, and what content a caller's approval covers.
//! Checks (`governance`), runs (`run`) and the designer build on these answers.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Flow, FlowId, Node, NodeId, Step};
use crate::workspace::Workspace;

/// The call steps of `flow`: each node and the sub-flow it calls.
pub fn calls(flow: &Flow) -> impl Iterator<Item = (&Node, &FlowId)> {
    flow.nodes.iter().filter_map(|n| match &n.step {
        Step::CallSubflow { subflow, .. } => Some((n, subflow)),
        _ => None,
    })
}

/// When calling `callee` from `flow` would come back to a flow already on the way — the
/// chain of flow names from `flow` round to it again ("Normalise contact", "Clean
/// address", "Normalise contact") — else `None`. Sub-flows the workspace lacks end a
/// chain (another check says they are missing).
pub fn call_cycle(flow: &Flow, callee: &FlowId, workspace: &Workspace) -> Option<Vec<String>> {
    let mut on_way: Vec<(FlowId, String)> = vec![(flow.id.clone(), flow.name.clone())];
    let mut done = BTreeSet::new();
    walk(callee, workspace, &mut on_way, &mut done)
}

fn walk(
    id: &FlowId,
    workspace: &Workspace,
    on_way: &mut Vec<(FlowId, String)>,
    done: &mut BTreeSet<FlowId>,
) -> Option<Vec<String>> {
    if let Some(at) = on_way.iter().position(|(seen, _)| seen == id) {
        let mut chain: Vec<String> = on_way[at..].iter().map(|(_, name)| name.clone()).collect();
        chain.push(on_way[at].1.clone());
        return Some(chain);
    }
    if done.contains(id) {
        return None;
    }
    let sub = workspace.subflow(id)?;
    on_way.push((id.clone(), sub.name.clone()));
    for (_, next) in calls(sub) {
        if let Some(chain) = walk(next, workspace, on_way, done) {
            return Some(chain);
        }
    }
    on_way.pop();
    done.insert(id.clone());
    None
}

/// Every sub-flow `flow` runs, directly or through the sub-flows it calls, by id; each
/// once, cycles cut.
pub fn called_transitively<'w>(
    flow: &Flow,
    workspace: &'w Workspace,
) -> BTreeMap<FlowId, &'w Flow> {
    let mut found: BTreeMap<FlowId, &Flow> = BTreeMap::new();
    let mut todo: Vec<FlowId> = calls(flow).map(|(_, id)| id.clone()).collect();
    while let Some(id) = todo.pop() {
        if found.contains_key(&id) {
            continue;
        }
        if let Some(sub) = workspace.subflow(&id) {
            todo.extend(calls(sub).map(|(_, next)| next.clone()));
            found.insert(id, sub);
        }
    }
    found
}

/// The flows among `flows` that call the sub-flow `id` directly, with their call steps.
pub fn callers<'f>(flows: &[&'f Flow], id: &FlowId) -> Vec<(&'f Flow, Vec<&'f NodeId>)> {
    flows
        .iter()
        .filter_map(|flow| {
            let steps: Vec<&NodeId> = calls(flow)
                .filter(|(_, callee)| *callee == id)
                .map(|(node, _)| &node.id)
                .collect();
            (!steps.is_empty()).then_some((*flow, steps))
        })
        .collect()
}

/// Whether any of `flows` calls one of `changed` (sub-flow ids), directly or through
/// other sub-flows: those are the flows to check again after the sub-flows changed.
pub fn affected<'f>(flows: &[&'f Flow], changed: &FlowId, workspace: &Workspace) -> Vec<&'f Flow> {
    flows
        .iter()
        .filter(|flow| called_transitively(flow, workspace).contains_key(changed))
        .copied()
        .collect()
}
