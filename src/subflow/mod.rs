//! Sub-flows: flows that start at a "Sub-flow input" and end in "Sub-flow output" steps,
//! which other flows run as one "Call sub-flow" step. IT publishes them in the workspace
//! like any flow; business users drop them in from the palette's "Reusable steps".
//!
//! This module answers the questions every layer asks about calls: which sub-flows a flow
//! calls (directly or through others), whether a call chain comes back to where it
//! started, which flows call a sub-flow, and what content a caller's approval covers.
//! Checks (`governance`), runs (`run`) and the designer build on these answers.

use std::collections::{BTreeMap, BTreeSet};

/// How deep sub-flows may call sub-flows: a run goes no further, and a flow whose calls
/// go deeper is refused by the checks.
pub const MAX_DEPTH: usize = 16;

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
    // A flow whose calls are those of the workspace's own copy (or that nothing can call,
    // not being one of its sub-flows) is answered from the workspace's graph of calls,
    // worked out once for all; only an edited sub-flow is walked afresh.
    let as_on_disk = workspace.subflow(&flow.id).is_none_or(|disk| {
        calls(disk)
            .map(|(_, id)| id)
            .eq(calls(flow).map(|(_, id)| id))
    });
    if as_on_disk {
        if &flow.id == callee {
            return Some(vec![flow.name.clone(), flow.name.clone()]);
        }
        return workspace.subflow_graph().circle.get(callee).cloned();
    }
    let mut on_way: Vec<(FlowId, String)> = vec![(flow.id.clone(), flow.name.clone())];
    let mut done: BTreeSet<FlowId> = BTreeSet::new();
    // Depth first without recursion (a chain of many thousand sub-flows must not run out
    // of stack): each frame holds the callees of the flow on the way at its depth still
    // to visit.
    let mut frames: Vec<Vec<FlowId>> = vec![vec![callee.clone()]];
    while let Some(todo) = frames.last_mut() {
        let Some(id) = todo.pop() else {
            frames.pop();
            if let Some((finished, _)) = on_way.pop() {
                done.insert(finished);
            }
            continue;
        };
        if let Some(at) = on_way.iter().position(|(seen, _)| *seen == id) {
            let mut chain: Vec<String> = on_way[at..].iter().map(|(_, n)| n.clone()).collect();
            chain.push(on_way[at].1.clone());
            return Some(chain);
        }
        if done.contains(&id) {
            continue;
        }
        let Some(sub) = workspace.subflow(&id) else {
            done.insert(id);
            continue;
        };
        on_way.push((id, sub.name.clone()));
        // Reversed: popping from the end visits the calls in step order.
        let mut next: Vec<FlowId> = calls(sub).map(|(_, next)| next.clone()).collect();
        next.reverse();
        frames.push(next);
    }
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

/// How many sub-flows deep calls from `flow` go at most (0 when it calls none); a circle
/// counts once round. From the workspace's graph of calls, worked out once for all.
pub fn call_depth(flow: &Flow, workspace: &Workspace) -> usize {
    let graph = workspace.subflow_graph();
    calls(flow)
        .map(|(_, id)| graph.depth.get(id).copied().unwrap_or(1))
        .max()
        .unwrap_or(0)
}
