//! The mapping editor of a Map step: each target field with its type, a required marker
//! and its data class, and a formula box; input fields to drag onto a target; Auto-map.
//! Without the workspace the mappings are shown as written, read-only.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use super::context::{InspectorState, capitalised, input_fields, marks_for, set_step};
use crate::edit::Command;
use crate::formula::automap::{AutoMatch, auto_matches};
use crate::governance::Location;
use crate::model::{Classification, Field, Node, NodeId, ObjectRef, Step};
use crate::ui::commands::UiCommand;
use crate::ui::formula_box::formula_box;
use crate::ui::panel::{Action, Actions, View};
use crate::ui::theme;
use crate::words;

/// The button that takes an Auto-map back (tests find it by this).
pub const UNDO_AUTO_MAP: &str = "Undo auto-map";

/// An input field being dragged onto a target field.
#[derive(Clone, Debug)]
struct SourceField(String);

pub fn mapping_editor_ui(
    ui: &mut Ui,
    view: View,
    node: &Node,
    state: &mut InspectorState,
    out: &mut Actions,
) {
    let Step::Map { target, mappings } = &node.step else {
        return;
    };
    let Some(ws) = view.workspace else {
        ui.label("Without the flow's workspace the target fields' types and data classes are unknown: the mappings are shown as written, read-only.");
        mappings_as_written_ui(ui, &target.object, mappings);
        return;
    };
    let Ok(object) = ws.object(&target.system, &target.object) else {
        ui.label("Choose the target system and object above; their fields appear here.");
        mappings_as_written_ui(ui, &target.object, mappings);
        return;
    };
    let enabled = view.editable();
    ui.horizontal(|ui| {
        ui.heading(format!("Mapping to {}", object.display_name()));
        if ui
            .add_enabled(enabled, egui::Button::new(UiCommand::AutoMap.label()))
            .on_hover_text(UiCommand::AutoMap.tooltip())
            .clicked()
        {
            out.push(Action::Run(UiCommand::AutoMap));
        }
    });
    auto_mapped_ui(ui, view, node, state, out);
    let sources = input_fields(view.tab, &node.id);
    sources_ui(ui, &sources, enabled);
    ui.separator();

    let focus = match &state.focus {
        Some((n, field)) if n == &node.id => {
            let field = field.clone();
            state.focus = None;
            Some(field)
        }
        _ => None,
    };
    let mut new_mappings = mappings.clone();
    let mut changed_field = None;
    for field in &object.fields {
        let row = ui.scope(|ui| {
            let label = field_heading_ui(ui, field);
            let mut text = mappings.get(&field.name).cloned().unwrap_or_default();
            let box_id = egui::Id::new(("formula", node.id.as_str(), field.name.as_str()));
            if focus.as_deref() == Some(field.name.as_str()) {
                ui.memory_mut(|m| m.request_focus(box_id));
            }
            let marks = marks_for(view.tab, &node.id, &field.name);
            let r = formula_box(ui, box_id, &mut text, &marks, &sources, enabled, label);
            if r.response.lost_focus() {
                out.push(Action::Seal);
            }
            if r.changed {
                set_text(&mut new_mappings, &field.name, text);
                changed_field = Some(field.name.clone());
            }
            field_findings_ui(ui, view, &node.id, &field.name);
        });
        if enabled && let Some(dropped) = row.response.dnd_release_payload::<SourceField>() {
            set_text(&mut new_mappings, &field.name, reference_to(&dropped.0));
            changed_field = Some(field.name.clone());
            out.push(Action::Seal);
        }
        ui.add_space(2.0);
    }
    if let Some(field) = changed_field
        && &new_mappings != mappings
    {
        let step = Step::Map {
            target: target.clone(),
            mappings: new_mappings,
        };
        set_step(out, &node.id, step, &format!("mapping of {field}"));
    }
}

/// What the last Auto-map of this step filled, with a button to take it back while it is
/// the latest change. The list stays until closed, so the form below does not jump when
/// the user starts typing.
fn auto_mapped_ui(
    ui: &mut Ui,
    view: View,
    node: &Node,
    state: &mut InspectorState,
    out: &mut Actions,
) {
    let Some(done) = &state.auto_mapped else {
        return;
    };
    if done.node != node.id {
        return;
    }
    let latest = done.revision == view.tab.doc.revision();
    let mut close = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "Auto-map filled {}:",
                    words::count(done.matches.len(), "field", "fields")
                ))
                .strong(),
            );
            if view.editable() && latest && ui.button(UNDO_AUTO_MAP).clicked() {
                out.push(Action::Run(UiCommand::Undo));
                close = true;
            }
            if ui
                .small_button("×")
                .on_hover_text("Hide this list")
                .clicked()
            {
                close = true;
            }
        });
        for m in &done.matches {
            ui.label(
                RichText::new(format!(
                    "{} from {} ({})",
                    m.target,
                    m.source,
                    m.kind.describe()
                ))
                .small(),
            );
        }
    });
    if close {
        state.auto_mapped = None;
    }
}

/// What the checks say about a target field itself (required and unmapped, unknown),
/// under its row rather than at the top of the form.
fn field_findings_ui(ui: &mut Ui, view: View, node: &NodeId, field: &str) {
    for f in &view.tab.findings {
        if matches!(&f.location, Location::Field { node: n, field: fl } if n == node && fl == field)
        {
            let text = words::sentences(&capitalised(&f.message), &f.fix);
            ui.label(
                RichText::new(text)
                    .small()
                    .color(theme::severity(f.severity, ui.visuals())),
            );
        }
    }
}

/// The input fields as chips to drag onto a target field.
fn sources_ui(ui: &mut Ui, sources: &[String], enabled: bool) {
    if sources.is_empty() {
        return;
    }
    ui.label(RichText::new("Input fields — drag one onto a target field:").small());
    ui.horizontal_wrapped(|ui| {
        for name in sources {
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

/// A target field's name (with `*` when required), type and data class; the name labels
/// the formula box.
fn field_heading_ui(ui: &mut Ui, field: &Field) -> egui::Id {
    ui.horizontal(|ui| {
        let name = if field.required {
            format!("{} *", field.name)
        } else {
            field.name.clone()
        };
        let label = ui
            .label(RichText::new(name).strong())
            .on_hover_text(if field.required {
                "Required: every record needs a value"
            } else {
                "Optional"
            });
        ui.label(RichText::new(field.field_type.describe()).small().weak());
        class_badge(ui, field);
        label.id
    })
    .inner
}

/// How a formula names an input field: as is, or in brackets when it has spaces or signs.
fn reference_to(name: &str) -> String {
    if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        name.to_owned()
    } else {
        format!("[{}]", name.replace(']', "]]"))
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

/// What Auto-map does to the selected Map step: the edit and how many fields it fills,
/// or why it does nothing (said to the user).
pub fn auto_map(view: View) -> Result<(Command, Vec<AutoMatch>), &'static str> {
    let tab = view.tab;
    let id: &NodeId = tab.selected_node().ok_or("Select a Map step first.")?;
    let Some(Step::Map { target, mappings }) = tab.doc.flow().node(id).map(|n| &n.step) else {
        return Err("Auto-map works on a Map step.");
    };
    let (Some(ws), Some(schemas)) = (view.workspace, tab.schemas.as_ref()) else {
        return Err(
            "Auto-map needs the flow's workspace: the target fields come from its systems.",
        );
    };
    let object = ws
        .object(&target.system, &target.object)
        .map_err(|_| "Choose the Map step's target system and object first.")?;
    let incoming = schemas
        .input(id)
        .map(|s| s.fields.clone())
        .unwrap_or_default();
    let matches = auto_matches(&incoming, &object.fields, mappings);
    if matches.is_empty() {
        return Err("Auto-map found no more fields with matching names and types.");
    }
    let mut all = mappings.clone();
    all.extend(
        matches
            .iter()
            .map(|m| (m.target.clone(), m.formula.clone())),
    );
    let step = Step::Map {
        target: ObjectRef::clone(target),
        mappings: all,
    };
    Ok((
        Command::SetStep {
            node: id.clone(),
            step,
        },
        matches,
    ))
}
