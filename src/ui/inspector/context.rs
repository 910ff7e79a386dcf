//! What every part of the inspector shares: its state between frames, the edit a settings
//! change becomes, and what a formula box needs of the tab (underlines where findings
//! point, the input fields to complete).

use crate::edit::Command;
use crate::governance::{Location, Severity};
use crate::model::{NodeId, Step};
use crate::ui::formula_box::Mark;
use crate::ui::panel::Actions;
use crate::ui::tab::Tab;

/// What the inspector keeps between frames.
#[derive(Default)]
pub struct InspectorState {
    /// The formula box to put the cursor in when it is next drawn (a click on a finding
    /// about that field).
    pub focus: Option<(NodeId, String)>,
}

/// Pushes a settings change of `node`; keystrokes in one box merge into one undo step.
pub fn set_step(out: &mut Actions, node: &NodeId, step: Step, what: &str) {
    out.typing(
        Command::SetStep {
            node: node.clone(),
            step,
        },
        format!("Edit {what}"),
        format!("{node}/{what}"),
    );
}

/// Underlines for the formula in `field` of `node`.
pub fn marks_for(tab: &Tab, node: &NodeId, field: &str) -> Vec<Mark> {
    tab.findings
        .iter()
        .filter_map(|f| match &f.location {
            Location::Formula {
                node: n,
                field: fld,
                span,
            } if n == node && fld == field => Some(Mark {
                span: span.clone(),
                message: format!("{} {}", f.message, f.fix),
                error: f.severity == Severity::Error,
            }),
            _ => None,
        })
        .collect()
}

/// The names a formula on `node` can use: the fields of its input.
pub fn input_fields(tab: &Tab, node: &NodeId) -> Vec<String> {
    tab.schemas
        .as_ref()
        .and_then(|s| s.input(node))
        .map(|schema| schema.fields.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default()
}
