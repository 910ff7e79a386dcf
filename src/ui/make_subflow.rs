//! The "Make a sub-flow" dialog: the name of the sub-flow the selected steps move into,
//! the file it is saved as in the workspace, and why it cannot be made, said in the
//! dialog where the user is looking.

use egui::{RichText, Ui};

use crate::model::slugify;
use crate::workspace::FLOW_SUFFIX;

/// The dialog's title and labels (tests find them by these).
pub const TITLE: &str = "Make a sub-flow";
pub const NAME: &str = "Name of the sub-flow";
pub const MAKE: &str = "Make the sub-flow";
pub const CANCEL: &str = "Cancel";

/// The dialog of one "Make a sub-flow".
#[derive(Clone, Debug)]
pub struct MakeSubflow {
    pub name: String,
    /// How many steps move.
    pub steps: usize,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// The names and ids the workspace's flows have (lower case): a sub-flow may take
    /// none of them, and the dialog says so as the name is typed.
    pub taken: Vec<String>,
    focused: bool,
}

/// The user's answer.
pub enum Answer {
    Make(String),
    Cancel,
}

impl MakeSubflow {
    pub fn new(steps: usize, taken: Vec<String>) -> MakeSubflow {
        MakeSubflow {
            name: "New sub-flow".into(),
            steps,
            error: None,
            taken,
            focused: false,
        }
    }

    /// Why the name typed cannot be taken, if it cannot.
    fn clash(&self) -> Option<String> {
        let name = self.name.trim().to_lowercase();
        let id = slugify(&self.name);
        if self.taken.contains(&name) {
            Some(format!(
                "A flow of the workspace is called '{}' already: choose another name",
                self.name.trim()
            ))
        } else if self.taken.contains(&id) {
            Some(format!(
                "{} is taken by another flow of the workspace: choose another name",
                self.file_name()
            ))
        } else {
            None
        }
    }

    /// The file the sub-flow would be saved as.
    pub fn file_name(&self) -> String {
        let slug = slugify(&self.name);
        format!(
            "{}{FLOW_SUFFIX}",
            if slug.is_empty() { "sub-flow" } else { &slug }
        )
    }

    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Answer> {
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
            return Some(Answer::Cancel);
        }
        let mut answer = None;
        egui::Modal::new(egui::Id::new("make-subflow")).show(ctx, |ui: &mut Ui| {
            ui.set_width(440.0);
            ui.heading(TITLE);
            let moving = if self.steps == 1 {
                "The selected step moves into a sub-flow of its own, saved in the workspace, and is replaced here by one step calling it.".to_owned()
            } else {
                format!(
                    "The {} selected steps move into a sub-flow of their own, saved in the workspace, and are replaced here by one step calling it.",
                    self.steps
                )
            };
            ui.label(format!(
                "{moving} Other flows can call it too, from \"Reusable steps\" in the palette."
            ));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let caption = ui.label(NAME);
                let r = ui
                    .add(egui::TextEdit::singleline(&mut self.name).desired_width(240.0))
                    .labelled_by(caption.id);
                if !self.focused {
                    self.focused = true;
                    r.request_focus();
                    crate::ui::inspector::select_all(ui, r.id, &self.name);
                }
                if r.changed() {
                    self.error = None;
                }
                if r.lost_focus()
                    && ui.input(|i| i.key_pressed(egui::Key::Enter))
                    && self.clash().is_none()
                {
                    answer = Some(Answer::Make(self.name.clone()));
                }
            });
            ui.label(RichText::new(format!("Saved as {}", self.file_name())).weak());
            if let Some(error) = self.error.clone().or_else(|| self.clash()) {
                ui.colored_label(crate::ui::theme::error_text(ui.visuals()), error);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let named = !self.name.trim().is_empty();
                let free = self.clash().is_none();
                if ui
                    .add_enabled(named && free, egui::Button::new(MAKE))
                    .on_disabled_hover_text("Give the sub-flow a name no other flow has")
                    .clicked()
                {
                    answer = Some(Answer::Make(self.name.clone()));
                }
                if ui.button(CANCEL).clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        answer
    }
}
