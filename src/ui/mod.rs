//! The designer: a thin egui shell over the core. It shows flows and findings, and turns
//! what the user does into `edit::Command`s; it owns no rules of its own.

mod action;
pub mod approval_ui;
pub mod bottom;
pub mod canvas;
pub mod commands;
pub mod compare;
pub mod completion;
pub mod designer;
pub mod files;
pub mod find;
pub mod formula_box;
pub mod import_api;
pub mod inspector;
pub mod make_subflow;
pub mod menu;
pub mod open_file;
pub mod palette_ui;
mod panel;
pub mod personal;
mod preview;
pub mod problems;
pub mod prompts;
pub mod recovery_prompt;
pub mod sample_editor;
pub mod samples;
pub mod save_as;
pub mod tab;
pub mod template_gallery;
pub mod test_run;
pub mod test_runner;
mod theme;

use std::path::PathBuf;

pub use bottom::BottomTab;
pub use commands::UiCommand;
pub use designer::{Designer, Prompt};
pub use files::{Recovery, Settings};

/// What to open when the designer starts.
#[derive(Clone, Debug, Default)]
pub struct Start {
    /// A workspace folder or a flow file; `None` opens the last workspace, or the bundled
    /// example the first time.
    pub path: Option<PathBuf>,
    /// The workspace to check `path` against, when it is not inside one.
    pub workspace: Option<PathBuf>,
    pub review: bool,
}

/// The bundled example workspace, found next to the executable's source tree or in the
/// current folder.
fn example_workspace() -> Option<PathBuf> {
    [
        PathBuf::from("flows"),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("flows"),
    ]
    .into_iter()
    .find(|p| p.join(crate::workspace::SYSTEMS_FILE).exists())
}

/// Opens the designer window; returns when it is closed.
pub fn run(start: Start) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Switchboard")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Switchboard",
        options,
        Box::new(move |cc| {
            let settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, Settings::KEY))
                .unwrap_or_default();
            theme::apply(&cc.egui_ctx, settings.dark);
            let recovery =
                eframe::storage_dir("Switchboard").map(|d| Recovery::new(d.join("recovery")));
            let mut designer = Designer::new(settings, recovery);
            if start.review {
                // A reviewer's session changes nothing: no recovery copies, no offer of
                // earlier work (it is offered at the next session that can edit).
                designer.review = true;
                designer.recovery = None;
                designer.prompt = None;
            }
            let path = start
                .path
                .clone()
                .or_else(|| {
                    designer
                        .settings
                        .last_workspace
                        .clone()
                        .filter(|p| p.is_dir())
                })
                .or_else(example_workspace);
            let opened = match (&path, &start.workspace) {
                (Some(path), Some(ws)) => designer.open_against(path, ws),
                (Some(path), None) => designer.open_path(path),
                (None, _) => Ok(()),
            };
            if let Err(e) = opened {
                designer.say(e);
            }
            Ok(Box::new(App {
                designer,
                title: String::new(),
            }))
        }),
    )
    .map_err(|e| format!("could not open the designer window: {e}"))
}

struct App {
    designer: Designer,
    title: String,
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        // The window's close button goes through the same unsaved-changes guard as Quit.
        if ui.ctx().input(|i| i.viewport().close_requested()) && !self.designer.quit {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.designer.request_quit();
        }
        if self.designer.quit {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let title = match self.designer.tab() {
            Some(tab) => format!("{} — Switchboard", tab.caption()),
            None => "Switchboard".into(),
        };
        if title != self.title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        self.designer.ui(ui);
    }

    /// Called once when the window closes: the recovery copies of work the user chose to
    /// keep unsaved are all on disk before the process ends.
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.designer.flush_recovery();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Settings::KEY, &self.designer.settings);
    }
}
