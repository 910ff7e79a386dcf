//! A Lookup step's form: the object to find a record of, the field to match on, the value
//! to match (a formula over the incoming item), and the name the found record is attached
//! as.

use egui::Ui;

use super::form::Form;
use crate::model::SystemId;

pub fn form_ui(
    ui: &mut Ui,
    form: &mut Form,
    system: &mut SystemId,
    object: &mut String,
    match_field: &mut String,
    key: &mut String,
    into: &mut String,
) -> Option<&'static str> {
    let mut what = form.system_and_object(ui, system, object);
    if form.field(
        ui,
        "Match on",
        "The field of the found record that must equal the value below",
        (system, object),
        match_field,
    ) {
        what = Some("match field");
    }
    if form.formula(
        ui,
        "key",
        "Value to match",
        "A formula over the incoming item, such as AccountId",
        key,
    ) {
        what = Some("key");
    }
    ui.horizontal(|ui| {
        ui.label("Attach as");
        if ui
            .text_edit_singleline(into)
            .on_hover_text("Later formulas reach the found record by this name, e.g. Account.Name")
            .changed()
        {
            what = Some("attach name");
        }
    });
    what
}
