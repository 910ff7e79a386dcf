//! The flow document: one integration, as saved in one `*.flow.ron` file.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::{Field, FlowId, Node, NodeId, PortId, Record, Step, Trigger, Wire};

/// The file format this build writes. Older formats load through `store::migrate`.
pub const FORMAT_VERSION: u32 = 1;

/// One integration: trigger, nodes, wires, catalog metadata, layout, samples.
///
/// Field order here is the order in the file; keep `format` first. Approvals are not part
/// of the flow: they live in the workspace's `approvals.ron`, signed, bound to the flow's
/// content hash (see `review::approval`), so approving never edits the file approved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub format: u32,
    pub id: FlowId,
    /// A sub-flow is written `kind: Subflow`; a flow says nothing. It follows from the
    /// trigger (see [`FlowKind::of`]): every edit sets it again, and a file where the two
    /// disagree is a finding.
    #[serde(default, skip_serializing_if = "FlowKind::is_flow")]
    pub kind: FlowKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    #[serde(default)]
    pub catalog: Catalog,
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub wires: Vec<Wire>,
    /// Where each node sits on the canvas. Kept apart from the semantics above, so
    /// moving a node changes one line and never what the flow does.
    #[serde(default)]
    pub layout: Layout,
    /// Records the trigger emits in a sample test run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<Record>,
}

/// Whether a file is an integration of its own or a reusable piece other flows call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlowKind {
    #[default]
    Flow,
    /// Starts at a "Sub-flow input" and is run only by the flows that call it.
    Subflow,
}

impl FlowKind {
    pub fn is_flow(&self) -> bool {
        *self == FlowKind::Flow
    }

    /// The kind `flow`'s trigger makes it: a sub-flow when it starts at a Sub-flow input.
    pub fn of(flow: &Flow) -> FlowKind {
        let starts_a_subflow = flow
            .nodes
            .iter()
            .any(|n| matches!(n.step, Step::Trigger(Trigger::SubflowInput { .. })));
        if starts_a_subflow {
            FlowKind::Subflow
        } else {
            FlowKind::Flow
        }
    }
}

/// Who answers for something: a team and, ideally, a person to contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    pub team: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contact: String,
}

/// What the integration catalog needs to know about a flow: which business data it moves
/// and how much. Governance estimates API budgets and impact from these numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_element: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_records_per_month: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_records_per_month: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync: Option<SyncType>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// How often data moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frequency {
    /// As each change happens.
    RealTime,
    EveryMinutes(u32),
    Hourly,
    Daily,
    Weekly,
    Monthly,
    /// Only when someone starts it.
    OnDemand,
}

/// Whether each run moves everything (full copy) or only what changed (delta).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SyncType {
    Full,
    Delta,
}

/// Canvas positions by node id, sorted so the file is canonical.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Layout(pub BTreeMap<NodeId, Pos>);

/// A canvas position in logical points; written `(x, y)` on one line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pos(pub f32, pub f32);

impl Flow {
    /// An empty flow of the current format.
    pub fn new(id: FlowId, name: impl Into<String>) -> Flow {
        Flow {
            format: FORMAT_VERSION,
            id,
            kind: FlowKind::Flow,
            name: name.into(),
            description: String::new(),
            owner: None,
            catalog: Catalog::default(),
            nodes: Vec::new(),
            wires: Vec::new(),
            layout: Layout::default(),
            samples: Vec::new(),
        }
    }

    /// The node with this id (a linear scan: build a `FlowIndex` for many lookups).
    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.nodes.iter().find(|n| &n.id == id)
    }

    /// The fields a sub-flow takes (its Sub-flow input's), `None` for a flow.
    pub fn subflow_inputs(&self) -> Option<&[Field]> {
        self.nodes.iter().find_map(|n| match &n.step {
            Step::Trigger(Trigger::SubflowInput { fields }) => Some(fields.as_slice()),
            _ => None,
        })
    }

    /// A sub-flow's outputs in node order: each Sub-flow output's port and fields.
    pub fn subflow_outputs(&self) -> impl Iterator<Item = (&PortId, &[Field])> {
        self.nodes.iter().filter_map(|n| match &n.step {
            Step::SubflowOutput { port, fields } => Some((port, fields.as_slice())),
            _ => None,
        })
    }

    /// The trigger nodes (a well-formed flow has exactly one).
    pub fn triggers(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.step.is_trigger())
    }
}
