//! What `check --require-approval` says about a flow's approval: an error when there is no
//! current valid one (never approved, changed since, or approved under other systems or
//! another policy), and why each approval that does not count was refused.

use std::path::Path;

use super::state::{ApprovalState, Status};
use crate::governance::{Finding, Location, Severity};
use crate::model::Approval;
use crate::workspace::Workspace;

/// The code of the error a flow without a current valid approval gets.
pub const NOT_APPROVED: &str = "not-approved";
/// The code of the warning about an approval that does not count, on a flow that another
/// approval covers.
pub const APPROVAL_REFUSED: &str = "approval-refused";

/// The findings `check --require-approval` adds for the flow at `path`, given its state;
/// `workspace` is `None` for a flow checked outside any workspace (never approved there).
pub fn approval_findings(
    state: Option<&ApprovalState>,
    workspace: Option<&Workspace>,
    path: &Path,
) -> Vec<Finding> {
    let fix = fix(workspace, path);
    let Some(state) = state else {
        return vec![Finding::new(
            NOT_APPROVED,
            Severity::Error,
            Location::Flow,
            "This flow has no approval: it is not in a workspace, and approvals are kept in a workspace's approvals.ron",
            fix,
        )];
    };
    let refused = state
        .refused
        .iter()
        .map(|(approval, why)| format!("the approval by {} does not count: {why}", by(approval)));
    let status = match &state.status {
        Status::Approved(_) => {
            return refused
                .map(|text| {
                    Finding::new(
                        APPROVAL_REFUSED,
                        Severity::Warning,
                        Location::Flow,
                        format!("{} (another approval covers this version)", capital(&text)),
                        "Remove that line from approvals.ron, or ask the reviewer to approve again",
                    )
                })
                .collect();
        }
        Status::NeverApproved => "This flow has never been approved".to_owned(),
        Status::Changed(last) if state.only_subflows_changed => format!(
            "A sub-flow this flow calls changed since it was approved by {}, so that approval no longer holds",
            by(last)
        ),
        Status::Changed(last) => format!(
            "This flow changed since it was approved by {}, so that approval no longer holds",
            by(last)
        ),
        Status::OtherSources {
            approval,
            systems,
            policy,
        } => {
            let what = super::state::changed_sources(*systems, *policy);
            format!(
                "This flow was approved by {} under another {what}: the systems or rules it was checked against have changed since",
                by(approval)
            )
        }
    };
    let mut message = status;
    for text in refused {
        message.push_str("; ");
        message.push_str(&text);
    }
    vec![Finding::new(
        NOT_APPROVED,
        Severity::Error,
        Location::Flow,
        message,
        fix,
    )]
}

/// "Ana Ruiz <ana@example.com> on 2026-12-05T14:03:00Z".
fn by(approval: &Approval) -> String {
    format!(
        "{} <{}> on {}",
        approval.reviewer, approval.email, approval.time
    )
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Who to ask and how.
fn fix(workspace: Option<&Workspace>, path: &Path) -> String {
    let command = format!(
        "`switchboard approve {} --key ~/.ssh/id_ed25519 [--comment TEXT]`",
        path.display()
    );
    let reviewers: Vec<String> = workspace
        .map(|ws| {
            ws.policy
                .reviewers
                .iter()
                .map(|r| format!("{} <{}>", r.name, r.email))
                .collect()
        })
        .unwrap_or_default();
    if workspace.is_none() {
        format!(
            "Put it in its workspace, or check it with --workspace DIR, and have a reviewer approve it there: {command}"
        )
    } else if reviewers.is_empty() {
        format!(
            "policy.ron names no reviewers: an admin adds them (reviewers: [(name: \"…\", email: \"…\", key: \"ssh-ed25519 AAAA…\")]), then one of them approves it: {command}"
        )
    } else {
        format!(
            "Ask one of the reviewers in policy.ron ({}) to review it and approve it: {command}",
            reviewers.join(", ")
        )
    }
}
