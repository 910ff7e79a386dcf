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
mod state;
mod store;

pub use finding::{APPROVAL_REFUSED, NOT_APPROVED, approval_findings};
pub use hash::{approved_content_hash, content_hash, content_text};
pub use signature::{
    KeyError, NAMESPACE, PASSPHRASE_VARIABLE, Refusal, load_private_key, reviewer_of,
    signature_from_pem, signature_pem, signed_message, verify,
};
pub use state::{ApprovalState, Status, approval_state, changed_sources, last_approved};
pub use store::{SaveError, approvals_text, approved_copy_path};

use crate::governance::{Finding, Severity};
use crate::model::{Approval, Flow};
use crate::workspace::{APPROVALS_FILE, Workspace};

/// Why a flow cannot be approved.
#[derive(Debug, thiserror::Error)]
pub enum ApproveError {
    /// `first` is the first error, `[code] message`, for a caller that shows only one.
    #[error("the flow has {}, and errors block approval", counted(*count, "error finding"))]
    HasErrors { count: usize, first: String },
    #[error(
        "the flow has {}: say in a comment why it may go ahead with them (--comment TEXT)",
        counted(*count, "warning")
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
    let content = approved_content_hash(request.flow, workspace).map_err(SaveError::from)?;
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

/// "1 warning", "2 warnings".
fn counted(count: usize, what: &str) -> String {
    if count == 1 {
        format!("1 {what}")
    } else {
        format!("{count} {what}s")
    }
}

/// `2026-12-05T14:03:00Z`: whole seconds, UTC.
fn rfc3339_utc(now: jiff::Timestamp) -> String {
    now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}
