//! Nodes and what each kind of node does (its [`Step`]).
//!
//! Formulas (conditions, keys, mappings) are kept as text in this layer; the formula
//! language parses and checks them against the port schemas. Each node's ports follow from
//! its step: triggers only emit, notes have no ports, a branch has one output per case plus
//! `else`, every other node has `in` and `out`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::{Field, FlowId, NodeId, ObjectRef, PortId, SystemId};

/// One box on the canvas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: NodeId,
    /// What the user calls this step; display only, never used as a reference.
    pub label: String,
    pub step: Step,
}

/// What a node does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Step {
    /// Starts the flow.
    Trigger(Trigger),
    /// Fetches records of a system object; each fetched record becomes an item.
    Read {
        system: SystemId,
        object: String,
        by: ReadBy,
    },
    /// Finds one record per item and attaches it to the item as a nested field (`into`),
    /// so later formulas can say `Account.Name`.
    Lookup {
        system: SystemId,
        object: String,
        /// The field of the looked-up object to match on.
        match_field: String,
        /// Formula giving the value to match, evaluated on the incoming item.
        key: String,
        /// Name of the nested field the found record is attached as.
        into: String,
    },
    /// Builds a record of the target object: one formula per target field.
    Map {
        target: ObjectRef,
        /// Target field → formula; sorted, one per line in the file.
        mappings: BTreeMap<String, String>,
    },
    /// Lets through only the items for which the condition is true.
    Filter { condition: String },
    /// Sends each item to the first case whose condition is true, or to `else`.
    Branch { cases: Vec<BranchCase> },
    /// Turns each entry of a list field into an item of its own.
    ForEach { list: String },
    /// Creates, updates, upserts or deletes records of a system object.
    Write {
        system: SystemId,
        object: String,
        action: WriteAction,
    },
    /// A sticky comment on the canvas; does nothing.
    Note { text: String },
    /// Ends a sub-flow: the items reaching it leave the sub-flow through the output port
    /// `port` of every step that calls it, as records of `fields`.
    SubflowOutput { port: PortId, fields: Vec<Field> },
    /// Runs a sub-flow of the workspace on each item: the sub-flow's input record is
    /// built by one formula per declared input field (like a Map), and what reaches each
    /// of its outputs leaves through the output port of that name.
    CallSubflow {
        subflow: FlowId,
        /// Declared input field → formula; sorted, one per line in the file.
        inputs: BTreeMap<String, String>,
        /// The sub-flow's output ports when the call was last updated: ports are known
        /// from the file alone, and a sub-flow that changed its outputs is a finding.
        outputs: Vec<PortId>,
    },
}

/// How a flow starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Trigger {
    /// A record of a system object was created, updated or deleted.
    RecordEvent {
        system: SystemId,
        object: String,
        event: RecordEvent,
        /// For updates: only when one of these fields changed (empty: any field).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<String>,
    },
    /// On a timetable.
    Schedule(Schedule),
    /// An HTTP call from another system, with the payload fields it is expected to carry.
    Webhook { path: String, payload: Vec<Field> },
    /// Started by hand, asking for these inputs.
    Manual { inputs: Vec<Field> },
    /// Starts a sub-flow: each step that calls it hands it a record of these fields.
    SubflowInput { fields: Vec<Field> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordEvent {
    Created,
    Updated,
    Deleted,
}

impl RecordEvent {
    pub fn verb(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Deleted => "deleted",
        }
    }
}

/// A timetable, in the words a business user would use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Schedule {
    EveryMinutes(u32),
    EveryHours(u32),
    /// Every day at a local time (`"02:00"`).
    Daily {
        at: String,
    },
    Weekly {
        day: Weekday,
        at: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// Which records a Read step fetches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReadBy {
    /// The one record whose key equals the formula's value.
    Key(String),
    /// The records for which the condition (a formula over the object's fields) holds.
    Query(String),
    /// Every record of the object (a full copy).
    All,
    /// The records changed since the previous run (needs change tracking).
    ChangedSinceLastRun,
}

/// One case of a Branch: items for which `condition` holds leave through `port`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BranchCase {
    pub port: PortId,
    pub condition: String,
}

/// What a Write step does to the target object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WriteAction {
    Create,
    /// Update the record whose key equals the formula's value.
    Update {
        key: String,
    },
    /// Update the record whose `match_field` equals the item's value of that field, or
    /// create it when there is none.
    Upsert {
        match_field: String,
    },
    /// Delete the record whose key equals the formula's value.
    Delete {
        key: String,
    },
}

impl WriteAction {
    pub fn verb(&self) -> &'static str {
        match self {
            Self::Create => "Create",
            Self::Update { .. } => "Update",
            Self::Upsert { .. } => "Create or update",
            Self::Delete { .. } => "Delete",
        }
    }
}

impl Step {
    /// The node kind's name as shown in the palette and in messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Trigger(Trigger::SubflowInput { .. }) => "Sub-flow input",
            Self::Trigger(_) => "Trigger",
            Self::Read { .. } => "Read",
            Self::Lookup { .. } => "Lookup",
            Self::Map { .. } => "Map",
            Self::Filter { .. } => "Filter",
            Self::Branch { .. } => "Branch",
            Self::ForEach { .. } => "For each",
            Self::Write { .. } => "Write",
            Self::Note { .. } => "Note",
            Self::SubflowOutput { .. } => "Sub-flow output",
            Self::CallSubflow { .. } => "Call sub-flow",
        }
    }

    /// The formula of setting `field`, named as findings name it (a mapping's target
    /// field, a branch case's port, `condition`, `key`, `by`), to change it in place.
    pub fn formula_mut(&mut self, field: &str) -> Option<&mut String> {
        match self {
            Self::Filter { condition } if field == "condition" => Some(condition),
            Self::Branch { cases } => cases
                .iter_mut()
                .find(|c| c.port.as_str() == field)
                .map(|c| &mut c.condition),
            Self::Map { mappings, .. } => mappings.get_mut(field),
            Self::CallSubflow { inputs, .. } => inputs.get_mut(field),
            Self::Lookup { key, .. } if field == "key" => Some(key),
            Self::Read {
                by: ReadBy::Key(text) | ReadBy::Query(text),
                ..
            } if field == "by" => Some(text),
            Self::Write {
                action: WriteAction::Update { key } | WriteAction::Delete { key },
                ..
            } if field == "key" => Some(key),
            _ => None,
        }
    }

    pub fn is_trigger(&self) -> bool {
        matches!(self, Self::Trigger(_))
    }

    /// Input ports, in display order.
    pub fn inputs(&self) -> Vec<PortId> {
        match self {
            Self::Trigger(_) | Self::Note { .. } => Vec::new(),
            _ => vec![PortId::input()],
        }
    }

    /// Output ports, in display order.
    pub fn outputs(&self) -> Vec<PortId> {
        match self {
            Self::Note { .. } | Self::SubflowOutput { .. } => Vec::new(),
            Self::CallSubflow { outputs, .. } => outputs.clone(),
            Self::Branch { cases } => cases
                .iter()
                .map(|c| c.port.clone())
                .chain(std::iter::once(PortId::otherwise()))
                .collect(),
            _ => vec![PortId::output()],
        }
    }

    /// How many input ports, without building the list (the canvas asks every frame).
    pub fn input_count(&self) -> usize {
        usize::from(!matches!(self, Self::Trigger(_) | Self::Note { .. }))
    }

    /// How many output ports, without building the list.
    pub fn output_count(&self) -> usize {
        match self {
            Self::Note { .. } | Self::SubflowOutput { .. } => 0,
            Self::CallSubflow { outputs, .. } => outputs.len(),
            Self::Branch { cases } => cases.len() + 1,
            _ => 1,
        }
    }

    /// Same as `inputs().contains(port)`, without building the list (loading checks
    /// every wire end).
    pub fn has_input(&self, port: &PortId) -> bool {
        !matches!(self, Self::Trigger(_) | Self::Note { .. }) && port.as_str() == "in"
    }

    /// Same as `outputs().contains(port)`, without building the list.
    pub fn has_output(&self, port: &PortId) -> bool {
        match self {
            Self::Note { .. } | Self::SubflowOutput { .. } => false,
            Self::CallSubflow { outputs, .. } => outputs.contains(port),
            Self::Branch { cases } => {
                port.as_str() == "else" || cases.iter().any(|c| &c.port == port)
            }
            _ => port.as_str() == "out",
        }
    }

    /// The system object this step reads from or writes to, if any.
    pub fn system_object(&self) -> Option<(&SystemId, &str)> {
        match self {
            Self::Trigger(Trigger::RecordEvent { system, object, .. })
            | Self::Read { system, object, .. }
            | Self::Lookup { system, object, .. }
            | Self::Write { system, object, .. } => Some((system, object)),
            Self::Map { target, .. } => Some((&target.system, &target.object)),
            _ => None,
        }
    }
}

impl Node {
    /// How a business user would name this node in a sentence: the `Create Sales Order`
    /// step, or its own label when the user gave it one.
    pub fn display_name(&self) -> String {
        if self.label.trim().is_empty() {
            format!("{} step `{}`", self.step.kind_name(), self.id)
        } else {
            format!("'{}' step", self.label)
        }
    }
}
