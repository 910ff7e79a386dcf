//! Where a flow stands with its reviewers: each of its approvals in approvals.ron verified
//! against the policy's reviewers, then compared with the flow's content and the
//! workspace's systems and policy as they are now.

use std::path::PathBuf;

use super::hash::{approved_content_hash, content_hash};
use super::signature::{Refusal, verify};
use super::store::approved_copy_path;
use crate::model::{Approval, Flow};
use crate::workspace::Workspace;

/// Where a flow stands with its reviewers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovalState {
    pub status: Status,
    /// When the flow changed since its approval only because a sub-flow it calls did
    /// (its own content is the approved copy's).
    pub only_subflows_changed: bool,
    /// The flow's approvals in approvals.ron that do not count, with why.
    pub refused: Vec<(Approval, Refusal)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// A valid approval of exactly this content, systems and policy (the newest one).
    Approved(Approval),
    /// No valid approval of this flow at all.
    NeverApproved,
    /// The flow changed since its newest valid approval.
    Changed(Approval),
    /// This content was approved, but under another systems.ron and/or policy.ron.
    OtherSources {
        approval: Approval,
        systems: bool,
        policy: bool,
    },
}

/// Which of the workspace's sources changed since an approval, as a user reads it.
pub fn changed_sources(systems: bool, policy: bool) -> &'static str {
    match (systems, policy) {
        (true, true) => "systems.ron and policy.ron",
        (true, false) => "systems.ron",
        _ => "policy.ron",
    }
}

impl ApprovalState {
    pub fn is_approved(&self) -> bool {
        matches!(self.status, Status::Approved(_))
    }
}

/// Where `flow` stands with the reviewers of `workspace`'s policy.
pub fn approval_state(flow: &Flow, workspace: &Workspace) -> ApprovalState {
    // Most flows have no approval at all: say so without serializing and hashing the
    // flow (the designer asks after every edit).
    if !workspace.approvals.iter().any(|a| a.flow == flow.id) {
        return ApprovalState {
            status: Status::NeverApproved,
            only_subflows_changed: false,
            refused: Vec::new(),
        };
    }
    // A flow that cannot be written cannot be hashed: it matches no approval.
    let content = approved_content_hash(flow, workspace).unwrap_or_default();
    let reviewers = &workspace.policy.reviewers;
    let mut valid: Vec<&Approval> = Vec::new();
    let mut refused = Vec::new();
    for approval in workspace.approvals.iter().filter(|a| a.flow == flow.id) {
        match verify(approval, reviewers) {
            Ok(_) => valid.push(approval),
            Err(why) => refused.push((approval.clone(), why)),
        }
    }
    // RFC 3339 UTC times sort as text.
    valid.sort_by(|a, b| a.time.cmp(&b.time));
    let sources = &workspace.sources;
    let same_content = || valid.iter().rev().find(|a| a.content == content);
    let status = if let Some(current) = valid.iter().rev().find(|a| {
        a.content == content && a.systems == sources.systems && a.policy == sources.policy
    }) {
        Status::Approved((*current).clone())
    } else if let Some(approval) = same_content() {
        Status::OtherSources {
            approval: (*approval).clone(),
            systems: approval.systems != sources.systems,
            policy: approval.policy != sources.policy,
        }
    } else if let Some(last) = valid.last() {
        Status::Changed((*last).clone())
    } else {
        Status::NeverApproved
    };
    let only_subflows_changed = match &status {
        Status::Changed(last) => own_content_approved(flow, workspace, last),
        _ => false,
    };
    ApprovalState {
        status,
        only_subflows_changed,
        refused,
    }
}

/// Whether the copy kept when `approval` was given has `flow`'s own content: then what
/// changed is in the sub-flows it calls.
fn own_content_approved(flow: &Flow, workspace: &Workspace, approval: &Approval) -> bool {
    if crate::subflow::calls(flow).next().is_none() {
        return false;
    }
    let path = approved_copy_path(&workspace.root, flow.id.as_str(), &approval.content);
    let Ok(copy) = crate::store::load_flow(&path) else {
        return false;
    };
    matches!(
        (content_hash(&copy), content_hash(flow)),
        (Ok(a), Ok(b)) if a == b
    )
}

/// The newest valid approval of flow `flow` and the path of the approved version it kept,
/// for "compare with the last approved version"; `None` when there is none, or its copy
/// is gone.
pub fn last_approved(flow: &Flow, workspace: &Workspace) -> Option<(Approval, PathBuf)> {
    let mut valid: Vec<&Approval> = workspace
        .approvals
        .iter()
        .filter(|a| a.flow == flow.id && verify(a, &workspace.policy.reviewers).is_ok())
        .collect();
    valid.sort_by(|a, b| a.time.cmp(&b.time));
    valid.iter().rev().find_map(|a| {
        let path = approved_copy_path(&workspace.root, a.flow.as_str(), &a.content);
        path.is_file().then(|| ((*a).clone(), path))
    })
}
