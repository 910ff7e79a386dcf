//! "Make a sub-flow": the selected steps move into a new sub-flow, and the selection is
//! replaced by one "Call sub-flow" step, as one undo step in the flow they came from.
//!
//! The wire that led into the selection becomes the sub-flow's input (its fields are the
//! records that arrived there, with their data classes), and each place records left the
//! selection becomes a Sub-flow output of its own, wired on from the call as before.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::clipboard::fresh_id;
use super::command::{Command, PlacedNode};
use crate::formula::automap::reference;
use crate::model::{
    Field, Flow, FlowId, FlowKind, Layout, Node, NodeId, PortId, PortRef, Pos, Step, Trigger, Wire,
};
use crate::workspace::{FlowSchemas, Workspace};

/// The new sub-flow and the command that puts the call in the selection's place.
#[derive(Clone, Debug)]
pub struct Extracted {
    pub subflow: Flow,
    pub command: Command,
    pub call: NodeId,
}

/// Why the selection cannot become a sub-flow, in the user's words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MakeError {
    #[error("Select the steps to move into a sub-flow first")]
    Empty,
    #[error(
        "The trigger cannot move into a sub-flow: a sub-flow is started by the flows that call it"
    )]
    Trigger,
    #[error("Sub-flow outputs belong to a sub-flow already; select the steps before them")]
    Output,
    #[error(
        "Nothing leads into the selected steps: connect them to the step before, then make the sub-flow"
    )]
    NoInput,
    #[error(
        "Records enter the selection at {0}: a sub-flow has one input, so select steps entered at one step"
    )]
    SeveralEntries(String),
}

/// Moves the steps `selected` of `flow` into a new sub-flow `id` named `name`.
pub fn make_subflow(
    flow: &Flow,
    selected: &[NodeId],
    workspace: Option<&Workspace>,
    id: FlowId,
    name: &str,
) -> Result<Extracted, MakeError> {
    let inside: BTreeSet<&NodeId> = selected.iter().collect();
    let nodes: Vec<&Node> = flow
        .nodes
        .iter()
        .filter(|n| inside.contains(&n.id))
        .collect();
    if nodes.is_empty() {
        return Err(MakeError::Empty);
    }
    if nodes.iter().any(|n| n.step.is_trigger()) {
        return Err(MakeError::Trigger);
    }
    if nodes
        .iter()
        .any(|n| matches!(n.step, Step::SubflowOutput { .. }))
    {
        return Err(MakeError::Output);
    }
    let incoming: Vec<&Wire> = flow
        .wires
        .iter()
        .filter(|w| !inside.contains(&w.from.node) && inside.contains(&w.to.node))
        .collect();
    let outgoing: Vec<&Wire> = flow
        .wires
        .iter()
        .filter(|w| inside.contains(&w.from.node) && !inside.contains(&w.to.node))
        .collect();
    let entries: BTreeSet<&NodeId> = incoming.iter().map(|w| &w.to.node).collect();
    let entry = match entries.len() {
        0 => return Err(MakeError::NoInput),
        1 => *entries.iter().next().expect("one entry"),
        _ => {
            let names: Vec<String> = entries
                .iter()
                .filter_map(|id| flow.node(id))
                .map(|n| format!("'{}'", n.label))
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            return Err(MakeError::SeveralEntries(
                crate::governance::structure::list_names(&names),
            ));
        }
    };
    let schemas = workspace.map(|w| FlowSchemas::infer(flow, w));
    let input_fields: Vec<Field> = schemas
        .as_ref()
        .and_then(|s| s.input(entry))
        .map(|s| s.fields.clone())
        .unwrap_or_default();

    // One output per place records leave the selection from, in wire order.
    let mut exits: Vec<&PortRef> = Vec::new();
    for wire in &outgoing {
        if !exits.contains(&&wire.from) {
            exits.push(&wire.from);
        }
    }
    let mut taken: HashSet<String> = nodes.iter().map(|n| n.id.to_string()).collect();
    let input_id = fresh_id("input", &mut taken);
    let mut ports: HashSet<String> = HashSet::new();
    let mut outputs: Vec<(PortRef, PortId, Node)> = Vec::new();
    for from in exits {
        // Named as the user knows the step records leave from, not by its id.
        let step = flow
            .node(&from.node)
            .map(|n| n.label.trim())
            .filter(|l| !l.is_empty())
            .map_or_else(|| from.node.to_string(), super::palette::slug);
        let step: String = step.chars().take(40).collect();
        let base = if from.port.as_str() == "out" {
            step
        } else {
            format!("{step}_{}", from.port)
        };
        let port = fresh_id(&base, &mut ports);
        let port = PortId::new(port.as_str()).unwrap_or_else(|_| PortId::output());
        let fields = schemas
            .as_ref()
            .and_then(|s| s.output(from))
            .map(|s| s.fields.clone())
            .unwrap_or_default();
        let label = flow
            .node(&from.node)
            .map_or_else(|| port.to_string(), |n| format!("After '{}'", n.label));
        let node = Node {
            id: fresh_id(&format!("output_{port}"), &mut taken),
            label,
            step: Step::SubflowOutput {
                port: port.clone(),
                fields,
            },
        };
        outputs.push((from.clone(), port, node));
    }

    // The sub-flow: its input, the selected steps as they were, its outputs.
    let mut subflow = Flow::new(id.clone(), name);
    subflow.kind = FlowKind::Subflow;
    subflow.description = format!("Made from steps of the flow '{}'.", flow.name);
    subflow.owner = flow.owner.clone();
    subflow.nodes.push(Node {
        id: input_id.clone(),
        label: "Sub-flow input".into(),
        step: Step::Trigger(Trigger::SubflowInput {
            fields: input_fields.clone(),
        }),
    });
    subflow.nodes.extend(nodes.iter().map(|n| (*n).clone()));
    subflow
        .nodes
        .extend(outputs.iter().map(|(_, _, node)| node.clone()));
    subflow.wires.push(Wire {
        from: PortRef::new(input_id.clone(), PortId::output()),
        to: PortRef::new(entry.clone(), PortId::input()),
    });
    subflow.wires.extend(
        flow.wires
            .iter()
            .filter(|w| inside.contains(&w.from.node) && inside.contains(&w.to.node))
            .cloned(),
    );
    for (from, _, node) in &outputs {
        subflow.wires.push(Wire {
            from: from.clone(),
            to: PortRef::new(node.id.clone(), PortId::input()),
        });
    }
    subflow.wires.sort();
    subflow.wires.dedup();
    subflow.layout = subflow_layout(flow, &nodes, &input_id, &outputs);

    // The caller: the call where the selection was, wired as the selection was.
    let mut taken: HashSet<String> = flow
        .nodes
        .iter()
        .filter(|n| !inside.contains(&n.id))
        .map(|n| n.id.to_string())
        .collect();
    let call = fresh_id(
        &format!("call_{}", id.as_str().replace('-', "_")),
        &mut taken,
    );
    let inputs: BTreeMap<String, String> = input_fields
        .iter()
        .map(|f| (f.name.clone(), reference(&f.name)))
        .collect();
    let call_node = Node {
        id: call.clone(),
        label: name.to_owned(),
        step: Step::CallSubflow {
            subflow: id,
            inputs,
            outputs: outputs.iter().map(|(_, port, _)| port.clone()).collect(),
        },
    };
    let mut wires: Vec<Wire> = incoming
        .iter()
        .map(|w| Wire {
            from: w.from.clone(),
            to: PortRef::new(call.clone(), PortId::input()),
        })
        .collect();
    for wire in &outgoing {
        let port = outputs
            .iter()
            .find(|(from, _, _)| from == &wire.from)
            .map(|(_, port, _)| port.clone())
            .unwrap_or_else(PortId::output);
        wires.push(Wire {
            from: PortRef::new(call.clone(), port),
            to: wire.to.clone(),
        });
    }
    wires.sort();
    wires.dedup();
    let command = Command::Batch(vec![
        Command::RemoveNodes(selected.to_vec()),
        Command::InsertNodes {
            nodes: vec![PlacedNode {
                node: call_node,
                index: None,
                pos: flow.layout.0.get(entry).copied(),
            }],
            wires,
        },
    ]);
    Ok(Extracted {
        subflow,
        command,
        call,
    })
}

/// The sub-flow's canvas: the selected steps where they were, moved to start near the
/// origin, the input to their left and the outputs to their right.
fn subflow_layout(
    flow: &Flow,
    nodes: &[&Node],
    input: &NodeId,
    outputs: &[(PortRef, PortId, Node)],
) -> Layout {
    let placed: Vec<(NodeId, Pos)> = nodes
        .iter()
        .filter_map(|n| Some((n.id.clone(), *flow.layout.0.get(&n.id)?)))
        .collect();
    let left = placed
        .iter()
        .map(|(_, p)| p.0)
        .fold(f32::INFINITY, f32::min);
    let right = placed
        .iter()
        .map(|(_, p)| p.0)
        .fold(f32::NEG_INFINITY, f32::max);
    let top = placed
        .iter()
        .map(|(_, p)| p.1)
        .fold(f32::INFINITY, f32::min);
    let (left, right, top) = if placed.is_empty() {
        (0.0, 0.0, 0.0)
    } else {
        (left, right, top)
    };
    const GAP: f32 = 260.0;
    let mut layout = Layout::default();
    layout.0.insert(input.clone(), Pos(0.0, 0.0));
    for (id, p) in placed {
        layout.0.insert(id, Pos(p.0 - left + GAP, p.1 - top));
    }
    for (i, (_, _, node)) in outputs.iter().enumerate() {
        layout.0.insert(
            node.id.clone(),
            Pos(right - left + 2.0 * GAP, i as f32 * 140.0),
        );
    }
    layout
}
