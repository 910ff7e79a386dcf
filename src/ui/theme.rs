//! Light and dark, and every colour the designer uses, named for what it means: a finding's
//! severity, a run's outcome, the selection, a data class, a formula's tokens. Panels ask
//! here; no RGB literal lives anywhere else.

use egui::Color32;

use crate::governance::Severity;

/// Puts the designer's text colours into both of egui's themes: every text at least
/// 4.5:1 against the background it is drawn on (WCAG AA), which egui's own warning,
/// link and weak-text colours are not in the light theme.
pub fn install(ctx: &egui::Context) {
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        ctx.style_mut_of(theme, |style| readable(&mut style.visuals));
    }
}

/// `visuals` with text colours readable on their backgrounds.
pub fn readable(visuals: &mut egui::Visuals) {
    if visuals.dark_mode {
        // egui's grey 140 body text is dim for long reading; weak text stays below it.
        visuals.widgets.noninteractive.fg_stroke.color = Color32::from_gray(200);
        visuals.weak_text_color = Some(Color32::from_gray(160));
        visuals.warn_fg_color = Color32::from_rgb(255, 160, 60);
        visuals.error_fg_color = Color32::from_rgb(255, 115, 105);
        visuals.hyperlink_color = Color32::from_rgb(120, 185, 255);
    } else {
        visuals.weak_text_color = Some(Color32::from_gray(95));
        visuals.warn_fg_color = Color32::from_rgb(160, 75, 0);
        visuals.error_fg_color = Color32::from_rgb(190, 20, 20);
        visuals.hyperlink_color = Color32::from_rgb(0, 90, 180);
        // Selected rows (tabs, flows, list entries): dark text on a light blue.
        visuals.selection.stroke.color = Color32::from_rgb(0, 60, 100);
    }
}

/// Error text (messages, failed cells) in the current theme.
pub fn error_text(visuals: &egui::Visuals) -> Color32 {
    visuals.error_fg_color
}

/// Warning text in the current theme.
pub fn warning_text(visuals: &egui::Visuals) -> Color32 {
    visuals.warn_fg_color
}

/// Text that says something went well, in the current theme.
pub fn success_text(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(100, 205, 130)
    } else {
        Color32::from_rgb(20, 115, 50)
    }
}

/// The background of a banner over the canvas (review mode, not checked).
pub fn banner_fill(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(58, 42, 16)
    } else {
        Color32::from_rgb(255, 236, 200)
    }
}

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
/// A step no item reached; a pin whose records are unknown.
pub const IDLE: Color32 = Color32::GRAY;
/// The outline of selected steps.
pub const SELECTED: Color32 = Color32::from_rgb(60, 140, 255);
/// A sticky note's paper.
pub const NOTE_PAPER: Color32 = Color32::from_rgb(250, 236, 160);
/// A sticky note's text, dark on its paper in both themes.
pub const NOTE_INK: Color32 = Color32::from_rgb(60, 50, 20);
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
        Severity::Error => error_text(visuals),
        Severity::Warning => warning_text(visuals),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The WCAG contrast ratio of two colours (1 to 21).
    fn contrast(a: Color32, b: Color32) -> f32 {
        let luminance = |c: Color32| {
            let channel = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.04045 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
        };
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// Every text colour against every background it is drawn on, in both themes.
    #[test]
    fn all_text_reaches_4_5_to_1_in_both_themes() {
        for mut visuals in [egui::Visuals::light(), egui::Visuals::dark()] {
            readable(&mut visuals);
            let which = if visuals.dark_mode { "dark" } else { "light" };
            let syntax = syntax(visuals.dark_mode);
            let texts = [
                ("text", visuals.text_color()),
                ("weak text", visuals.weak_text_color()),
                ("strong text", visuals.strong_text_color()),
                ("warning", warning_text(&visuals)),
                ("error", error_text(&visuals)),
                ("success", success_text(&visuals)),
                ("link", visuals.hyperlink_color),
                ("button text", visuals.widgets.inactive.text_color()),
            ];
            let backgrounds = [
                ("panel", visuals.panel_fill),
                ("window", visuals.window_fill),
                ("text box", visuals.text_edit_bg_color()),
                ("banner", banner_fill(&visuals)),
            ];
            for (text, colour) in texts {
                for (background, fill) in backgrounds {
                    let ratio = contrast(colour, fill);
                    assert!(
                        ratio >= 4.5,
                        "{which}: {text} on {background} is {ratio:.2}:1"
                    );
                }
            }
            for (token, colour) in [
                ("text", syntax.text),
                ("number", syntax.number),
                ("name", syntax.name),
                ("function", syntax.function),
                ("operator", syntax.operator),
            ] {
                let ratio = contrast(colour, visuals.text_edit_bg_color());
                assert!(ratio >= 4.5, "{which}: formula {token} is {ratio:.2}:1");
            }
            let note = contrast(NOTE_INK, NOTE_PAPER);
            assert!(note >= 4.5, "a note's text is {note:.2}:1");
            let selected = contrast(visuals.selection.stroke.color, visuals.selection.bg_fill);
            assert!(selected >= 4.5, "{which}: selected text is {selected:.2}:1");
        }
    }

    #[test]
    fn contrast_is_measured_as_wcag_does() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::from_gray(118), Color32::WHITE) - 4.54).abs() < 0.05);
    }
}
