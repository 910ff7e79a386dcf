//! The Preview tab: the selected Map step run over sample records (or the records that
//! reached it in the last test run), cell by cell — an error in one cell never hides the
//! others, and personal data is masked until revealed. The table is computed only when
//! the flow, the step or the latest run changed.

use std::sync::Arc;

use egui::{RichText, Ui};

use super::panel::{Action, Actions, View};
use super::tab::Tab;
use super::{personal, theme};
use crate::formula::preview::{Cell, CompiledMap};
use crate::formula::{Env, Value};
use crate::model::{NodeId, Record, Step};
use crate::words;

/// The Preview tab's own state: the last table computed and what it was computed from.
#[derive(Default)]
pub struct PreviewState {
    cache: Option<(PreviewKey, Result<Arc<Preview>, String>)>,
}

/// What a preview depends on: the tab, its flow's revision, the step, the latest run.
type PreviewKey = (String, u64, NodeId, u64);

impl PreviewState {
    /// The preview of step `id`, from the cache when nothing it depends on changed.
    fn preview(&mut self, view: View, id: &NodeId) -> Result<Arc<Preview>, String> {
        let tab = view.tab;
        let key = (
            tab.recovery_key.clone(),
            tab.doc.revision(),
            id.clone(),
            tab.test_run.runs,
        );
        if let Some((cached, result)) = &self.cache
            && cached == &key
        {
            return result.clone();
        }
        let result = preview(view, id).map(Arc::new);
        self.cache = Some((key, result.clone()));
        result
    }
}

/// The Preview tab.
pub fn preview_ui(ui: &mut Ui, view: View, state: &mut PreviewState, out: &mut Actions) {
    let tab = view.tab;
    let Some(id) = tab.selected_node().cloned() else {
        ui.label("Select a Map step to preview what it makes of the sample records.");
        return;
    };
    if !matches!(
        tab.doc.flow().node(&id).map(|n| &n.step),
        Some(Step::Map { .. })
    ) {
        ui.label("The preview shows Map steps: select one.");
        return;
    }
    let preview = match state.preview(view, &id) {
        Ok(p) => p,
        Err(e) => {
            ui.label(e);
            return;
        }
    };
    let mut reveal = tab.reveal;
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Input: {}", preview.source)).small());
        if preview.columns.iter().any(|c| c.personal) {
            personal::reveal_ui(ui, &mut reveal);
        }
    });
    if reveal != tab.reveal {
        out.push(Action::Reveal(reveal));
    }
    if preview.rows.is_empty() {
        ui.label("There are no sample records to run the mapping on.");
        return;
    }
    egui::ScrollArea::both()
        .id_salt("preview")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("preview-table")
                .striped(true)
                .show(ui, |ui| {
                    ui.label(RichText::new("#").strong());
                    for column in &preview.columns {
                        let r = ui.label(RichText::new(&column.name).strong());
                        if !column.notes.is_empty() {
                            r.on_hover_text(column.notes.join("\n"));
                        }
                    }
                    ui.end_row();
                    for (i, row) in preview.rows.iter().enumerate() {
                        ui.label(format!("{}", i + 1));
                        for ((text, error), column) in row.iter().zip(&preview.columns) {
                            // An error message may quote the value it failed on.
                            let masked = column.personal && !reveal;
                            match (*error, masked) {
                                (false, false) => ui.label(text),
                                (false, true) => ui.label(personal::MASK),
                                (true, false) => {
                                    ui.colored_label(theme::error_text(ui.visuals()), text)
                                }
                                (true, true) => ui.colored_label(
                                    theme::error_text(ui.visuals()),
                                    format!("⚠ error ({})", personal::REVEAL.to_lowercase()),
                                ),
                            };
                        }
                        ui.end_row();
                    }
                });
        });
}

/// One column of the preview: a target field.
pub struct PreviewColumn {
    pub name: String,
    /// Problems of its formula, shown on hover.
    pub notes: Vec<String>,
    /// The field is personal data, or its formula reads some: masked until revealed.
    pub personal: bool,
}

/// The preview table of one Map step.
pub struct Preview {
    pub columns: Vec<PreviewColumn>,
    /// One row per sample record: each cell's text and whether it is an error.
    pub rows: Vec<Vec<(String, bool)>>,
    pub source: String,
}

/// Runs the Map step over the flow's sample records (or its trigger object's workspace
/// samples when the flow pins none).
pub fn preview(view: View, id: &NodeId) -> Result<Preview, String> {
    let tab = view.tab;
    let ws = view
        .workspace
        .ok_or("Open the flow's workspace to preview its mappings.")?;
    let flow = tab.doc.flow();
    let map = CompiledMap::new(flow, ws, id).map_err(|e| e.to_string())?;
    // After a test run, the records that really reached this step.
    if let Some(reached) = tab.test_run.trace.as_ref().and_then(|t| t.node(id))
        && !reached.input.is_empty()
    {
        let stale = if tab.test_run.revision == tab.doc.revision() {
            ""
        } else {
            " (the flow changed since: run it again to refresh them)"
        };
        let source = format!(
            "the {} that reached this step in the last test run{stale}",
            words::count(reached.input.len(), "record", "records")
        );
        return Ok(table(
            &map,
            &reached.input,
            source,
            ws,
            &personal_inputs(tab, id),
        ));
    }
    // The trigger's records reach this step unchanged only through filters and branches;
    // after a lookup or a for-each they have another shape, which only a test run knows.
    let mut at = id.clone();
    loop {
        let from = flow
            .wires
            .iter()
            .find(|w| w.to.node == at)
            .map(|w| w.from.node.clone());
        let Some(from) = from else { break };
        match flow.node(&from).map(|n| &n.step) {
            Some(Step::Trigger(_)) => break,
            Some(Step::Filter { .. } | Step::Branch { .. }) => at = from,
            Some(other) => {
                return Err(format!(
                    "This step's input comes through a {} step, so its records are not the trigger's samples: press Test run (F5) and the preview shows the records that reach it.",
                    other.kind_name()
                ));
            }
            None => break,
        }
    }
    let (records, source): (Vec<Record>, String) = if flow.samples.is_empty() {
        let from_trigger = flow
            .triggers()
            .find_map(|t| t.step.system_object())
            .map(|(s, o)| {
                (
                    ws.samples_of(s, o).to_vec(),
                    format!("{o} samples of the workspace"),
                )
            });
        from_trigger.unwrap_or_else(|| (Vec::new(), "no sample records".into()))
    } else {
        (
            flow.samples.clone(),
            format!(
                "the flow's {}",
                words::count(flow.samples.len(), "sample record", "sample records")
            ),
        )
    };
    Ok(table(&map, &records, source, ws, &personal_inputs(tab, id)))
}

/// The personal fields of the records that reach step `id`.
fn personal_inputs(tab: &Tab, id: &NodeId) -> Vec<String> {
    tab.schemas
        .as_ref()
        .and_then(|s| s.input(id))
        .map_or_else(Vec::new, |schema| personal::personal_names(&schema.fields))
}

/// The map run over `records`, as the preview's rows of cells.
fn table(
    map: &CompiledMap,
    records: &[Record],
    source: String,
    ws: &crate::workspace::Workspace,
    personal_inputs: &[String],
) -> Preview {
    let env = Env {
        now: jiff::Zoned::now(),
        tables: &ws.value_maps,
    };
    let cells = map.preview(records, &env);
    let columns = map
        .columns
        .iter()
        .map(|c| PreviewColumn {
            name: c.field.name.clone(),
            notes: c.problems.iter().map(|p| p.message.clone()).collect(),
            personal: personal::is_personal(c.field.classification)
                || c.formula
                    .as_deref()
                    .is_some_and(|f| personal::reads_personal(f, personal_inputs)),
        })
        .collect();
    let rows = cells
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|cell| match cell {
                    Cell::Value(Value::Blank) => ("(blank)".into(), false),
                    Cell::Value(v) => (v.to_string(), false),
                    Cell::Error(e) => (format!("⚠ {}", e.message), true),
                    Cell::NotChecked => ("⚠ formula has errors".into(), true),
                    Cell::Unmapped => ("⚠ required, not mapped".into(), true),
                })
                .collect()
        })
        .collect();
    Preview {
        columns,
        rows,
        source,
    }
}
