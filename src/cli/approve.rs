//! `switchboard approve FLOW --key KEY [--comment TEXT]`: a reviewer named in policy.ron
//! signs the flow's current content with their SSH key. The flow is checked first, exactly
//! as `check` does: errors refuse the approval, warnings need a comment.

use clap::Args;
use std::io::Write;
use std::path::PathBuf;

use super::check::{self, CheckArgs, MinSeverity};
use super::exit;
use super::report::Outcome;
use crate::review::approval::{self, ApproveError, Request};
use crate::workspace;

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The flow file to approve.
    pub flow: PathBuf,
    /// Your SSH private key (ed25519), e.g. ~/.ssh/id_ed25519; its public half must be
    /// among the reviewers in policy.ron. A passphrase is read from
    /// SWITCHBOARD_KEY_PASSPHRASE.
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// Why it may go ahead (needed when the flow has warnings).
    #[arg(long, default_value = "")]
    pub comment: String,
    /// The workspace whose policy, systems and approvals.ron apply (default: the one the
    /// flow file is in).
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// The approval's time (RFC 3339) instead of now, for reproducible examples and tests.
    #[arg(long, hide = true)]
    pub now: Option<jiff::Timestamp>,
}

/// `switchboard approve`: prints what it did or why it refused, returns the exit code.
pub fn run(args: &ApproveArgs, out: &mut dyn Write) -> std::io::Result<u8> {
    let Some(root) = args
        .workspace
        .clone()
        .or_else(|| workspace::find_root(&args.flow))
    else {
        writeln!(
            out,
            "error: this flow is not in a workspace (no systems.ron above it), and approvals are kept in one; give it with --workspace DIR: {}",
            args.flow.display()
        )?;
        return Ok(exit::UNREADABLE);
    };
    let workspace = match super::loaded::workspace(&root, out)? {
        Ok(ws) => ws,
        Err(code) => return Ok(code),
    };
    let report = check::collect(&CheckArgs {
        paths: vec![args.flow.clone()],
        format: Default::default(),
        min_severity: MinSeverity::Info,
        policy: None,
        workspace: Some(root),
        require_approval: false,
    });
    let Some(file) = report.files.first() else {
        writeln!(
            out,
            "error: there is no such flow file: {}",
            args.flow.display()
        )?;
        return Ok(exit::UNREADABLE);
    };
    let (flow, findings) = match &file.outcome {
        Outcome::Checked { flow, findings } => (flow, findings),
        Outcome::Unreadable(e) => {
            writeln!(out, "error: {e}")?;
            return Ok(exit::UNREADABLE);
        }
    };
    let key = match approval::load_private_key(&args.key) {
        Ok(key) => key,
        Err(e) => {
            writeln!(out, "error: {e}")?;
            return Ok(exit::UNREADABLE);
        }
    };
    let request = Request {
        flow,
        findings,
        key: &key,
        comment: &args.comment,
        now: args.now.unwrap_or_else(jiff::Timestamp::now),
    };
    match approval::approve(&workspace, &request) {
        Ok(done) => {
            writeln!(
                out,
                "Approved '{}' as {} <{}> at {}. The approval is in {}; the approved version is kept in {}",
                flow.name,
                done.reviewer,
                done.email,
                done.time,
                workspace.root.join(workspace::APPROVALS_FILE).display(),
                approval::approved_copy_path(&workspace.root, flow.id.as_str(), &done.content)
                    .display()
            )?;
            Ok(exit::OK)
        }
        Err(e) => refused(&e, findings, &args.flow, out),
    }
}

/// Says why the approval was refused; errors in the flow are listed one per line.
fn refused(
    e: &ApproveError,
    findings: &[crate::governance::Finding],
    path: &std::path::Path,
    out: &mut dyn Write,
) -> std::io::Result<u8> {
    writeln!(out, "error: not approved: {e}: {}", path.display())?;
    match e {
        ApproveError::HasErrors { .. } => {
            for f in findings
                .iter()
                .filter(|f| f.severity == crate::governance::Severity::Error)
            {
                writeln!(out, "  error[{}]: {}", f.code, f.message)?;
            }
            writeln!(
                out,
                "Fix them (`switchboard check` shows where), then approve again."
            )?;
            Ok(exit::FINDINGS)
        }
        ApproveError::WarningsNeedComment { .. } | ApproveError::NotAReviewer { .. } => {
            Ok(exit::FINDINGS)
        }
        ApproveError::ApprovalsUnreadable { .. } | ApproveError::Key(_) | ApproveError::Save(_) => {
            Ok(exit::UNREADABLE)
        }
    }
}
