//! Open…, in the app: a folder's flows and sub-folders to click through, a path box to
//! type or paste into, and Browse… for the system's dialog where there is one. Works the
//! same on every desktop, with or without a file dialog service, and a workspace folder
//! (one with a `systems.ron`) can be opened whole.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::workspace::FLOW_SUFFIX;

/// The dialog's title and button labels (tests find them by these).
pub const TITLE: &str = "Open a flow or a workspace";
pub const PATH: &str = "Path";
pub const OPEN: &str = "Open";
pub const UP: &str = "⬆ Up";
pub const OPEN_WORKSPACE: &str = "Open this folder as the workspace";
pub const BROWSE: &str = "Browse…";

/// The dialog's state.
#[derive(Clone, Debug)]
pub struct OpenFile {
    /// The folder listed.
    pub folder: PathBuf,
    /// The path box: a flow file or a folder.
    pub path: String,
    /// Why the folder cannot be listed, shown in the dialog.
    error: Option<String>,
    /// The folder's entries, read once when it is shown (not on every frame).
    listing: Option<Result<Listing, String>>,
}

/// A folder's entries, and whether it was too large to read whole.
#[derive(Clone, Debug)]
struct Listing {
    entries: Vec<Entry>,
    partial: bool,
}

/// At most this many directory entries are read: a folder of a million files must not
/// stall the window; the path box still opens any file.
const MOST_ENTRIES: usize = 2_000;

/// The user's answer.
pub enum Answer {
    Open(PathBuf),
    /// Use the system's dialog instead.
    Browse,
    Cancel,
}

/// A listed entry.
#[derive(Clone, Debug)]
struct Entry {
    name: String,
    path: PathBuf,
    is_folder: bool,
}

impl OpenFile {
    pub fn new(folder: PathBuf) -> OpenFile {
        OpenFile {
            path: folder.display().to_string(),
            folder,
            error: None,
            listing: None,
        }
    }

    /// Draws the dialog; `Some` once the user decided.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Answer> {
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::new("open-file")).show(ctx, |ui| {
            ui.set_width(560.0);
            answer = self.contents_ui(ui);
        });
        if answer.is_none() && modal.should_close() {
            answer = Some(Answer::Cancel);
        }
        answer
    }

    fn contents_ui(&mut self, ui: &mut Ui) -> Option<Answer> {
        let mut answer = None;
        ui.heading(TITLE);
        ui.horizontal(|ui| {
            let up = self.folder.parent().map(Path::to_path_buf);
            if ui
                .add_enabled(up.is_some(), egui::Button::new(UP))
                .on_hover_text("The folder above")
                .clicked()
                && let Some(up) = up
            {
                self.go_to(up);
            }
            ui.label(RichText::new(self.folder.display().to_string()).monospace());
        });
        if self.folder.join("systems.ron").is_file()
            && ui
                .button(OPEN_WORKSPACE)
                .on_hover_text(
                    "Its flows appear on the left, checked against its systems and policy",
                )
                .clicked()
        {
            answer = Some(Answer::Open(self.folder.clone()));
        }
        egui::ScrollArea::vertical()
            .max_height(280.0)
            .auto_shrink([false, true])
            .show(ui, |ui| match self.listing.get_or_insert_with(|| entries(&self.folder)).clone() {
                Ok(listing) if listing.entries.is_empty() => {
                    ui.weak("No flows or folders here.");
                }
                Ok(listing) => {
                    if listing.partial {
                        ui.weak(format!(
                            "This folder has more than {MOST_ENTRIES} entries; only part of it is listed: type the path below."
                        ));
                    }
                    for entry in listing.entries {
                        let text = if entry.is_folder {
                            format!("📁 {}", entry.name)
                        } else {
                            format!("📄 {}", entry.name)
                        };
                        let r = ui
                            .selectable_label(self.path == entry.path.display().to_string(), text);
                        if r.clicked() {
                            self.path = entry.path.display().to_string();
                        }
                        if r.double_clicked() {
                            if entry.is_folder {
                                self.go_to(entry.path);
                            } else {
                                answer = Some(Answer::Open(entry.path));
                            }
                        }
                    }
                }
                Err(why) => {
                    ui.colored_label(ui.visuals().warn_fg_color, why);
                }
            });
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().warn_fg_color, error);
        }
        let label = ui.label(PATH);
        let path_box = ui
            .add(egui::TextEdit::singleline(&mut self.path).desired_width(540.0))
            .labelled_by(label.id);
        let entered = path_box.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui.button(OPEN).clicked() || entered {
                answer = answer.take().or_else(|| self.open_typed());
            }
            if ui.button("Cancel").clicked() {
                answer = Some(Answer::Cancel);
            }
            if ui
                .button(BROWSE)
                .on_hover_text("Use the system's file dialog, where there is one")
                .clicked()
            {
                answer = Some(Answer::Browse);
            }
        });
        answer
    }

    /// What the path box names: a folder is listed (or opened when it is a workspace
    /// the user asked for by Open), a file is opened.
    fn open_typed(&mut self) -> Option<Answer> {
        let path = PathBuf::from(self.path.trim());
        if path.is_file() {
            return Some(Answer::Open(path));
        }
        if path.is_dir() {
            if path == self.folder && path.join("systems.ron").is_file() {
                return Some(Answer::Open(path));
            }
            self.go_to(path);
            return None;
        }
        self.error = Some(format!("There is no file or folder at {}", path.display()));
        None
    }

    fn go_to(&mut self, folder: PathBuf) {
        self.path = folder.display().to_string();
        self.folder = folder;
        self.error = None;
        self.listing = None;
    }
}

/// Sub-folders, then flow files, by name; hidden entries left out. A folder with more
/// than [`MOST_ENTRIES`] entries is listed in part (read once, not in full).
fn entries(folder: &Path) -> Result<Listing, String> {
    let read =
        std::fs::read_dir(folder).map_err(|e| format!("This folder cannot be listed ({e})."))?;
    let mut entries = Vec::new();
    let mut partial = false;
    for (n, item) in read.flatten().enumerate() {
        if n == MOST_ENTRIES {
            partial = true;
            break;
        }
        let name = item.file_name().to_string_lossy().into_owned();
        let is_folder = item.file_type().is_ok_and(|t| t.is_dir()) || item.path().is_dir();
        if !name.starts_with('.') && (is_folder || name.ends_with(FLOW_SUFFIX)) {
            entries.push(Entry {
                name,
                path: item.path(),
                is_folder,
            });
        }
    }
    entries.sort_by(|a, b| b.is_folder.cmp(&a.is_folder).then(a.name.cmp(&b.name)));
    Ok(Listing { entries, partial })
}
