//! The left panel: the workspace's flows, then the palette of steps to add — grouped as
//! Triggers, Systems, Logic and Notes, with a search box. Drag an item onto the canvas to
//! add it there; double-click adds it in the middle of the view.

use std::path::{Path, PathBuf};

use egui::Ui;

use super::canvas::PaletteDrag;
use super::panel::{Action, Actions};
use crate::edit::palette::{Group, Item};
use crate::model::Flow;
use crate::workspace::Workspace;

/// What the left panel shows.
pub struct Left<'a> {
    pub workspace: Option<&'a Workspace>,
    /// Every flow of the workspace as on disk (or why it cannot be read).
    pub flows: &'a [(PathBuf, Result<Flow, String>)],
    /// Each flow's approval in a word or two, in the order of `flows`.
    pub approvals: &'a [Option<&'static str>],
    /// The file of the flow shown on the canvas.
    pub active: Option<&'a Path>,
    pub items: &'a [Item],
    /// Whether steps can be added to the active flow.
    pub editable: bool,
}

/// The palette's own state.
#[derive(Default)]
pub struct PaletteState {
    pub query: String,
}

/// The palette's search box label (tests find it by this).
pub const SEARCH: &str = "Search";

pub fn left_panel_ui(ui: &mut Ui, left: &Left, state: &mut PaletteState, out: &mut Actions) {
    flows_ui(ui, left, out);
    ui.separator();
    palette_ui(ui, left, state, out);
}

fn flows_ui(ui: &mut Ui, left: &Left, out: &mut Actions) {
    let Some(ws) = left.workspace else {
        ui.label("No workspace open");
        return;
    };
    let name = ws.root.file_name().map_or_else(
        || ws.root.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    ui.heading(format!("Flows in {name}"))
        .on_hover_text(ws.root.display().to_string());
    egui::ScrollArea::vertical()
        .id_salt("flows")
        .max_height(180.0)
        .show(ui, |ui| {
            for (i, (path, flow)) in left.flows.iter().enumerate() {
                let is_open = left.active == Some(path.as_path());
                let approval = left.approvals.get(i).copied().flatten();
                // A sub-flow is said to be one: it is run by the flows calling it.
                let kind = |f: &crate::model::Flow| {
                    if crate::model::FlowKind::of(f) == crate::model::FlowKind::Subflow {
                        " (sub-flow)"
                    } else {
                        ""
                    }
                };
                let label = match (flow, approval) {
                    (Ok(f), Some(word)) => format!("{}{} · {word}", f.name, kind(f)),
                    (Ok(f), None) => format!("{}{}", f.name, kind(f)),
                    (Err(_), _) => format!(
                        "⚠ {}",
                        path.file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into())
                    ),
                };
                let tip = match flow {
                    Ok(f) if f.description.is_empty() => path.display().to_string(),
                    Ok(f) => f.description.clone(),
                    Err(e) => e.clone(),
                };
                if ui
                    .selectable_label(is_open, label)
                    .on_hover_text(tip)
                    .clicked()
                {
                    out.push(Action::OpenFlow(path.clone()));
                }
            }
        });
    // A broken or refused workspace file: which one and why, in full on hover.
    for problem in &ws.problems {
        let file = problem.path.file_name().map_or_else(
            || problem.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        ui.add(
            egui::Label::new(
                egui::RichText::new(format!("⚠ {file}: {}", problem.message))
                    .color(ui.visuals().warn_fg_color),
            )
            .wrap(),
        )
        .on_hover_text(problem.to_string());
    }
}

/// A palette item with its index in the palette list (the drag payload).
type IndexedItem<'a> = (usize, &'a Item);

fn palette_ui(ui: &mut Ui, left: &Left, state: &mut PaletteState, out: &mut Actions) {
    ui.heading("Add a step");
    ui.horizontal(|ui| {
        let label = ui.label(SEARCH);
        ui.add(
            egui::TextEdit::singleline(&mut state.query)
                .hint_text("step or system name")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id)
        .on_hover_text("Type part of a step's name or a system's name");
    });
    let editable = left.editable;
    egui::ScrollArea::vertical()
        .id_salt("palette")
        .show(ui, |ui| {
            for group in Group::ALL {
                let items: Vec<(usize, &Item)> = left
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| i.group == group && i.matches(&state.query))
                    .collect();
                if items.is_empty() {
                    continue;
                }
                let searching = !state.query.trim().is_empty();
                egui::CollapsingHeader::new(group.label())
                    .default_open(true)
                    .open(searching.then_some(true))
                    .show(ui, |ui| {
                        // Items without a system first, then one sub-list per system.
                        let mut by_system: Vec<(Option<&str>, Vec<IndexedItem>)> = Vec::new();
                        for (index, item) in items {
                            let system = item.system.as_deref();
                            match by_system.iter_mut().find(|(s, _)| *s == system) {
                                Some((_, list)) => list.push((index, item)),
                                None => by_system.push((system, vec![(index, item)])),
                            }
                        }
                        for (system, list) in by_system {
                            let show = |ui: &mut Ui| {
                                for (index, item) in list {
                                    if item_ui(ui, index, item, editable) {
                                        out.push(Action::AddItemAtCentre(index));
                                    }
                                }
                            };
                            match system {
                                None => show(ui),
                                Some(system) => {
                                    egui::CollapsingHeader::new(system)
                                        .id_salt((group.label(), system))
                                        .default_open(false)
                                        .open(searching.then_some(true))
                                        .show(ui, show);
                                }
                            }
                        }
                    });
            }
        });
}

/// One palette entry: a drag source that also adds on double-click (returns true then).
fn item_ui(ui: &mut Ui, index: usize, item: &Item, editable: bool) -> bool {
    // One button that is both clicked and dragged: `dnd_drag_source` lays a drag sensor
    // over its contents, which then never see a hover or a double-click.
    let button = egui::Button::new(&item.title).sense(egui::Sense::click_and_drag());
    let r = ui.add_enabled(editable, button).on_hover_text(format!(
        "{}\nDrag onto the canvas, or double-click to add it in the middle.",
        item.tooltip
    ));
    if r.drag_started() {
        egui::DragAndDrop::set_payload(ui.ctx(), PaletteDrag(index));
    }
    if r.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
        if let Some(at) = ui.ctx().pointer_latest_pos() {
            egui::Area::new(egui::Id::new(("palette-dragged", index)))
                .fixed_pos(at + egui::vec2(8.0, 8.0))
                .order(egui::Order::Tooltip)
                .show(ui.ctx(), |ui| ui.label(&item.title));
        }
    }
    r.double_clicked()
}
