//! A list of record fields a person declares — a sub-flow's input and each of its
//! outputs: one row per field with its name, type, whether it is required and its data
//! class, a remove button, and "Add a field".

use egui::Ui;

use crate::model::{Classification, Field, FieldType};

const TYPES: [FieldType; 9] = [
    FieldType::Text,
    FieldType::Number,
    FieldType::Integer,
    FieldType::Currency,
    FieldType::Boolean,
    FieldType::Date,
    FieldType::DateTime,
    FieldType::Email,
    FieldType::Phone,
];

/// Label of the button adding a field (tests find it by this).
pub const ADD_FIELD: &str = "Add a field";

/// The rows of `fields`; true when any changed.
pub fn fields_ui(ui: &mut Ui, salt: &str, fields: &mut Vec<Field>) -> bool {
    let mut changed = false;
    let mut remove = None;
    // Two lines a field: its whole name, then its type, whether required and its class,
    // so a long name is never cut in the inspector's width.
    for (i, field) in fields.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let width = (ui.available_width() - 32.0).max(80.0);
            changed |= ui
                .add(egui::TextEdit::singleline(&mut field.name).desired_width(width))
                .on_hover_text("The field's name, as formulas write it")
                .changed();
            if ui
                .small_button("✖")
                .on_hover_text(format!("Remove the field {}", field.name))
                .clicked()
            {
                remove = Some(i);
            }
        });
        ui.horizontal(|ui| {
            ui.add_space(12.0);
            egui::ComboBox::from_id_salt(("field-type", salt, i))
                .selected_text(field.field_type.describe())
                .width(100.0)
                .show_ui(ui, |ui| {
                    for t in &TYPES {
                        if ui
                            .selectable_label(&field.field_type == t, t.describe())
                            .clicked()
                            && &field.field_type != t
                        {
                            field.field_type = t.clone();
                            changed = true;
                        }
                    }
                })
                .response
                .on_hover_text("What kind of value the field holds");
            changed |= ui
                .checkbox(&mut field.required, "required")
                .on_hover_text("Every record must have it")
                .changed();
            egui::ComboBox::from_id_salt(("field-class", salt, i))
                .selected_text(field.classification.label())
                .width(90.0)
                .show_ui(ui, |ui| {
                    for c in Classification::ALL {
                        if ui
                            .selectable_label(field.classification == c, c.label())
                            .clicked()
                            && field.classification != c
                        {
                            field.classification = c;
                            field.guessed = false;
                            changed = true;
                        }
                    }
                })
                .response
                .on_hover_text(
                    "Its data class: governance follows personal data (PII, PHI, PCI) wherever it goes",
                );
        });
        ui.add_space(4.0);
    }
    if let Some(i) = remove {
        fields.remove(i);
        changed = true;
    }
    if ui
        .button(ADD_FIELD)
        .on_hover_text("Declare one more field")
        .clicked()
    {
        let mut n = fields.len() + 1;
        while fields.iter().any(|f| f.name == format!("Field{n}")) {
            n += 1;
        }
        fields.push(Field::new(format!("Field{n}"), FieldType::Text));
        changed = true;
    }
    changed
}
