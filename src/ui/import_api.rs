//! Systems ▸ Add a system from an API description…: pick an OpenAPI / Swagger file, see
//! the objects and operations found (each with a checkbox) and the data class of every
//! field (guessed ones marked, all editable), then import. The import itself is the
//! core's (`openapi::import`, `openapi::install`), the same as `switchboard connector
//! import`; this is only the form around it.

use egui::{RichText, Ui};

use crate::model::{Classification, Field};
use crate::openapi::{self, Imported, NoteKind};

/// The dialog's title and labels (tests find them by these).
pub const TITLE: &str = "Add a system from an API description";
pub const FILE: &str = "API description file";
pub const SYSTEM: &str = "System id";
pub const BASE_URL: &str = "Address (optional)";
pub const READ: &str = "Read the description";
pub const IMPORT: &str = "Import";

/// The dialog's state.
#[derive(Clone, Debug, Default)]
pub struct ImportApi {
    pub file: String,
    pub system: String,
    pub base_url: String,
    /// What the description holds, once read.
    pub read: Option<Box<Imported>>,
    /// Per object of `read`: import it?
    pub chosen: Vec<bool>,
    pub error: Option<String>,
}

/// The user's answer.
pub enum Answer {
    /// Import this (the objects left unticked already taken out).
    Import(Box<Imported>, String),
    Cancel,
}

impl ImportApi {
    /// Starts in `folder` (the workspace's).
    pub fn new(folder: &std::path::Path) -> ImportApi {
        ImportApi {
            file: format!("{}{}", folder.display(), std::path::MAIN_SEPARATOR),
            ..ImportApi::default()
        }
    }

    /// Reads the file named in the form.
    pub fn read_file(&mut self) {
        self.read = None;
        self.error = None;
        let path = std::path::Path::new(self.file.trim());
        if self.system.trim().is_empty() {
            self.system = suggested_id(path);
        }
        let text = match crate::store::read_document(path) {
            Ok(text) => text,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        let options = openapi::Options {
            system: self.system.trim().to_owned(),
            base_url: Some(self.base_url.trim().to_owned()).filter(|b| !b.is_empty()),
            objects: None,
        };
        match openapi::import(&text, &options) {
            Ok(imported) => {
                self.chosen = vec![true; imported.connector.objects.len()];
                self.read = Some(Box::new(imported));
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Draws the dialog; the answer once the user gives one.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Answer> {
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::new("import-api")).show(ctx, |ui| {
            ui.set_width(640.0);
            ui.heading(TITLE);
            ui.label("Switchboard reads an OpenAPI or Swagger description (JSON or YAML) and makes a connector of it: the system's objects, their fields, how to sign in and how lists page.");
            egui::Grid::new("import-api-form").num_columns(2).show(ui, |ui| {
                for (label, value, hint) in [
                    (FILE, &mut self.file, "/path/to/openapi.yaml"),
                    (SYSTEM, &mut self.system, "billing"),
                    (BASE_URL, &mut self.base_url, "https://api.example.com/v2"),
                ] {
                    let l = ui.label(label);
                    ui.add(egui::TextEdit::singleline(value).desired_width(440.0).hint_text(hint))
                        .labelled_by(l.id);
                    ui.end_row();
                }
            });
            if ui.button(READ).clicked() {
                self.read_file();
            }
            if let Some(error) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            if let Some(imported) = &mut self.read {
                ui.separator();
                found_ui(ui, imported, &mut self.chosen);
            }
            ui.separator();
            ui.horizontal(|ui| {
                let ready = self.read.is_some() && self.chosen.iter().any(|c| *c);
                if ui
                    .add_enabled(ready, egui::Button::new(IMPORT))
                    .on_disabled_hover_text("Read a description first, and tick at least one object")
                    .clicked()
                    && let Some(imported) = self.read.take()
                {
                    answer = Some(Answer::Import(chosen_only(imported, &self.chosen), self.source()));
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        if answer.is_none() && modal.should_close() {
            answer = Some(Answer::Cancel);
        }
        answer
    }

    fn source(&self) -> String {
        let path = std::path::Path::new(self.file.trim());
        path.file_name()
            .map_or_else(|| self.file.clone(), |n| n.to_string_lossy().into_owned())
    }
}

/// The objects found, with checkboxes and their fields' classes; then the notes.
fn found_ui(ui: &mut Ui, imported: &mut Imported, chosen: &mut [bool]) {
    ui.label(
        RichText::new(format!(
            "{} ({})",
            imported.connector.name, imported.version
        ))
        .strong(),
    );
    // No drag-to-scroll: a press on a checkbox or a class picker is a click, never a drag.
    let no_drag = egui::scroll_area::ScrollSource {
        drag: egui::scroll_area::DragScroll::Never,
        ..egui::scroll_area::ScrollSource::ALL
    };
    egui::ScrollArea::vertical()
        .max_height(340.0)
        .scroll_source(no_drag)
        .show(ui, |ui| {
            for (object, tick) in imported.connector.objects.iter_mut().zip(chosen.iter_mut()) {
                let ops: Vec<String> = object
                    .operations
                    .iter()
                    .map(|o| o.kind.describe())
                    .collect();
                ui.checkbox(tick, RichText::new(&object.label).strong())
                    .on_hover_text(format!("key: {}", object.key));
                ui.indent(("ops", &object.name), |ui| {
                    ui.label(format!("Can {}.", ops.join(", ")));
                    egui::CollapsingHeader::new(format!(
                        "{} and their data classes",
                        crate::words::count(object.fields.len(), "field", "fields")
                    ))
                    .id_salt(("fields", &object.name))
                    .show(ui, |ui| fields_ui(ui, &object.name, &mut object.fields));
                });
            }
            let notes: Vec<_> = imported
                .notes
                .iter()
                .filter(|n| n.kind == NoteKind::LeftOut)
                .collect();
            if !notes.is_empty() {
                ui.label(RichText::new("Left out").strong());
                for note in notes {
                    ui.label(format!("• {note}"));
                }
            }
            for note in imported.notes.iter().filter(|n| n.kind == NoteKind::Info) {
                ui.label(format!("• {note}"));
            }
        });
}

/// One row per field: its name, type and a class picker; a guess is marked until a
/// person picks a class.
fn fields_ui(ui: &mut Ui, object: &str, fields: &mut [Field]) {
    egui::Grid::new(("classes", object))
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for field in fields {
                ui.label(&field.name);
                ui.label(field.field_type.describe());
                ui.horizontal(|ui| {
                    let before = field.classification;
                    egui::ComboBox::from_id_salt(("class", object, &field.name))
                        .selected_text(class_label(field.classification))
                        .show_ui(ui, |ui| {
                            for class in Classification::ALL {
                                ui.selectable_value(
                                    &mut field.classification,
                                    class,
                                    class_label(class),
                                );
                            }
                        });
                    if field.classification != before {
                        field.guessed = false;
                    }
                    if field.guessed {
                        ui.label(RichText::new("guessed from the name").italics())
                            .on_hover_text(
                                "Confirm it by picking a class, or later in the connector file",
                            );
                    }
                });
                ui.end_row();
            }
        });
}

fn class_label(class: Classification) -> &'static str {
    match class {
        Classification::Public => "Public",
        Classification::Internal => "Internal",
        Classification::Confidential => "Confidential",
        Classification::Pii => "PII (personal)",
        Classification::Phi => "PHI (health)",
        Classification::Pci => "PCI (payment card)",
    }
}

/// The import with only the ticked objects.
fn chosen_only(mut imported: Box<Imported>, chosen: &[bool]) -> Box<Imported> {
    let mut ticks = chosen.iter();
    imported
        .connector
        .objects
        .retain(|_| ticks.next().copied().unwrap_or(true));
    imported
}

/// A system id from the file's name: `paypal-invoicing_v2.json` → `paypal_invoicing_v2`.
fn suggested_id(path: &std::path::Path) -> String {
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.split('.').next().unwrap_or_default();
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let id = id.trim_matches('_').to_owned();
    if id.is_empty() { "api".into() } else { id }
}
