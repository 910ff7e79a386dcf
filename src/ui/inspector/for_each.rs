//! A For each step's form: the list field whose entries become items of their own.

use egui::Ui;

use super::form::Form;

pub fn form_ui(ui: &mut Ui, form: &mut Form, list: &mut String) -> Option<&'static str> {
    form.formula(
        ui,
        "list",
        "For each entry of",
        "A list field of the incoming item, such as LineItems",
        list,
    )
    .then_some("list")
}
