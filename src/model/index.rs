//! Lookups by id over a borrowed flow, built once. `Flow::node` and friends scan linearly,
//! which is right for one lookup and quadratic for a loop over every wire; anything that
//! walks the whole graph (loading, checks, schema inference) builds a [`FlowIndex`] first.

use rustc_hash::FxHashMap;

use super::{Flow, Node, NodeId, PortRef, Wire};

pub struct FlowIndex<'a> {
    pub flow: &'a Flow,
    /// Each id's place in `flow.nodes` (the first node with it, as in `Flow::node`).
    positions: FxHashMap<&'a NodeId, usize>,
    /// By place: the places the node's wires lead to. The graph walks (loops, order,
    /// reachability) run on these numbers instead of hashing ids.
    next: Vec<Vec<usize>>,
    into: FxHashMap<&'a NodeId, Vec<&'a Wire>>,
    from: FxHashMap<&'a NodeId, Vec<&'a Wire>>,
}

impl<'a> FlowIndex<'a> {
    pub fn new(flow: &'a Flow) -> FlowIndex<'a> {
        let positions = positions(flow);
        let next = successors(flow, &positions);
        let mut into: FxHashMap<_, Vec<_>> = FxHashMap::default();
        let mut from: FxHashMap<_, Vec<_>> = FxHashMap::default();
        for wire in &flow.wires {
            into.entry(&wire.to.node).or_default().push(wire);
            from.entry(&wire.from.node).or_default().push(wire);
        }
        FlowIndex {
            flow,
            positions,
            next,
            into,
            from,
        }
    }

    pub fn node(&self, id: &NodeId) -> Option<&'a Node> {
        let flow = self.flow;
        self.position(id).and_then(|i| flow.nodes.get(i))
    }

    /// The place in `flow.nodes` of the node with this id.
    pub fn position(&self, id: &NodeId) -> Option<usize> {
        self.positions.get(id).copied()
    }

    /// By place in `flow.nodes`, the places each node's wires lead to (once per wire).
    pub fn successors(&self) -> &[Vec<usize>] {
        &self.next
    }

    /// Wires arriving at `node`, in file order.
    pub fn wires_into(&self, node: &NodeId) -> &[&'a Wire] {
        self.into.get(node).map_or(&[], Vec::as_slice)
    }

    /// Wires leaving `node`, in file order.
    pub fn wires_from(&self, node: &NodeId) -> &[&'a Wire] {
        self.from.get(node).map_or(&[], Vec::as_slice)
    }

    /// Whether `end.port` exists on `end.node` as an input (`input == true`) or an output.
    pub fn has_port(&self, end: &PortRef, input: bool) -> bool {
        self.node(&end.node).is_some_and(|n| {
            if input {
                n.step.has_input(&end.port)
            } else {
                n.step.has_output(&end.port)
            }
        })
    }
}

/// Each id's place in `flow.nodes`; with duplicate ids the first node wins.
fn positions(flow: &Flow) -> FxHashMap<&NodeId, usize> {
    let mut positions = FxHashMap::with_capacity_and_hasher(flow.nodes.len(), Default::default());
    for (i, node) in flow.nodes.iter().enumerate() {
        positions.entry(&node.id).or_insert(i);
    }
    positions
}

fn successors(flow: &Flow, positions: &FxHashMap<&NodeId, usize>) -> Vec<Vec<usize>> {
    let mut next = vec![Vec::new(); flow.nodes.len()];
    for wire in &flow.wires {
        if let (Some(&a), Some(&b)) = (positions.get(&wire.from.node), positions.get(&wire.to.node))
        {
            next[a].push(b);
        }
    }
    next
}

/// By place in `flow.nodes`, the places each node's wires lead to, without building a
/// whole [`FlowIndex`] (for a caller that only walks the graph once).
pub fn successors_of(flow: &Flow) -> Vec<Vec<usize>> {
    successors(flow, &positions(flow))
}
