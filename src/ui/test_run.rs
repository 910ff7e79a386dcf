//! Test runs in the designer: F5 or the Test run button starts a sample run on a worker
//! thread (the window stays responsive, with progress and Cancel); when it ends, every
//! step gets a badge with its items in and out, and the Test run tab shows the selected
//! step's input and output records — personal data masked until the user reveals it.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::{RichText, Ui};

use super::designer::Designer;
use super::theme;
use crate::model::{Classification, Flow, NodeId, Record};
use crate::run::{self, Control, Options, Status, Trace};
use crate::workspace::Workspace;

/// A run under way on a worker thread.
pub struct Running {
    pub control: Arc<Control>,
    result: Receiver<Trace>,
}

/// The latest run of a tab.
#[derive(Default)]
pub struct TestRun {
    pub running: Option<Running>,
    pub trace: Option<Trace>,
    /// The flow revision the trace was made from (an edit since makes it stale).
    pub revision: u64,
    /// Whether the latest run called the real systems.
    pub live: bool,
    /// Counts finished runs (what depends on the trace recomputes when it changes).
    pub runs: u64,
}

impl TestRun {
    /// Starts a run of `flow` on a worker thread: a sample run, or a live one (only
    /// after the user confirmed the systems it writes to).
    pub fn start(
        &mut self,
        flow: Flow,
        workspace: Arc<Workspace>,
        revision: u64,
        live: bool,
        ctx: &egui::Context,
    ) {
        if let Some(r) = &self.running {
            r.control.cancel.store(true, Ordering::Relaxed);
        }
        let control = Arc::new(Control::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let worker_control = control.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let options = Options::new(jiff::Zoned::now());
            let trace = if live {
                run::run_live(
                    &flow,
                    &workspace,
                    &options,
                    &worker_control,
                    Default::default(),
                )
                .unwrap_or_else(|why| Trace {
                    stopped: Some(why),
                    ..Trace::default()
                })
            } else {
                run::run_sample(&flow, &workspace, &options, &worker_control)
            };
            // The designer may have closed meanwhile; then nobody needs the trace.
            let _ = tx.send(trace);
            ctx.request_repaint();
        });
        self.running = Some(Running {
            control,
            result: rx,
        });
        self.live = live;
        self.revision = revision;
    }

    /// Picks up a finished run; true while one is still going.
    pub fn poll(&mut self) -> bool {
        let Some(running) = &self.running else {
            return false;
        };
        match running.result.try_recv() {
            Ok(trace) => {
                self.trace = Some(trace);
                self.runs += 1;
                self.running = None;
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => {
                self.running = None;
                false
            }
        }
    }
}

/// Starts a sample run of the active flow.
pub fn start(designer: &mut Designer, ctx: &egui::Context) {
    start_run(designer, ctx, false);
}

/// Asks which systems a live run will write to, or starts it when it writes nothing.
/// Reviewers never run live.
pub fn ask_live(designer: &mut Designer, ctx: &egui::Context) {
    let (Some(ws), Some(tab)) = (designer.workspace.clone(), designer.tab()) else {
        return;
    };
    if tab.doc.read_only {
        designer.notice = Some((
            "A flow open for review can only be test-run on sample data.".into(),
            0.0,
        ));
        return;
    }
    let targets = run::live_writes(tab.doc.flow(), &ws, None);
    if targets.is_empty() {
        start_run(designer, ctx, true);
    } else {
        designer.prompt = Some(super::designer::Prompt::ConfirmLive(targets));
    }
}

/// Starts a run of the active flow.
pub fn start_run(designer: &mut Designer, ctx: &egui::Context, live: bool) {
    let Some(ws) = designer.workspace.clone() else {
        designer.notice = Some((
            "A test run needs the flow's workspace: its systems and sample records.".into(),
            0.0,
        ));
        return;
    };
    let Some(tab) = designer.tab_mut() else {
        return;
    };
    let flow = tab.doc.flow().clone();
    let revision = tab.doc.revision();
    tab.test_run.start(flow, ws, revision, live, ctx);
    designer.bottom = super::designer::BottomTab::TestRun;
}

/// The badge a step gets after a run: items in → out, coloured by how it went.
pub fn badge_ui(ui: &mut Ui, trace: &Trace, node: &NodeId) {
    let Some(t) = trace.node(node) else { return };
    let (colour, tip) = match t.status() {
        Status::Ok => (theme::SUCCESS, "Ran without errors"),
        Status::Failed => (theme::ERROR, "Failed on some items: see the Test run tab"),
        Status::Skipped => (theme::IDLE, "No item reached this step"),
    };
    ui.label(
        RichText::new(format!("{} in · {} out", t.input.len(), t.output.len()))
            .size(12.0)
            .strong()
            .color(colour),
    )
    .on_hover_text(format!(
        "{tip}: {} item(s) in, {} out",
        t.input.len(),
        t.output.len()
    ));
}

/// The Test run tab.
pub fn test_run_ui(designer: &mut Designer, ui: &mut Ui) {
    let ctx = ui.ctx().clone();
    let has_workspace = designer.workspace.is_some();
    let Some(tab) = designer.tab_mut() else {
        ui.label("Open a flow to test-run it.");
        return;
    };
    let running = tab.test_run.poll();
    let mut start_now = false;
    let mut live_now = false;
    let read_only = tab.doc.read_only;
    ui.horizontal(|ui| {
        if running {
            let control = &tab.test_run.running.as_ref().expect("running").control;
            let done = control.steps_done.load(Ordering::Relaxed);
            let total = control.steps_total.load(Ordering::Relaxed).max(1);
            ui.add(egui::ProgressBar::new(done as f32 / total as f32).desired_width(200.0).text(format!("step {done} of {total}")));
            if ui.button("Cancel").on_hover_text("Stop the run; what ran so far stays visible").clicked() {
                control.cancel.store(true, Ordering::Relaxed);
            }
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        } else if ui
            .add_enabled(has_workspace, egui::Button::new("Test run"))
            .on_hover_text("Run the flow on its sample records (F5). Nothing is sent: writes are shown, not made.")
            .clicked()
        {
            start_now = true;
        }
        if !running
            && ui
                .add_enabled(has_workspace && !read_only, egui::Button::new("Live run…"))
                .on_hover_text("Run the flow against the real systems; you confirm which will be written to first")
                .on_disabled_hover_text("Live runs need the workspace, and are not allowed in review mode")
                .clicked()
        {
            live_now = true;
        }
        if let Some(trace) = &tab.test_run.trace {
            if tab.test_run.revision != tab.doc.revision() {
                ui.label(RichText::new("The flow changed since this run.").color(ui.visuals().warn_fg_color));
            }
            if ui.button("Export trace…").on_hover_text("Save every step's input and output as JSON").clicked()
                && let Some(path) = rfd::FileDialog::new().add_filter("JSON", &["json"]).save_file()
            {
                let json = serde_json::to_string_pretty(trace).unwrap_or_default();
                let _ = crate::store::write_atomic(&path, json.as_bytes());
            }
            super::personal::reveal_ui(ui, &mut tab.reveal);
        }
    });
    if start_now {
        start(designer, &ctx);
        return;
    }
    if live_now {
        ask_live(designer, &ctx);
        return;
    }
    let Some(tab) = designer.tab() else { return };
    let Some(trace) = &tab.test_run.trace else {
        if !running {
            ui.label("Press Test run (F5) to run the flow on its sample records and see what every step does.");
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
            super::personal::mask_query(&call.url)
        };
        ui.label(
            RichText::new(format!("{} {url} → {status}", call.method))
                .monospace()
                .small(),
        )
        .on_hover_text(format!(
            "{} ms; credentials in headers are never shown",
            call.duration.as_millis()
        ));
    }
    for e in &t.error_summary() {
        ui.colored_label(theme::ERROR, e);
    }
    let personal = personal_fields(designer, node);
    let reveal = tab.reveal;
    egui::ScrollArea::both()
        .id_salt("trace-tables")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(RichText::new(format!("Input ({} items)", t.input.len())).strong());
            records_ui(ui, "trace-in", t.input.iter(), &personal, reveal);
            ui.label(RichText::new(format!("Output ({} items)", t.output.len())).strong());
            records_ui(
                ui,
                "trace-out",
                t.output.iter().map(|(_, r)| r),
                &personal,
                reveal,
            );
            for w in &t.writes {
                ui.label(format!(
                    "would {} {} in {}",
                    w.action.to_lowercase(),
                    w.object,
                    w.system
                ));
            }
        });
}

/// Fields classified as personal data on the step's ports (input and output).
fn personal_fields(designer: &Designer, node: &NodeId) -> Vec<String> {
    let Some(tab) = designer.tab() else {
        return Vec::new();
    };
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
    if let Some(s) = schemas.output(&crate::model::PortRef::new(
        node.clone(),
        crate::model::PortId::output(),
    )) {
        add(&s.fields);
    }
    names
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
        V::List(items) => format!("[{} items]", items.len()),
        V::Record(_) => "{record}".into(),
    }
}
