//! What one check of a flow hands to the next. The designer checks the open flow on every
//! edit, and an edit touches a step or two of hundreds: the formula analyses and the texts
//! already searched for credentials are kept, so the next check redoes only what changed.
//! Each is the result of a pure function of what it is kept under, so a check with a memo
//! finds exactly what a check without one finds (a test compares them edit by edit).

use rustc_hash::FxHashMap;
use std::cell::{Cell, RefCell};

use crate::formula::memo::Memo;

/// Kept between checks of one flow; the designer holds one per open flow.
#[derive(Default)]
pub struct CheckMemo {
    pub formulas: Memo,
    /// For a single check: formulas repeated within the flow are still analysed once,
    /// but texts are not noted down, as no later check will ask.
    one_off: bool,
    /// Texts of the flow found to hold no credential, with the check that last saw them.
    clean_texts: RefCell<FxHashMap<String, u64>>,
    generation: Cell<u64>,
}

impl CheckMemo {
    /// A memo for one check only.
    pub fn one_off() -> CheckMemo {
        CheckMemo {
            one_off: true,
            ..CheckMemo::default()
        }
    }

    /// `search(text)`, except that a text it found nothing in before is not searched again.
    pub fn search_text<T>(&self, text: &str, search: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        if self.one_off {
            return search(text);
        }
        let now = self.generation.get();
        if let Some(seen) = self.clean_texts.borrow_mut().get_mut(text) {
            *seen = now;
            return None;
        }
        let found = search(text);
        if found.is_none() {
            self.clean_texts.borrow_mut().insert(text.to_owned(), now);
        }
        found
    }

    /// Forgets what the check just finished did not use; call after each check.
    pub fn sweep(&self) {
        self.formulas.sweep();
        let now = self.generation.get();
        self.clean_texts.borrow_mut().retain(|_, seen| *seen == now);
        self.generation.set(now + 1);
    }

    /// How many texts are known to be clean.
    pub fn clean_texts(&self) -> usize {
        self.clean_texts.borrow().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_text_is_searched_once_and_a_finding_every_time() {
        let memo = CheckMemo::default();
        let searches = Cell::new(0);
        let search = |text: &str| {
            searches.set(searches.get() + 1);
            text.contains("secret").then_some("a secret")
        };
        assert_eq!(memo.search_text("plain", search), None);
        assert_eq!(memo.search_text("plain", search), None);
        assert_eq!(searches.get(), 1);
        assert_eq!(memo.search_text("my secret", search), Some("a secret"));
        assert_eq!(memo.search_text("my secret", search), Some("a secret"));
        assert_eq!(searches.get(), 3);
        memo.sweep();
        assert_eq!(memo.clean_texts(), 1);
        memo.sweep();
        assert_eq!(
            memo.clean_texts(),
            0,
            "a text the last check did not see is forgotten"
        );
    }
}
