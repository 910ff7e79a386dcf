//! Recovery copies kept equal to each tab's unsaved state, and recovered work brought back
//! as one undoable step over its file.

use super::Designer;
use crate::edit::{self, Command, Document};
use crate::model::Flow;
use crate::ui::files::Recovered;
use crate::ui::tab::Tab;

impl Designer {
    /// Keeps every tab's recovery copy equal to its latest unsaved state: a new revision
    /// is handed to the recovery writer, and a tab that is clean again (saved, or undone
    /// back to its file) has its copy removed. Runs every frame; costs nothing when no
    /// tab changed.
    pub fn keep_recovery_copies(&mut self) {
        let Some(recovery) = &self.recovery else {
            return;
        };
        for tab in &mut self.tabs {
            // Comparing a large flow with its saved state is not free: once a revision.
            let revision = tab.doc.revision();
            if tab.recovery_seen == Some(revision) {
                continue;
            }
            tab.recovery_seen = Some(revision);
            if tab.doc.has_changes() && !tab.doc.read_only {
                recovery.keep(&tab.recovery_key, &tab.doc);
                tab.has_copy = true;
            } else if std::mem::take(&mut tab.has_copy) {
                recovery.forget(&tab.recovery_key);
            }
        }
    }

    /// Hands every unsaved change to the recovery writer and waits until it is on disk
    /// (when quitting, and in tests).
    pub fn flush_recovery(&mut self) {
        self.keep_recovery_copies();
        if let Some(recovery) = &self.recovery {
            recovery.flush();
        }
    }

    /// Opens recovered work as an unsaved edit of its file (or a new flow).
    pub fn restore(&mut self, recovered: &Recovered) {
        // Into the tab of its file when that is open already (one tab per file).
        let open = recovered.original.as_deref().and_then(|path| {
            self.tabs
                .iter()
                .position(|t| t.doc.path.as_deref() == Some(path) && !t.doc.read_only)
        });
        if let Some(i) = open {
            let whole = restoring(self.tabs[i].doc.flow(), &recovered.flow);
            let _ = self.tabs[i].doc.apply(whole, "Recover unsaved work", None);
            self.active = i;
            return;
        }
        // A file that is gone, or a flow never saved: the work goes over an empty flow,
        // so it counts as unsaved until the user saves it.
        let mut doc = match recovered.original.as_deref().map(Document::open) {
            Some(Ok(doc)) => doc,
            _ => Document::new(
                Flow::new(recovered.flow.id.clone(), recovered.flow.name.clone()),
                recovered.original.clone(),
            ),
        };
        // Recovered as one undoable step over the saved file, so Undo shows what changed.
        let whole = restoring(doc.flow(), &recovered.flow);
        let _ = doc.apply(whole, "Recover unsaved work", None);
        self.tabs.push(Tab::new(doc));
        self.active = self.tabs.len() - 1;
    }
}

/// The edit that turns `current` into `recovered`: every step replaced, the details set.
fn restoring(current: &Flow, recovered: &Flow) -> Command {
    Command::Batch(vec![
        Command::RemoveNodes(current.nodes.iter().map(|n| n.id.clone()).collect()),
        Command::SetInfo(edit::FlowInfo::of(recovered)),
        Command::InsertNodes {
            nodes: recovered
                .nodes
                .iter()
                .map(|n| edit::PlacedNode {
                    node: n.clone(),
                    index: None,
                    pos: recovered.layout.0.get(&n.id).copied(),
                })
                .collect(),
            wires: recovered.wires.clone(),
        },
    ])
}
