//! The edits a user can make to a flow, each undoable: applying a [`Command`] returns the
//! command that undoes it (helix's "store the change and its inversion" idea), so the
//! history never has to diff flows or keep snapshots.

use crate::model::{Catalog, Flow, Node, NodeId, Owner, Pos, Record, Step, Wire};

/// One change to a flow. The designer builds these; nothing else mutates a flow it shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Puts nodes in (at their index in the node list when given, else at the end), with
    /// their canvas positions and the wires that came with them.
    InsertNodes {
        nodes: Vec<PlacedNode>,
        wires: Vec<Wire>,
    },
    /// Takes nodes out, with every wire touching them.
    RemoveNodes(Vec<NodeId>),
    Connect(Wire),
    Disconnect(Wire),
    /// New canvas positions; a whole drag is one command.
    MoveNodes(Vec<(NodeId, Pos)>),
    Rename {
        node: NodeId,
        label: String,
    },
    /// Replaces what a node does: any setting, mapping or condition.
    SetStep {
        node: NodeId,
        step: Step,
    },
    /// The flow's own name, description, owner and catalog details.
    SetInfo(FlowInfo),
    /// The records the trigger emits in a sample test run (pinned into the flow). The
    /// whole list: pinning, editing or removing one record is one command and one undo
    /// step, and its inverse is simply the list as it was.
    SetSamples(Vec<Record>),
    /// Several commands as one undo step (paste, delete with wires, auto-tidy…).
    Batch(Vec<Command>),
}

/// A node with where it goes: its place in the node list (so undoing a delete puts it
/// back exactly where it was in the file) and on the canvas.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedNode {
    pub node: Node,
    pub index: Option<usize>,
    pub pos: Option<Pos>,
}

/// The parts of a flow that are about the flow itself rather than its steps.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowInfo {
    pub name: String,
    pub description: String,
    pub owner: Option<Owner>,
    pub catalog: Catalog,
}

impl FlowInfo {
    pub fn of(flow: &Flow) -> FlowInfo {
        FlowInfo {
            name: flow.name.clone(),
            description: flow.description.clone(),
            owner: flow.owner.clone(),
            catalog: flow.catalog.clone(),
        }
    }
}

/// Why a command could not be applied; the flow is left as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no step `{0}` in this flow")]
    NoSuchNode(NodeId),
    #[error("a step with id `{0}` already exists")]
    DuplicateNode(NodeId),
    #[error("these two steps are already connected")]
    WireExists,
    #[error("there is no such connection")]
    NoSuchWire,
    #[error("a step cannot be connected to itself")]
    SelfWire,
    #[error("this flow is open for review: it cannot be changed")]
    ReadOnly,
}

impl Command {
    /// Applies the command to `flow` and returns the command that undoes it. On error the
    /// flow is unchanged (a batch rolls back the part it applied).
    pub fn apply(self, flow: &mut Flow) -> Result<Command, EditError> {
        match self {
            Command::InsertNodes { nodes, wires } => insert_nodes(flow, nodes, wires),
            Command::RemoveNodes(ids) => remove_nodes(flow, &ids),
            Command::Connect(wire) => {
                if wire.from.node == wire.to.node {
                    return Err(EditError::SelfWire);
                }
                for end in [&wire.from.node, &wire.to.node] {
                    if flow.node(end).is_none() {
                        return Err(EditError::NoSuchNode(end.clone()));
                    }
                }
                if flow.wires.contains(&wire) {
                    return Err(EditError::WireExists);
                }
                insert_sorted(&mut flow.wires, wire.clone());
                Ok(Command::Disconnect(wire))
            }
            Command::Disconnect(wire) => {
                let at = flow
                    .wires
                    .iter()
                    .position(|w| w == &wire)
                    .ok_or(EditError::NoSuchWire)?;
                flow.wires.remove(at);
                Ok(Command::Connect(wire))
            }
            Command::MoveNodes(moves) => {
                if let Some((missing, _)) = moves.iter().find(|(id, _)| flow.node(id).is_none()) {
                    return Err(EditError::NoSuchNode(missing.clone()));
                }
                let mut before = Vec::with_capacity(moves.len());
                for (id, pos) in moves {
                    let old = flow.layout.0.insert(id.clone(), pos).unwrap_or_default();
                    before.push((id, old));
                }
                Ok(Command::MoveNodes(before))
            }
            Command::Rename { node, label } => {
                let n = node_mut(flow, &node)?;
                let old = std::mem::replace(&mut n.label, label);
                Ok(Command::Rename { node, label: old })
            }
            Command::SetStep { node, step } => {
                let n = node_mut(flow, &node)?;
                let old = std::mem::replace(&mut n.step, step);
                Ok(Command::SetStep { node, step: old })
            }
            Command::SetInfo(info) => {
                let old = FlowInfo::of(flow);
                flow.name = info.name;
                flow.description = info.description;
                flow.owner = info.owner;
                flow.catalog = info.catalog;
                Ok(Command::SetInfo(old))
            }
            Command::SetSamples(samples) => {
                let old = std::mem::replace(&mut flow.samples, samples);
                Ok(Command::SetSamples(old))
            }
            Command::Batch(commands) => {
                let mut inverses = Vec::with_capacity(commands.len());
                for command in commands {
                    match command.apply(flow) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            rollback(flow, inverses);
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Command::Batch(inverses))
            }
        }
    }

    /// Whether it only moves nodes on the canvas: what the flow does stays the same, so
    /// nothing needs checking again.
    pub fn is_layout_only(&self) -> bool {
        match self {
            Command::MoveNodes(_) => true,
            Command::Batch(c) => c.iter().all(Command::is_layout_only),
            _ => false,
        }
    }

    /// Whether applying it would change nothing (an empty batch or move).
    pub fn is_empty(&self) -> bool {
        match self {
            Command::Batch(c) => c.iter().all(Command::is_empty),
            Command::MoveNodes(m) => m.is_empty(),
            Command::RemoveNodes(ids) => ids.is_empty(),
            Command::InsertNodes { nodes, wires } => nodes.is_empty() && wires.is_empty(),
            _ => false,
        }
    }
}

fn rollback(flow: &mut Flow, applied_inverses: Vec<Command>) {
    for inverse in applied_inverses.into_iter().rev() {
        // Inverses of commands that just applied always apply.
        let _ = inverse.apply(flow);
    }
}

fn node_mut<'f>(flow: &'f mut Flow, id: &NodeId) -> Result<&'f mut Node, EditError> {
    flow.nodes
        .iter_mut()
        .find(|n| &n.id == id)
        .ok_or_else(|| EditError::NoSuchNode(id.clone()))
}

fn insert_nodes(
    flow: &mut Flow,
    mut nodes: Vec<PlacedNode>,
    wires: Vec<Wire>,
) -> Result<Command, EditError> {
    let mut ids = std::collections::HashSet::new();
    for placed in &nodes {
        if flow.node(&placed.node.id).is_some() || !ids.insert(placed.node.id.clone()) {
            return Err(EditError::DuplicateNode(placed.node.id.clone()));
        }
    }
    for wire in &wires {
        for end in [&wire.from.node, &wire.to.node] {
            if !ids.contains(end) && flow.node(end).is_none() {
                return Err(EditError::NoSuchNode(end.clone()));
            }
        }
    }
    // Ascending indices, so each lands where it was when they were removed together.
    nodes.sort_by_key(|p| p.index.unwrap_or(usize::MAX));
    let inserted = nodes.iter().map(|p| p.node.id.clone()).collect();
    for placed in nodes {
        if let Some(pos) = placed.pos {
            flow.layout.0.insert(placed.node.id.clone(), pos);
        }
        let at = placed.index.unwrap_or(usize::MAX).min(flow.nodes.len());
        flow.nodes.insert(at, placed.node);
    }
    for wire in wires {
        if !flow.wires.contains(&wire) {
            insert_sorted(&mut flow.wires, wire);
        }
    }
    Ok(Command::RemoveNodes(inserted))
}

fn remove_nodes(flow: &mut Flow, ids: &[NodeId]) -> Result<Command, EditError> {
    if let Some(missing) = ids.iter().find(|id| flow.node(id).is_none()) {
        return Err(EditError::NoSuchNode(missing.clone()));
    }
    let gone: std::collections::HashSet<&NodeId> = ids.iter().collect();
    let mut removed = Vec::new();
    let mut index = 0;
    flow.nodes.retain(|n| {
        let keep = !gone.contains(&n.id);
        if !keep {
            removed.push((index, n.clone()));
        }
        index += 1;
        keep
    });
    let mut wires = Vec::new();
    flow.wires.retain(|w| {
        let keep = !gone.contains(&w.from.node) && !gone.contains(&w.to.node);
        if !keep {
            wires.push(w.clone());
        }
        keep
    });
    let nodes = removed
        .into_iter()
        .map(|(index, node)| PlacedNode {
            pos: flow.layout.0.remove(&node.id),
            index: Some(index),
            node,
        })
        .collect();
    Ok(Command::InsertNodes { nodes, wires })
}

/// Keeps the wire list in the order the file is saved in, so an edit and its undo leave
/// the flow equal to what it was.
fn insert_sorted(wires: &mut Vec<Wire>, wire: Wire) {
    let at = wires.partition_point(|w| w < &wire);
    wires.insert(at, wire);
}
