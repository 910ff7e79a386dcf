//! A Filter step's form: the condition items must meet to pass.

use egui::Ui;

use super::form::Form;

pub fn form_ui(ui: &mut Ui, form: &mut Form, condition: &mut String) -> Option<&'static str> {
    form.formula(
        ui,
        "condition",
        "Let through only when",
        "A condition, such as StageName = \"Closed Won\"",
        condition,
    )
    .then_some("condition")
}
