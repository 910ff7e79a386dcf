//! The inspector: the selected step's settings as a form generated from the connector
//! manifests (systems, objects, operations, fields to pick from), or, with nothing
//! selected, the flow's own details that the catalog and governance need. One file per
//! step kind; every change is pushed as an edit, and typing in one box is one undo step.

mod branch;
mod context;
mod fields;
mod filter;
mod flow_info;
mod for_each;
mod form;
mod lookup;
mod map;
pub mod mapping;
mod note;
mod picker;
mod read;
pub mod subflow;
mod trigger;
mod write;

use egui::Ui;

use super::panel::{Action, Actions, View};
use super::tab::Tab;
use super::theme;
use crate::edit::Command;
use crate::governance::Location;
use crate::model::{Node, NodeId, Step};
use context::set_step;
pub use context::{AutoMapped, InspectorState, fix_command, name_fix, select_all};
use form::Form;

/// The label of a step's name box.
pub const STEP_NAME: &str = "Name";
/// The label of the flow's name box (nothing selected).
pub const FLOW_NAME: &str = flow_info::NAME;

/// The inspector panel.
pub fn inspector_ui(
    ui: &mut Ui,
    view: Option<View>,
    state: &mut InspectorState,
    out: &mut Actions,
) {
    let Some(view) = view else {
        ui.label("Nothing to inspect: no flow is open.");
        return;
    };
    let tab = view.tab;
    let selected = tab.selected_node().and_then(|id| tab.doc.flow().node(id));
    let count = tab.selection.len();
    egui::ScrollArea::vertical()
        .id_salt("inspector")
        .show(ui, |ui| match selected {
            Some(node) => node_ui(ui, view, node, state, out),
            None if count > 1 => {
                ui.heading(format!("{count} steps selected"));
                ui.label("Delete, duplicate or copy them together, or drag them as one.");
                let command = crate::ui::UiCommand::MakeSubflow;
                if view.editable()
                    && view.workspace.is_some()
                    && ui
                        .button(command.label())
                        .on_hover_text(command.tooltip())
                        .clicked()
                {
                    out.push(crate::ui::action::Action::Run(command));
                }
            }
            None => flow_info::flow_info_ui(ui, view, state, out),
        });
}

fn node_ui(ui: &mut Ui, view: View, node: &Node, state: &mut InspectorState, out: &mut Actions) {
    let id = &node.id;
    ui.heading(format!(
        "{} {}",
        super::canvas::kind_icon(&node.step),
        node.step.kind_name()
    ));
    ui.label(egui::RichText::new(format!("id: {id}")).small().weak())
        .on_hover_text(
            "The step's permanent id: formulas and wires refer to it, so renaming never breaks them",
        );
    ui.add_space(4.0);

    let mut label = node.label.clone();
    ui.horizontal(|ui| {
        let caption = ui.label(STEP_NAME);
        let r = ui
            .add_enabled(view.editable(), egui::TextEdit::singleline(&mut label))
            .labelled_by(caption.id)
            .on_hover_text("What this step is called on the canvas");
        // "Rename…" on the canvas: the cursor goes here, the old name selected.
        if state
            .focus
            .as_ref()
            .is_some_and(|(n, f)| n == id && f == "label")
        {
            state.focus = None;
            r.request_focus();
            context::select_all(ui, r.id, &label);
        }
        if r.changed() {
            out.typing(
                Command::Rename {
                    node: id.clone(),
                    label: label.clone(),
                },
                "Rename step",
                format!("{id}/label"),
            );
        }
        if r.lost_focus() {
            out.push(Action::Seal);
        }
    });
    findings_of_node_ui(ui, view.tab, id);
    if let Some(comparing) = &view.tab.comparing {
        crate::ui::compare::before_ui(ui, comparing, id, view.tab.doc.flow());
    }
    ui.separator();

    let mut step = node.step.clone();
    let mut what = None;
    ui.add_enabled_ui(view.editable(), |ui| {
        let mut form = Form {
            view,
            node: id,
            out,
        };
        what = settings_ui(ui, &mut form, &mut step);
    });
    if let Some(what) = what
        && step != node.step
    {
        set_step(out, id, step, what);
    }
    if matches!(node.step, Step::Map { .. }) {
        ui.separator();
        mapping::mapping_editor_ui(ui, view, node, state, out);
    }
}

/// The form of the step's kind; returns which setting changed.
fn settings_ui(ui: &mut Ui, form: &mut Form, step: &mut Step) -> Option<&'static str> {
    match step {
        Step::Trigger(crate::model::Trigger::SubflowInput { fields }) => {
            subflow::input_ui(ui, form, fields)
        }
        Step::Trigger(t) => trigger::form_ui(ui, form, t),
        Step::Read { system, object, by } => read::form_ui(ui, form, system, object, by),
        Step::Lookup {
            system,
            object,
            match_field,
            key,
            into,
        } => lookup::form_ui(ui, form, system, object, match_field, key, into),
        Step::Map { target, .. } => map::form_ui(ui, form, target),
        Step::Filter { condition } => filter::form_ui(ui, form, condition),
        Step::Branch { cases } => branch::form_ui(ui, form, cases),
        Step::ForEach { list } => for_each::form_ui(ui, form, list),
        Step::Write {
            system,
            object,
            action,
        } => write::form_ui(ui, form, system, object, action),
        Step::Note { text } => note::form_ui(ui, text),
        Step::SubflowOutput { port, fields } => subflow::output_ui(ui, form, port, fields),
        Step::CallSubflow {
            subflow,
            inputs,
            outputs,
        } => subflow::call_ui(ui, form, subflow, inputs, outputs),
    }
}

/// The step's findings that no box below shows: those about a formula are shown under
/// its box, where they do not push the form down while the user types.
fn findings_of_node_ui(ui: &mut Ui, tab: &Tab, id: &NodeId) {
    let is_map = matches!(
        tab.doc.flow().node(id).map(|n| &n.step),
        Some(Step::Map { .. })
    );
    for f in tab.findings.iter().filter(|f| {
        f.location.node() == Some(id)
            && !matches!(f.location, Location::Formula { .. })
            // A Map's field findings are under their row in the mapping editor.
            && !(is_map && matches!(f.location, Location::Field { .. }))
    }) {
        let colour = theme::severity(f.severity, ui.visuals());
        let label = tab.doc.flow().node(id).map_or("", |n| n.label.trim());
        ui.colored_label(colour, about_this_step(&f.message, label))
            .on_hover_text(format!("Fix: {}\nRule: {}", f.fix, f.code));
    }
}

/// A finding's message under its own step: "The step 'Build the order' has no system
/// chosen yet" reads "Has no system chosen yet" there, the step being shown above it.
fn about_this_step(message: &str, label: &str) -> String {
    let prefix = format!("The step '{label}' ");
    match message.strip_prefix(&prefix) {
        Some(rest) if !label.is_empty() => context::capitalised(rest),
        _ => message.to_owned(),
    }
}
