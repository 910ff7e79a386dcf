//! The mapping editor of a Map step: each target field with its type, a required marker
//! and its data class, and a formula box; input fields to drag onto a target; auto-map.
//! The live preview (bottom panel) runs the compiled map over the flow's sample records.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use super::designer::Designer;
use super::formula_box::formula_box;
use super::inspector::{input_fields, marks_for, set_step};
use super::personal;
use super::theme;
use crate::formula::preview::{Cell, CompiledMap, automap};
use crate::formula::{Env, Value};
use crate::model::{Classification, Field, NodeId, Record, Step};

/// An input field being dragged onto a target field.
#[derive(Clone, Debug)]
struct SourceField(String);

pub fn mapping_editor_ui(designer: &mut Designer, ui: &mut Ui, id: &NodeId) {
    let Some(tab) = designer.tab() else { return };
    let Some(Step::Map { target, mappings }) = tab.doc.flow().node(id).map(|n| n.step.clone())
    else {
        return;
    };
    let enabled = !tab.doc.read_only;
    let Some(ws) = designer.workspace.clone() else {
        ui.label("Without the flow's workspace the target fields' types and data classes are unknown: the mappings are shown as written, read-only.");
        mappings_as_written_ui(ui, &target.object, &mappings);
        return;
    };
    let Ok(object) = ws.object(&target.system, &target.object) else {
        ui.label("Choose the target system and object above; their fields appear here.");
        mappings_as_written_ui(ui, &target.object, &mappings);
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(format!("Mapping to {}", object.display_name()));
        if ui
            .add_enabled(enabled, egui::Button::new("Auto-map"))
            .on_hover_text(super::commands::UiCommand::AutoMap.tooltip())
            .clicked()
        {
            auto_map(designer);
        }
    });

    let sources = input_fields(designer, id);
    if !sources.is_empty() {
        ui.label(RichText::new("Input fields — drag one onto a target field:").small());
        ui.horizontal_wrapped(|ui| {
            for name in &sources {
                // Plain buttons (not `dnd_drag_source` scopes) so the row wraps like words.
                let chip = egui::Button::new(RichText::new(name).monospace().small())
                    .sense(egui::Sense::drag());
                let r = ui
                    .add_enabled(enabled, chip)
                    .on_hover_text("Drag onto a target field to map it");
                if r.drag_started() {
                    egui::DragAndDrop::set_payload(ui.ctx(), SourceField(name.clone()));
                }
                if r.dragged() {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
                    if let Some(at) = ui.ctx().pointer_latest_pos() {
                        egui::Area::new(egui::Id::new("dragged-field"))
                            .fixed_pos(at + egui::vec2(8.0, 8.0))
                            .order(egui::Order::Tooltip)
                            .show(ui.ctx(), |ui| ui.label(RichText::new(name).monospace()));
                    }
                }
            }
        });
    }
    ui.separator();

    let focus = designer.tab_mut().and_then(|t| t.focus_field.take());
    let mut new_mappings = mappings.clone();
    let mut changed_field = None;
    for field in &object.fields {
        let row = ui.scope(|ui| {
            let label = ui
                .horizontal(|ui| {
                    let name = if field.required {
                        format!("{} *", field.name)
                    } else {
                        field.name.clone()
                    };
                    let label =
                        ui.label(RichText::new(name).strong())
                            .on_hover_text(if field.required {
                                "Required: every record needs a value"
                            } else {
                                "Optional"
                            });
                    ui.label(RichText::new(field.field_type.describe()).small().weak());
                    class_badge(ui, field);
                    label.id
                })
                .inner;
            let mut text = mappings.get(&field.name).cloned().unwrap_or_default();
            let box_id = egui::Id::new(("formula", id.as_str(), field.name.as_str()));
            if focus.as_deref() == Some(field.name.as_str()) {
                ui.memory_mut(|m| m.request_focus(box_id));
            }
            let marks = marks_for(designer, id, &field.name);
            let r = formula_box(ui, box_id, &mut text, &marks, &sources, enabled, label);
            if r.response.lost_focus()
                && let Some(tab) = designer.tab_mut()
            {
                tab.doc.seal();
            }
            if r.changed {
                set_text(&mut new_mappings, &field.name, text);
                changed_field = Some(field.name.clone());
            }
        });
        if enabled && let Some(dropped) = row.response.dnd_release_payload::<SourceField>() {
            let reference = if dropped.0.chars().all(|c| c.is_alphanumeric() || c == '_') {
                dropped.0.clone()
            } else {
                format!("[{}]", dropped.0.replace(']', "]]"))
            };
            set_text(&mut new_mappings, &field.name, reference);
            changed_field = Some(field.name.clone());
            if let Some(tab) = designer.tab_mut() {
                tab.doc.seal();
            }
        }
        ui.add_space(2.0);
    }
    if let Some(field) = changed_field
        && new_mappings != mappings
    {
        let step = Step::Map {
            target,
            mappings: new_mappings,
        };
        set_step(designer, id, step, &format!("mapping of {field}"));
    }
}

/// The mappings as the file has them, target field and formula, when there are no field
/// definitions to build the editor from.
fn mappings_as_written_ui(ui: &mut Ui, object: &str, mappings: &BTreeMap<String, String>) {
    if mappings.is_empty() {
        return;
    }
    ui.heading(format!("Mapping to {object}"));
    egui::Grid::new("mappings-as-written")
        .striped(true)
        .num_columns(2)
        .show(ui, |ui| {
            for (field, formula) in mappings {
                ui.label(RichText::new(field).strong());
                ui.label(RichText::new(formula).monospace());
                ui.end_row();
            }
        });
}

fn set_text(mappings: &mut BTreeMap<String, String>, field: &str, text: String) {
    if text.trim().is_empty() {
        mappings.remove(field);
    } else {
        mappings.insert(field.to_owned(), text);
    }
}

fn class_badge(ui: &mut Ui, field: &Field) {
    let c = field.classification;
    if c <= Classification::Internal {
        return;
    }
    let colour = if c.is_personal() {
        theme::PERSONAL_CLASS
    } else {
        theme::CLASSIFIED
    };
    ui.label(RichText::new(c.label()).small().color(colour))
        .on_hover_text(format!(
            "{c} data: governance follows it through every formula to where it is sent"
        ));
}

/// Maps every unmapped target field of the selected Map step to a same-named input field.
pub fn auto_map(designer: &mut Designer) {
    let Some(tab) = designer.tab() else { return };
    let Some(id) = tab.selected_node().cloned() else {
        designer.notice = Some(("Select a Map step first.".into(), 0.0));
        return;
    };
    let Some(Step::Map { target, mappings }) = tab.doc.flow().node(&id).map(|n| n.step.clone())
    else {
        designer.notice = Some(("Auto-map works on a Map step.".into(), 0.0));
        return;
    };
    let (Some(ws), Some(schemas)) = (designer.workspace.clone(), tab.schemas.as_ref()) else {
        return;
    };
    let Ok(object) = ws.object(&target.system, &target.object) else {
        return;
    };
    let incoming = schemas
        .input(&id)
        .map(|s| s.fields.clone())
        .unwrap_or_default();
    let suggested = automap(&incoming, &object.fields, &mappings);
    let count = suggested.len();
    if count == 0 {
        designer.notice = Some((
            "Auto-map found no more fields with matching names and types.".into(),
            0.0,
        ));
        return;
    }
    let mut all = mappings;
    all.extend(suggested);
    designer.apply(
        crate::edit::Command::SetStep {
            node: id,
            step: Step::Map {
                target,
                mappings: all,
            },
        },
        "Auto-map",
        None,
    );
    designer.notice = Some((format!("Auto-map filled {count} field(s)."), 0.0));
}

/// The last preview computed, and what it was computed from: the preview is drawn every
/// frame, but only recomputed when the flow, the step or the latest test run changes.
pub struct PreviewCache {
    pub key: (u64, NodeId, u64),
    pub result: Result<std::sync::Arc<Preview>, String>,
}

/// The preview of `id`, from the cache when nothing it depends on changed.
pub fn cached_preview(
    designer: &mut Designer,
    id: &NodeId,
) -> Result<std::sync::Arc<Preview>, String> {
    let tab = designer.tab().ok_or("no flow open")?;
    let key = (tab.doc.revision(), id.clone(), tab.test_run.runs);
    if let Some(cache) = &tab.preview
        && cache.key == key
    {
        return cache.result.clone();
    }
    let result = preview(designer, id).map(std::sync::Arc::new);
    if let Some(tab) = designer.tab_mut() {
        tab.preview = Some(PreviewCache {
            key,
            result: result.clone(),
        });
    }
    result
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
pub fn preview(designer: &Designer, id: &NodeId) -> Result<Preview, String> {
    let tab = designer.tab().ok_or("no flow open")?;
    let ws = designer
        .workspace
        .as_ref()
        .ok_or("open the flow's workspace to preview its mappings")?;
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
            "the {} record(s) that reached this step in the last test run{stale}",
            reached.input.len()
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
            format!("the flow's {} sample record(s)", flow.samples.len()),
        )
    };
    Ok(table(&map, &records, source, ws, &personal_inputs(tab, id)))
}

/// The personal fields of the records that reach step `id`.
fn personal_inputs(tab: &super::tab::Tab, id: &NodeId) -> Vec<String> {
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
