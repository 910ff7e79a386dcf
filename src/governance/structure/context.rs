//! What every structural check sees — the flow, its index, the workspace and the port
//! schemas, worked out once — apart from the list of checks in `mod.rs`, so that a
//! check's file and that list do not import each other.

use std::sync::Arc;

use crate::formula::check::{Analysis, analyze};
use crate::formula::memo::Memo;
use crate::formula::scope::Scope;
use crate::model::{Flow, FlowIndex, Node};
use crate::workspace::{FlowSchemas, Workspace};

/// What every structural check sees.
pub struct Context<'a> {
    pub flow: &'a Flow,
    pub index: FlowIndex<'a>,
    pub workspace: Option<&'a Workspace>,
    pub schemas: Option<FlowSchemas>,
    /// Formula analyses kept between checks, when the caller keeps them.
    pub memo: Option<&'a Memo>,
}

impl Context<'_> {
    /// Parses and checks a formula, through the memo when there is one.
    pub fn analyze(&self, text: &str, scope: &dyn Scope) -> Arc<Analysis> {
        match self.memo {
            Some(memo) => memo.analyze(text, scope),
            None => Arc::new(analyze(text, scope)),
        }
    }

    /// How a message names a node: "the Finance ERP 'Create Sales Order' step".
    pub fn describe(&self, node: &Node) -> String {
        let system = node
            .step
            .system_object()
            .and_then(|(id, _)| self.workspace?.landscape.system(id))
            .map(|s| format!("{} ", s.name))
            .unwrap_or_default();
        if node.label.trim().is_empty() {
            format!("the {system}{} step `{}`", node.step.kind_name(), node.id)
        } else {
            // The name alone: the system is said where it matters, and a Problems row
            // or the inspector shows the step anyway.
            format!("the step '{}'", node.label.trim())
        }
    }
}

/// Capitalises the first letter, for messages that start with a node's description.
pub fn sentence(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

impl<'a> Context<'a> {
    /// Indexes the flow and, with a workspace, infers every port's schema: the work all
    /// checks share, done once.
    pub fn new(flow: &'a Flow, workspace: Option<&'a Workspace>) -> Context<'a> {
        let index = FlowIndex::new(flow);
        // What comes back out of a call carries the classes of what went in.
        let schemas = workspace.map(|w| {
            let raiser = crate::governance::handed::Raiser::new(w);
            FlowSchemas::infer_through(flow, w, &index, Some(&raiser))
        });
        Context {
            flow,
            index,
            workspace,
            schemas,
            memo: None,
        }
    }
}
