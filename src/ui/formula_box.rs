//! The formula box: a text field that colours formula syntax with the formula lexer,
//! underlines the spans the checker complains about, and completes field and function
//! names (with the function's signature and doc) as the user types.

use super::theme;
use std::ops::Range;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, RichText, Stroke, TextBuffer, Ui};

use super::completion;
use crate::formula::functions;
use crate::formula::lexer::{TokenKind, tokenize};
use crate::formula::quick_fix::NameFix;

/// Seconds after the last keystroke before a box shows what is wrong under it.
const TYPING_PAUSE: f64 = 1.0;

/// A problem to underline: its span in the text, what to say under the box, and the
/// corrected formula when a click can fix it.
pub struct Mark {
    pub span: Range<usize>,
    pub message: String,
    pub error: bool,
    pub fix: Option<NameFix>,
}

/// The label of a quick fix's button: "Use AccountNumber".
pub fn fix_label(fix: &NameFix) -> String {
    format!("Use {}", fix.name)
}

/// What happened to the box this frame.
pub struct FormulaResponse {
    pub response: egui::Response,
    pub changed: bool,
}

/// Draws a one-line formula box editing `text`. `fields` are the names the formula can
/// use, offered as completions next to the functions.
pub fn formula_box(
    ui: &mut Ui,
    id: egui::Id,
    text: &mut String,
    marks: &[Mark],
    fields: &[String],
    enabled: bool,
    labelled_by: egui::Id,
) -> FormulaResponse {
    let dark = ui.visuals().dark_mode;
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let default_colour = ui.visuals().text_color();
    let mut layouter = |ui: &Ui, buf: &dyn TextBuffer, wrap_width: f32| {
        let mut job = highlight(buf.as_str(), marks, &font, default_colour, dark);
        job.wrap.max_width = wrap_width;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    // Completions for the word before the cursor as it was last frame: the list's keys
    // must be taken before the box sees them.
    let focused = ui.memory(|m| m.has_focus(id));
    let cursor = egui::TextEdit::load_state(ui.ctx(), id)
        .and_then(|s| s.cursor.char_range())
        .map_or(text.chars().count(), |r| r.primary.index.0);
    let offer = (enabled && (focused || ui.input(|i| i.pointer.any_pressed())))
        .then(|| completion::offer(text, cursor, fields))
        .flatten();
    let keys = completion::keys(ui, id, text, offer.as_ref());
    let mut edit = egui::TextEdit::singleline(text)
        .id(id)
        .desired_width(f32::INFINITY)
        .hint_text("formula, e.g. UPPER(TRIM(Email))")
        .interactive(enabled)
        .layouter(&mut layouter);
    if keys.keep_focus {
        // While the list is open, Tab, the arrows and Escape are the list's: none of
        // them may move the focus out of the box.
        edit = edit.event_filter(egui::EventFilter {
            tab: true,
            horizontal_arrows: true,
            vertical_arrows: true,
            escape: true,
        });
    }
    let output = edit.show(ui);
    let response = output.response.response.labelled_by(labelled_by);
    let mut changed = response.changed();
    let picked = offer
        .as_ref()
        .and_then(|offer| completion::list_ui(ui, id, response.rect, text, offer, &keys));
    if let Some((done, at)) = picked {
        *text = done;
        changed = true;
        let mut state = egui::TextEdit::load_state(ui.ctx(), id).unwrap_or_default();
        let at = egui::text::CCursor::new(at);
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(at)));
        state.store(ui.ctx(), id);
        ui.memory_mut(|m| m.request_focus(id));
    }
    // While the user is typing, what is wrong with a half-written formula waits: shown
    // after a pause, it does not make the rows below jump at every keystroke.
    let typed_id = id.with("typed-at");
    let now = ui.input(|i| i.time);
    if changed {
        ui.data_mut(|d| d.insert_temp(typed_id, now));
    }
    let typed_at: Option<f64> = ui.data(|d| d.get_temp(typed_id));
    let typing = response.has_focus() && typed_at.is_some_and(|t| now - t < TYPING_PAUSE);
    if typing {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(TYPING_PAUSE));
    } else if let Some(fixed) = marks_ui(ui, marks, enabled) {
        *text = fixed;
        changed = true;
    }
    FormulaResponse { response, changed }
}

/// What is wrong, under the box (so a message appearing while typing moves only what is
/// below the caret), each with its one-click fix; the fixed formula when one was clicked.
fn marks_ui(ui: &mut Ui, marks: &[Mark], enabled: bool) -> Option<String> {
    let mut fixed = None;
    for mark in marks {
        let colour = if mark.error {
            theme::error_text(ui.visuals())
        } else {
            theme::warning_text(ui.visuals())
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&mark.message).small().color(colour));
            if let Some(fix) = &mark.fix
                && ui
                    .add_enabled(enabled, egui::Button::new(fix_label(fix)).small())
                    .on_hover_text(format!("Change the formula to {}", fix.formula))
                    .clicked()
            {
                fixed = Some(fix.formula.clone());
            }
        });
    }
    fixed
}

/// The text with tokens coloured and marked spans underlined.
pub fn highlight(
    text: &str,
    marks: &[Mark],
    font: &egui::FontId,
    default_colour: Color32,
    dark: bool,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    let colour_of = |kind: &TokenKind, source: &str| -> Color32 {
        let colours = theme::syntax(dark);
        match kind {
            TokenKind::Text { .. } => colours.text,
            TokenKind::Number => colours.number,
            TokenKind::Name if functions::lookup(source).is_some() => colours.function,
            TokenKind::Name | TokenKind::BracketName { .. } | TokenKind::QuotedLabel { .. } => {
                colours.name
            }
            TokenKind::Unknown => theme::UNKNOWN_TOKEN,
            _ => colours.operator,
        }
    };
    let mut at = 0;
    let push = |job: &mut LayoutJob, range: Range<usize>, colour: Color32| {
        if range.is_empty() {
            return;
        }
        // Split at mark boundaries so only the marked part is underlined.
        let mut cuts = vec![range.start, range.end];
        for m in marks {
            for p in [m.span.start, m.span.end] {
                if p > range.start && p < range.end {
                    cuts.push(p);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let Some(piece) = text.get(a..b) else {
                continue;
            };
            let mark = marks
                .iter()
                .find(|m| m.span.start <= a && b <= m.span.end.max(m.span.start + 1));
            let underline = match mark {
                Some(m) if m.error => Stroke::new(1.5, theme::UNDERLINE_ERROR),
                Some(_) => Stroke::new(1.5, theme::UNDERLINE_WARNING),
                None => Stroke::NONE,
            };
            job.append(
                piece,
                0.0,
                TextFormat {
                    font_id: font.clone(),
                    color: colour,
                    underline,
                    ..Default::default()
                },
            );
        }
    };
    for token in tokenize(text) {
        if token.span.start > at {
            push(&mut job, at..token.span.start, default_colour);
        }
        let source = text.get(token.span.clone()).unwrap_or_default();
        push(&mut job, token.span.clone(), colour_of(&token.kind, source));
        at = token.span.end;
    }
    if at < text.len() {
        push(&mut job, at..text.len(), default_colour);
    }
    job
}
