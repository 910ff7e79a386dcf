//! An open flow: the flow, where it lives, its history, and whether it has unsaved edits.
//! Every change goes through [`Document::apply`], [`Document::undo`] or
//! [`Document::redo`]; each bumps the revision the designer watches to re-check and redraw.

use std::path::{Path, PathBuf};

use super::{Command, EditError, History};
use crate::model::Flow;
use crate::store;

pub struct Document {
    flow: Flow,
    /// Where it is saved; `None` for a new flow never saved.
    pub path: Option<PathBuf>,
    history: History,
    revision: u64,
    /// Counts changes to what the flow does (not where its nodes sit): checks re-run when
    /// this changes.
    content_revision: u64,
    /// The flow as last saved or opened, to tell whether there is anything to save (an
    /// undo back to it makes the document clean again).
    saved: Flow,
    /// Opened for review: no edits are accepted.
    pub read_only: bool,
    /// What the file held when this document last read or wrote it (`None` for a flow
    /// never saved): tells whether someone else changed the file since.
    base: Option<store::FileStamp>,
}

impl Document {
    pub fn new(flow: Flow, path: Option<PathBuf>) -> Document {
        Document {
            saved: flow.clone(),
            flow,
            path,
            history: History::default(),
            revision: 0,
            content_revision: 0,
            read_only: false,
            base: None,
        }
    }

    /// Opens a flow file.
    pub fn open(path: &Path) -> Result<Document, store::LoadError> {
        let (flow, stamp) = store::load_flow_stamped(path)?;
        let mut doc = Document::new(flow, Some(path.to_owned()));
        doc.base = Some(stamp);
        Ok(doc)
    }

    /// The stamp of the file as this document last read or wrote it.
    pub fn base(&self) -> Option<&store::FileStamp> {
        self.base.as_ref()
    }

    pub fn flow(&self) -> &Flow {
        &self.flow
    }

    /// Counts every change; equal revisions mean an equal flow.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Counts changes to what the flow does; a move leaves it alone.
    pub fn content_revision(&self) -> u64 {
        self.content_revision
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Applies a user's edit. `coalesce` merges consecutive edits with the same key into
    /// one undo step (typing in one box).
    pub fn apply(
        &mut self,
        command: Command,
        label: impl Into<String>,
        coalesce: Option<String>,
    ) -> Result<(), EditError> {
        if self.read_only {
            return Err(EditError::ReadOnly);
        }
        if command.is_empty() {
            return Ok(());
        }
        let layout_only = command.is_layout_only();
        self.history
            .apply(&mut self.flow, command, label, coalesce)?;
        self.bump(layout_only);
        Ok(())
    }

    /// Ends the current coalescing run (a formula box lost focus).
    pub fn seal(&mut self) {
        self.history.seal();
    }

    fn bump(&mut self, layout_only: bool) {
        self.revision += 1;
        if !layout_only {
            self.content_revision += 1;
        }
    }

    /// Undoes the last step; false when there was none (or the flow is read-only).
    pub fn undo(&mut self) -> bool {
        let step = if self.read_only {
            None
        } else {
            self.history.undo(&mut self.flow)
        };
        if let Some(layout_only) = step {
            self.bump(layout_only);
        }
        step.is_some()
    }

    pub fn redo(&mut self) -> bool {
        let step = if self.read_only {
            None
        } else {
            self.history.redo(&mut self.flow)
        };
        if let Some(layout_only) = step {
            self.bump(layout_only);
        }
        step.is_some()
    }

    /// Whether there are edits not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.path.is_none() || self.flow != self.saved
    }

    /// Gives a flow that was never saved the id `id` (its first save chose a file name).
    /// Ids are content once a file exists, so a saved flow keeps its own.
    pub fn adopt_id(&mut self, id: crate::model::FlowId) {
        if self.path.is_none() {
            self.flow.id = id.clone();
            self.saved.id = id;
        }
    }

    /// Whether the flow differs from what was last saved or opened (for a new flow: from
    /// the flow it started as). An untouched new flow holds no work to recover.
    pub fn has_changes(&self) -> bool {
        self.flow != self.saved
    }

    /// The file name shown in the title and on the tab.
    pub fn title(&self) -> String {
        match &self.path {
            Some(p) => p
                .file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into()),
            None => format!("{} (new)", self.flow.name),
        }
    }

    /// Saves to `path` (atomically; the flow is saved even when it has findings),
    /// replacing what is there, and remembers it as the document's file.
    pub fn save_to(&mut self, path: &Path) -> std::io::Result<()> {
        let stamp = store::save_flow(path, &self.flow)?;
        self.saved_as(path, stamp);
        Ok(())
    }

    /// Saves to a new file at `path`, never replacing one: the error is
    /// [`std::io::ErrorKind::AlreadyExists`] when something is there already.
    pub fn create_at(&mut self, path: &Path) -> std::io::Result<()> {
        let stamp = store::create_flow(path, &self.flow)?;
        self.saved_as(path, stamp);
        Ok(())
    }

    fn saved_as(&mut self, path: &Path, stamp: store::FileStamp) {
        self.path = Some(path.to_owned());
        self.saved = self.flow.clone();
        self.base = Some(stamp);
    }

    /// Saves to the document's own file; an error when it has none yet (use Save As).
    pub fn save(&mut self) -> std::io::Result<()> {
        let path = self.path.clone().ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "this flow has no file yet: choose where to save it",
            )
        })?;
        self.save_to(&path)
    }
}
