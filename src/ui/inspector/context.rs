//! What every part of the inspector shares: its state between frames, the edit a settings
//! change becomes, and what a formula box needs of the tab (underlines where findings
//! point, the input fields to complete).

use std::ops::Range;

use crate::edit::Command;
use crate::formula::quick_fix::{self, NameFix};
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
    /// A new flow: its name box gets the cursor, the name selected, to type over it.
    pub name_new_flow: bool,
    /// What the last Auto-map filled, shown until the flow changes again.
    pub auto_mapped: Option<AutoMapped>,
}

/// The fields an Auto-map filled in one step, as of the revision it made.
pub struct AutoMapped {
    pub node: NodeId,
    pub revision: u64,
    pub matches: Vec<crate::formula::automap::AutoMatch>,
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
                message: crate::words::sentences(&capitalised(&f.message), &f.fix),
                error: f.severity == Severity::Error,
                fix: name_fix(tab, node, field, span.clone()),
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

/// The one-click fix of a misspelt name at `span` in the formula of `field` of `node`.
pub fn name_fix(tab: &Tab, node: &NodeId, field: &str, span: Range<usize>) -> Option<NameFix> {
    let model = tab.doc.flow().node(node)?;
    let mut step = model.step.clone();
    let text = step.formula_mut(field)?;
    quick_fix::name_fix(text, span, &input_fields(tab, node))
}

/// The edit that puts `fix` into the formula of `field` of `node`.
pub fn fix_command(tab: &Tab, node: &NodeId, field: &str, fix: &NameFix) -> Option<Command> {
    let mut step = tab.doc.flow().node(node)?.step.clone();
    *step.formula_mut(field)? = fix.formula.clone();
    Some(Command::SetStep {
        node: node.clone(),
        step,
    })
}

/// A finding's message as the start of a sentence.
pub fn capitalised(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Selects the whole text of the single-line box `id`, so typing replaces it.
pub fn select_all(ui: &egui::Ui, id: egui::Id, text: &str) {
    let mut state = egui::TextEdit::load_state(ui.ctx(), id).unwrap_or_default();
    let range = egui::text::CCursorRange::two(
        egui::text::CCursor::new(0),
        egui::text::CCursor::new(text.chars().count()),
    );
    state.cursor.set_char_range(Some(range));
    state.store(ui.ctx(), id);
}
