//! The sample records of the Test run tab: what the flow's trigger emits in a test run.
//! When a trigger that needs records has none pinned, the tab says so in plain words —
//! before anyone presses Test run — and offers three ways to pin some: choose records of
//! the trigger's object from the workspace's `samples/` folder, fill in a form built from
//! the object's fields, or paste JSON. Pinned records are listed, one readable line each,
//! with Edit and Remove; every pin, edit and removal is one undoable command. The same
//! panel manages the records when some are pinned already ("Sample records (N)").

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use super::panel::{Actions, View};
use super::personal;
use super::sample_editor::{self, FormState, Submitted};
use super::theme;
use crate::edit::sample_values::records_from_json;
use crate::edit::samples::{self, count};
use crate::model::{Field, Record};
use crate::run::trigger::{Shape, TriggerRecords, starts_without_records};
use crate::workspace::{SAMPLES_DIR, Workspace};

/// The three ways to pin records, as their tabs read (tests click them by these).
pub const FROM_WORKSPACE: &str = "From the workspace's samples";
pub const FROM_FORM: &str = "Fill in a form";
pub const FROM_JSON: &str = "Paste JSON";
/// Buttons of the workspace's records and of the pasted JSON.
pub const CHOOSE_ALL: &str = "Choose all";
pub const CHOOSE_NONE: &str = "Choose none";
pub const PIN_CHOSEN: &str = "Pin the chosen records";
pub const PIN_JSON: &str = "Pin from JSON";
/// The box JSON is pasted into.
pub const JSON_BOX: &str = "JSON to pin";
/// Each pinned record's buttons.
pub const EDIT: &str = "Change";
pub const REMOVE: &str = "Remove";
/// What the tab says of a trigger without the records it needs (after its name).
pub const NO_SAMPLES_YET: &str = "has no sample records yet";
/// The heading of the pinned records.
pub const PINNED: &str = "Pinned sample records";

/// The Test run tab's button that shows or hides this panel: "Sample records (3)".
pub fn samples_button(pinned: usize) -> String {
    format!("Sample records ({pinned})")
}

/// Which way of pinning is showing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Way {
    #[default]
    Workspace,
    Form,
    Json,
}

/// The panel's own state, kept between frames for the tab it was last drawn for.
#[derive(Default)]
pub struct SamplesState {
    /// The tab this state belongs to (its recovery key): another tab starts afresh.
    tab: String,
    /// Shown instead of the trace while the flow has samples (always when it has none).
    pub open: bool,
    way: Option<Way>,
    /// The workspace's records chosen to pin, by their place in the sample file.
    chosen: BTreeSet<usize>,
    form: FormState,
    json: String,
    json_problem: Option<String>,
    /// What the latest pin or removal did, said under the list.
    done: Option<String>,
}

impl SamplesState {
    /// Starts afresh when the tab shown is another than last frame's.
    pub fn follow(&mut self, tab_key: &str) {
        if self.tab != tab_key {
            *self = SamplesState {
                tab: tab_key.to_owned(),
                ..SamplesState::default()
            };
        }
    }
}

/// The words the tab shows about the trigger's records, above everything else, when a
/// run has nothing to start with; `None` when the trigger has records or needs none.
pub fn missing_message(view: View) -> Option<String> {
    let flow = view.tab.doc.flow();
    if !flow.samples.is_empty() {
        return None;
    }
    let trigger = TriggerRecords::of(flow)?;
    let start = format!(
        "The trigger '{}' {NO_SAMPLES_YET}, so a test run would have nothing to start with.",
        trigger.label
    );
    Some(if view.editable() {
        format!(
            "{start} Pin one or more {} below: {}.",
            trigger.records_noun(),
            ways_sentence(&trigger.shape)
        )
    } else {
        format!("{start} Whoever edits the flow can pin some in this tab.")
    })
}

fn ways_sentence(shape: &Shape) -> &'static str {
    match shape {
        Shape::Object(_) => {
            "choose some from the workspace's samples, fill in a form, or paste JSON"
        }
        _ => "fill in a form, or paste JSON",
    }
}

/// What a flow whose trigger receives no record starts a run with, said once.
pub fn no_records_note(view: View) -> Option<&'static str> {
    view.tab
        .doc
        .flow()
        .triggers()
        .next()
        .and_then(starts_without_records)
}

/// The panel: the pinned records beside the ways to pin more.
pub fn samples_ui(ui: &mut Ui, view: View, state: &mut SamplesState, out: &mut Actions) {
    let flow = view.tab.doc.flow();
    let Some(trigger) = TriggerRecords::of(flow) else {
        match flow.triggers().next() {
            Some(_) => ui.label(no_records_note(view).unwrap_or_default()),
            None => ui.label(
                "This flow has no trigger yet: add one from the palette's Triggers, then pin the records it starts with.",
            ),
        };
        return;
    };
    let Some(workspace) = view.workspace else {
        ui.label("Sample records need the flow's workspace: its systems tell which fields the records have.");
        return;
    };
    let fields = match trigger.fields(workspace) {
        Ok(fields) => fields,
        Err(e) => {
            ui.colored_label(
                theme::error_text(ui.visuals()),
                format!("The trigger's records cannot be described: {e}. Choose its system and object in the inspector."),
            );
            return;
        }
    };
    state.form.forget_edit_beyond(flow.samples.len());
    ui.columns(2, |columns| {
        egui::ScrollArea::vertical()
            .id_salt("pinned-samples")
            .auto_shrink([false, false])
            .show(&mut columns[0], |ui| {
                pinned_ui(ui, view, &trigger, &fields, state, out)
            });
        let ui = &mut columns[1];
        // Wide inputs and long lines are cut at the column's edge, not drawn over it.
        ui.set_clip_rect(ui.max_rect().intersect(ui.clip_rect()));
        if !view.editable() {
            ui.label("This flow is open for review: its sample records cannot be changed here.");
            return;
        }
        ways_ui(ui, view, workspace, &trigger, &fields, state, out);
    });
}

/// The list of pinned records with their Edit and Remove buttons.
fn pinned_ui(
    ui: &mut Ui,
    view: View,
    trigger: &TriggerRecords,
    fields: &[Field],
    state: &mut SamplesState,
    out: &mut Actions,
) {
    let flow = view.tab.doc.flow();
    ui.horizontal(|ui| {
        ui.label(RichText::new(PINNED).strong());
        ui.label(format!("({})", count(flow.samples.len(), "record")));
    });
    if fields.iter().any(|f| f.classification.is_personal()) {
        let mut reveal = view.tab.reveal;
        personal::reveal_ui(ui, &mut reveal);
        if reveal != view.tab.reveal {
            out.push(super::panel::Action::Reveal(reveal));
        }
    }
    if flow.samples.is_empty() {
        ui.label(
            RichText::new(format!(
                "None yet: the trigger emits the {} pinned here.",
                trigger.records_noun()
            ))
            .weak(),
        );
    }
    let mask = (!view.tab.reveal).then_some(personal::MASK);
    for (i, record) in flow.samples.iter().enumerate() {
        ui.horizontal(|ui| {
            if view.editable() {
                if ui
                    .small_button(REMOVE)
                    .on_hover_text("Unpin this record (Ctrl+Z brings it back)")
                    .clicked()
                    && let Some(command) = samples::remove(flow, i)
                {
                    out.edit(command, "Remove sample record");
                    state.done = Some(format!("Removed record {}.", i + 1));
                    state.form.clear();
                }
                if ui
                    .small_button(EDIT)
                    .on_hover_text("Change this record in the form")
                    .clicked()
                {
                    state.form.load(i, record);
                    state.way = Some(Way::Form);
                }
            }
            let line = format!("{}. {}", i + 1, samples::summary(record, fields, mask));
            let editing = state.form.editing() == Some(i);
            let text = if editing {
                RichText::new(line).strong()
            } else {
                RichText::new(line)
            };
            // Cut at the column's edge (the whole line on hover), never over the next.
            ui.add(egui::Label::new(text).truncate());
        });
    }
    if let Some(done) = &state.done {
        ui.label(RichText::new(done).color(theme::success_text(ui.visuals())));
    }
}

/// The three ways to pin records, one showing at a time.
fn ways_ui(
    ui: &mut Ui,
    view: View,
    workspace: &Workspace,
    trigger: &TriggerRecords,
    fields: &[Field],
    state: &mut SamplesState,
    out: &mut Actions,
) {
    let object = match &trigger.shape {
        Shape::Object(o) => Some(o),
        _ => None,
    };
    let default = if object.is_some_and(|o| !workspace.samples_of(&o.system, &o.object).is_empty())
    {
        Way::Workspace
    } else {
        Way::Form
    };
    let mut way = state.way.unwrap_or(default);
    if object.is_none() && way == Way::Workspace {
        way = Way::Form;
    }
    ui.horizontal(|ui| {
        let mut ways = vec![(Way::Form, FROM_FORM), (Way::Json, FROM_JSON)];
        if object.is_some() {
            ways.insert(0, (Way::Workspace, FROM_WORKSPACE));
        }
        for (w, caption) in ways {
            if ui.selectable_label(way == w, caption).clicked() {
                way = w;
            }
        }
    });
    state.way = Some(way);
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt(("sample-way", way as u8))
        .auto_shrink([false, false])
        .show(ui, |ui| match (way, object) {
            (Way::Workspace, Some(o)) => {
                let records = workspace.samples_or_problem(&o.system, &o.object);
                let file = format!("{SAMPLES_DIR}/{}/{}.ron", o.system, o.object);
                workspace_ui(ui, view, records, &file, fields, state, out);
            }
            (Way::Json, _) => json_ui(ui, view, trigger, fields, state, out),
            _ => {
                let submitted = sample_editor::form_ui(ui, fields, &mut state.form);
                submit(view, trigger, submitted, state, out);
            }
        });
}

/// The workspace's records of the trigger's object, each to choose, and Pin.
fn workspace_ui(
    ui: &mut Ui,
    view: View,
    records: Result<&[Record], String>,
    file: &str,
    fields: &[Field],
    state: &mut SamplesState,
    out: &mut Actions,
) {
    let records = match records {
        Ok([]) => {
            ui.label(format!(
                "The workspace has no records in {file}. Fill in a form or paste JSON instead — or add that file, and every flow of the workspace can use its records."
            ));
            return;
        }
        Ok(records) => records,
        Err(why) => {
            ui.colored_label(theme::error_text(ui.visuals()), format!("{file}: {why}"));
            return;
        }
    };
    state.chosen.retain(|i| *i < records.len());
    ui.horizontal(|ui| {
        ui.label(format!("{} in {file}:", count(records.len(), "record")));
        if ui.small_button(CHOOSE_ALL).clicked() {
            state.chosen = (0..records.len()).collect();
        }
        if ui.small_button(CHOOSE_NONE).clicked() {
            state.chosen.clear();
        }
    });
    let pinned = &view.tab.doc.flow().samples;
    let mask = (!view.tab.reveal).then_some(personal::MASK);
    for (i, record) in records.iter().enumerate() {
        let mut on = state.chosen.contains(&i);
        let mut line = samples::summary(record, fields, mask);
        if pinned.contains(record) {
            line.push_str("  (pinned already)");
        }
        let changed = ui
            .horizontal(|ui| {
                let changed = ui.checkbox(&mut on, "").changed();
                let label = ui.add(
                    egui::Label::new(line)
                        .truncate()
                        .sense(egui::Sense::click()),
                );
                if label.clicked() {
                    on = !on;
                }
                changed || label.clicked()
            })
            .inner;
        if changed {
            if on {
                state.chosen.insert(i);
            } else {
                state.chosen.remove(&i);
            }
        }
    }
    let n = state.chosen.len();
    let button = ui
        .add_enabled(n > 0, egui::Button::new(PIN_CHOSEN))
        .on_hover_text(format!("Pin {} into the flow", count(n, "record")))
        .on_disabled_hover_text("Choose one or more records first");
    if button.clicked() {
        let chosen: Vec<Record> = state.chosen.iter().map(|i| records[*i].clone()).collect();
        let what = count(chosen.len(), "sample record");
        out.edit(
            samples::pin(view.tab.doc.flow(), chosen),
            format!("Pin {what}"),
        );
        state.done = Some(format!("Pinned {what} from {file}."));
        state.chosen.clear();
    }
}

/// The box to paste JSON into, and Pin.
fn json_ui(
    ui: &mut Ui,
    view: View,
    trigger: &TriggerRecords,
    fields: &[Field],
    state: &mut SamplesState,
    out: &mut Actions,
) {
    ui.label(format!(
        "One JSON object, or a list of them, with the fields of the {}.",
        trigger.records_noun()
    ));
    let label = ui.label(JSON_BOX);
    ui.add(
        egui::TextEdit::multiline(&mut state.json)
            .code_editor()
            .desired_rows(6)
            .desired_width(f32::INFINITY)
            .hint_text("{\"Name\": \"…\"}  or  [{…}, {…}]"),
    )
    .labelled_by(label.id);
    if let Some(problem) = &state.json_problem {
        ui.colored_label(theme::error_text(ui.visuals()), problem);
    }
    if ui
        .button(PIN_JSON)
        .on_hover_text("Read the JSON and pin its records into the flow")
        .clicked()
    {
        match records_from_json(&state.json, fields) {
            Ok(records) => {
                let what = count(records.len(), "sample record");
                out.edit(
                    samples::pin(view.tab.doc.flow(), records),
                    format!("Pin {what}"),
                );
                state.done = Some(format!("Pinned {what} from the pasted JSON."));
                state.json.clear();
                state.json_problem = None;
            }
            Err(problem) => state.json_problem = Some(problem.message),
        }
    }
}

/// Pins or saves what the form gave.
fn submit(
    view: View,
    trigger: &TriggerRecords,
    submitted: Option<Submitted>,
    state: &mut SamplesState,
    out: &mut Actions,
) {
    let flow = view.tab.doc.flow();
    match submitted {
        Some(Submitted::Pin(record)) => {
            out.edit(samples::pin(flow, [record]), "Pin sample record");
            state.done = Some(format!("Pinned 1 {}.", trigger.record_noun()));
        }
        Some(Submitted::Save(index, record)) => {
            if let Some(command) = samples::replace(flow, index, record) {
                out.edit(command, "Edit sample record");
                state.done = Some(format!("Changed record {}.", index + 1));
            }
        }
        None => {}
    }
}
