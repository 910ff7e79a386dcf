//! Lookups by id over a borrowed flow, built once. `Flow::node` and friends scan linearly,
//! which is right for one lookup and quadratic for a loop over every wire; anything that
//! walks the whole graph (loading, checks, schema inference) builds a [`FlowIndex`] first.

use rustc_hash::FxHashMap;

use super::{Flow, Node, NodeId, PortRef, Wire};

pub struct FlowIndex<'a> {
    pub flow: &'a Flow,
    nodes: FxHashMap<&'a NodeId, &'a Node>,
    into: FxHashMap<&'a NodeId, Vec<&'a Wire>>,
    from: FxHashMap<&'a NodeId, Vec<&'a Wire>>,
}

impl<'a> FlowIndex<'a> {
    pub fn new(flow: &'a Flow) -> FlowIndex<'a> {
        let mut nodes = FxHashMap::with_capacity_and_hasher(flow.nodes.len(), Default::default());
        for node in &flow.nodes {
            // With duplicate ids the first node wins, as in `Flow::node`.
            nodes.entry(&node.id).or_insert(node);
        }
        let mut into: FxHashMap<_, Vec<_>> = FxHashMap::default();
        let mut from: FxHashMap<_, Vec<_>> = FxHashMap::default();
        for wire in &flow.wires {
            into.entry(&wire.to.node).or_default().push(wire);
            from.entry(&wire.from.node).or_default().push(wire);
        }
        FlowIndex {
            flow,
            nodes,
            into,
            from,
        }
    }

    pub fn node(&self, id: &NodeId) -> Option<&'a Node> {
        self.nodes.get(id).copied()
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
