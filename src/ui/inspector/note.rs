//! A note's form: its text.

use egui::Ui;

pub fn form_ui(ui: &mut Ui, text: &mut String) -> Option<&'static str> {
    ui.add(egui::TextEdit::multiline(text).desired_width(f32::INFINITY))
        .on_hover_text("A note for whoever reads this flow next")
        .changed()
        .then_some("note")
}
