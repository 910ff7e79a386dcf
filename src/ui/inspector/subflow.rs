//! The forms of sub-flows and their calls: a Sub-flow input's fields (and which flows
//! call it), a Sub-flow output's name and fields, and a Call sub-flow step's sub-flow, one
//! formula per input it takes, and the way to catch up when the sub-flow changed.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use super::fields::fields_ui;
use super::form::Form;
use super::picker::pick;
use crate::model::{Field, FlowId, PortId};
use crate::ui::action::Action;
use crate::words;

/// Label of the button that takes the sub-flow's inputs and outputs as they are now.
pub const UPDATE_CALL: &str = "Update to the sub-flow";
/// Label of the button that opens the called sub-flow in a tab.
pub const OPEN_SUBFLOW: &str = "Open the sub-flow";
/// Label of the button that declares the fields arriving at an output.
pub const TAKE_ARRIVING: &str = "Take the fields arriving here";

/// A Sub-flow input: the fields each call hands over.
pub fn input_ui(ui: &mut Ui, form: &mut Form, fields: &mut Vec<Field>) -> Option<&'static str> {
    ui.label("Flows call this sub-flow as one step; each call hands it a record of these fields:");
    let changed = fields_ui(ui, &format!("{}-input", form.key()), fields);
    callers_ui(ui, form);
    changed.then_some("inputs")
}

/// Which flows of the workspace call the sub-flow shown (known when it was opened or
/// last saved).
fn callers_ui(ui: &mut Ui, form: &Form) {
    let callers = &form.view.tab.callers;
    ui.add_space(4.0);
    if callers.is_empty() {
        ui.label(RichText::new("No flow of the workspace calls it yet.").weak());
        return;
    }
    ui.label(format!(
        "Called by {}: {}. Saving a change checks them again.",
        words::count(callers.len(), "flow", "flows"),
        callers
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
}

/// A Sub-flow output: its name (the port callers wire from) and the fields it gives.
pub fn output_ui(
    ui: &mut Ui,
    form: &mut Form,
    port: &mut PortId,
    fields: &mut Vec<Field>,
) -> Option<&'static str> {
    let mut what = None;
    ui.horizontal(|ui| {
        let caption = ui.label("Output name");
        let mut text = port.to_string();
        let r = ui
            .text_edit_singleline(&mut text)
            .labelled_by(caption.id)
            .on_hover_text("The name of the output on each calling step: letters, digits, _ and -");
        if r.changed() {
            // Spaces and punctuation become `_`, as the user sees at once.
            match PortId::new(crate::edit::palette::slug(text.trim())) {
                Ok(new) => {
                    *port = new;
                    what = Some("output");
                }
                Err(_) => {
                    ui.colored_label(
                        crate::ui::theme::error_text(ui.visuals()),
                        "Use letters, digits, _ and - only",
                    );
                }
            }
        }
    });
    ui.label("What leaves the sub-flow here, with these fields:");
    if fields_ui(ui, &format!("{}-output", form.key()), fields) {
        what = Some("fields");
    }
    let arriving = form
        .view
        .tab
        .schemas
        .as_ref()
        .and_then(|s| s.input(form.node))
        .map(|s| s.fields.clone())
        .unwrap_or_default();
    if ui
        .add_enabled(!arriving.is_empty(), egui::Button::new(TAKE_ARRIVING))
        .on_hover_text("Declare every field of the records that reach this output")
        .on_disabled_hover_text("Connect the step before it first")
        .clicked()
    {
        *fields = arriving;
        what = Some("fields");
    }
    what
}

/// A Call sub-flow step: which sub-flow, and one formula per input it takes.
pub fn call_ui(
    ui: &mut Ui,
    form: &mut Form,
    subflow: &mut FlowId,
    inputs: &mut BTreeMap<String, String>,
    outputs: &mut Vec<PortId>,
) -> Option<&'static str> {
    let mut what = None;
    let Some(ws) = form.view.workspace else {
        ui.label(format!("Calls the sub-flow {subflow}."));
        return None;
    };
    let options: Vec<(FlowId, String)> = ws
        .subflows
        .values()
        .map(|s| (s.flow.id.clone(), s.flow.name.clone()))
        .collect();
    let shown = ws.subflow(subflow).map_or_else(
        || format!("{subflow} (not in the workspace)"),
        |f| f.name.clone(),
    );
    if pick(
        ui,
        (form.key(), "subflow"),
        "Sub-flow",
        "Which of the workspace's sub-flows this step runs",
        &options,
        subflow,
        shown,
    ) {
        *inputs = BTreeMap::new();
        what = Some("sub-flow");
    }
    let Some(sub) = ws.subflow(subflow) else {
        return what;
    };
    if !sub.description.trim().is_empty() {
        // Not in italics: their quote marks lean into the next word.
        ui.label(RichText::new(sub.description.trim()).weak());
    }
    let path = ws.subflows.get(subflow).map(|s| s.path.clone());
    ui.horizontal(|ui| {
        if let Some(path) = path
            && ui
                .button(OPEN_SUBFLOW)
                .on_hover_text("See its steps in a tab of their own")
                .clicked()
        {
            form.out.push(Action::OpenFlow(path));
        }
        let declared = sub.subflow_inputs().unwrap_or_default();
        let theirs: Vec<PortId> = sub.subflow_outputs().map(|(p, _)| p.clone()).collect();
        let behind =
            theirs != *outputs || inputs.keys().any(|k| !declared.iter().any(|f| &f.name == k));
        if behind
            && ui
                .button(UPDATE_CALL)
                .on_hover_text("Take the inputs and outputs the sub-flow has now; formulas you wrote for inputs it still has are kept")
                .clicked()
        {
            *outputs = theirs;
            inputs.retain(|k, _| declared.iter().any(|f| &f.name == k));
            for f in declared {
                inputs
                    .entry(f.name.clone())
                    .or_insert_with(|| crate::formula::automap::reference(&f.name));
            }
            what = Some("sub-flow");
        }
    });
    ui.add_space(4.0);
    ui.label(RichText::new("What this step hands the sub-flow").strong());
    let declared: Vec<Field> = sub.subflow_inputs().unwrap_or_default().to_vec();
    for field in &declared {
        // An input without a formula shows an empty box: typing gives it one.
        let mut text = inputs.get(&field.name).cloned().unwrap_or_default();
        let caption = format!(
            "{} ({}{})",
            field.name,
            field.field_type.describe(),
            if field.required { ", required" } else { "" }
        );
        let tooltip = if field.description.is_empty() {
            format!(
                "A formula over the records arriving, giving the sub-flow's {}",
                field.name
            )
        } else {
            field.description.clone()
        };
        if form.formula(ui, &field.name, &caption, &tooltip, &mut text) {
            if text.trim().is_empty() {
                inputs.remove(&field.name);
            } else {
                inputs.insert(field.name.clone(), text);
            }
            what = Some("inputs");
        }
    }
    ui.add_space(4.0);
    let names: Vec<&str> = outputs.iter().map(PortId::as_str).collect();
    ui.label(format!(
        "Records go on through {}: {}.",
        words::count(names.len(), "output", "outputs"),
        names.join(", ")
    ));
    what
}
