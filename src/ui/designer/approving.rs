//! The designer's side of approvals: signing one from the Approve dialog, and Compare
//! with the last approved version. The checks and the signing are `review::approval`'s.

use egui::Ui;

use super::{Designer, Prompt};
use crate::governance::Severity;
use crate::review::{self, approval};
use crate::store;
use crate::ui::approval_ui::{ApproveAnswer, CompareView, when};

impl Designer {
    /// Draws the Approve dialog and signs when asked; a refusal stays in the dialog.
    pub(super) fn approve_ui(&mut self, ui: &Ui) {
        let Some(tab) = self.tab() else {
            self.prompt = None;
            return;
        };
        let name = tab.doc.flow().name.clone();
        let warnings = tab.count(Severity::Warning);
        let Some(Prompt::Approve(form)) = &mut self.prompt else {
            return;
        };
        match form.ui(ui.ctx(), &name, warnings) {
            Some(ApproveAnswer::Sign) => {
                let (key, comment) = (form.key.clone(), form.comment.clone());
                match self.sign(&key, &comment) {
                    Ok(done) => {
                        self.prompt = None;
                        self.say(done);
                    }
                    Err(why) => {
                        if let Some(Prompt::Approve(form)) = &mut self.prompt {
                            form.error = Some(why);
                        }
                    }
                }
            }
            Some(ApproveAnswer::Cancel) => self.prompt = None,
            None => {}
        }
    }

    /// Signs an approval of the active flow with the key at `key`; what to say, or why not.
    fn sign(&mut self, key: &str, comment: &str) -> Result<String, String> {
        let (Some(ws), Some(tab)) = (self.workspace.clone(), self.tab()) else {
            return Err(
                "Approving needs the flow's workspace: its policy names the reviewers.".into(),
            );
        };
        let key = approval::load_private_key(std::path::Path::new(key.trim()))
            .map_err(|e| e.to_string())?;
        let request = approval::Request {
            flow: tab.doc.flow(),
            findings: &tab.findings,
            key: &key,
            comment,
            now: jiff::Timestamp::now(),
        };
        let done = approval::approve(&ws, &request).map_err(|e| e.to_string())?;
        let name = tab.doc.flow().name.clone();
        // approvals.ron changed: read the workspace again, so every flow's state follows.
        let root = ws.root.clone();
        self.open_workspace(&root)?;
        Ok(format!(
            "Approved “{name}” as {} on {}.",
            done.reviewer,
            when(&done)
        ))
    }

    /// Opens the Compare window for the active flow and its last approved version.
    pub(super) fn compare_approved(&mut self) {
        let (Some(ws), Some(tab)) = (self.workspace.clone(), self.tab()) else {
            return;
        };
        let current = tab.doc.flow().clone();
        let Some((approved, path)) = approval::last_approved(&current, &ws) else {
            return self.say(
                "The approved version is not kept in this workspace (.approved/): ask for the file, or compare with git (`switchboard diff FLOW --against REV`).",
            );
        };
        let old = match store::load_flow(&path) {
            Ok(old) => old,
            Err(e) => return self.say(format!("The approved version cannot be read: {e}")),
        };
        let lines = review::changes(&old, &current).lines();
        self.prompt = Some(Prompt::Compare(CompareView {
            heading: format!(
                "Since {} approved it on {}:",
                approved.reviewer,
                when(&approved)
            ),
            lines,
            approved: path,
        }));
    }
}
