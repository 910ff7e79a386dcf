//! Systems ▸ Add a system from an API description…: pick an OpenAPI / Swagger file, see
//! the objects and operations found (each with a checkbox) and the data class of every
//! field, nested ones included (guessed ones marked, all editable), then import. The
//! import itself is the core's (`openapi::import`, `openapi::install`), the same as
//! `switchboard connector import`; this is only the form around it.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::model::{Classification, Field, FieldType};
use crate::openapi::{self, Imported, NoteKind, install};

/// The dialog's title and labels (tests find them by these).
pub const TITLE: &str = "Add a system from an API description";
pub const FILE: &str = "API description file";
pub const SYSTEM: &str = "System id";
pub const BASE_URL: &str = "Address (optional)";
pub const READ: &str = "Read the description";
pub const BROWSE: &str = "Browse…";
pub const IMPORT: &str = "Import";

/// The height of the list of what was found: fixed, so the dialog keeps its size and
/// place while folds open and the list scrolls (a modal re-centres when it grows).
const LIST_HEIGHT: f32 = 420.0;
/// The dialog's least height: room for the list, an error and the note on an existing
/// id, so that none of them appearing moves the dialog.
const DIALOG_HEIGHT: f32 = 720.0;
/// The width of the field-name column of the class list.
const NAME_WIDTH: f32 = 260.0;
/// The height of the separator and the row of buttons at the dialog's foot.
const BUTTONS_HEIGHT: f32 = 32.0;

/// Numbers the lists read, across dialogs: each starts scrolled to the top with its folds
/// closed (egui keeps scroll and fold state by id).
static READS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

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
    /// The form (file, id, address) `read` was made from: Import reads again when the
    /// user changed it since.
    read_with: Option<[String; 3]>,
    /// The id last suggested from a file name: replaced when another file is read, kept
    /// once the user types their own.
    suggested: Option<String>,
    /// The workspace the system goes into, and the ids it already has.
    root: PathBuf,
    existing: Vec<String>,
    /// Which read the list shows (see [`READS`]).
    generation: u32,
}

/// The user's answer.
pub enum Answer {
    /// Import this (the objects left unticked already taken out).
    Import(Box<Imported>, String),
    Cancel,
}

impl ImportApi {
    /// Starts in the workspace folder `root`, whose systems have the ids `existing`.
    pub fn new(root: &Path, existing: Vec<String>) -> ImportApi {
        ImportApi {
            file: format!("{}{}", root.display(), std::path::MAIN_SEPARATOR),
            root: root.to_owned(),
            existing,
            ..ImportApi::default()
        }
    }

    fn form(&self) -> [String; 3] {
        [
            self.file.trim().to_owned(),
            self.system.trim().to_owned(),
            self.base_url.trim().to_owned(),
        ]
    }

    /// Reads the file named in the form.
    pub fn read_file(&mut self) {
        self.read = None;
        self.read_with = None;
        self.error = None;
        let path = PathBuf::from(self.file.trim());
        let text = match crate::store::read_document(&path) {
            Ok(text) => text,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        let own_id =
            !self.system.trim().is_empty() && self.suggested.as_deref() != Some(self.system.trim());
        if !own_id {
            let id = suggested_id(&path);
            self.system.clone_from(&id);
            self.suggested = Some(id);
        }
        let options = openapi::Options {
            system: self.system.trim().to_owned(),
            base_url: Some(self.base_url.trim().to_owned()).filter(|b| !b.is_empty()),
            objects: None,
        };
        match openapi::import(&text, &options) {
            Ok(mut imported) => {
                // What people set in a connector already there is shown, and kept.
                install::carry_over_from(&self.root, &mut imported);
                self.chosen = vec![true; imported.connector.objects.len()];
                self.read = Some(Box::new(imported));
                self.read_with = Some(self.form());
                self.generation = READS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// The import as the form now says: read again if the file, id or address changed
    /// since it was read, keeping the objects ticked and the classes picked.
    fn current(&mut self) -> Option<Box<Imported>> {
        if self.read_with.as_ref() != Some(&self.form()) {
            let before = self.read.take()?;
            let ticked: Vec<String> = before
                .connector
                .objects
                .iter()
                .zip(&self.chosen)
                .filter(|(_, tick)| **tick)
                .map(|(o, _)| o.name.clone())
                .collect();
            self.read_file();
            let now = self.read.as_mut()?;
            install::carry_classes(&before.connector, &mut now.connector);
            self.chosen = now
                .connector
                .objects
                .iter()
                .map(|o| ticked.contains(&o.name))
                .collect();
        }
        let imported = self.read.take()?;
        Some(chosen_only(imported, &self.chosen))
    }

    /// Draws the dialog; the answer once the user gives one.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Answer> {
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::new("import-api")).show(ctx, |ui| {
            ui.set_width(640.0);
            let top = ui.cursor().top();
            ui.heading(TITLE);
            ui.label("Switchboard reads an OpenAPI or Swagger description (JSON or YAML) and makes a connector of it: the system's objects, their fields, how to sign in and how lists page.");
            self.form_ui(ui);
            if let Some(error) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.separator();
            let generation = self.generation;
            match &mut self.read {
                Some(imported) => found_ui(ui, imported, &mut self.chosen, generation),
                None => {
                    ui.allocate_ui(egui::vec2(ui.available_width(), LIST_HEIGHT), |ui| {
                        ui.set_min_height(LIST_HEIGHT);
                        ui.weak("The objects, fields and data classes found show here once the description is read.");
                    });
                }
            }
            // The buttons stay at the bottom of a dialog of constant height, whatever
            // appeared above them.
            let used = ui.cursor().top() - top;
            ui.add_space((DIALOG_HEIGHT - BUTTONS_HEIGHT - used).max(0.0));
            ui.separator();
            ui.horizontal(|ui| {
                let ready = self.read.is_some() && self.chosen.iter().any(|c| *c);
                if ui
                    .add_enabled(ready, egui::Button::new(IMPORT))
                    .on_disabled_hover_text("Read a description first, and tick at least one object")
                    .clicked()
                    && let Some(imported) = self.current()
                {
                    answer = Some(Answer::Import(imported, self.source()));
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        // A click beside the dialog closes it only while nothing was read or picked.
        if answer.is_none() && modal.should_close() && self.read.is_none() {
            answer = Some(Answer::Cancel);
        }
        answer
    }

    fn form_ui(&mut self, ui: &mut Ui) {
        let mut entered = false;
        egui::Grid::new("import-api-form")
            .num_columns(2)
            .show(ui, |ui| {
                for (label, value, example) in [
                    (FILE, &mut self.file, "for example /home/me/openapi.yaml"),
                    (SYSTEM, &mut self.system, "suggested from the file's name"),
                    (
                        BASE_URL,
                        &mut self.base_url,
                        "the description's own servers unless you give one",
                    ),
                ] {
                    let l = ui.label(label);
                    let response = ui
                        .add(
                            egui::TextEdit::singleline(value)
                                .desired_width(440.0)
                                .hint_text(RichText::new(example).italics()),
                        )
                        .labelled_by(l.id);
                    // Enter in any of the boxes reads the description, as the button does.
                    entered |=
                        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.end_row();
                }
            });
        let id = self.system.trim();
        if self.existing.iter().any(|e| e == id) {
            ui.label(format!(
                "The workspace already has a system `{id}`: importing updates its connector and addresses; its owner and approved data classes stay, and the connector file it has now is kept as {id}.ron.previous."
            ));
        }
        ui.horizontal(|ui| {
            if ui.button(READ).clicked() || entered {
                self.read_file();
            }
            let browse = ui
                .button(BROWSE)
                .on_hover_text("Choose the file with the system's file dialog");
            if browse.clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .set_directory(&self.root)
                    .add_filter("API description", &["json", "yaml", "yml"])
                    .pick_file()
            {
                self.file = path.display().to_string();
                self.read_file();
            }
        });
    }

    fn source(&self) -> String {
        let path = Path::new(self.file.trim());
        path.file_name()
            .map_or_else(|| self.file.clone(), |n| n.to_string_lossy().into_owned())
    }
}

/// The objects found, with checkboxes and their fields' classes; then the notes.
fn found_ui(ui: &mut Ui, imported: &mut Imported, chosen: &mut [bool], generation: u32) {
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
    // Both ways: a long nested field name scrolls sideways instead of widening (and so
    // moving) the dialog.
    egui::ScrollArea::both()
        .id_salt(("import-api-found", generation))
        .max_width(ui.available_width())
        .max_height(LIST_HEIGHT)
        .min_scrolled_height(LIST_HEIGHT)
        .auto_shrink([false, false])
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
                    if object.fields.is_empty() {
                        ui.weak(
                            "No fields described: add them to the connector file after importing.",
                        );
                        return;
                    }
                    egui::CollapsingHeader::new(fields_heading(&object.fields))
                        .id_salt(("fields", &object.name, generation))
                        .show(ui, |ui| {
                            egui::Grid::new(("classes", &object.name))
                                .num_columns(3)
                                .striped(true)
                                .show(ui, |ui| {
                                    field_rows(ui, &object.name, "", &mut object.fields)
                                });
                        });
                });
            }
            notes_ui(ui, imported);
        });
}

fn notes_ui(ui: &mut Ui, imported: &Imported) {
    let left_out: Vec<_> = imported
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::LeftOut)
        .collect();
    if !left_out.is_empty() {
        ui.label(RichText::new("Left out").strong());
        for note in left_out {
            ui.label(format!("• {note}"));
        }
    }
    let info: Vec<_> = imported
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Info)
        .collect();
    if !info.is_empty() {
        ui.label(RichText::new("Good to know").strong());
        for note in info {
            ui.label(format!("• {note}"));
        }
    }
}

/// One row per field, nested ones under their record's name (`parent.requester_email`):
/// its name, type and a class picker; a guess is marked until a person picks a class.
fn field_rows(ui: &mut Ui, object: &str, prefix: &str, fields: &mut [Field]) {
    for field in fields {
        let name = if prefix.is_empty() {
            field.name.clone()
        } else {
            format!("{prefix}.{}", field.name)
        };
        // A fixed column: a long nested name is cut (whole on hover), the pickers stay in view.
        ui.allocate_ui_with_layout(
            egui::vec2(NAME_WIDTH, ui.spacing().interact_size.y),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_width(NAME_WIDTH);
                ui.add(egui::Label::new(&name).truncate());
            },
        );
        ui.label(field.field_type.describe());
        ui.horizontal(|ui| {
            let before = field.classification;
            egui::ComboBox::from_id_salt(("class", object, &name))
                .selected_text(class_label(field.classification))
                .show_ui(ui, |ui| {
                    for class in Classification::ALL {
                        ui.selectable_value(&mut field.classification, class, class_label(class));
                    }
                });
            if field.classification != before {
                field.guessed = false;
            }
            if field.guessed {
                ui.label(RichText::new("guessed from the name").italics())
                    .on_hover_text("Confirm it by picking a class, or later in the connector file");
            }
        });
        ui.end_row();
        let inner = match &mut field.field_type {
            FieldType::Record(inner) => Some(inner),
            FieldType::List(item) => match item.as_mut() {
                FieldType::Record(inner) => Some(inner),
                _ => None,
            },
            _ => None,
        };
        if let Some(inner) = inner {
            field_rows(ui, object, &name, inner);
        }
    }
}

/// "10 fields and their data classes", with "(30 with nested ones)" when some are records.
fn fields_heading(fields: &[Field]) -> String {
    let mut all = 0;
    crate::model::visit_fields(fields, "", &mut |_, _| all += 1);
    let top = crate::words::count(fields.len(), "field", "fields");
    if all > fields.len() {
        format!("{top} and their data classes ({all} with nested ones)")
    } else {
        format!("{top} and their data classes")
    }
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
fn suggested_id(path: &Path) -> String {
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
