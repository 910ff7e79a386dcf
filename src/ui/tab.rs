//! One open flow in the designer: its document, canvas view, selection and the findings
//! of its latest check. Checking happens here, once per revision, so every panel reads
//! the same findings.

use std::collections::BTreeSet;

use super::canvas::Canvas;
use crate::edit::Document;
use crate::governance::{self, Finding, Severity};
use crate::model::{Flow, NodeId};
use crate::review;
use crate::workspace::{FlowSchemas, Workspace};

pub struct Tab {
    pub doc: Document,
    pub canvas: Canvas,
    pub selection: BTreeSet<NodeId>,
    pub findings: Vec<Finding>,
    pub schemas: Option<FlowSchemas>,
    /// The content revision `findings` belong to (moving nodes changes no finding).
    checked: Option<u64>,
    /// The formula analyses of the latest check: the next check re-analyses only the
    /// formulas an edit changed, or whose inputs it changed.
    analyses: governance::CheckMemo,
    /// The mapping field to put the cursor in (a Problems click on a formula finding).
    pub focus_field: Option<String>,
    /// The name of this tab's recovery copy, kept for the tab's life.
    pub recovery_key: String,
    /// The revision whose recovery copy was last seen to (written or removed).
    pub recovery_seen: Option<u64>,
    /// Whether a recovery copy of this tab exists.
    pub has_copy: bool,
    /// Show personal data in records (test run, preview). Off for every newly opened
    /// flow, and never remembered.
    pub reveal: bool,
    pub test_run: super::test_runner::TestRun,
    /// Where the flow stands with the workspace's reviewers (checked with its findings).
    pub approval: Option<review::ApprovalState>,
    /// Another version the flow is compared with on the canvas (Compare with…).
    pub comparing: Option<super::compare::Comparing>,
    /// For a sub-flow: the names of the workspace's flows that call it.
    pub callers: Vec<String>,
}

impl Tab {
    pub fn new(doc: Document) -> Tab {
        Tab {
            doc,
            canvas: Canvas::default(),
            selection: BTreeSet::new(),
            findings: Vec::new(),
            schemas: None,
            checked: None,
            analyses: governance::CheckMemo::default(),
            focus_field: None,
            recovery_key: super::files::new_key(),
            recovery_seen: None,
            has_copy: false,
            reveal: false,
            test_run: Default::default(),
            approval: None,
            comparing: None,
            callers: Vec::new(),
        }
    }

    /// Re-checks the flow when it changed since the last check: the flow's own rules,
    /// then the workspace-wide ones (redundant flows, API budgets) with the other flows.
    pub fn recheck(&mut self, workspace: Option<&Workspace>, others: &[&Flow]) {
        if self.checked == Some(self.doc.content_revision()) {
            return;
        }
        self.checked = Some(self.doc.content_revision());
        let flow = self.doc.flow();
        let (mut findings, schemas) = governance::check_flow_with(flow, workspace, &self.analyses);
        if workspace.is_none() {
            // Only the structure was checked: say so, as an error, so it never looks approved.
            findings.push(governance::not_checked_against_workspace());
            governance::sort_findings(&mut findings);
        }
        if let Some(ws) = workspace {
            let mut all: Vec<&Flow> = others.iter().copied().filter(|f| f.id != flow.id).collect();
            all.push(flow);
            let me = all.len() - 1;
            findings.extend(
                governance::check_workspace(&all, ws)
                    .into_iter()
                    .filter(|(i, _)| *i == me)
                    .map(|(_, f)| f),
            );
            governance::sort_findings(&mut findings);
        }
        self.callers = crate::subflow::callers(others, &flow.id)
            .into_iter()
            .filter(|(caller, _)| caller.id != flow.id)
            .map(|(caller, _)| caller.name.clone())
            .collect();
        self.schemas = schemas;
        self.findings = findings;
        self.approval = workspace.map(|ws| review::approval_state(self.doc.flow(), ws));
        if let Some(comparing) = &mut self.comparing {
            comparing.refresh(self.doc.flow());
        }
        // Selected nodes that an undo removed are no longer selected.
        let flow = self.doc.flow();
        self.selection.retain(|id| flow.node(id).is_some());
    }

    /// Forgets the latest check (the workspace it was checked against changed).
    pub fn invalidate_check(&mut self) {
        self.checked = None;
        self.analyses = governance::CheckMemo::default();
    }

    /// Whether the flow was checked against a workspace's systems and policy.
    pub fn fully_checked(&self) -> bool {
        !self
            .findings
            .iter()
            .any(|f| f.code == governance::NOT_CHECKED_AGAINST_WORKSPACE)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The one selected node, if exactly one is.
    pub fn selected_node(&self) -> Option<&NodeId> {
        (self.selection.len() == 1)
            .then(|| self.selection.iter().next())
            .flatten()
    }

    /// The tab's caption: file name and a dirty marker.
    pub fn caption(&self) -> String {
        let dirty = if self.doc.is_dirty() && !self.doc.read_only {
            " •"
        } else {
            ""
        };
        format!("{}{dirty}", self.doc.title())
    }
}
