//! The semantic difference of two versions of a flow. Steps are matched by id, so a
//! renamed step is a rename and not a removal plus an addition; a changed step lists each
//! setting with its old and new value, a Map each field mapping with its old and new
//! formula. Moving steps on the canvas is counted apart, as it changes nothing the flow
//! does.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

use super::change::Change;
use super::settings::settings;
use crate::model::{Catalog, Flow, Node, NodeId, Owner, Step, SyncType, Wire};
use crate::words;

/// Everything that differs between two versions of a flow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FlowChanges {
    /// Changes to what the flow does: its details, then its steps in the new version's
    /// order, removed steps, wires, samples.
    pub content: Vec<Change>,
    /// Steps that only moved on the canvas.
    pub moved: usize,
}

impl FlowChanges {
    /// Whether the two versions do the same (they may still be laid out differently, or
    /// carry other sample records: those are test data, which an approval does not
    /// cover either — see `approval::content_hash`).
    pub fn same_content(&self) -> bool {
        self.content
            .iter()
            .all(|c| matches!(c, Change::SamplesChanged { .. }))
    }

    /// Every change as a line, the moves summed up in the last one.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.content.iter().map(Change::text).collect();
        if let Some(moves) = self.moves_line() {
            lines.push(moves);
        }
        lines
    }

    /// "moved 3 steps", when any moved.
    pub fn moves_line(&self) -> Option<String> {
        (self.moved > 0).then(|| format!("moved {}", words::count(self.moved, "step", "steps")))
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
            None => out.content.push(Change::StepAdded {
                step: node.id.clone(),
                label: node.label.clone(),
                step_kind: node.step.kind_name().into(),
            }),
            Some(was) => step_changes(was, node, &mut out.content),
        }
    }
    for node in old.nodes.iter().filter(|n| !after.contains(&n.id)) {
        out.content.push(Change::StepRemoved {
            step: node.id.clone(),
            label: node.label.clone(),
            step_kind: node.step.kind_name().into(),
        });
    }
    wire_changes(old, new, &mut out.content);
    if old.samples != new.samples {
        out.content.push(Change::SamplesChanged {
            old: old.samples.len(),
            new: new.samples.len(),
        });
    }
    out.moved = new
        .layout
        .0
        .iter()
        .filter(|(id, pos)| old.layout.0.get(*id).is_some_and(|was| was != *pos))
        .count();
    out
}

fn details(old: &Flow, new: &Flow, out: &mut Vec<Change>) {
    if old.name != new.name {
        out.push(Change::FlowRenamed {
            old: old.name.clone(),
            new: new.name.clone(),
        });
    }
    if old.id != new.id {
        out.push(Change::FlowIdChanged {
            old: old.id.to_string(),
            new: new.id.to_string(),
        });
    }
    if old.description != new.description {
        out.push(Change::DescriptionChanged {
            old: old.description.clone(),
            new: new.description.clone(),
        });
    }
    if old.owner != new.owner {
        out.push(Change::OwnerChanged {
            old: old.owner.as_ref().map(owner_text),
            new: new.owner.as_ref().map(owner_text),
        });
    }
    let (was, now) = (catalog_details(&old.catalog), catalog_details(&new.catalog));
    for ((detail, old), (_, new)) in was.into_iter().zip(now) {
        if old != new {
            out.push(Change::CatalogChanged {
                detail: detail.into(),
                old,
                new,
            });
        }
    }
}

/// "Sales Operations (maria.lopez@riverton.example)".
fn owner_text(owner: &Owner) -> String {
    if owner.contact.is_empty() {
        owner.team.clone()
    } else {
        format!("{} ({})", owner.team, owner.contact)
    }
}

/// The catalog's details by name, always the same names in the same order.
fn catalog_details(c: &Catalog) -> [(&'static str, Option<String>); 6] {
    let number = |n: Option<u64>| n.map(crate::governance::thousands);
    [
        ("data element", c.data_element.clone()),
        ("new records per month", number(c.new_records_per_month)),
        (
            "changed records per month",
            number(c.changed_records_per_month),
        ),
        (
            "frequency",
            c.frequency
                .map(|f| crate::governance::catalog::frequency(Some(f))),
        ),
        (
            "synchronisation",
            c.sync.map(|s| match s {
                SyncType::Full => "Full copy".to_owned(),
                SyncType::Delta => "Only what changed".to_owned(),
            }),
        ),
        ("notes", (!c.notes.is_empty()).then(|| c.notes.clone())),
    ]
}

fn step_changes(old: &Node, new: &Node, out: &mut Vec<Change>) {
    if old.label != new.label {
        out.push(Change::StepRenamed {
            step: new.id.clone(),
            old: old.label.clone(),
            new: new.label.clone(),
        });
    }
    if old.step == new.step {
        return;
    }
    let (step, label) = (&new.id, &new.label);
    if old.step.kind_name() != new.step.kind_name() {
        out.push(Change::StepKindChanged {
            step: step.clone(),
            label: label.clone(),
            old: old.step.kind_name().into(),
            new: new.step.kind_name().into(),
        });
    }
    let (was, now) = (settings(&old.step), settings(&new.step));
    for setting in &now {
        let before = was.iter().find(|s| s.name == setting.name);
        if before.is_some_and(|b| b.value == setting.value) {
            continue;
        }
        out.push(Change::SettingChanged {
            step: step.clone(),
            label: label.clone(),
            setting: setting.name.clone(),
            old: before.map(|b| b.value.clone()),
            new: Some(setting.value.clone()),
            formula: setting.formula,
        });
    }
    for gone in was.iter().filter(|w| !now.iter().any(|s| s.name == w.name)) {
        out.push(Change::SettingChanged {
            step: step.clone(),
            label: label.clone(),
            setting: gone.name.clone(),
            old: Some(gone.value.clone()),
            new: None,
            formula: gone.formula,
        });
    }
    let empty = BTreeMap::new();
    let mappings = |s: &'_ Step| match s {
        Step::Map { mappings, .. } => mappings.clone(),
        _ => empty.clone(),
    };
    mapping_changes(new, &mappings(&old.step), &mappings(&new.step), out);
}

fn mapping_changes(
    node: &Node,
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
    out: &mut Vec<Change>,
) {
    let (step, label) = (node.id.clone(), node.label.clone());
    for (field, formula) in new {
        match old.get(field) {
            None => out.push(Change::MappingAdded {
                step: step.clone(),
                label: label.clone(),
                field: field.clone(),
                formula: formula.clone(),
            }),
            Some(was) if was != formula => out.push(Change::MappingChanged {
                step: step.clone(),
                label: label.clone(),
                field: field.clone(),
                old: was.clone(),
                new: formula.clone(),
            }),
            Some(_) => {}
        }
    }
    for (field, formula) in old.iter().filter(|(f, _)| !new.contains_key(*f)) {
        out.push(Change::MappingRemoved {
            step: step.clone(),
            label: label.clone(),
            field: field.clone(),
            formula: formula.clone(),
        });
    }
}

fn label_of(flow: &Flow, node: &NodeId) -> String {
    flow.node(node)
        .map_or_else(|| node.to_string(), |n| n.label.clone())
}

/// The port a wire leaves from, when it is not the step's only output (a branch's case).
fn from_port(w: &Wire) -> Option<String> {
    (w.from.port.as_str() != "out").then(|| w.from.port.to_string())
}

fn wire_changes(old: &Flow, new: &Flow, out: &mut Vec<Change>) {
    let ends = |flow: &Flow, w: &Wire| (label_of(flow, &w.from.node), label_of(flow, &w.to.node));
    let before: BTreeSet<&Wire> = old.wires.iter().collect();
    let after: BTreeSet<&Wire> = new.wires.iter().collect();
    for w in after.difference(&before) {
        let (from, to) = ends(new, w);
        out.push(Change::WireAdded {
            wire: w.to_string(),
            from,
            from_port: from_port(w),
            to,
        });
    }
    for w in before.difference(&after) {
        let (from, to) = ends(old, w);
        out.push(Change::WireRemoved {
            wire: w.to_string(),
            from,
            from_port: from_port(w),
            to,
        });
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
        assert_eq!(
            c.content[0],
            Change::MappingChanged {
                step: NodeId::new("build_reservation").expect("id"),
                label: "Build the reservation".into(),
                field: field.clone(),
                old: was.clone(),
                new: format!("{was} * 2"),
            }
        );
        assert!(
            c.content[0].text().ends_with(&format!(
                "mapping of {field} changed from `{was}` to `{was} * 2`"
            )),
            "{}",
            c.content[0].text()
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
    fn other_sample_records_are_listed_but_change_no_content() {
        let old = crate::model::synthetic::flow(3);
        let mut new = old.clone();
        new.samples.push(Default::default());
        let c = changes(&old, &new);
        assert!(c.same_content(), "as for approvals, samples are test data");
        assert_eq!(c.lines(), ["sample records changed (0 before, 1 now)"]);
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
                .any(|l| l == &format!("removed step “{}” (Write)", gone.label)),
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
