//! Completion in a formula box: the field and function names that start with the word
//! before the cursor, in a list under the box. Up and Down move through it; Enter, Tab or
//! a click put the chosen name in; Escape closes the list until the word changes. While
//! the list is open, Tab and Enter belong to it and do not leave the box.

use egui::{Key, Modifiers, Rect, RichText, Ui};

use crate::formula::functions;

/// The hint under the list (tests and users read it).
pub const HINT: &str = "Up/Down to choose · Enter or Tab to use · Esc to close";

/// What is offered for the word before the cursor.
pub struct Offer {
    /// Byte range of the word in the text.
    word: std::ops::Range<usize>,
    options: Vec<Choice>,
}

struct Choice {
    name: String,
    doc: String,
    is_function: bool,
}

/// What the list remembers between frames.
#[derive(Clone, Default)]
struct Memory {
    selected: usize,
    /// The word the list was last shown for (the selection resets when it changes).
    word: String,
    /// The word Escape closed the list for.
    dismissed: Option<String>,
    /// Where the list was drawn, so a press on it is not taken for leaving the box.
    rect: Option<Rect>,
}

/// The names to offer for the word ending at `cursor_chars` (in characters), if any.
pub fn offer(text: &str, cursor_chars: usize, fields: &[String]) -> Option<Offer> {
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
    let mut options: Vec<Choice> = fields
        .iter()
        .filter(|f| f.to_lowercase().starts_with(&lower) && f.as_str() != word)
        .map(|f| Choice {
            name: f.clone(),
            doc: "field".to_owned(),
            is_function: false,
        })
        .collect();
    options.extend(
        functions::catalogue()
            .into_iter()
            .filter(|f| f.name.to_lowercase().starts_with(&lower) && f.name != word)
            .map(|f| Choice {
                name: f.name.to_owned(),
                doc: format!("{} — {}", f.signature, f.doc),
                is_function: true,
            }),
    );
    options.truncate(8);
    (!options.is_empty()).then_some(Offer {
        word: start..cursor,
        options,
    })
}

impl Offer {
    fn word<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.word.clone()).unwrap_or_default()
    }

    /// The text with choice `i` put in place of the word, and the cursor after it.
    fn apply(&self, text: &str, i: usize) -> Option<(String, usize)> {
        let choice = self.options.get(i)?;
        let plain = choice.name.chars().all(|c| c.is_alphanumeric() || c == '_');
        let insert = match (choice.is_function, plain) {
            (true, _) => format!("{}(", choice.name),
            (false, false) => format!("[{}]", choice.name),
            (false, true) => choice.name.clone(),
        };
        let done = format!(
            "{}{insert}{}",
            &text[..self.word.start],
            &text[self.word.end..]
        );
        let cursor = text[..self.word.start].chars().count() + insert.chars().count();
        Some((done, cursor))
    }
}

/// Before the box is drawn: whether a list is open for `box_id`, and the keys it takes
/// (consumed here, so the box never sees them). Returns the pick made by key, if any.
pub fn keys(ui: &Ui, box_id: egui::Id, text: &str, offer: Option<&Offer>) -> Keys {
    let memory_id = box_id.with("completion");
    let mut memory: Memory = ui.data(|d| d.get_temp(memory_id)).unwrap_or_default();
    let Some(offer) = offer else {
        ui.data_mut(|d| d.remove::<Memory>(memory_id));
        return Keys::default();
    };
    let word = offer.word(text);
    if memory.word != word {
        memory.word = word.to_owned();
        memory.selected = 0;
    }
    if memory.dismissed.as_deref().is_some_and(|d| d != word) {
        memory.dismissed = None;
    }
    let focused = ui.memory(|m| m.has_focus(box_id));
    let open = memory.dismissed.is_none();
    let mut picked = None;
    if open && focused {
        let count = offer.options.len();
        let pressed = |key| ui.input_mut(|i| i.consume_key(Modifiers::NONE, key));
        if pressed(Key::ArrowDown) {
            memory.selected = (memory.selected + 1) % count;
        }
        if pressed(Key::ArrowUp) {
            memory.selected = (memory.selected + count - 1) % count;
        }
        if pressed(Key::Enter) || pressed(Key::Tab) {
            picked = Some(memory.selected);
        }
        if pressed(Key::Escape) {
            memory.dismissed = Some(word.to_owned());
        }
    }
    let pressed_on_list = memory.rect.is_some_and(|r| {
        ui.input(|i| {
            i.pointer.any_pressed() && i.pointer.interact_pos().is_some_and(|p| r.contains(p))
        })
    });
    let show = memory.dismissed.is_none() && (focused || pressed_on_list);
    ui.data_mut(|d| d.insert_temp(memory_id, memory));
    Keys {
        show,
        picked,
        keep_focus: show || pressed_on_list,
    }
}

/// What [`keys`] found.
#[derive(Default)]
pub struct Keys {
    /// Whether the list shows this frame.
    pub show: bool,
    /// The choice made with Enter or Tab.
    pub picked: Option<usize>,
    /// Whether the box should hold on to Tab (a list is open).
    pub keep_focus: bool,
}

/// After the box is drawn: the list under `box_rect`; the completed text and cursor
/// when the user picked (with a key before, or a click now).
pub fn list_ui(
    ui: &Ui,
    box_id: egui::Id,
    box_rect: Rect,
    text: &str,
    offer: &Offer,
    keys: &Keys,
) -> Option<(String, usize)> {
    let memory_id = box_id.with("completion");
    let mut memory: Memory = ui.data(|d| d.get_temp(memory_id)).unwrap_or_default();
    let mut picked = keys.picked;
    if keys.show && picked.is_none() {
        let shown = egui::Area::new(box_id.with("completions"))
            .fixed_pos(box_rect.left_bottom())
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(420.0);
                    for (i, choice) in offer.options.iter().enumerate() {
                        let selected = i == memory.selected;
                        let r = ui
                            .selectable_label(selected, RichText::new(&choice.name).monospace())
                            .on_hover_text(choice.doc.as_str());
                        if selected {
                            ui.label(RichText::new(choice.doc.as_str()).small().weak());
                        }
                        // The box loses focus on this click's release (before this list is
                        // drawn); the pick gives it back.
                        if r.clicked() {
                            picked = Some(i);
                        }
                    }
                    ui.label(RichText::new(HINT).small().weak());
                });
            });
        memory.rect = Some(shown.response.rect);
    } else {
        memory.rect = None;
    }
    ui.data_mut(|d| d.insert_temp(memory_id, memory));
    offer.apply(text, picked?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_before_the_cursor_is_completed_with_brackets_where_needed() {
        let fields = vec!["AccountNumber".to_owned(), "Account Name".to_owned()];
        let offered = offer("LEFT(Acc, 3)", 8, &fields).expect("offered");
        assert_eq!(offered.options.len(), 2);
        assert_eq!(
            offered.apply("LEFT(Acc, 3)", 0),
            Some(("LEFT(AccountNumber, 3)".to_owned(), 18))
        );
        assert_eq!(
            offered.apply("LEFT(Acc, 3)", 1),
            Some(("LEFT([Account Name], 3)".to_owned(), 19))
        );
        let functions = offer("up", 2, &[]).expect("functions offered");
        assert_eq!(
            functions.apply("up", 0).map(|d| d.0),
            Some("UPPER(".to_owned())
        );
        assert!(
            offer("12", 2, &fields).is_none(),
            "numbers are not completed"
        );
    }
}
