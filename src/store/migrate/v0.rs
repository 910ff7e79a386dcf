//! Format 0, the shape of the first prototype: each node carried its own canvas position,
//! wires were pairs of `"node.port"` strings, and the catalog fields sat at the top level.
//! Format 1 moved positions into `layout` (so moving a node never touches its semantics),
//! wrote each wire as one line, and grouped the catalog metadata.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

use crate::model::{
    Catalog, FORMAT_VERSION, Flow, FlowId, Frequency, Layout, Node, NodeId, PortId, PortRef, Pos,
    Step, Wire,
};
use crate::store::error::LoadError;
use crate::store::ron_text;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowV0 {
    #[allow(dead_code)]
    format: u32,
    id: FlowId,
    name: String,
    #[serde(default)]
    description: String,
    nodes: Vec<NodeV0>,
    #[serde(default)]
    wires: Vec<WireV0>,
    #[serde(default)]
    data_element: Option<String>,
    #[serde(default)]
    records_per_month: Option<u64>,
    #[serde(default)]
    frequency: Option<Frequency>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeV0 {
    id: NodeId,
    label: String,
    pos: (f32, f32),
    step: Step,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireV0 {
    from: EndV0,
    to: EndV0,
}

/// `"node.port"`.
#[derive(Deserialize)]
#[serde(try_from = "String")]
struct EndV0(PortRef);

impl TryFrom<String> for EndV0 {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let (node, port) = s
            .split_once('.')
            .ok_or_else(|| format!("a format-0 wire end is written `\"node.port\"`, not `{s}`"))?;
        let node = NodeId::new(node).map_err(|e| e.to_string())?;
        let port = PortId::new(port).map_err(|e| e.to_string())?;
        Ok(EndV0(PortRef::new(node, port)))
    }
}

pub fn parse(path: &Path, text: &str) -> Result<FlowV0, LoadError> {
    ron_text::parse(path, text)
}

pub fn upgrade(old: FlowV0) -> Flow {
    let mut layout = BTreeMap::new();
    let nodes = old
        .nodes
        .into_iter()
        .map(|n| {
            layout.insert(n.id.clone(), Pos(n.pos.0, n.pos.1));
            Node {
                id: n.id,
                label: n.label,
                step: n.step,
            }
        })
        .collect();
    let wires = old
        .wires
        .into_iter()
        .map(|w| Wire {
            from: w.from.0,
            to: w.to.0,
        })
        .collect();
    Flow {
        format: FORMAT_VERSION,
        id: old.id,
        kind: crate::model::FlowKind::Flow,
        name: old.name,
        description: old.description,
        owner: None,
        catalog: Catalog {
            data_element: old.data_element,
            // Format 0 did not tell new records from changed ones; count them all as new.
            new_records_per_month: old.records_per_month,
            changed_records_per_month: None,
            frequency: old.frequency,
            sync: None,
            notes: String::new(),
        },
        nodes,
        wires,
        layout: Layout(layout),
        samples: Vec::new(),
    }
}
