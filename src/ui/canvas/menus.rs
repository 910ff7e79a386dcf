//! The canvas's right-click menus: on empty canvas (add a step here, found by typing,
//! paste, tidy, fit), on a step (rename, settings, duplicate, disconnect, test run to
//! here, delete) and on a connection (delete it, or put a Map step into it). Each item
//! becomes an [`Action`] for the designer; nothing here changes the flow itself.

use egui::{Pos2, Ui};

use super::io::CanvasInput;
use crate::edit::{self, Command, palette::Item};
use crate::model::{Node, Pos, Step, Wire};
use crate::ui::action::Action;
use crate::ui::commands::UiCommand;

/// Labels of the menu items (tests find them by these).
pub const ADD_HERE: &str = "Add a step here";
pub const FIND_STEP: &str = "Find a step to add";
pub const PASTE_HERE: &str = "Paste here";
pub const RENAME: &str = "Rename…";
pub const SETTINGS: &str = "Settings";
pub const DISCONNECT: &str = "Disconnect";
pub const RUN_TO_HERE: &str = "Test run to here";
pub const DELETE_WIRE: &str = "Delete connection";
pub const INSERT_MAP: &str = "Insert a Map step";

/// How many matching steps the "Add a step here" list shows at once.
const SHOWN_MATCHES: usize = 8;

/// The menu on empty canvas, opened at `at` (canvas coordinates).
pub fn graph_menu_ui(
    ui: &mut Ui,
    at: Pos2,
    input: &CanvasInput,
    query: &mut String,
    out: &mut Vec<Action>,
) {
    let at = Pos(at.x.round(), at.y.round());
    if !input.read_only {
        let heading = ui.label(egui::RichText::new(ADD_HERE).strong());
        let search = ui
            .add(
                egui::TextEdit::singleline(query)
                    .hint_text(FIND_STEP)
                    .desired_width(220.0),
            )
            .labelled_by(heading.id);
        if !search.has_focus() && query.is_empty() {
            search.request_focus();
        }
        let has_trigger = input.flow.nodes.iter().any(|n| n.step.is_trigger());
        let mut matches: Vec<(usize, &Item)> = input
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| item.matches(query))
            // A flow has one trigger: offer the others only to a flow without one.
            .filter(|(_, item)| !(has_trigger && item.step.is_trigger()))
            .collect();
        // Titles that start with what was typed first ("create sales order" before
        // "When a Sales order is created").
        let typed = query.trim().to_lowercase();
        matches.sort_by_key(|(_, item)| !item.title.to_lowercase().starts_with(&typed));
        for &(index, item) in matches.iter().take(SHOWN_MATCHES) {
            let text = match &item.system {
                Some(system) => format!("{}  ·  {system}", item.title),
                None => item.title.clone(),
            };
            if ui.button(text).on_hover_text(&item.tooltip).clicked() {
                out.push(Action::AddItem { index, pos: at });
                query.clear();
            }
        }
        if matches.len() > SHOWN_MATCHES {
            ui.weak(format!(
                "and {} more: type to narrow the list",
                matches.len() - SHOWN_MATCHES
            ));
        } else if matches.is_empty() {
            ui.weak("No step matches: try a system's name");
        }
        // Enter adds the first match, as in the palette's search.
        if search.lost_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter))
            && let Some(&(index, _)) = matches.first()
        {
            out.push(Action::AddItem { index, pos: at });
            query.clear();
            ui.close();
        }
        ui.separator();
        let paste = ui.add_enabled(input.can_paste, egui::Button::new(PASTE_HERE));
        if paste
            .on_disabled_hover_text("Copy steps first (Ctrl+C)")
            .clicked()
        {
            out.push(Action::PasteAt(at));
        }
        command_button(ui, UiCommand::Tidy, out);
    }
    command_button(ui, UiCommand::ZoomToFit, out);
    command_button(ui, UiCommand::SelectAll, out);
}

/// The menu on a step.
pub fn node_menu_ui(ui: &mut Ui, node: &Node, input: &CanvasInput, out: &mut Vec<Action>) {
    // On a step of a selection of several, Duplicate, Make a sub-flow and Delete act on
    // them all; on any other step, on that step.
    let select = || Action::Select([node.id.clone()].into());
    let keep = input.selection.contains(&node.id);
    let editable = !input.read_only;
    if editable && ui.button(RENAME).clicked() {
        out.push(Action::Inspect {
            node: node.id.clone(),
            field: Some("label".into()),
        });
    }
    if ui
        .button(SETTINGS)
        .on_hover_text("Show this step's settings in the inspector")
        .clicked()
    {
        out.push(Action::Inspect {
            node: node.id.clone(),
            field: None,
        });
    }
    if editable && ui.button(UiCommand::Duplicate.label()).clicked() {
        if !keep {
            out.push(select());
        }
        out.push(Action::Run(UiCommand::Duplicate));
    }
    let wires: Vec<Wire> = input
        .flow
        .wires
        .iter()
        .filter(|w| w.from.node == node.id || w.to.node == node.id)
        .cloned()
        .collect();
    if editable {
        let disconnect = ui.add_enabled(!wires.is_empty(), egui::Button::new(DISCONNECT));
        if disconnect
            .on_hover_text("Remove every connection of this step")
            .on_disabled_hover_text("This step has no connections")
            .clicked()
        {
            let batch = Command::Batch(wires.into_iter().map(Command::Disconnect).collect());
            out.push(Action::Edit {
                command: batch,
                label: "Disconnect step".into(),
                coalesce: None,
            });
        }
    }
    let runnable = !matches!(node.step, Step::Note { .. });
    if ui
        .add_enabled(runnable, egui::Button::new(RUN_TO_HERE))
        .on_hover_text(
            "Test-run the steps up to this one on the sample records and show what reaches it",
        )
        .clicked()
    {
        out.push(Action::TestRunTo(node.id.clone()));
    }
    if editable
        && ui
            .add_enabled(
                !node.step.is_trigger(),
                egui::Button::new(UiCommand::MakeSubflow.label()),
            )
            .on_hover_text(UiCommand::MakeSubflow.tooltip())
            .on_disabled_hover_text(
                "The trigger cannot move into a sub-flow: a sub-flow is started by the flows that call it",
            )
            .clicked()
    {
        if !keep {
            out.push(select());
        }
        out.push(Action::Run(UiCommand::MakeSubflow));
    }
    if editable {
        ui.separator();
        if ui.button(UiCommand::Delete.label()).clicked() {
            if !keep {
                out.push(select());
            }
            out.push(Action::Run(UiCommand::Delete));
        }
    }
}

/// The menu on a connection.
pub fn wire_menu_ui(ui: &mut Ui, wire: &Wire, input: &CanvasInput, out: &mut Vec<Action>) {
    if ui.button(DELETE_WIRE).clicked() {
        out.push(Action::Edit {
            command: Command::Disconnect(wire.clone()),
            label: "Remove connection".into(),
            coalesce: None,
        });
    }
    let map = input
        .items
        .iter()
        .find(|item| matches!(item.step, Step::Map { .. }));
    let placed = map.and_then(|item| {
        let at = midpoint(input, wire)?;
        edit::insert_into_wire(input.flow, item, wire, at)
    });
    let insert = ui.add_enabled(placed.is_some(), egui::Button::new(INSERT_MAP));
    if insert
        .on_hover_text("Put a Map step into this connection, to reshape the records on their way")
        .clicked()
        && let Some((command, id)) = placed
    {
        out.push(Action::Edit {
            command,
            label: INSERT_MAP.into(),
            coalesce: None,
        });
        out.push(Action::Select([id].into()));
    }
}

/// Half-way between a wire's two steps, a little below them, so the new step does not
/// cover either.
pub(super) fn midpoint(input: &CanvasInput, wire: &Wire) -> Option<Pos> {
    let from = input.flow.layout.0.get(&wire.from.node)?;
    let to = input.flow.layout.0.get(&wire.to.node)?;
    Some(Pos(
        ((from.0 + to.0) / 2.0).round(),
        (from.1.max(to.1) + 140.0).round(),
    ))
}

fn command_button(ui: &mut Ui, command: UiCommand, out: &mut Vec<Action>) {
    if ui
        .button(command.label())
        .on_hover_text(command.tooltip())
        .clicked()
    {
        out.push(Action::Run(command));
    }
}
