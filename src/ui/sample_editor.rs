//! The form that makes one sample record from the fields of the trigger's records: a
//! typed input per field (text and numbers in boxes checked as they are read, a checkbox
//! for yes/no, a dropdown for a picklist, a date box with a calendar beside it, JSON for
//! nested lists and records), required fields marked `*` and checked before the record
//! is pinned, personal data tagged with its class. It also edits a pinned record again:
//! fields the form does not know stay as they were.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use super::theme;
use crate::edit::sample_values::{example_of, input_text, parse_input};
use crate::model::{Field, FieldType, Record, Value};

/// The form's buttons (tests find them by these).
pub const PIN_RECORD: &str = "Pin record";
pub const SAVE_CHANGES: &str = "Save changes";
pub const CANCEL_EDIT: &str = "Cancel editing";
pub const CLEAR_FORM: &str = "Clear the form";

/// What a picklist's dropdown shows for no value.
pub const BLANK_CHOICE: &str = "(blank)";

/// The caption a field's input is labelled by: its name, with `*` when it is required.
pub fn field_label(name: &str, required: bool) -> String {
    if required {
        format!("{name} *")
    } else {
        name.to_owned()
    }
}

/// What the user typed so far, kept between frames.
#[derive(Clone, Debug, Default)]
pub struct FormState {
    texts: BTreeMap<String, String>,
    flags: BTreeMap<String, bool>,
    /// Why a field's input could not be read, from the latest try to pin.
    problems: BTreeMap<String, String>,
    /// The pinned record being edited again: its place in the list and the record as
    /// pinned (its fields the form does not show are kept).
    editing: Option<(usize, Record)>,
}

/// What the user asked the form for.
pub enum Submitted {
    /// Pin this new record.
    Pin(Record),
    /// Replace the pinned record at this index.
    Save(usize, Record),
}

impl FormState {
    /// Fills the form with a pinned record, to change it.
    pub fn load(&mut self, index: usize, record: &Record) {
        self.clear();
        for (name, value) in record {
            match value {
                Value::Bool(b) => {
                    self.flags.insert(name.clone(), *b);
                }
                other => {
                    self.texts.insert(name.clone(), input_text(other));
                }
            }
        }
        self.editing = Some((index, record.clone()));
    }

    pub fn clear(&mut self) {
        *self = FormState::default();
    }

    /// The pinned record being edited, if one is.
    pub fn editing(&self) -> Option<usize> {
        self.editing.as_ref().map(|(i, _)| *i)
    }

    /// Forgets an edit of a record that is no longer pinned there (an undo removed it).
    pub fn forget_edit_beyond(&mut self, pinned: usize) {
        if self.editing().is_some_and(|i| i >= pinned) {
            self.clear();
        }
    }

    /// The record the form holds, or `None` with each field's problem noted.
    fn build(&mut self, fields: &[Field]) -> Option<Record> {
        self.problems.clear();
        let mut record = self
            .editing
            .as_ref()
            .map(|(_, r)| r.clone())
            .unwrap_or_default();
        for field in fields {
            let value = if field.field_type == FieldType::Boolean {
                self.flags
                    .get(&field.name)
                    .map_or(Value::Blank, |b| Value::Bool(*b))
            } else {
                let text = self.texts.get(&field.name).map_or("", String::as_str);
                match parse_input(&field.field_type, text) {
                    Ok(value) => value,
                    Err(why) => {
                        self.problems.insert(field.name.clone(), capitalised(&why));
                        continue;
                    }
                }
            };
            if value == Value::Blank {
                record.remove(&field.name);
                if field.required {
                    let why = format!("Required: fill in {}", example_of(&field.field_type));
                    self.problems.insert(field.name.clone(), why);
                }
            } else {
                record.insert(field.name.clone(), value);
            }
        }
        self.problems.is_empty().then_some(record)
    }
}

/// The form over `fields`; what the user submitted, if anything this frame.
pub fn form_ui(ui: &mut Ui, fields: &[Field], state: &mut FormState) -> Option<Submitted> {
    if fields.is_empty() {
        ui.label("The trigger's records have no fields to fill in.");
        return None;
    }
    if let Some(index) = state.editing() {
        ui.label(RichText::new(format!("Editing pinned record {}", index + 1)).strong());
    }
    ui.label(
        RichText::new("Fields marked * are required. Leave a box empty for no value.")
            .small()
            .weak(),
    );
    egui::Grid::new("sample-form")
        .num_columns(2)
        .striped(true)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for field in fields {
                field_row_ui(ui, field, state);
                ui.end_row();
            }
        });
    if !state.problems.is_empty() {
        let text = match state.problems.len() {
            1 => "1 field needs attention before the record can be pinned.".to_owned(),
            n => format!("{n} fields need attention before the record can be pinned."),
        };
        ui.colored_label(theme::error_text(ui.visuals()), text);
    }
    buttons_ui(ui, fields, state)
}

/// Pin (or Save and Cancel when editing) and Clear.
fn buttons_ui(ui: &mut Ui, fields: &[Field], state: &mut FormState) -> Option<Submitted> {
    let mut submitted = None;
    ui.horizontal(|ui| {
        let (caption, tip) = match state.editing() {
            Some(_) => (
                SAVE_CHANGES,
                "Replace the pinned record with what the form holds",
            ),
            None => (
                PIN_RECORD,
                "Pin this record into the flow: the trigger emits it in test runs",
            ),
        };
        if ui.button(caption).on_hover_text(tip).clicked()
            && let Some(record) = state.build(fields)
        {
            submitted = Some(match state.editing() {
                Some(index) => Submitted::Save(index, record),
                None => Submitted::Pin(record),
            });
            state.clear();
        }
        if state.editing().is_some() {
            if ui
                .button(CANCEL_EDIT)
                .on_hover_text("Leave the pinned record as it is")
                .clicked()
            {
                state.clear();
            }
        } else if ui
            .button(CLEAR_FORM)
            .on_hover_text("Empty every box")
            .clicked()
        {
            state.clear();
        }
    });
    submitted
}

/// One field: its caption (with its type, class and description on hover) and input.
fn field_row_ui(ui: &mut Ui, field: &Field, state: &mut FormState) {
    let caption = field_label(&field.name, field.required);
    let mut hover = format!(
        "{}: {}",
        field.field_type.describe(),
        example_of(&field.field_type)
    );
    if !field.description.is_empty() {
        hover = format!("{}\n{hover}", field.description);
    }
    let label = ui.horizontal(|ui| {
        let label = ui.label(&caption).on_hover_text(&hover);
        if field.classification.is_personal() {
            ui.label(
                RichText::new(field.classification.label())
                    .small()
                    .color(theme::error_text(ui.visuals())),
            )
            .on_hover_text("Personal data: masked wherever records are shown");
        }
        label
    });
    let label_id = label.inner.id;
    ui.vertical(|ui| {
        match &field.field_type {
            FieldType::Boolean => {
                let mut on = state.flags.get(&field.name).copied().unwrap_or(false);
                let response = ui
                    .checkbox(&mut on, "")
                    .labelled_by(label_id)
                    .on_hover_text(&hover);
                if response.changed() {
                    state.flags.insert(field.name.clone(), on);
                }
            }
            FieldType::Picklist(values) => picklist_ui(ui, field, values, label_id, state),
            FieldType::Date => date_ui(ui, field, label_id, &hover, state),
            other => {
                let text = state.texts.entry(field.name.clone()).or_default();
                let hint = match other {
                    FieldType::DateTime => "2026-11-20T09:30:00Z".to_owned(),
                    FieldType::List(_) | FieldType::Record(_) => "JSON".to_owned(),
                    _ => String::new(),
                };
                let mut edit = egui::TextEdit::singleline(text)
                    .hint_text(hint)
                    .desired_width(260.0_f32.min(ui.available_width()));
                if matches!(other, FieldType::List(_) | FieldType::Record(_)) {
                    edit = edit.code_editor();
                }
                ui.add(edit).labelled_by(label_id).on_hover_text(&hover);
            }
        }
        if let Some(problem) = state.problems.get(&field.name) {
            ui.colored_label(
                theme::error_text(ui.visuals()),
                RichText::new(problem).small(),
            );
        }
    });
}

/// A dropdown of a picklist's values, with a blank choice first.
fn picklist_ui(
    ui: &mut Ui,
    field: &Field,
    values: &[String],
    label: egui::Id,
    state: &mut FormState,
) {
    let current = state.texts.entry(field.name.clone()).or_default();
    let shown = if current.is_empty() {
        BLANK_CHOICE.to_owned()
    } else {
        current.clone()
    };
    egui::ComboBox::from_id_salt(("sample-choice", &field.name))
        .selected_text(shown)
        .width(260.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(current.is_empty(), BLANK_CHOICE)
                .clicked()
            {
                current.clear();
            }
            for value in values {
                if ui.selectable_label(current == value, value).clicked() {
                    value.clone_into(current);
                }
            }
        })
        .response
        .labelled_by(label);
}

/// A box for a date, year-month-day, with a calendar to pick it from beside it.
fn date_ui(ui: &mut Ui, field: &Field, label: egui::Id, hover: &str, state: &mut FormState) {
    let text = state.texts.entry(field.name.clone()).or_default();
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text("YYYY-MM-DD")
                .desired_width(110.0),
        )
        .labelled_by(label)
        .on_hover_text(hover);
        let typed = text.trim().parse::<jiff::civil::Date>().ok();
        let mut date = typed.unwrap_or_else(|| jiff::Zoned::now().date());
        let salt = format!("sample-date-{}", field.name);
        let picked = ui
            .add(
                egui_extras::DatePickerButton::new(&mut date)
                    .id_salt(&salt)
                    // The box beside it shows the date: the button is only the calendar.
                    .format("")
                    .calendar_week(false),
            )
            .on_hover_text("Pick the date from a calendar");
        if picked.changed() {
            *text = date.to_string();
        }
    });
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
