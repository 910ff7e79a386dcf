//! Approvals bound to content: a reviewer listed in the policy signs, with their SSH key,
//! the hash of a flow's content (without layout), the hashes of the systems and policy it
//! was checked against, their name, the time and a comment. Any later change to the flow,
//! to `systems.ron` or to `policy.ron` makes the approval stale; an approval signed with a
//! key not in the policy, or whose signature does not match what it says, never counts.
//!
//! [`approval_state`] is what the designer and `check --require-approval` ask;
//! [`approve`] is what `switchboard approve` and the designer's Approve button call.

mod finding;
mod hash;
mod signature;
mod store;

use std::path::PathBuf;

pub use finding::{APPROVAL_REFUSED, NOT_APPROVED, approval_findings};
pub use hash::{content_hash, content_text};
pub use signature::{
    KeyError, NAMESPACE, PASSPHRASE_VARIABLE, Refusal, load_private_key, reviewer_of,
    signature_from_pem, signature_pem, signed_message, verify,
};
pub use store::{SaveError, approvals_text, approved_copy_path};

use crate::governance::{Finding, Severity};
use crate::model::{Approval, Flow};
use crate::workspace::{APPROVALS_FILE, Workspace};

/// Where a flow stands with its reviewers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovalState {
    pub status: Status,
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

impl ApprovalState {
    pub fn is_approved(&self) -> bool {
        matches!(self.status, Status::Approved(_))
    }
}

/// Where `flow` stands with the reviewers of `workspace`'s policy.
pub fn approval_state(flow: &Flow, workspace: &Workspace) -> ApprovalState {
    // A flow that cannot be written cannot be hashed: it matches no approval.
    let content = content_hash(flow).unwrap_or_default();
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
    ApprovalState { status, refused }
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

/// Why a flow cannot be approved.
#[derive(Debug, thiserror::Error)]
pub enum ApproveError {
    #[error("the flow has {count} error finding(s), and errors block approval; the first: {first}")]
    HasErrors { count: usize, first: String },
    #[error(
        "the flow has {count} warning(s): say in a comment why it may go ahead with them (--comment TEXT)"
    )]
    WarningsNeedComment { count: usize },
    #[error(
        "this key ({fingerprint}) is not one of the reviewers' in policy.ron, so it cannot approve; an admin adds its .pub line to `reviewers` in policy.ron"
    )]
    NotAReviewer { fingerprint: String },
    #[error(
        "approvals.ron cannot be read, and approving would write over the approvals in it; repair it first ({why})"
    )]
    ApprovalsUnreadable { why: String },
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// What a reviewer approves: a flow as checked, with its findings.
pub struct Request<'a> {
    pub flow: &'a Flow,
    /// Every finding of the flow, as `check` gives them (workspace-wide rules included).
    pub findings: &'a [Finding],
    pub key: &'a ssh_key::PrivateKey,
    pub comment: &'a str,
    pub now: jiff::Timestamp,
}

/// Approves `request.flow` in `workspace`: signs the approval, adds it to approvals.ron and
/// keeps a copy of the approved version. Refuses a flow with error findings, one with
/// warnings and no comment, and a key that is not a reviewer's.
pub fn approve(workspace: &Workspace, request: &Request) -> Result<Approval, ApproveError> {
    let approvals_path = workspace.root.join(APPROVALS_FILE);
    if let Some(problem) = workspace.problems.iter().find(|p| p.path == approvals_path) {
        return Err(ApproveError::ApprovalsUnreadable {
            why: problem.to_string(),
        });
    }
    let errors: Vec<&Finding> = request
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if let Some(first) = errors.first() {
        return Err(ApproveError::HasErrors {
            count: errors.len(),
            first: format!("[{}] {}", first.code, first.message),
        });
    }
    let warnings = request
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    if warnings > 0 && request.comment.trim().is_empty() {
        return Err(ApproveError::WarningsNeedComment { count: warnings });
    }
    let reviewer = reviewer_of(request.key, &workspace.policy.reviewers).ok_or_else(|| {
        ApproveError::NotAReviewer {
            fingerprint: request
                .key
                .public_key()
                .fingerprint(ssh_key::HashAlg::Sha256)
                .to_string(),
        }
    })?;
    let content = content_hash(request.flow).map_err(SaveError::from)?;
    let mut approval = Approval {
        flow: request.flow.id.clone(),
        content: content.clone(),
        systems: workspace.sources.systems.clone(),
        policy: workspace.sources.policy.clone(),
        reviewer: reviewer.name.clone(),
        email: reviewer.email.clone(),
        time: rfc3339_utc(request.now),
        comment: request.comment.trim().to_owned(),
        signature: String::new(),
    };
    signature::sign(&mut approval, request.key)?;
    store::keep_approved_copy(&workspace.root, request.flow, &content)?;
    store::add_approval(workspace, approval.clone())?;
    Ok(approval)
}

/// `2026-12-05T14:03:00Z`: whole seconds, UTC.
fn rfc3339_utc(now: jiff::Timestamp) -> String {
    now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}
