//! Light and dark: follow the system unless the user chose one.

pub fn apply(ctx: &egui::Context, dark: Option<bool>) {
    let preference = match dark {
        Some(true) => egui::ThemePreference::Dark,
        Some(false) => egui::ThemePreference::Light,
        None => egui::ThemePreference::System,
    };
    ctx.set_theme(preference);
}
