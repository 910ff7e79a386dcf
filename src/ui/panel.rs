//! What a panel gets and what it gives (rerun's `CommandSender` idea). A panel reads a
//! [`View`] — the active tab and the workspace — and its own state, and pushes
//! [`Action`]s; the designer drains the queue once a frame, after every panel has drawn.
//! So no panel holds the designer, changes happen in the order of the user's gestures,
//! and an edit a panel asks for goes through the same checks (review mode, undo) as a
//! menu command.

pub use super::action::{Action, Actions, BottomTab};
use super::tab::Tab;
use crate::workspace::Workspace;

/// What a panel may read: the flow in the active tab and the workspace it is checked in.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub tab: &'a Tab,
    pub workspace: Option<&'a Workspace>,
}

impl View<'_> {
    /// Whether the flow may be changed (not open for review).
    pub fn editable(&self) -> bool {
        !self.tab.doc.read_only
    }
}
