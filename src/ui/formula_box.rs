//! The formula box: a text field that colours formula syntax with the formula lexer,
//! underlines the spans the checker complains about, and completes field and function
//! names (with the function's signature and doc) as the user types.

use super::theme;
use std::ops::Range;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, Stroke, TextBuffer, Ui};

use crate::formula::functions;
use crate::formula::lexer::{TokenKind, tokenize};

/// A problem to underline: its span in the text and what to say on hover.
pub struct Mark {
    pub span: Range<usize>,
    pub message: String,
    pub error: bool,
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
    let output = egui::TextEdit::singleline(text)
        .id(id)
        .desired_width(f32::INFINITY)
        .hint_text("formula, e.g. UPPER(TRIM(Email))")
        .interactive(enabled)
        .layouter(&mut layouter)
        .show(ui);
    let mut response = output.response.response.labelled_by(labelled_by);
    let mut changed = response.changed();
    if !marks.is_empty() {
        let tip: Vec<&str> = marks.iter().map(|m| m.message.as_str()).collect();
        response = response.on_hover_text(tip.join("\n"));
    }
    if response.has_focus() && enabled {
        let cursor = output
            .cursor_range
            .map(|c| c.primary.index.0)
            .unwrap_or(text.chars().count());
        if let Some(done) = completion_ui(ui, &response, text, cursor, fields) {
            *text = done.0;
            changed = true;
            if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id) {
                let at = egui::text::CCursor::new(done.1);
                state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::one(at)));
                state.store(ui.ctx(), id);
            }
        }
    }
    FormulaResponse { response, changed }
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

/// Offers completions for the word before the cursor; returns the completed text and
/// the new cursor position (in characters) when the user picks one.
fn completion_ui(
    ui: &mut Ui,
    response: &egui::Response,
    text: &str,
    cursor_chars: usize,
    fields: &[String],
) -> Option<(String, usize)> {
    let cursor = text
        .char_indices()
        .nth(cursor_chars)
        .map_or(text.len(), |(i, _)| i);
    let start = text[..cursor]
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let word = &text[start..cursor];
    if word.is_empty() || word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let lower = word.to_lowercase();
    let mut options: Vec<(String, String, bool)> = fields
        .iter()
        .filter(|f| f.to_lowercase().starts_with(&lower) && f.as_str() != word)
        .map(|f| (f.clone(), "field".to_owned(), false))
        .collect();
    options.extend(
        functions::catalogue()
            .into_iter()
            .filter(|f| f.name.to_lowercase().starts_with(&lower) && f.name != word)
            .map(|f| {
                (
                    f.name.to_owned(),
                    format!("{} — {}", f.signature, f.doc),
                    true,
                )
            }),
    );
    options.truncate(8);
    if options.is_empty() {
        return None;
    }
    let mut picked = None;
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Tab)) {
        picked = Some(0);
    }
    egui::Area::new(response.id.with("completions"))
        .fixed_pos(response.rect.left_bottom())
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(420.0);
                for (i, (name, doc, _)) in options.iter().enumerate() {
                    let r = ui
                        .selectable_label(i == 0, egui::RichText::new(name).monospace())
                        .on_hover_text(doc.as_str());
                    if i == 0 {
                        ui.label(egui::RichText::new(doc.as_str()).small().weak());
                    }
                    if r.clicked() {
                        picked = Some(i);
                    }
                }
                ui.label(egui::RichText::new("Tab picks the first").small().weak());
            });
        });
    let (name, _, is_function) = options.get(picked?)?;
    let needs_brackets =
        !is_function && name.contains(|c: char| !(c.is_alphanumeric() || c == '_'));
    let insert = match (is_function, needs_brackets) {
        (true, _) => format!("{name}("),
        (false, true) => format!("[{name}]"),
        (false, false) => name.clone(),
    };
    let done = format!("{}{insert}{}", &text[..start], &text[cursor..]);
    let new_cursor = text[..start].chars().count() + insert.chars().count();
    Some((done, new_cursor))
}
