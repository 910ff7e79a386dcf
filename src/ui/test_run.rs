//! The Test run tab: start a sample run (F5) or a live one, follow its progress, and see
//! what would be written and the selected step's input and output records — personal
//! data masked until the user reveals it. The run itself is in `test_runner.rs`; the
//! sample records the trigger emits are pinned, edited and removed in `samples.rs`, shown
//! here instead of the trace while the trigger has none or when the user asks for them.

use std::sync::atomic::Ordering;

use egui::{RichText, Ui};

use super::panel::{Action, Actions, View};
use super::personal;
use super::samples::{self, SamplesState};
use super::tab::Tab;
use super::theme;
use crate::model::{Classification, NodeId, Record};
use crate::run::{self};
use crate::words;

/// Labels of the Test run tab's buttons (tests find them by these).
pub const START: &str = "Run on samples";
pub const LIVE: &str = "Live run…";
pub const CANCEL: &str = "Cancel";
pub const EXPORT: &str = "Export trace…";
/// What the tab says when the flow was opened without its workspace.
pub const NEEDS_WORKSPACE: &str = "A test run needs the flow's workspace, with its systems and sample records: open the flow from its workspace folder (File > Open…), or check it against one (Flow > Check against a workspace…).";

/// The Test run tab.
pub fn test_run_ui(ui: &mut Ui, view: View, state: &mut SamplesState, out: &mut Actions) {
    let tab = view.tab;
    state.follow(&tab.recovery_key);
    let missing = samples::missing_message(view);
    if missing.is_some() {
        // Pinning the first record keeps the panel open, to pin more or check them.
        state.open = true;
    }
    let running = tab.test_run.running.as_ref();
    ui.horizontal(|ui| controls_ui(ui, view, state, out));
    if let Some(message) = missing {
        ui.colored_label(ui.visuals().warn_fg_color, RichText::new(message).strong());
    }
    if state.open {
        samples::samples_ui(ui, view, state, out);
        return;
    }
    let Some(trace) = &tab.test_run.trace else {
        if running.is_none() && view.workspace.is_none() {
            // The button beside is disabled: say why rather than to press it.
            ui.label(NEEDS_WORKSPACE);
        } else if running.is_none() {
            ui.label("Press Test run (F5) to run the flow on its sample records and see what every step does.");
            if let Some(note) = samples::no_records_note(view) {
                ui.label(note);
            }
        }
        return;
    };
    if tab.test_run.live {
        ui.label(RichText::new("Live run: the calls below reached the real systems.").strong());
    }
    for line in run::describe_writes(trace) {
        ui.label(format!("Sample run: {line} — nothing was sent."));
    }
    if let Some(why) = &trace.stopped {
        ui.colored_label(ui.visuals().warn_fg_color, why);
    }
    let Some(node) = tab.selected_node() else {
        ui.label("Select a step to see the records it received and made.");
        return;
    };
    let Some(t) = trace.node(node) else {
        ui.label("This step did not run.");
        return;
    };
    for call in &t.calls {
        let status = call
            .status
            .map_or_else(|| "no answer".to_owned(), |s| s.to_string());
        // A lookup by e-mail or phone carries it in the query: masked like the records.
        let url = if tab.reveal {
            call.url.clone()
        } else {
            personal::mask_query(&call.url)
        };
        ui.label(
            RichText::new(format!("{} {url}: {status}", call.method))
                .monospace()
                .small(),
        )
        .on_hover_text(format!(
            "{} ms; credentials in headers are never shown",
            call.duration.as_millis()
        ));
    }
    for e in &t.error_summary() {
        ui.colored_label(theme::error_text(ui.visuals()), e);
    }
    let personal = personal_fields(tab, node);
    let reveal = tab.reveal;
    egui::ScrollArea::both()
        .id_salt("trace-tables")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // A call's own steps first: they are what the user opened the call for.
            if let Some(inner) = &t.nested {
                nested_ui(ui, view, node, inner, reveal);
                ui.add_space(6.0);
            }
            ui.label(
                RichText::new(format!(
                    "Input ({})",
                    words::count(t.input.len(), "item", "items")
                ))
                .strong(),
            );
            records_ui(ui, "trace-in", t.input.iter(), &personal, reveal);
            ui.label(
                RichText::new(format!(
                    "Output ({})",
                    words::count(t.output.len(), "item", "items")
                ))
                .strong(),
            );
            records_ui(
                ui,
                "trace-out",
                t.output.iter().map(|(_, r)| r),
                &personal,
                reveal,
            );
            writes_ui(ui, &t.writes);
        });
}

/// The row of buttons: Test run and Live run (or the progress and Cancel), the sample
/// records, and for a finished run Export and Reveal.
fn controls_ui(ui: &mut Ui, view: View, state: &mut SamplesState, out: &mut Actions) {
    let tab = view.tab;
    let has_workspace = view.workspace.is_some();
    let running = tab.test_run.running.as_ref();
    if let Some(running) = running {
        let control = &running.control;
        let done = control.steps_done.load(Ordering::Relaxed);
        let total = control.steps_total.load(Ordering::Relaxed).max(1);
        ui.add(
            egui::ProgressBar::new(done as f32 / total as f32)
                .desired_width(200.0)
                .text(format!("step {done} of {total}")),
        );
        if ui
            .button(CANCEL)
            .on_hover_text("Stop the run; what ran so far stays visible")
            .clicked()
        {
            out.push(Action::CancelRun);
        }
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(50));
    } else {
        if ui
            .add_enabled(has_workspace, egui::Button::new(START))
            .on_hover_text("Run the flow on its sample records (F5). Nothing is sent: writes are shown, not made.")
            .on_disabled_hover_text("A test run needs the flow's workspace: its systems and sample records")
            .clicked()
        {
            out.push(Action::TestRun);
        }
        if ui
            .add_enabled(has_workspace && view.editable(), egui::Button::new(LIVE))
            .on_hover_text(
                "Run the flow against the real systems; you confirm which will be written to first",
            )
            .on_disabled_hover_text(
                "Live runs need the workspace, and are not allowed in review mode",
            )
            .clicked()
        {
            out.push(Action::LiveRun);
        }
    }
    samples_button_ui(ui, view, state);
    if tab.test_run.trace.is_some() && !state.open {
        if tab.test_run.revision != tab.doc.revision() {
            ui.label(
                RichText::new("The flow changed since this run.").color(ui.visuals().warn_fg_color),
            );
        }
        if ui
            .button(EXPORT)
            .on_hover_text("Save every step's input and output as JSON")
            .clicked()
        {
            out.push(Action::ExportTrace);
        }
        let mut reveal = tab.reveal;
        personal::reveal_ui(ui, &mut reveal);
        if reveal != tab.reveal {
            out.push(Action::Reveal(reveal));
        }
    }
}

/// "Sample records (N)": shows the pinned records and the ways to pin more instead of
/// the trace, or the trace again.
fn samples_button_ui(ui: &mut Ui, view: View, state: &mut SamplesState) {
    let flow = view.tab.doc.flow();
    // A schedule's run starts with a tick, whatever it pins: there is nothing to manage.
    if crate::run::TriggerRecords::of(flow).is_none() {
        return;
    }
    let tip = if state.open {
        "Back to the latest run's records"
    } else {
        "The records the trigger emits in a test run: pin, edit or remove them"
    };
    if ui
        .selectable_label(state.open, samples::samples_button(flow.samples.len()))
        .on_hover_text(tip)
        .clicked()
    {
        state.open = !state.open;
    }
}

/// Fields classified as personal data on the step's ports (input and output).
fn personal_fields(tab: &Tab, node: &NodeId) -> Vec<String> {
    let Some(schemas) = &tab.schemas else {
        return Vec::new();
    };
    let mut names = Vec::new();
    let mut add = |fields: &[crate::model::Field]| {
        names.extend(
            fields
                .iter()
                .filter(|f| f.classification >= Classification::Pii)
                .map(|f| f.name.clone()),
        )
    };
    if let Some(s) = schemas.input(node) {
        add(&s.fields);
    }
    let ports = tab
        .doc
        .flow()
        .node(node)
        .map(|n| n.step.outputs())
        .unwrap_or_default();
    for port in ports {
        if let Some(s) = schemas.output(&crate::model::PortRef::new(node.clone(), port)) {
            add(&s.fields);
        }
    }
    names
}

/// Label of the section showing a called sub-flow's steps (tests find it by this).
pub const INSIDE: &str = "Inside the sub-flow";

/// A call's sub-flow, step by step in its own order, each with the items it took and
/// made over every item the call handed it; calls inside it nest the same way. Personal
/// fields of the sub-flow's declared records are masked like the caller's.
fn nested_ui(ui: &mut Ui, view: View, node: &NodeId, trace: &run::Trace, reveal: bool) {
    let Some(crate::model::Step::CallSubflow { subflow, .. }) =
        view.tab.doc.flow().node(node).map(|n| &n.step)
    else {
        return;
    };
    let Some(sub) = view.workspace.and_then(|w| w.subflow(subflow)) else {
        return;
    };
    nested_steps_ui(ui, view, sub, trace, reveal, node.as_str(), 0);
}

fn nested_steps_ui(
    ui: &mut Ui,
    view: View,
    sub: &crate::model::Flow,
    trace: &run::Trace,
    reveal: bool,
    salt: &str,
    depth: usize,
) {
    let Some(ws) = view.workspace else { return };
    let schemas = crate::workspace::FlowSchemas::infer(sub, ws);
    egui::CollapsingHeader::new(format!("{INSIDE} '{}'", sub.name))
        .id_salt(("inside", salt))
        .default_open(true)
        .show(ui, |ui| {
            for inner in &sub.nodes {
                let Some(t) = trace.node(&inner.id) else {
                    continue;
                };
                let personal: Vec<String> = schemas
                    .input(&inner.id)
                    .into_iter()
                    .flat_map(|s| s.fields.iter())
                    .chain(sub.subflow_inputs().unwrap_or_default())
                    .filter(|f| f.classification >= Classification::Pii)
                    .map(|f| f.name.clone())
                    .collect();
                let status = if t.errors.is_empty() {
                    ""
                } else {
                    " — failed"
                };
                // The input step is handed the call's records: "handed 2", not "0 in".
                let counts = if inner.step.is_trigger() {
                    format!("handed {}", t.output.len())
                } else {
                    format!("{} in, {} out", t.input.len(), t.output.len())
                };
                let title = format!(
                    "{} {}: {counts}{status}",
                    super::canvas::kind_icon(&inner.step),
                    inner.label.trim(),
                );
                let salt = format!("{salt}/{}", inner.id);
                egui::CollapsingHeader::new(title)
                    .id_salt(("inner-step", &salt))
                    .default_open(false)
                    .show(ui, |ui| {
                        for e in &t.error_summary() {
                            ui.colored_label(theme::error_text(ui.visuals()), e);
                        }
                        if !inner.step.is_trigger() {
                            ui.label(RichText::new("Input").strong());
                            records_ui(
                                ui,
                                &format!("{salt}-in"),
                                t.input.iter(),
                                &personal,
                                reveal,
                            );
                        }
                        ui.label(RichText::new("Output").strong());
                        records_ui(
                            ui,
                            &format!("{salt}-out"),
                            t.output.iter().map(|(_, r)| r),
                            &personal,
                            reveal,
                        );
                        writes_ui(ui, &t.writes);
                        if let (Some(deeper), crate::model::Step::CallSubflow { subflow, .. }) =
                            (&t.nested, &inner.step)
                            && depth < 8
                            && let Some(next) = ws.subflow(subflow)
                        {
                            nested_steps_ui(ui, view, next, deeper, reveal, &salt, depth + 1);
                        }
                    });
            }
        });
}

/// "would create Contact in sales_crm", a line per write a sample run captured.
fn writes_ui(ui: &mut Ui, writes: &[run::CapturedWrite]) {
    for w in writes {
        ui.label(format!(
            "would {} {} in {}",
            w.action.to_lowercase(),
            w.object,
            w.system
        ));
    }
}

fn records_ui<'r>(
    ui: &mut Ui,
    id: &str,
    records: impl Iterator<Item = &'r Record>,
    personal: &[String],
    reveal: bool,
) {
    let records: Vec<&Record> = records.collect();
    if records.is_empty() {
        ui.label("(none)");
        return;
    }
    let mut columns: Vec<&String> = records.iter().flat_map(|r| r.keys()).collect();
    columns.sort();
    columns.dedup();
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        for c in &columns {
            ui.label(RichText::new(c.as_str()).strong());
        }
        ui.end_row();
        for r in records {
            for c in &columns {
                let text = match r.get(*c) {
                    None => String::new(),
                    Some(_) if !reveal && personal.contains(c) => super::personal::MASK.into(),
                    Some(v) => short(v),
                };
                ui.label(text);
            }
            ui.end_row();
        }
    });
}

fn short(value: &crate::model::Value) -> String {
    use crate::model::Value as V;
    match value {
        V::Blank => "(blank)".into(),
        V::Bool(b) => b.to_string().to_uppercase(),
        V::Integer(i) => i.to_string(),
        V::Number(d) => d.to_string(),
        V::Text(t) => t.clone(),
        V::List(list) => format!("[{}]", words::count(list.len(), "item", "items")),
        V::Record(_) => "{record}".into(),
    }
}
