//! Copy and paste of steps, within a flow and across flows. What is copied is a
//! [`Fragment`] — the nodes, the wires between them and their positions — written as RON
//! text, so it travels through the system clipboard to another tab or another window.
//! Pasting gives every node a fresh id and keeps the wires between pasted nodes.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Command, PlacedNode};
use crate::model::{Flow, Node, NodeId, Pos, Wire};

/// Copied steps, as they travel on the clipboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fragment {
    pub nodes: Vec<Node>,
    /// Only wires with both ends among `nodes`.
    pub wires: Vec<Wire>,
    pub layout: BTreeMap<NodeId, Pos>,
}

/// The clipboard text starts with this, so pasting other text is refused politely.
const MARKER: &str = "// switchboard steps\n";

impl Fragment {
    /// The selected nodes of `flow` and the wires among them.
    pub fn copy(flow: &Flow, selected: &HashSet<NodeId>) -> Fragment {
        Fragment {
            nodes: flow
                .nodes
                .iter()
                .filter(|n| selected.contains(&n.id))
                .cloned()
                .collect(),
            wires: flow
                .wires
                .iter()
                .filter(|w| selected.contains(&w.from.node) && selected.contains(&w.to.node))
                .cloned()
                .collect(),
            layout: flow
                .layout
                .0
                .iter()
                .filter(|(id, _)| selected.contains(*id))
                .map(|(id, pos)| (id.clone(), *pos))
                .collect(),
        }
    }

    pub fn to_text(&self) -> String {
        let body =
            ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default()).unwrap_or_default();
        format!("{MARKER}{body}")
    }

    /// Reads clipboard text; `None` when it is not copied steps.
    pub fn from_text(text: &str) -> Option<Fragment> {
        ron::from_str(text.strip_prefix(MARKER)?).ok()
    }

    /// The command that pastes this fragment into `flow`: fresh ids where they clash,
    /// positions shifted by `offset` so the copy does not hide the original.
    /// The top-left corner of the copied steps on the canvas (where "Paste here" puts it).
    pub fn origin(&self) -> Pos {
        let mut corner = self.layout.values();
        let first = corner.next().copied().unwrap_or_default();
        corner.fold(first, |c, p| Pos(c.0.min(p.0), c.1.min(p.1)))
    }

    pub fn paste_into(&self, flow: &Flow, offset: Pos) -> (Command, Vec<NodeId>) {
        let mut taken: HashSet<String> = flow.nodes.iter().map(|n| n.id.to_string()).collect();
        let mut renamed: HashMap<&NodeId, NodeId> = HashMap::new();
        let mut nodes = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let id = fresh_id(node.id.as_str(), &mut taken);
            renamed.insert(&node.id, id.clone());
            let pos = self
                .layout
                .get(&node.id)
                .map(|p| Pos(p.0 + offset.0, p.1 + offset.1));
            nodes.push(PlacedNode {
                node: Node { id, ..node.clone() },
                index: None,
                pos,
            });
        }
        let wires = self
            .wires
            .iter()
            .filter_map(|w| {
                let mut w = w.clone();
                w.from.node = renamed.get(&w.from.node)?.clone();
                w.to.node = renamed.get(&w.to.node)?.clone();
                Some(w)
            })
            .collect();
        let ids = nodes.iter().map(|p| p.node.id.clone()).collect();
        (Command::InsertNodes { nodes, wires }, ids)
    }
}

/// `base` if no node has it yet, else `base_2`, `base_3`… (ids stay readable slugs).
/// The chosen id is added to `taken`.
pub fn fresh_id(base: &str, taken: &mut HashSet<String>) -> NodeId {
    let base = base.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_');
    let base = if base.is_empty() { "step" } else { base };
    let mut candidate = base.to_owned();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    NodeId::new(candidate).unwrap_or_else(|_| NodeId::new("step").expect("a valid slug"))
}
