//! Adding a step: from the palette at a point of the canvas, or into an existing
//! connection (a wire's "Insert a Map step"), where the wire is replaced by two through
//! the new step, as one undo step.

use std::collections::HashSet;

use super::clipboard::fresh_id;
use super::command::{Command, PlacedNode};
use super::palette;
use crate::model::{Flow, Node, NodeId, PortId, PortRef, Pos, Step, Wire};

/// The command adding a palette item to `flow` at `pos`, and the new node's id.
pub fn add_item(flow: &Flow, item: &palette::Item, pos: Pos) -> (Command, NodeId) {
    let mut taken: HashSet<String> = flow.nodes.iter().map(|n| n.id.to_string()).collect();
    let id = fresh_id(&item.id_base, &mut taken);
    let node = Node {
        id: id.clone(),
        label: item.label.clone(),
        step: item.step.clone(),
    };
    let command = Command::InsertNodes {
        nodes: vec![PlacedNode {
            node,
            index: None,
            pos: Some(pos),
        }],
        wires: Vec::new(),
    };
    (command, id)
}

/// The command that puts palette `item` between the two ends of `wire` at `pos`, and
/// the new node's id; `None` when the wire is not in the flow or the step has no input or
/// output to carry the records through. A Map inserted before a Write builds that
/// Write's object, so the wire's records become what the Write expects.
pub fn insert_into_wire(
    flow: &Flow,
    item: &palette::Item,
    wire: &Wire,
    pos: Pos,
) -> Option<(Command, NodeId)> {
    if !flow.wires.contains(wire) {
        return None;
    }
    let (through, id) = connect_through(flow, item, wire, pos)?;
    let mut commands = vec![Command::Disconnect(wire.clone())];
    commands.extend(through);
    Some((Command::Batch(commands), id))
}

/// Connects the two ends of `wire` (not yet in the flow, say because the records do not
/// fit) through a new step from palette `item` at `pos`, as one undo step.
pub fn connect_via(
    flow: &Flow,
    item: &palette::Item,
    wire: &Wire,
    pos: Pos,
) -> Option<(Command, NodeId)> {
    if wire.from.node == wire.to.node || flow.wires.contains(wire) {
        return None;
    }
    let (commands, id) = connect_through(flow, item, wire, pos)?;
    Some((Command::Batch(commands), id))
}

/// A Map with no target yet, wired into a Write: the Map step as it should be, building
/// what the Write takes (the user connected them because that is what they meant).
pub fn map_aimed_at(flow: &Flow, wire: &Wire) -> Option<(NodeId, Step)> {
    let from = flow.node(&wire.from.node)?;
    let Step::Map { target, mappings } = &from.step else {
        return None;
    };
    if !target.system.is_unchosen() && !target.object.is_empty() {
        return None;
    }
    let Step::Write { system, object, .. } = &flow.node(&wire.to.node)?.step else {
        return None;
    };
    let aimed = Step::Map {
        target: crate::model::ObjectRef {
            system: system.clone(),
            object: object.clone(),
        },
        mappings: mappings.clone(),
    };
    Some((from.id.clone(), aimed))
}

/// The new step and the two wires through it.
fn connect_through(
    flow: &Flow,
    item: &palette::Item,
    wire: &Wire,
    pos: Pos,
) -> Option<(Vec<Command>, NodeId)> {
    let mut item = item.clone();
    if let (Step::Map { target, .. }, Some(Step::Write { system, object, .. })) =
        (&mut item.step, flow.node(&wire.to.node).map(|n| &n.step))
    {
        target.system = system.clone();
        target.object = object.clone();
    }
    let input = item.step.inputs().into_iter().next()?;
    let output = item
        .step
        .outputs()
        .into_iter()
        .find(|p| *p == PortId::output())?;
    let (insert, id) = add_item(flow, &item, pos);
    let commands = vec![
        insert,
        Command::Connect(Wire {
            from: wire.from.clone(),
            to: PortRef::new(id.clone(), input),
        }),
        Command::Connect(Wire {
            from: PortRef::new(id.clone(), output),
            to: wire.to.clone(),
        }),
    ];
    Some((commands, id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Document;
    use crate::model::{ObjectRef, SystemId, WriteAction};

    fn map_item() -> palette::Item {
        palette::items(None)
            .into_iter()
            .find(|i| matches!(i.step, Step::Map { .. }))
            .expect("the palette has a Map step")
    }

    /// The first two steps of a generated flow, the second made a Write of ERP orders.
    fn trigger_to_write() -> Flow {
        let mut flow = crate::model::synthetic::flow(2);
        flow.nodes[1].step = Step::Write {
            system: SystemId::new("erp").expect("id"),
            object: "SalesOrder".into(),
            action: WriteAction::Create,
        };
        flow
    }

    #[test]
    fn a_map_goes_between_the_ends_of_a_wire_as_one_undo_step() {
        let flow = trigger_to_write();
        let wire = flow.wires[0].clone();
        let before = flow.clone();
        let (command, id) =
            insert_into_wire(&flow, &map_item(), &wire, Pos(100.0, 0.0)).expect("inserted");
        let mut doc = Document::new(flow, None);
        doc.apply(command, "Insert a Map step", None)
            .expect("applies");
        let flow = doc.flow();
        assert!(!flow.wires.contains(&wire));
        assert!(
            flow.wires
                .iter()
                .any(|w| w.from == wire.from && w.to.node == id)
        );
        assert!(
            flow.wires
                .iter()
                .any(|w| w.from.node == id && w.to == wire.to)
        );
        let Some(Step::Map { target, .. }) = flow.node(&id).map(|n| &n.step) else {
            panic!("a Map step");
        };
        assert_eq!(
            target,
            &ObjectRef {
                system: SystemId::new("erp").expect("id"),
                object: "SalesOrder".into()
            }
        );
        doc.undo();
        assert_eq!(doc.flow(), &before);
    }

    #[test]
    fn a_refused_wire_is_made_through_a_map_as_one_undo_step() {
        let mut flow = trigger_to_write();
        let wire = flow.wires.remove(0);
        let before = flow.clone();
        let (command, id) =
            connect_via(&flow, &map_item(), &wire, Pos(100.0, 0.0)).expect("connected");
        let mut doc = Document::new(flow, None);
        doc.apply(command, "Connect through a Map step", None)
            .expect("applies");
        assert_eq!(doc.flow().wires.len(), 2);
        assert!(
            doc.flow()
                .wires
                .iter()
                .all(|w| w.from.node == id || w.to.node == id)
        );
        doc.undo();
        assert_eq!(doc.flow(), &before);
        let mut to_itself = wire.clone();
        to_itself.to.node = wire.from.node.clone();
        assert!(connect_via(&before, &map_item(), &to_itself, Pos(0.0, 0.0)).is_none());
    }

    #[test]
    fn a_map_without_a_target_wired_into_a_write_builds_what_it_takes() {
        let flow = trigger_to_write();
        let (command, map) =
            insert_into_wire(&flow, &map_item(), &flow.wires[0].clone(), Pos(0.0, 0.0))
                .expect("inserted");
        let mut doc = Document::new(flow, None);
        doc.apply(command, "insert", None).expect("applies");
        let mut flow = doc.flow().clone();
        let into_write = flow
            .wires
            .iter()
            .find(|w| w.from.node == map)
            .expect("map to write")
            .clone();
        assert!(
            map_aimed_at(&flow, &into_write).is_none(),
            "aimed by the insert already"
        );
        let node = flow.nodes.iter_mut().find(|n| n.id == map).expect("map");
        node.step = map_item().step;
        let (id, step) = map_aimed_at(&flow, &into_write).expect("aimed");
        assert_eq!(id, map);
        assert!(matches!(step, Step::Map { target, .. } if target.object == "SalesOrder"));
    }

    #[test]
    fn a_wire_not_in_the_flow_is_left_alone() {
        let flow = trigger_to_write();
        let mut wire = flow.wires[0].clone();
        wire.to.node = NodeId::new("nowhere").expect("id");
        assert!(insert_into_wire(&flow, &map_item(), &wire, Pos(0.0, 0.0)).is_none());
    }
}
