//! Opening: workspaces, flow files (one tab per file), new flows, and checking a flow from
//! elsewhere against a chosen workspace.

use std::path::Path;
use std::sync::Arc;

use super::Designer;
use crate::edit::{Document, palette};
use crate::model::{Flow, FlowId};
use crate::store;
use crate::ui::tab::Tab;
use crate::workspace::{self, Workspace};

impl Designer {
    /// Opens a workspace folder or a flow file; a message explains what went wrong.
    pub fn open_path(&mut self, path: &Path) -> Result<(), String> {
        if path.is_dir() {
            self.open_workspace(path)?;
            if let Some(first) = self
                .workspace
                .as_ref()
                .and_then(|w| w.flow_paths.first().cloned())
            {
                self.open_flow(&first)?;
            }
            return Ok(());
        }
        let root = workspace::find_root(path);
        let inside = root
            .as_deref()
            .is_some_and(|r| self.workspace.as_ref().is_some_and(|w| w.root == r));
        if !inside {
            match &root {
                Some(root) => self.open_workspace(root)?,
                None => {
                    self.workspace = None;
                    self.workspace_flows.clear();
                    self.palette_items = palette::items(None);
                }
            }
        }
        self.open_flow(path)?;
        // A file from outside any workspace is someone else's: open it for review.
        if root.is_none()
            && let Some(tab) = self.tabs.last_mut()
        {
            tab.doc.read_only = true;
        }
        Ok(())
    }

    /// A flow file put into the workspace folder since it was opened (copied there, say)
    /// joins the flows list when it is opened. Folders are compared as paths, resolved.
    fn list_if_in_workspace(&mut self, path: &Path, flow: &Flow) {
        let Some(ws) = &self.workspace else { return };
        let folder = path.parent().and_then(|p| p.canonicalize().ok());
        let listed = self.workspace_flows.iter().any(|(p, _)| p == path);
        if !listed && folder.is_some() && folder == ws.root.canonicalize().ok() {
            self.approval_words = None;
            self.workspace_flows
                .push((path.to_owned(), Ok(flow.clone())));
            self.workspace_flows.sort_by(|a, b| a.0.cmp(&b.0));
        }
    }

    pub fn open_workspace(&mut self, root: &Path) -> Result<(), String> {
        let ws = Workspace::load(root).map_err(|e| e.to_string())?;
        self.approval_words = None;
        self.workspace_flows = ws
            .flow_paths
            .iter()
            .map(|p| (p.clone(), store::load_flow(p).map_err(|e| e.to_string())))
            .collect();
        self.palette_items = palette::items(Some(&ws));
        self.settings.last_workspace = Some(root.to_owned());
        self.workspace = Some(Arc::new(ws));
        for tab in &mut self.tabs {
            tab.invalidate_check();
        }
        Ok(())
    }

    /// Opens `path` checked against the workspace in `root`; a flow file from outside that
    /// workspace opens read-only, as any file from elsewhere does.
    pub fn open_against(&mut self, path: &Path, root: &Path) -> Result<(), String> {
        self.check_against(root)?;
        if path.is_dir() {
            return self.open_path(path);
        }
        self.open_flow(path)?;
        let inside = workspace::find_root(path)
            .and_then(|r| r.canonicalize().ok())
            .zip(root.canonicalize().ok())
            .is_some_and(|(a, b)| a == b);
        if !inside && let Some(tab) = self.tabs.last_mut() {
            tab.doc.read_only = true;
        }
        Ok(())
    }

    /// Checks the open flows against the workspace in `root` (its systems and policy)
    /// without moving any file: for a flow someone sent from outside any workspace.
    pub fn check_against(&mut self, root: &Path) -> Result<(), String> {
        if !root.join(workspace::SYSTEMS_FILE).is_file() {
            return Err(format!(
                "This folder is not a workspace: it has no {}. {}",
                workspace::SYSTEMS_FILE,
                root.display()
            ));
        }
        self.open_workspace(root)?;
        self.say(format!("Checked against the workspace {}", root.display()));
        Ok(())
    }

    /// Opens a flow in a tab, or switches to its tab when it is open already.
    pub fn open_flow(&mut self, path: &Path) -> Result<(), String> {
        if let Some(i) = self
            .tabs
            .iter()
            .position(|t| t.doc.path.as_deref() == Some(path))
        {
            self.active = i;
            return Ok(());
        }
        let mut doc = Document::open(path).map_err(|e| e.to_string())?;
        doc.read_only = self.review;
        self.list_if_in_workspace(path, doc.flow());
        self.settings.remember(path);
        let mut tab = Tab::new(doc);
        tab.canvas.show_start(tab.doc.flow());
        self.tabs.push(tab);
        self.active = self.tabs.len() - 1;
        Ok(())
    }

    /// A new, empty flow in a new tab.
    pub fn new_flow(&mut self) {
        let Some((id, n)) = self.unused_flow_id("new-flow") else {
            return;
        };
        let flow = Flow::new(id, format!("New flow {n}"));
        self.tabs.push(Tab::new(Document::new(flow, None)));
        self.inspector.name_new_flow = true;
        self.active = self.tabs.len() - 1;
    }

    /// `{stem}-{n}` with the least n that no open flow and no flow of the workspace has
    /// (by id or by file name), so two new flows of two sessions never pass for one flow.
    pub(super) fn unused_flow_id(&self, stem: &str) -> Option<(FlowId, usize)> {
        let mut taken: std::collections::BTreeSet<String> = self
            .tabs
            .iter()
            .map(|t| t.doc.flow().id.to_string())
            .collect();
        for (path, flow) in &self.workspace_flows {
            if let Ok(flow) = flow {
                taken.insert(flow.id.to_string());
            }
            if let Some(name) = path.file_name() {
                let name = name.to_string_lossy();
                taken.insert(name.trim_end_matches(workspace::FLOW_SUFFIX).to_owned());
            }
        }
        let mut n = 1;
        while taken.contains(&format!("{stem}-{n}")) {
            n += 1;
        }
        FlowId::new(format!("{stem}-{n}")).ok().map(|id| (id, n))
    }
}
