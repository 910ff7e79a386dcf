//! The menu bar and the status bar. The menu shows every command with its shortcut,
//! greyed with the reason when it cannot run now, and pushes the one chosen; the status
//! bar says where the active flow stands (never "ready for approval" unless it was
//! checked against a workspace and has no finding) and the latest message.

use std::path::PathBuf;

use egui::Ui;

use super::commands::UiCommand;
use super::panel::{Action, Actions, View};
use crate::governance::Severity;
use crate::words;

/// What the menu bar shows.
pub struct MenuInput<'a> {
    /// Whether each command can run now, or why not.
    pub availability: &'a dyn Fn(UiCommand) -> Result<(), &'static str>,
    /// "Undo Delete step" and "Redo …" when there is something to undo or redo.
    pub undo: Option<String>,
    pub redo: Option<String>,
    pub recent: &'a [PathBuf],
}

/// The menus' names.
pub const FILE: &str = "File";
pub const EDIT: &str = "Edit";
pub const FLOW: &str = "Flow";
pub const SYSTEMS: &str = "Systems";

pub fn menu_ui(ui: &mut Ui, input: &MenuInput, out: &mut Actions) {
    let item = |ui: &mut Ui, out: &mut Actions, c: UiCommand, text: Option<String>| {
        if c.menu_item(ui, text, (input.availability)(c)) {
            out.push(Action::Run(c));
        }
    };
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(FILE, |ui| {
            item(ui, out, UiCommand::NewFlow, None);
            item(ui, out, UiCommand::NewFromTemplate, None);
            item(ui, out, UiCommand::Open, None);
            ui.menu_button("Open recent", |ui| {
                if input.recent.is_empty() {
                    ui.label("Nothing opened yet");
                }
                for path in input.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        out.push(Action::OpenPath(path.clone()));
                    }
                }
            });
            ui.separator();
            item(ui, out, UiCommand::Save, None);
            item(ui, out, UiCommand::SaveAs, None);
            item(ui, out, UiCommand::SaveAsTemplate, None);
            ui.separator();
            item(ui, out, UiCommand::CloseTab, None);
            item(ui, out, UiCommand::Quit, None);
        });
        ui.menu_button(EDIT, |ui| {
            item(ui, out, UiCommand::Undo, input.undo.clone());
            item(ui, out, UiCommand::Redo, input.redo.clone());
            ui.separator();
            for c in [
                UiCommand::Delete,
                UiCommand::Duplicate,
                UiCommand::SelectAll,
            ] {
                item(ui, out, c, None);
            }
        });
        ui.menu_button("View", |ui| {
            for c in [
                UiCommand::ZoomToFit,
                UiCommand::Find,
                UiCommand::ToggleTheme,
            ] {
                item(ui, out, c, None);
            }
        });
        ui.menu_button(FLOW, |ui| {
            for c in [
                UiCommand::Tidy,
                UiCommand::AutoMap,
                UiCommand::MakeSubflow,
                UiCommand::TestRun,
                UiCommand::CheckAgainstWorkspace,
                UiCommand::CompareWith,
            ] {
                item(ui, out, c, None);
            }
        });
        ui.menu_button(SYSTEMS, |ui| item(ui, out, UiCommand::ImportApi, None));
        ui.menu_button("Help", |ui| item(ui, out, UiCommand::Shortcuts, None));
    });
}

/// What the status bar says of a flow that was not checked against a workspace.
pub const NOT_APPROVABLE: &str = "Not checked against a workspace: cannot be approved";
/// What it says of a checked flow without findings.
pub const READY: &str = "No problems: ready for approval";

/// The status bar: where the active flow stands, then warnings and the latest message.
pub fn status_ui(ui: &mut Ui, view: Option<View>, trouble: Option<String>, notice: Option<&str>) {
    ui.horizontal(|ui| {
        match view {
            Some(view) => {
                let tab = view.tab;
                let errors = tab.count(Severity::Error);
                let warnings = tab.count(Severity::Warning);
                let text = match (errors, warnings) {
                    _ if !tab.fully_checked() => NOT_APPROVABLE.to_owned(),
                    (0, 0) => READY.to_owned(),
                    (0, w) => format!("{}, no errors", words::count(w, "warning", "warnings")),
                    (e, w) => format!(
                        "{} to fix, {}",
                        words::count(e, "error", "errors"),
                        words::count_or_no(w, "warning", "warnings")
                    ),
                };
                ui.label(text)
                    .on_hover_text("Errors block approval, never saving");
                ui.separator();
                ui.label(words::count(tab.doc.flow().nodes.len(), "step", "steps"));
                if tab.doc.read_only {
                    ui.separator();
                    ui.label("Review mode");
                }
            }
            None => {
                ui.label("No flow open");
            }
        }
        if let Some(trouble) = trouble {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, trouble);
        }
        if let Some(message) = notice {
            ui.separator();
            ui.label(message);
        }
    });
}
