//! What a template is: a flow whose system ids are placeholder names, and the
//! placeholders, each the kind of system it stands for.

use serde::{Deserialize, Serialize};

use crate::model::{Flow, Step, SystemId, Trigger};
use crate::workspace::SystemKind;

/// The template file's format.
pub const TEMPLATE_FORMAT: u32 = 1;
/// A flow to start from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub format: u32,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub placeholders: Vec<Placeholder>,
    /// The flow, its systems named by placeholder.
    pub flow: Flow,
}

/// A system the user picks when instantiating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placeholder {
    /// What the template's flow calls the system.
    pub name: SystemId,
    /// What to ask the user: "The CRM the deals are in".
    pub label: String,
    pub kind: SystemKind,
}

/// Calls `f` on every system id the flow's steps name.
pub fn for_each_system(flow: &mut Flow, mut f: impl FnMut(&mut SystemId)) {
    for node in &mut flow.nodes {
        match &mut node.step {
            Step::Trigger(Trigger::RecordEvent { system, .. })
            | Step::Read { system, .. }
            | Step::Lookup { system, .. }
            | Step::Write { system, .. } => f(system),
            Step::Map { target, .. } => f(&mut target.system),
            Step::Trigger(_)
            | Step::Filter { .. }
            | Step::Branch { .. }
            | Step::ForEach { .. }
            | Step::Note { .. }
            | Step::SubflowOutput { .. }
            | Step::CallSubflow { .. } => {}
        }
    }
}
