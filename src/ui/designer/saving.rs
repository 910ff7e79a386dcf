//! Saving and closing: a flow is saved to its file, or through the Save as dialog when it
//! has none or its file changed on disk; a file is created exclusively and replaced only
//! after the user said Replace; closing a tab with unsaved changes asks first.

use std::path::{Path, PathBuf};

use super::{Designer, Prompt, REVIEW_REFUSES};
use crate::edit::Document;
use crate::governance::Severity;
use crate::model::FlowId;
use crate::store;
use crate::ui::save_as::{AfterSave, SaveAs};
use crate::ui::tab::Tab;
use crate::workspace;

impl Designer {
    /// Saves tab `index` to its file, then does `then`. A flow never saved, or one whose
    /// file changed on disk since it was opened, gets the Save as dialog instead: a file is
    /// never created under a name the user did not see, nor replaced without asking.
    pub fn save_tab(&mut self, index: usize, then: AfterSave) {
        let folder = self.folder_for(index);
        let Some(tab) = self.tabs.get(index) else {
            return;
        };
        if tab.doc.read_only {
            self.say(REVIEW_REFUSES);
            return;
        }
        let mut dialog = SaveAs::new(index, tab.doc.flow(), tab.doc.path.as_deref(), folder);
        dialog.then = then;
        if let Some(path) = tab.doc.path.clone() {
            let on_disk = store::FileStamp::of_file(&path);
            let changed = on_disk.is_some() && on_disk.as_ref() != tab.doc.base();
            if !changed {
                self.finish_save(index, &path, true, then);
                return;
            }
            dialog.replace = Some(path);
            dialog.changed_on_disk = true;
        }
        self.prompt = Some(Prompt::SaveAs(dialog));
    }

    /// Opens the Save as dialog for the active tab.
    pub fn save_active_as(&mut self) {
        let index = self.active;
        let folder = self.folder_for(index);
        let Some(tab) = self.tabs.get(index) else {
            return;
        };
        if tab.doc.read_only {
            self.say(REVIEW_REFUSES);
            return;
        }
        let dialog = SaveAs::new(index, tab.doc.flow(), tab.doc.path.as_deref(), folder);
        self.prompt = Some(Prompt::SaveAs(dialog));
    }

    /// Where Save as starts: beside the flow's file, else in the workspace, else here.
    fn folder_for(&self, index: usize) -> PathBuf {
        self.tabs
            .get(index)
            .and_then(|t| t.doc.path.as_deref())
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .or_else(|| self.workspace.as_ref().map(|w| w.root.clone()))
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")))
    }

    /// Writes tab `index` to `path`: over what is there when `replace`, else only as a
    /// new file. Ok(false) when a file is in the way (the caller asks about replacing).
    pub fn save_tab_to(
        &mut self,
        index: usize,
        path: &Path,
        replace: bool,
    ) -> Result<bool, String> {
        let first_save = self.tabs.get(index).is_some_and(|t| t.doc.path.is_none());
        let id = first_save.then(|| self.id_for_file(path)).flatten();
        let tab = self.tabs.get_mut(index).ok_or("there is no flow open")?;
        if tab.doc.read_only {
            return Err(REVIEW_REFUSES.into());
        }
        let before = tab.doc.flow().id.clone();
        if let Some(id) = id {
            tab.doc.adopt_id(id);
        }
        let result = if replace {
            tab.doc.save_to(path)
        } else {
            tab.doc.create_at(path)
        };
        if result.is_err() {
            // Not saved: the flow keeps the id it had.
            tab.doc.adopt_id(before);
        }
        match result {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
            Err(e) => return Err(format!("Could not save: {e}. {}", path.display())),
        }
        if first_save {
            // Its id may have changed: what compares it with other flows looks again.
            tab.invalidate_check();
        }
        let saved = tab.doc.flow().clone();
        let saved_again = saved.clone();
        let errors = tab.count(Severity::Error);
        if let Some(r) = &self.recovery
            && std::mem::take(&mut tab.has_copy)
        {
            r.forget(&tab.recovery_key);
        }
        self.settings.remember(path);
        self.approval_words = None;
        match self.workspace_flows.iter_mut().find(|(p, _)| p == path) {
            Some(entry) => entry.1 = Ok(saved),
            None if path.parent() == self.workspace.as_ref().map(|w| w.root.as_path()) => {
                self.workspace_flows.push((path.to_owned(), Ok(saved)));
                self.workspace_flows.sort_by(|a, b| a.0.cmp(&b.0));
            }
            None => {}
        }
        let tail = match errors {
            0 => String::new(),
            1 => " — 1 error remains before it can be approved".into(),
            n => format!(" — {n} errors remain before it can be approved"),
        };
        let callers = self.subflow_saved(&saved_again, path);
        let callers = match callers.len() {
            0 => String::new(),
            1 => format!(
                ". The flow that calls it is checked again: '{}'",
                callers[0]
            ),
            n => format!(
                ". The {n} flows that call it are checked again: {}",
                callers
                    .iter()
                    .map(|c| format!("'{c}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.say(format!("Saved {}{tail}{callers}", path.display()));
        self.reload_other_tabs_of(index, path);
        Ok(true)
    }

    /// The id a flow saved for the first time as `path` takes: the file's name, when it is
    /// a valid id no flow of the workspace has (so problems and the catalog speak of
    /// `won-opportunities-to-erp`, not `new-flow-1`).
    fn id_for_file(&self, path: &Path) -> Option<FlowId> {
        let name = path.file_name()?.to_string_lossy();
        let stem = name.strip_suffix(workspace::FLOW_SUFFIX)?;
        let id = FlowId::new(stem).ok()?;
        let taken = self
            .workspace_flows
            .iter()
            .filter(|(p, _)| p != path)
            .filter_map(|(_, f)| f.as_ref().ok())
            .any(|f| f.id == id)
            || self
                .tabs
                .iter()
                .any(|t| t.doc.path.as_deref() != Some(path) && t.doc.flow().id == id);
        (!taken).then_some(id)
    }

    /// Other tabs showing the file just written: a clean one shows the new content; one
    /// with unsaved changes keeps them (its next save asks, as the file changed on disk).
    fn reload_other_tabs_of(&mut self, saved: usize, path: &Path) {
        for (i, tab) in self.tabs.iter_mut().enumerate() {
            if i == saved || tab.doc.path.as_deref() != Some(path) || tab.doc.is_dirty() {
                continue;
            }
            if let Ok(mut doc) = Document::open(path) {
                doc.read_only = tab.doc.read_only;
                *tab = Tab::new(doc);
            }
        }
    }

    /// Saves and then does `then`; a file in the way brings up the Replace question.
    pub(super) fn finish_save(
        &mut self,
        index: usize,
        path: &Path,
        replace: bool,
        then: AfterSave,
    ) {
        match self.save_tab_to(index, path, replace) {
            Ok(true) => {
                self.prompt = None;
                if let AfterSave::Close { quitting } = then {
                    self.discard_tab(index);
                    if quitting {
                        self.request_quit();
                    }
                }
            }
            Ok(false) => {
                let folder = self.folder_for(index);
                if let Some(tab) = self.tabs.get(index) {
                    let mut dialog =
                        SaveAs::new(index, tab.doc.flow(), tab.doc.path.as_deref(), folder);
                    if let Some(name) = path.file_name() {
                        dialog.name = name.to_string_lossy().into_owned();
                    }
                    if let Some(folder) = path.parent() {
                        dialog.folder = folder.to_owned();
                    }
                    dialog.replace = Some(path.to_owned());
                    dialog.then = then;
                    self.prompt = Some(Prompt::SaveAs(dialog));
                }
            }
            Err(e) => match self.prompt.as_mut() {
                Some(Prompt::SaveAs(dialog)) => {
                    dialog.replace = None;
                    dialog.error = Some(e);
                }
                _ => self.say(e),
            },
        }
    }

    /// Closes tab `index`, asking first when it has unsaved changes.
    pub fn close_tab(&mut self, index: usize, quitting: bool) {
        let Some(tab) = self.tabs.get(index) else {
            return;
        };
        if tab.doc.is_dirty() && !tab.doc.read_only {
            self.active = index;
            self.prompt = Some(Prompt::CloseUnsaved { index, quitting });
            return;
        }
        self.discard_tab(index);
        if quitting {
            self.request_quit();
        }
    }

    pub(super) fn discard_tab(&mut self, index: usize) {
        if index < self.tabs.len() {
            let tab = self.tabs.remove(index);
            if let Some(r) = &self.recovery
                && tab.has_copy
            {
                r.forget(&tab.recovery_key);
            }
            self.active = self.active.min(self.tabs.len().saturating_sub(1));
        }
    }

    /// Closes every tab, asking about unsaved ones; `quit` turns true when all are closed.
    pub fn request_quit(&mut self) {
        match self
            .tabs
            .iter()
            .position(|t| t.doc.is_dirty() && !t.doc.read_only)
        {
            Some(i) => self.close_tab(i, true),
            None => self.quit = true,
        }
    }
}
