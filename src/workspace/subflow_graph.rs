//! How a workspace's sub-flows call each other: how deep calls from each go, and which
//! reach a circle of calls. Worked out once per workspace, in one walk over all of them
//! without recursion, so checking every flow of a workspace with long chains of
//! sub-flows stays linear in their number rather than walking the chain for each.

use std::collections::HashMap;

use super::folder::{SubflowGraph, Workspace};
use crate::model::{Flow, FlowId, Step};

impl Workspace {
    /// How the sub-flows call each other (worked out the first time).
    pub fn subflow_graph(&self) -> &SubflowGraph {
        self.subflow_graph.get_or_init(|| graph_of(self))
    }
}

fn callees(flow: &Flow) -> Vec<FlowId> {
    flow.nodes
        .iter()
        .filter_map(|n| match &n.step {
            Step::CallSubflow { subflow, .. } => Some(subflow.clone()),
            _ => None,
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    OnWay,
    Done,
}

fn graph_of(ws: &Workspace) -> SubflowGraph {
    let mut graph = SubflowGraph::default();
    let mut mark: HashMap<FlowId, Mark> = HashMap::new();
    let name = |id: &FlowId| {
        ws.subflow(id)
            .map_or_else(|| id.to_string(), |f| f.name.clone())
    };
    for start in ws.subflows.keys() {
        if mark.contains_key(start) {
            continue;
        }
        // The way from `start`, each with the callees still to visit.
        let mut way: Vec<(FlowId, Vec<FlowId>)> = Vec::new();
        mark.insert(start.clone(), Mark::OnWay);
        way.push((start.clone(), callees(&ws.subflows[start].flow)));
        while let Some((top, todo)) = way.last_mut() {
            let top = top.clone();
            if let Some(next) = todo.pop() {
                match mark.get(&next).copied() {
                    Some(Mark::OnWay) => {
                        // A circle: every sub-flow on the way reaches it.
                        let at = way.iter().position(|(id, _)| *id == next).unwrap_or(0);
                        let mut chain: Vec<String> =
                            way[at..].iter().map(|(id, _)| name(id)).collect();
                        chain.push(name(&next));
                        for (id, _) in &way {
                            graph
                                .circle
                                .entry(id.clone())
                                .or_insert_with(|| chain.clone());
                        }
                    }
                    Some(Mark::Done) => {
                        if let Some(chain) = graph.circle.get(&next).cloned() {
                            graph.circle.entry(top).or_insert(chain);
                        }
                    }
                    None if ws.subflows.contains_key(&next) => {
                        mark.insert(next.clone(), Mark::OnWay);
                        let further = callees(&ws.subflows[&next].flow);
                        way.push((next, further));
                    }
                    // A sub-flow the workspace lacks: another check says so.
                    None => {}
                }
                continue;
            }
            // Every callee visited: its depth is one more than its deepest callee's (one
            // still on the way, in a circle, counts nothing more).
            let below = callees(&ws.subflows[&top].flow)
                .iter()
                .map(|c| match mark.get(c) {
                    Some(Mark::Done) => graph.depth.get(c).copied().unwrap_or(0),
                    Some(Mark::OnWay) => 0,
                    None => 1,
                })
                .max()
                .unwrap_or(0);
            graph.depth.insert(top.clone(), below + 1);
            mark.insert(top.clone(), Mark::Done);
            way.pop();
            if let (Some(chain), Some((parent, _))) = (graph.circle.get(&top).cloned(), way.last())
            {
                graph.circle.entry(parent.clone()).or_insert(chain);
            }
        }
    }
    graph
}
