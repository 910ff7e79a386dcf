//! Saving a flow under a file name the user chose: the first save of a new flow, Save
//! as…, and a save over a file that changed on disk. The name is asked in the app
//! (prefilled from the flow's name), Browse… offers the system's dialog where there is
//! one, and an existing file is only ever replaced after an explicit "Replace".

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::model::{Flow, slugify};
use crate::workspace::FLOW_SUFFIX;

/// What to do once the flow is saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterSave {
    Stay,
    /// Close the tab (it was being closed with unsaved changes), then go on quitting.
    Close {
        quitting: bool,
    },
}

/// The Save as dialog of one tab.
#[derive(Clone, Debug)]
pub struct SaveAs {
    pub tab: usize,
    pub folder: PathBuf,
    /// The file name as typed.
    pub name: String,
    /// A file that exists where the flow would go: waiting for Replace or Cancel.
    pub replace: Option<PathBuf>,
    /// Why the last attempt failed, shown in the dialog.
    pub error: Option<String>,
    pub then: AfterSave,
    /// Set when the dialog opened because the flow's own file changed on disk.
    pub changed_on_disk: bool,
    /// Whether the name box got the cursor yet (the first time, the name before
    /// `.flow.ron` is selected, so typing replaces it).
    focused: bool,
}

/// The user's answer.
pub enum Answer {
    /// Write to this path; `replace` when the user confirmed replacing what is there.
    Save {
        path: PathBuf,
        replace: bool,
    },
    Cancel,
}

/// The dialog's title and button labels (tests find them by these).
pub const TITLE: &str = "Save flow as";
pub const SAVE: &str = "Save";
pub const REPLACE: &str = "Replace";
pub const FILE_NAME: &str = "File name";
pub const BROWSE: &str = "Browse…";
pub const REPLACE_TITLE: &str = "Replace the existing file?";
pub const CHANGED_TITLE: &str = "The file changed on disk";
pub const ANOTHER_NAME: &str = "Choose another name";

impl SaveAs {
    /// A dialog for `flow`, in `folder`, prefilled with its file name or one made from its
    /// name.
    pub fn new(tab: usize, flow: &Flow, current: Option<&Path>, folder: PathBuf) -> SaveAs {
        let name = current
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file_name_for(flow));
        SaveAs {
            tab,
            folder,
            name,
            replace: None,
            error: None,
            then: AfterSave::Stay,
            changed_on_disk: false,
            focused: false,
        }
    }

    /// The path the typed name stands for, or why it cannot be a file name.
    pub fn path(&self) -> Result<PathBuf, String> {
        Ok(self.folder.join(normalized_name(&self.name)?))
    }

    /// Draws the dialog; `Some` once the user decided.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Answer> {
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::new("save-as")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            answer = match self.replace.clone() {
                Some(existing) => self.replace_ui(ui, &existing),
                None => self.name_ui(ui),
            };
        });
        // Escape (or a click beside the dialog) cancels, as in any dialog.
        if answer.is_none() && modal.should_close() {
            answer = Some(Answer::Cancel);
        }
        answer
    }

    fn name_ui(&mut self, ui: &mut Ui) -> Option<Answer> {
        let mut answer = None;
        ui.heading(TITLE);
        ui.label(format!("Folder: {}", self.folder.display()));
        let label = ui.label(FILE_NAME);
        let output = egui::TextEdit::singleline(&mut self.name)
            .desired_width(420.0)
            .show(ui);
        let edit = output.response.response.labelled_by(label.id);
        if !self.focused {
            self.focused = true;
            edit.request_focus();
            let stem = self.name.strip_suffix(FLOW_SUFFIX).unwrap_or(&self.name);
            let mut state = output.state;
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::two(
                    egui::text::CCursor::new(0),
                    egui::text::CCursor::new(stem.chars().count()),
                )));
            state.store(ui.ctx(), edit.id);
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.label(
            RichText::new("Flow files end in .flow.ron; it is added when left out.")
                .small()
                .weak(),
        );
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.horizontal(|ui| {
            if ui
                .button(SAVE)
                .on_hover_text("Save the flow under this name; an existing file is never replaced without asking")
                .clicked()
                || enter
            {
                answer = self.attempt();
            }
            if ui
                .button(BROWSE)
                .on_hover_text("Choose the folder and name in the system's file dialog")
                .clicked()
            {
                answer = self.browse();
            }
            if ui.button("Cancel").on_hover_text("Do not save").clicked() {
                answer = Some(Answer::Cancel);
            }
        });
        answer
    }

    fn replace_ui(&mut self, ui: &mut Ui, existing: &Path) -> Option<Answer> {
        let mut answer = None;
        let name = existing.file_name().map_or_else(
            || existing.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        if self.changed_on_disk {
            ui.heading(CHANGED_TITLE);
            ui.label(format!(
                "{name} was changed by another program or person since you opened it. Replace it with your version (theirs is lost), or save yours under another name?"
            ));
        } else {
            ui.heading(REPLACE_TITLE);
            ui.label(format!(
                "A file named {name} already exists in {}. Replacing it loses what it holds.",
                existing
                    .parent()
                    .map_or_else(String::new, |p| p.display().to_string())
            ));
        }
        ui.horizontal(|ui| {
            if ui
                .button(REPLACE)
                .on_hover_text("Write this flow over the existing file")
                .clicked()
            {
                answer = Some(Answer::Save {
                    path: existing.to_owned(),
                    replace: true,
                });
            }
            if ui
                .button(ANOTHER_NAME)
                .on_hover_text("Keep the existing file and pick another name")
                .clicked()
            {
                self.replace = None;
                self.changed_on_disk = false;
            }
            if ui.button("Cancel").on_hover_text("Do not save").clicked() {
                answer = Some(Answer::Cancel);
            }
        });
        answer
    }

    /// Save pressed: the typed name as a path, or the reason it is not one.
    fn attempt(&mut self) -> Option<Answer> {
        match self.path() {
            Ok(path) => Some(Answer::Save {
                path,
                replace: false,
            }),
            Err(why) => {
                self.error = Some(why);
                None
            }
        }
    }

    /// The system's save dialog, where there is one; its choice is saved like a typed
    /// name (an existing file still needs Replace).
    fn browse(&mut self) -> Option<Answer> {
        let chosen = rfd::FileDialog::new()
            .add_filter("Switchboard flow", &["ron"])
            .set_directory(&self.folder)
            .set_file_name(&self.name)
            .save_file();
        let Some(chosen) = chosen else {
            self.error = Some(
                "No file was chosen (this system may have no file dialog): type the name here instead."
                    .into(),
            );
            return None;
        };
        if let (Some(folder), Some(name)) = (chosen.parent(), chosen.file_name()) {
            self.folder = folder.to_owned();
            self.name = name.to_string_lossy().into_owned();
        }
        self.attempt()
    }
}

/// The file name a flow is first saved under: its name as a slug (its id when the name
/// has no letters or digits).
pub fn file_name_for(flow: &Flow) -> String {
    let slug = slugify(&flow.name);
    let stem = if slug.is_empty() {
        flow.id.to_string()
    } else {
        slug
    };
    format!("{stem}{FLOW_SUFFIX}")
}

/// A typed file name as a flow file's name: `.flow.ron` added when left out, folders and
/// hidden names refused.
pub fn normalized_name(typed: &str) -> Result<String, String> {
    let name = typed.trim();
    if name.is_empty() {
        return Err("Give the file a name.".into());
    }
    if name.contains(['/', '\\']) {
        return Err(
            "A file name cannot contain / or \\: choose another folder with Browse….".into(),
        );
    }
    if name.starts_with('.') {
        return Err("A file name cannot start with a dot (the file would be hidden).".into());
    }
    if name.chars().any(char::is_control) {
        return Err("A file name cannot contain control characters.".into());
    }
    let stem = name.strip_suffix(".ron").unwrap_or(name);
    let stem = stem.strip_suffix(".flow").unwrap_or(stem);
    if stem.is_empty() {
        return Err("Give the file a name before .flow.ron.".into());
    }
    Ok(format!("{stem}{FLOW_SUFFIX}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_names_become_flow_file_names() {
        assert_eq!(
            normalized_name(" orders ").as_deref(),
            Ok("orders.flow.ron")
        );
        assert_eq!(
            normalized_name("orders.ron").as_deref(),
            Ok("orders.flow.ron")
        );
        assert_eq!(
            normalized_name("orders.flow.ron").as_deref(),
            Ok("orders.flow.ron")
        );
        for bad in ["", "  ", "../x", "a/b", ".hidden", ".flow.ron"] {
            assert!(normalized_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_new_flow_is_named_after_its_name() {
        let id = crate::model::FlowId::new("new-flow-1").expect("id");
        let flow = Flow::new(id.clone(), "Won opportunities to ERP");
        assert_eq!(file_name_for(&flow), "won-opportunities-to-erp.flow.ron");
        let flow = Flow::new(id, "→");
        assert_eq!(file_name_for(&flow), "new-flow-1.flow.ron");
    }
}
