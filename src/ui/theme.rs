//! Light and dark, and every colour the designer uses, named for what it means: a finding's
//! severity, a run's outcome, the selection, a data class, a formula's tokens. Panels ask
//! here; no RGB literal lives anywhere else.

use egui::Color32;

use crate::governance::Severity;

/// Follows the system unless the user chose one.
pub fn apply(ctx: &egui::Context, dark: Option<bool>) {
    let preference = match dark {
        Some(true) => egui::ThemePreference::Dark,
        Some(false) => egui::ThemePreference::Light,
        None => egui::ThemePreference::System,
    };
    ctx.set_theme(preference);
}

/// Errors: findings, failed steps, cells that failed.
pub const ERROR: Color32 = Color32::from_rgb(220, 70, 60);
/// Warnings.
pub const WARNING: Color32 = Color32::from_rgb(210, 150, 20);
/// A step that ran without errors.
pub const SUCCESS: Color32 = Color32::from_rgb(60, 170, 90);
/// A step no item reached; a pin whose records are unknown.
pub const IDLE: Color32 = Color32::GRAY;
/// The outline of selected steps.
pub const SELECTED: Color32 = Color32::from_rgb(60, 140, 255);
/// A sticky note's paper.
pub const NOTE_PAPER: Color32 = Color32::from_rgb(250, 236, 160);
/// A pin carrying a trigger's own payload (not a system's records).
pub const PAYLOAD_PIN: Color32 = Color32::from_rgb(150, 150, 220);
/// The badge of personal data classes (PII, PHI, PCI).
pub const PERSONAL_CLASS: Color32 = Color32::from_rgb(200, 80, 160);
/// The badge of other classified data (Confidential).
pub const CLASSIFIED: Color32 = Color32::from_rgb(120, 120, 200);
/// The underline of a formula span an error points at.
pub const UNDERLINE_ERROR: Color32 = Color32::from_rgb(230, 60, 50);
/// The underline of a formula span a warning points at.
pub const UNDERLINE_WARNING: Color32 = Color32::from_rgb(220, 160, 20);
/// A character that means nothing in a formula.
pub const UNKNOWN_TOKEN: Color32 = Color32::from_rgb(220, 60, 60);

/// The colour of a finding's severity; notes are as quiet as weak text.
pub fn severity(severity: Severity, visuals: &egui::Visuals) -> Color32 {
    match severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
        Severity::Info => visuals.weak_text_color(),
    }
}

/// The colours of a formula's tokens, readable on the theme's background.
pub struct Syntax {
    pub text: Color32,
    pub number: Color32,
    pub name: Color32,
    pub function: Color32,
    pub operator: Color32,
}

pub fn syntax(dark: bool) -> Syntax {
    if dark {
        Syntax {
            text: Color32::from_rgb(206, 145, 120),
            number: Color32::from_rgb(181, 206, 168),
            name: Color32::from_rgb(156, 220, 254),
            function: Color32::from_rgb(220, 220, 170),
            operator: Color32::from_rgb(200, 200, 200),
        }
    } else {
        Syntax {
            text: Color32::from_rgb(163, 21, 21),
            number: Color32::from_rgb(9, 134, 88),
            name: Color32::from_rgb(0, 80, 160),
            function: Color32::from_rgb(121, 94, 38),
            operator: Color32::from_rgb(60, 60, 60),
        }
    }
}
