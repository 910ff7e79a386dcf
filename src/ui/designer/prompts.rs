//! The designer's side of its dialogs: which one is open, and what each answer does.

use egui::Ui;

use super::{Designer, Prompt};
use crate::ui::approval_ui;
use crate::ui::open_file;
use crate::ui::prompts::{self, Unsaved};
use crate::ui::recovery_prompt::{self, Decision};
use crate::ui::save_as::{self, AfterSave};

impl Designer {
    /// Draws the open dialog, if any, and acts on its answer.
    pub(super) fn prompt_ui(&mut self, ui: &mut Ui) {
        if let Some(Prompt::SaveAs(dialog)) = &mut self.prompt {
            let (index, then) = (dialog.tab, dialog.then);
            match dialog.ui(ui.ctx()) {
                Some(save_as::Answer::Save { path, replace }) => {
                    self.finish_save(index, &path, replace, then)
                }
                Some(save_as::Answer::Cancel) => self.prompt = None,
                None => {}
            }
            return;
        }
        if let Some(Prompt::Open(dialog)) = &mut self.prompt {
            match dialog.ui(ui.ctx()) {
                Some(open_file::Answer::Open(path)) => {
                    self.prompt = None;
                    if let Err(e) = self.open_path(&path) {
                        self.say(e);
                    }
                }
                Some(open_file::Answer::Browse) => {
                    self.prompt = None;
                    self.browse_to_open();
                }
                Some(open_file::Answer::Cancel) => self.prompt = None,
                None => {}
            }
            return;
        }
        if let Some(Prompt::Approve(_)) = &self.prompt {
            return self.approve_ui(ui);
        }
        if let Some(Prompt::CompareWith(_)) = &self.prompt {
            return self.compare_with_ui(ui);
        }
        if let Some(Prompt::ImportApi(_)) = &self.prompt {
            return self.import_api_ui(ui);
        }
        if let Some(Prompt::Template(_)) = &self.prompt {
            return self.template_ui(ui);
        }
        if let Some(Prompt::MakeSubflow(_)) = &self.prompt {
            return self.make_subflow_ui(ui);
        }
        if let Some(Prompt::Compare(view)) = &self.prompt {
            match view.ui(ui.ctx()) {
                Some(approval_ui::CompareAnswer::OpenApproved) => {
                    let path = view.approved.clone();
                    self.prompt = None;
                    if let Err(e) = self.open_path(&path) {
                        self.say(e);
                    }
                }
                Some(approval_ui::CompareAnswer::Close) => self.prompt = None,
                None => {}
            }
            return;
        }
        let Some(prompt) = self.prompt.clone() else {
            return;
        };
        match prompt {
            Prompt::SaveAs(_)
            | Prompt::Open(_)
            | Prompt::Approve(_)
            | Prompt::Compare(_)
            | Prompt::CompareWith(_)
            | Prompt::ImportApi(_)
            | Prompt::Template(_)
            | Prompt::MakeSubflow(_) => {}
            Prompt::CloseUnsaved { index, quitting } => {
                let name = self
                    .tabs
                    .get(index)
                    .map(|t| t.doc.title())
                    .unwrap_or_default();
                match prompts::unsaved_ui(ui.ctx(), &name) {
                    Some(Unsaved::Save) => {
                        self.active = index;
                        self.prompt = None;
                        self.save_tab(index, AfterSave::Close { quitting });
                    }
                    Some(Unsaved::Discard) => {
                        self.prompt = None;
                        self.discard_tab(index);
                        if quitting {
                            self.request_quit();
                        }
                    }
                    Some(Unsaved::Cancel) => self.prompt = None,
                    None => {}
                }
            }
            Prompt::ConfirmLive(targets) => {
                if let Some(go) = prompts::confirm_live_ui(ui.ctx(), &targets) {
                    self.prompt = None;
                    if go {
                        self.start_run(ui.ctx(), true);
                    }
                }
            }
            Prompt::Recover(found) => self.recover_ui(ui, found),
        }
    }

    fn recover_ui(&mut self, ui: &mut Ui, mut found: Vec<crate::ui::files::Recovered>) {
        let Some(decision) = recovery_prompt::recovery_ui(ui.ctx(), &found) else {
            return;
        };
        let (i, recover) = match decision {
            Decision::Later => {
                self.prompt = None;
                return;
            }
            Decision::Recover(i) => (i, true),
            Decision::Discard(i) => (i, false),
        };
        if i < found.len() {
            let r = found.remove(i);
            if recover {
                self.restore(&r);
            }
            if let Some(recovery) = &self.recovery {
                recovery.remove(&r);
            }
        }
        self.prompt = (!found.is_empty()).then_some(Prompt::Recover(found));
    }
}
