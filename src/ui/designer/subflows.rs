//! The designer's side of sub-flows: Flow ▸ Make a sub-flow… (the selection moves into a
//! new sub-flow file, replaced by a call, as one undo step), and what saving a sub-flow
//! changes — the workspace's copy, the palette's "Reusable steps", and the checks of the
//! flows that call it.

use std::path::Path;
use std::sync::Arc;

use egui::Ui;

use super::{Designer, Prompt};
use crate::model::{Flow, FlowId, FlowKind, NodeId, slugify};
use crate::ui::make_subflow::{Answer, MakeSubflow};

impl Designer {
    pub(super) fn ask_make_subflow(&mut self) {
        let Ok(tab) = self.editable_tab() else {
            return;
        };
        // A selection that cannot become a sub-flow is said now, not after naming it.
        let selected: Vec<NodeId> = tab.selection.iter().cloned().collect();
        let trial = FlowId::new("trial").expect("a valid id");
        if let Err(why) = crate::edit::make_subflow(tab.doc.flow(), &selected, None, trial, "trial")
        {
            self.say(why.to_string());
            return;
        }
        let mut taken: Vec<String> = Vec::new();
        let flows = self
            .workspace_flows
            .iter()
            .filter_map(|(_, f)| f.as_ref().ok())
            .chain(self.tabs.iter().map(|t| t.doc.flow()));
        for flow in flows {
            taken.push(flow.name.trim().to_lowercase());
            taken.push(flow.id.to_string());
        }
        if let Some(ws) = &self.workspace {
            for sub in ws.subflows.values() {
                taken.push(sub.flow.name.trim().to_lowercase());
                taken.push(sub.flow.id.to_string());
            }
        }
        self.prompt = Some(Prompt::MakeSubflow(MakeSubflow::new(selected.len(), taken)));
    }

    pub(super) fn make_subflow_ui(&mut self, ui: &Ui) {
        let Some(Prompt::MakeSubflow(dialog)) = &mut self.prompt else {
            return;
        };
        match dialog.ui(ui.ctx()) {
            Some(Answer::Make(name)) => match self.make_subflow(name.trim()) {
                Ok(()) => self.prompt = None,
                Err(why) => {
                    if let Some(Prompt::MakeSubflow(dialog)) = &mut self.prompt {
                        dialog.error = Some(why);
                    }
                }
            },
            Some(Answer::Cancel) => self.prompt = None,
            None => {}
        }
    }

    /// Moves the active tab's selection into a new sub-flow named `name`, saved beside the
    /// workspace's flows (never over a file), and puts a call in its place.
    fn make_subflow(&mut self, name: &str) -> Result<(), String> {
        let Some(ws) = self.workspace.clone() else {
            return Err("Open a workspace first: the sub-flow is saved in it".into());
        };
        let tab = self.editable_tab().map_err(str::to_owned)?;
        let selected: Vec<NodeId> = tab.selection.iter().cloned().collect();
        let stem = match slugify(name) {
            s if s.is_empty() => "sub-flow".to_owned(),
            s => s,
        };
        let id = FlowId::new(stem.clone()).map_err(|e| e.to_string())?;
        // Two flows of one name would be told apart by nobody: in the palette, the flows
        // list and the sub-flow picker they would look the same.
        let same = |f: &Flow| f.id == id || f.name.trim().eq_ignore_ascii_case(name);
        let taken = self
            .workspace_flows
            .iter()
            .filter_map(|(_, f)| f.as_ref().ok())
            .any(same)
            || ws.subflows.values().any(|s| same(&s.flow))
            || self.tabs.iter().any(|t| same(t.doc.flow()));
        if taken {
            return Err(format!(
                "A flow of the workspace is called '{name}' already, or saved as {stem}.flow.ron: choose another name"
            ));
        }
        let made = crate::edit::make_subflow(tab.doc.flow(), &selected, Some(&ws), id, name)
            .map_err(|e| e.to_string())?;
        let file = format!("{stem}{}", crate::workspace::FLOW_SUFFIX);
        let path = ws.root.join(&file);
        match crate::store::create_flow(&path, &made.subflow) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(format!(
                    "{file} exists already and is not replaced: choose another name"
                ));
            }
            Err(e) => return Err(format!("Could not save {file}: {e}")),
        }
        self.subflow_saved(&made.subflow, &path);
        self.apply(made.command, "Make a sub-flow", None);
        if let Some(tab) = self.tab_mut() {
            tab.selection = [made.call.clone()].into();
        }
        let moved = if selected.len() == 1 {
            "The step is now".to_owned()
        } else {
            format!("The {} steps are now", selected.len())
        };
        self.say(format!(
            "{moved} the sub-flow '{name}' ({file}), called by the selected step. Undo puts them back here; the file stays."
        ));
        Ok(())
    }

    /// A sub-flow was saved as `path` (or a flow saved over one): the workspace's copy,
    /// the palette and every open flow's check follow; returns the names of the flows
    /// that call it, checked again.
    pub(super) fn subflow_saved(&mut self, flow: &Flow, path: &Path) -> Vec<String> {
        let Some(ws) = &self.workspace else {
            return Vec::new();
        };
        let was_one = ws.subflows.values().any(|s| s.path == path);
        if FlowKind::of(flow) != FlowKind::Subflow && !was_one {
            return Vec::new();
        }
        let mut changed = (**ws).clone();
        changed.put_subflow(flow, path.to_owned());
        if !changed.flow_paths.iter().any(|p| p == path) {
            changed.flow_paths.push(path.to_owned());
            changed.flow_paths.sort();
        }
        if !self.workspace_flows.iter().any(|(p, _)| p == path) {
            self.workspace_flows
                .push((path.to_owned(), Ok(flow.clone())));
            self.workspace_flows.sort_by(|a, b| a.0.cmp(&b.0));
        }
        self.palette_items = crate::edit::palette::items(Some(&changed));
        let others: Vec<&Flow> = self
            .workspace_flows
            .iter()
            .filter_map(|(_, f)| f.as_ref().ok())
            .collect();
        let callers: Vec<String> = crate::subflow::affected(&others, &flow.id, &changed)
            .into_iter()
            .map(|f| f.name.clone())
            .collect();
        self.workspace = Some(Arc::new(changed));
        for tab in &mut self.tabs {
            tab.invalidate_check();
        }
        callers
    }
}
