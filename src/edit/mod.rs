//! Editing flows: the only way the designer changes a flow. A user's action becomes a
//! [`Command`]; applying it returns its inverse, which the [`History`] keeps for undo.
//! Nothing here knows about the GUI, so every edit the designer can make is testable
//! headless.

mod clipboard;
mod command;
mod document;
mod history;
pub mod palette;
pub mod sample_values;
pub mod samples;
mod tidy;

pub use clipboard::{Fragment, fresh_id};
pub use command::{Command, EditError, FlowInfo, PlacedNode};
pub use document::Document;
pub use history::History;
pub use tidy::tidy;

use std::collections::HashSet;

use crate::model::{Flow, Node, NodeId, Pos};

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
