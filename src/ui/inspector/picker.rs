//! The one dropdown every step form uses to choose from a list (a system, an object, a
//! field, an action): a caption the box is labelled by, the options with the words shown
//! for them, and the current value, which changes only when the user picks another.

use std::hash::Hash;

use egui::Ui;

/// A labelled dropdown over `options` (value, shown as); true when `current` changed.
pub fn pick<T: PartialEq + Clone>(
    ui: &mut Ui,
    salt: impl Hash + std::fmt::Debug,
    caption: &str,
    tooltip: &str,
    options: &[(T, String)],
    current: &mut T,
    shown: String,
) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let label = ui.label(caption);
        egui::ComboBox::from_id_salt(salt)
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (value, text) in options {
                    if ui.selectable_label(value == current, text).clicked() && value != current {
                        *current = value.clone();
                        changed = true;
                    }
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(tooltip);
    });
    changed
}
