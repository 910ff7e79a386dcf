//! The designer's side of Compare with…: reading the other version (the last approved
//! one, a file, a git revision), starting the comparison on the canvas, and stepping
//! through its changes.

use egui::Ui;

use super::{Designer, Prompt};
use crate::review::{self, approval};
use crate::store;
use crate::ui::approval_ui::when;
use crate::ui::canvas::ViewRequest;
use crate::ui::compare::{CompareWith, Comparing, Source};

impl Designer {
    /// Opens the Compare with… dialog for the active flow.
    pub(super) fn ask_compare_with(&mut self) {
        // The flow's own file first: "what did I change since I saved?"
        let start = self
            .tab()
            .and_then(|t| t.doc.path.clone())
            .or_else(|| self.workspace.as_ref().map(|w| w.root.clone()))
            .unwrap_or_default();
        self.prompt = Some(Prompt::CompareWith(CompareWith::new(&start)));
    }

    /// Draws the Compare with… dialog and starts the comparison chosen.
    pub(super) fn compare_with_ui(&mut self, ui: &Ui) {
        let has_approval = match (self.tab(), self.workspace.as_deref()) {
            (Some(tab), Some(ws)) => approval::last_approved(tab.doc.flow(), ws).is_some(),
            _ => false,
        };
        let Some(Prompt::CompareWith(dialog)) = &mut self.prompt else {
            return;
        };
        match dialog.ui(ui.ctx(), has_approval) {
            Some(Some(source)) => match self.other_version(&source) {
                Ok((against, old)) => {
                    self.prompt = None;
                    self.start_comparing(against, old);
                }
                Err(why) => {
                    if let Some(Prompt::CompareWith(dialog)) = &mut self.prompt {
                        dialog.error = Some(why);
                    }
                }
            },
            Some(None) => self.prompt = None,
            None => {}
        }
    }

    /// The other version and how to name it, or why it cannot be read.
    fn other_version(&self, source: &Source) -> Result<(String, crate::model::Flow), String> {
        let tab = self.tab().ok_or("No flow is open.")?;
        match source {
            Source::Approved => {
                let ws = self.workspace.as_deref().ok_or("No workspace is open.")?;
                let (approved, path) = approval::last_approved(tab.doc.flow(), ws)
                    .ok_or("This flow has no approved version kept in the workspace.")?;
                let old = store::load_flow(&path).map_err(|e| e.to_string())?;
                let against = format!(
                    "the version {} approved on {}",
                    approved.reviewer,
                    when(&approved)
                );
                Ok((against, old))
            }
            Source::File(path) => {
                let path = std::path::Path::new(path);
                let old = store::load_flow(path).map_err(|e| e.to_string())?;
                Ok((path.display().to_string(), old))
            }
            Source::Revision(rev) => {
                let path = tab
                    .doc
                    .path
                    .as_ref()
                    .ok_or("This flow has no file yet, so git has no earlier version of it.")?;
                let text = review::read_at_revision(path, rev).map_err(|e| e.to_string())?;
                let old = store::parse_flow(path, &text).map_err(|e| e.to_string())?;
                Ok((format!("git revision {rev}"), old))
            }
        }
    }

    /// Shows the comparison on the canvas, from its first change.
    pub(super) fn start_comparing(&mut self, against: String, old: crate::model::Flow) {
        let Some(tab) = self.tab_mut() else { return };
        let comparing = Comparing::new(against, old, tab.doc.flow());
        let n = comparing.changes.len();
        tab.comparing = Some(comparing);
        if n == 0 {
            self.say("No change to what the flow does.");
        } else {
            self.step_comparison(1);
        }
    }

    /// Shows the change `delta` places on, selecting and framing its step.
    pub(super) fn step_comparison(&mut self, delta: i32) {
        let Some(tab) = self.tab_mut() else { return };
        let Some(comparing) = &mut tab.comparing else {
            return;
        };
        let n = comparing.changes.len() as i64;
        if n == 0 {
            return;
        }
        let at = match comparing.at {
            None if delta < 0 => n - 1,
            None => 0,
            Some(i) => (i as i64 + i64::from(delta)).rem_euclid(n),
        } as usize;
        comparing.at = Some(at);
        let change = &comparing.changes[at];
        let Some(node) = change.node().cloned() else {
            return;
        };
        let old_pos = comparing.old.layout.0.get(&node).copied();
        if tab.doc.flow().node(&node).is_some() {
            tab.selection = [node.clone()].into();
            let flow = tab.doc.flow().clone();
            tab.canvas.frame_node(&flow, &node);
        } else if let Some(pos) = old_pos {
            // A removed step: show where it was.
            tab.selection.clear();
            tab.canvas.request_view(ViewRequest::Centre(egui::Pos2::new(
                pos.0 + 115.0,
                pos.1 + 60.0,
            )));
        }
    }
}
