//! "Test run to here": the part of a flow a step depends on — the step, and every step
//! with a path of wires to it — so a run shows what reaches that step and nothing after
//! it is run or captured.

use std::collections::{HashMap, HashSet};

use crate::model::{Flow, NodeId};

/// `flow` cut down to `node` and the steps upstream of it (with the wires among them);
/// `None` when the flow has no such step.
pub fn up_to(flow: &Flow, node: &NodeId) -> Option<Flow> {
    flow.node(node)?;
    let mut feeding: HashMap<&NodeId, Vec<&NodeId>> = HashMap::new();
    for wire in &flow.wires {
        feeding
            .entry(&wire.to.node)
            .or_default()
            .push(&wire.from.node);
    }
    let mut keep: HashSet<&NodeId> = HashSet::from([node]);
    let mut todo = vec![node];
    while let Some(next) = todo.pop() {
        for from in feeding.get(next).into_iter().flatten() {
            if keep.insert(from) {
                todo.push(from);
            }
        }
    }
    let mut part = flow.clone();
    part.nodes.retain(|n| keep.contains(&n.id));
    part.wires
        .retain(|w| keep.contains(&w.from.node) && keep.contains(&w.to.node));
    part.layout.0.retain(|id, _| keep.contains(id));
    Some(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_keeps_what_feeds_it_and_drops_what_follows() {
        let flow = crate::model::synthetic::flow(6);
        let third = flow.nodes[2].id.clone();
        let part = up_to(&flow, &third).expect("the step exists");
        let ids: Vec<&str> = part.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["trigger", "n1", "n2"]);
        assert!(part.wires.iter().all(|w| w.to.node != flow.nodes[3].id));
        assert_eq!(part.wires.len(), 2);
        assert!(up_to(&flow, &NodeId::new("nowhere").expect("id")).is_none());
    }
}
