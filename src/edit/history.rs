//! Undo and redo. Each entry keeps the command that undoes an edit; undoing applies it
//! and keeps *its* inverse for redo, so both directions are the same operation.
//!
//! Typing in one formula box should undo as one step, not one step per key: an edit may
//! carry a coalescing key, and consecutive edits with the same key merge until the
//! history is sealed (the box loses focus, or another kind of edit happens).

use super::{Command, EditError};
use crate::model::Flow;

/// One undoable step.
#[derive(Clone, Debug)]
struct Entry {
    /// What the user did, for the Edit menu ("Undo Move 3 steps").
    label: String,
    /// Applying this takes the flow back to before the step.
    inverse: Command,
    /// Edits with the same key merge into this entry while it is open.
    coalesce: Option<String>,
}

/// The undo and redo stacks of one open flow.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    /// Whether the top undo entry still accepts merges.
    open: bool,
}

/// Enough for a long session; the oldest steps are forgotten first.
const MAX_STEPS: usize = 1000;

impl History {
    /// Applies `command` to `flow` and records it. `coalesce` merges it into the previous
    /// step when that had the same key and the history was not sealed since.
    pub fn apply(
        &mut self,
        flow: &mut Flow,
        command: Command,
        label: impl Into<String>,
        coalesce: Option<String>,
    ) -> Result<(), EditError> {
        let inverse = command.apply(flow)?;
        self.redo.clear();
        let merges = self.open
            && coalesce.is_some()
            && self.undo.last().is_some_and(|top| top.coalesce == coalesce);
        if merges {
            // The older inverse already restores the state before the first keystroke.
            return Ok(());
        }
        self.open = coalesce.is_some();
        self.undo.push(Entry {
            label: label.into(),
            inverse,
            coalesce,
        });
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
        Ok(())
    }

    /// Stops the current step from absorbing further edits.
    pub fn seal(&mut self) {
        self.open = false;
    }

    /// Undoes the last step: `None` when there is nothing to undo, else whether the step
    /// only moved nodes.
    pub fn undo(&mut self, flow: &mut Flow) -> Option<bool> {
        Self::step(flow, &mut self.undo, &mut self.redo, &mut self.open)
    }

    /// Redoes the last undone step, answering as [`History::undo`] does.
    pub fn redo(&mut self, flow: &mut Flow) -> Option<bool> {
        Self::step(flow, &mut self.redo, &mut self.undo, &mut self.open)
    }

    fn step(
        flow: &mut Flow,
        from: &mut Vec<Entry>,
        to: &mut Vec<Entry>,
        open: &mut bool,
    ) -> Option<bool> {
        *open = false;
        let entry = from.pop()?;
        let layout_only = entry.inverse.is_layout_only();
        // An error cannot happen while every edit goes through the history; if it does,
        // the step is dropped rather than left to fail again on every press.
        let inverse = entry.inverse.apply(flow).ok()?;
        to.push(Entry {
            label: entry.label,
            inverse,
            coalesce: None,
        });
        Some(layout_only)
    }

    /// The label of the step Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }
}
