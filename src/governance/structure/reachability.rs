//! `unreachable-step`: a step no item can ever reach from the trigger, so it never runs.
//! The fix names the nearest step it could be connected to, judged by canvas position.

use rustc_hash::FxHashSet;
use std::collections::VecDeque;

use super::{Context, sentence};
use crate::governance::{Finding, Location, Severity};
use crate::model::{Node, NodeId, Pos, Step};

pub const CODE: &str = "unreachable-step";

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let flow = cx.flow;
    let starts: Vec<&NodeId> = flow.triggers().map(|n| &n.id).collect();
    if starts.is_empty() {
        return; // `no-trigger` says it better than one finding per step.
    }
    let reached = reachable_from(cx, &starts);
    for node in &flow.nodes {
        if reached.contains(&node.id) || matches!(node.step, Step::Note { .. }) {
            continue;
        }
        let feeder = cx
            .index
            .wires_into(&node.id)
            .first()
            .and_then(|w| cx.index.node(&w.from.node));
        let (message, fix) = match feeder {
            // Only the first step of a cut-off chain needs a new wire; the rest follow it.
            Some(feeder) => (
                format!(
                    "{} is only fed by steps that never run, so it never runs either",
                    sentence(cx.describe(node))
                ),
                format!(
                    "It runs once {} runs: connect that step first.",
                    cx.describe(feeder)
                ),
            ),
            None => (
                format!("{} has nothing feeding it", sentence(cx.describe(node))),
                match nearest_feeder(cx, node, &reached) {
                    Some(near) => format!("Connect it to {} or delete it.", cx.describe(near)),
                    None => "Connect it to a step that runs, or delete it.".to_owned(),
                },
            ),
        };
        out.push(Finding::new(
            CODE,
            Severity::Error,
            Location::Node {
                node: node.id.clone(),
            },
            message,
            fix,
        ));
    }
}

/// Which ids the starts lead to, themselves included.
fn reachable_from(cx: &Context, starts: &[&NodeId]) -> FxHashSet<NodeId> {
    let next = cx.index.successors();
    let mut seen = vec![false; next.len()];
    let mut queue: VecDeque<usize> = starts
        .iter()
        .filter_map(|id| cx.index.position(id))
        .collect();
    for &i in &queue {
        seen[i] = true;
    }
    while let Some(i) = queue.pop_front() {
        for &j in &next[i] {
            if !seen[j] {
                seen[j] = true;
                queue.push_back(j);
            }
        }
    }
    // Ids, not places: a duplicate id counts as reached with the first node holding it.
    cx.flow
        .nodes
        .iter()
        .zip(&seen)
        .filter(|(_, reached)| **reached)
        .map(|(n, _)| n.id.clone())
        .collect()
}

/// The reachable step with an output that sits closest to `node`, preferring steps to its
/// left (flows read left to right).
fn nearest_feeder<'a>(
    cx: &'a Context,
    node: &Node,
    reached: &FxHashSet<NodeId>,
) -> Option<&'a Node> {
    let layout = &cx.flow.layout.0;
    let here = layout.get(&node.id).copied().unwrap_or_default();
    let distance = |p: Pos| {
        let (dx, dy) = (here.0 - p.0, here.1 - p.1);
        let behind_penalty = if dx < 0.0 { 10_000.0 } else { 0.0 };
        (dx * dx + dy * dy).sqrt() + behind_penalty
    };
    cx.flow
        .nodes
        .iter()
        .filter(|n| reached.contains(&n.id) && n.id != node.id && !n.step.outputs().is_empty())
        .min_by(|a, b| {
            let da = distance(layout.get(&a.id).copied().unwrap_or_default());
            let db = distance(layout.get(&b.id).copied().unwrap_or_default());
            da.total_cmp(&db)
        })
}
