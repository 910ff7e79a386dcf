//! The semantic difference of two versions of a flow. Steps are matched by id; for a
//! changed step each setting says old → new, a Map each field mapping; moving steps on
//! the canvas is counted apart, as it changes nothing the flow does.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Flow, Node, NodeId, Step, Wire};
use crate::words;

/// One difference, as a sentence for a business user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The step it concerns (`None`: the flow's details or its connections).
    pub node: Option<NodeId>,
    pub text: String,
}

/// Everything that differs between two versions of a flow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlowChanges {
    /// Changes to what the flow does, in the order of the new version's steps.
    pub content: Vec<Change>,
    /// Steps that only moved on the canvas.
    pub moved: usize,
}

impl FlowChanges {
    /// Whether the two versions do the same (they may still be laid out differently).
    pub fn same_content(&self) -> bool {
        self.content.is_empty()
    }

    /// Every change as a line, the moves summed up in the last one.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.content.iter().map(|c| c.text.clone()).collect();
        match self.moved {
            0 => {}
            1 => lines.push("moved 1 step".into()),
            n => lines.push(format!("moved {}", words::count(n, "step", "steps"))),
        }
        lines
    }
}

/// What changed from `old` to `new`.
pub fn changes(old: &Flow, new: &Flow) -> FlowChanges {
    let mut out = FlowChanges::default();
    details(old, new, &mut out.content);
    let before: BTreeMap<&NodeId, &Node> = old.nodes.iter().map(|n| (&n.id, n)).collect();
    let after: BTreeSet<&NodeId> = new.nodes.iter().map(|n| &n.id).collect();
    for node in &new.nodes {
        match before.get(&node.id) {
            None => out
                .content
                .push(about(node, format!("added step “{}”", node.label))),
            Some(was) => step_changes(was, node, &mut out.content),
        }
    }
    for node in old.nodes.iter().filter(|n| !after.contains(&n.id)) {
        out.content
            .push(about(node, format!("removed step “{}”", node.label)));
    }
    wire_changes(old, new, &mut out.content);
    if old.samples != new.samples {
        out.content.push(flow_change(format!(
            "sample records changed ({} before, {} now)",
            old.samples.len(),
            new.samples.len()
        )));
    }
    out.moved = new
        .layout
        .0
        .iter()
        .filter(|(id, pos)| old.layout.0.get(*id).is_some_and(|was| was != *pos))
        .count();
    out
}

fn about(node: &Node, text: String) -> Change {
    Change {
        node: Some(node.id.clone()),
        text,
    }
}

fn flow_change(text: String) -> Change {
    Change { node: None, text }
}

fn details(old: &Flow, new: &Flow, out: &mut Vec<Change>) {
    if old.name != new.name {
        out.push(flow_change(format!(
            "name changed from “{}” to “{}”",
            old.name, new.name
        )));
    }
    if old.description != new.description {
        out.push(flow_change("description changed".into()));
    }
    if old.owner != new.owner {
        let team = |f: &Flow| f.owner.as_ref().map_or("none".into(), |o| o.team.clone());
        out.push(flow_change(format!(
            "owner changed from {} to {}",
            team(old),
            team(new)
        )));
    }
    if old.catalog != new.catalog {
        out.push(flow_change(
            "catalog details changed (data element, volumes, frequency or synchronisation)".into(),
        ));
    }
}

fn step_changes(old: &Node, new: &Node, out: &mut Vec<Change>) {
    if old.label != new.label {
        out.push(about(
            new,
            format!("renamed step “{}” to “{}”", old.label, new.label),
        ));
    }
    if old.step == new.step {
        return;
    }
    let name = &new.label;
    match (&old.step, &new.step) {
        (
            Step::Map {
                target: t0,
                mappings: m0,
            },
            Step::Map {
                target: t1,
                mappings: m1,
            },
        ) => {
            if t0 != t1 {
                out.push(about(
                    new,
                    format!("“{name}”: now makes {} records", t1.object),
                ));
            }
            mapping_changes(new, m0, m1, out);
        }
        (Step::Filter { condition: c0 }, Step::Filter { condition: c1 }) => {
            out.push(about(
                new,
                format!("“{name}”: condition changed from `{c0}` to `{c1}`"),
            ));
        }
        (Step::ForEach { list: l0 }, Step::ForEach { list: l1 }) => {
            out.push(about(
                new,
                format!("“{name}”: list changed from `{l0}` to `{l1}`"),
            ));
        }
        (Step::Note { .. }, Step::Note { .. }) => {
            out.push(about(new, format!("“{name}”: note text changed")));
        }
        _ => out.push(about(new, format!("“{name}”: settings changed"))),
    }
}

fn mapping_changes(
    node: &Node,
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
    out: &mut Vec<Change>,
) {
    let name = &node.label;
    for (field, formula) in new {
        match old.get(field) {
            None => out.push(about(node, format!("“{name}”: maps {field} = `{formula}`"))),
            Some(was) if was != formula => out.push(about(
                node,
                format!("“{name}”: {field} changed from `{was}` to `{formula}`"),
            )),
            Some(_) => {}
        }
    }
    for field in old.keys().filter(|f| !new.contains_key(*f)) {
        out.push(about(node, format!("“{name}”: no longer maps {field}")));
    }
}

fn wire_changes(old: &Flow, new: &Flow, out: &mut Vec<Change>) {
    let label = |flow: &Flow, id: &NodeId| {
        flow.node(id)
            .map_or_else(|| id.to_string(), |n| n.label.clone())
    };
    let ends = |flow: &Flow, w: &Wire| (label(flow, &w.from.node), label(flow, &w.to.node));
    let before: BTreeSet<&Wire> = old.wires.iter().collect();
    let after: BTreeSet<&Wire> = new.wires.iter().collect();
    for w in after.difference(&before) {
        let (from, to) = ends(new, w);
        out.push(flow_change(format!("connected “{from}” to “{to}”")));
    }
    for w in before.difference(&after) {
        let (from, to) = ends(old, w);
        out.push(flow_change(format!("disconnected “{from}” from “{to}”")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pos;

    fn example() -> Flow {
        let text = include_str!("../../flows/opportunity-to-reservation.flow.ron");
        crate::store::parse_flow(std::path::Path::new("example"), text).expect("parses")
    }

    fn map_node(flow: &mut Flow) -> &mut Node {
        flow.nodes
            .iter_mut()
            .find(|n| matches!(n.step, Step::Map { .. }))
            .expect("a map step")
    }

    #[test]
    fn the_same_flow_has_no_changes() {
        let flow = example();
        assert_eq!(changes(&flow, &flow), FlowChanges::default());
    }

    #[test]
    fn a_changed_formula_says_old_and_new() {
        let old = example();
        let mut new = old.clone();
        let node = map_node(&mut new);
        let Step::Map { mappings, .. } = &mut node.step else {
            unreachable!()
        };
        let (field, formula) = mappings.iter_mut().next().expect("a mapping");
        let was = formula.clone();
        formula.push_str(" * 2");
        let field = field.clone();
        let c = changes(&old, &new);
        assert_eq!(c.content.len(), 1, "{c:?}");
        assert!(
            c.content[0]
                .text
                .ends_with(&format!("{field} changed from `{was}` to `{was} * 2`")),
            "{}",
            c.content[0].text
        );
    }

    #[test]
    fn moving_steps_is_not_a_change_of_content() {
        let old = example();
        let mut new = old.clone();
        for pos in new.layout.0.values_mut().take(2) {
            *pos = Pos(pos.0 + 10.0, pos.1);
        }
        let c = changes(&old, &new);
        assert!(c.same_content());
        assert_eq!(c.lines(), ["moved 2 steps"]);
    }

    #[test]
    fn removed_and_renamed_steps_are_named() {
        let old = example();
        let mut new = old.clone();
        let gone = new.nodes.pop().expect("a node");
        new.wires
            .retain(|w| w.from.node != gone.id && w.to.node != gone.id);
        new.nodes[0].label = "Deal won".into();
        let lines = changes(&old, &new).lines();
        assert!(
            lines
                .iter()
                .any(|l| l == &format!("removed step “{}”", gone.label)),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("renamed step") && l.ends_with("to “Deal won”")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with("disconnected")),
            "{lines:?}"
        );
    }
}
