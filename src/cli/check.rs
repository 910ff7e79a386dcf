//! `switchboard check [PATH…]`: load each workspace once, check every flow in it, print
//! the findings. A file that cannot be read is reported and the others are still checked.
//! With `--require-approval`, a flow without a current valid approval is an error too.

use clap::Args;
use codespan_reporting::term::termcolor::WriteColor;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::report::{self, FileReport, Outcome, Report};
use super::{OutputFormat, paths, paths_or_here};
use crate::governance::{self, Severity};
use crate::review::{self, approval};
use crate::store::{self, LoadError, LoadErrorKind};
use crate::workspace::{self, Workspace};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Flow files or workspace folders (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// Leave out findings below this severity (the exit code still counts errors).
    #[arg(long, value_enum, default_value_t = MinSeverity::Info)]
    pub min_severity: MinSeverity,
    /// Check against this policy file (over the built-in default) instead of the
    /// workspace's policy.ron.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Check the flows against this workspace's systems and policy, wherever the files
    /// are (for a flow someone sent you, outside any workspace).
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Also an error for each flow without a current, valid approval in approvals.ron
    /// (never approved, changed since, or approved under another systems.ron or policy.ron).
    #[arg(long)]
    pub require_approval: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MinSeverity {
    Info,
    Warning,
    Error,
}

impl MinSeverity {
    fn admits(self, s: Severity) -> bool {
        let floor = match self {
            MinSeverity::Info => Severity::Info,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Error => Severity::Error,
        };
        s >= floor
    }
}

/// Runs the checks and builds the report.
pub fn collect(args: &CheckArgs) -> Report {
    let mut report = Report::default();
    let targets = paths::expand(&paths_or_here(&args.paths));
    for missing in &targets.missing {
        report.workspace_problems.push(LoadError::new(
            missing,
            LoadErrorKind::Unreadable,
            "there is no such file or folder",
        ));
    }
    for empty in &targets.empty {
        report.workspace_problems.push(LoadError::new(
            empty,
            LoadErrorKind::Unreadable,
            "there are no flow files (*.flow.ron) in this folder, and it is not a workspace (no systems.ron)",
        ));
    }
    let groups: Vec<(Option<PathBuf>, Vec<PathBuf>)> = match &args.workspace {
        // One workspace for every file given.
        Some(dir) => vec![(
            Some(dir.clone()),
            targets.by_root.values().flatten().cloned().collect(),
        )],
        None => targets.by_root.clone().into_iter().collect(),
    };
    for (root, files) in &groups {
        let workspace = match root {
            Some(root) => match Workspace::load(root) {
                Ok(mut ws) => {
                    report
                        .workspace_problems
                        .extend(ws.problems.iter().cloned());
                    if let Some(path) = &args.policy {
                        use_policy(path, &mut ws, &mut report.workspace_problems);
                    }
                    Some(ws)
                }
                Err(e) => {
                    report.workspace_problems.push(e);
                    None
                }
            },
            None => {
                report.notes.push(format!(
                    "{} {} not inside a workspace (no systems.ron found above {}), so only {} structure was checked and {} cannot be approved; give one with --workspace DIR",
                    files.len(),
                    if files.len() == 1 { "flow is" } else { "flows are" },
                    if files.len() == 1 { "it" } else { "them" },
                    if files.len() == 1 { "its" } else { "their" },
                    if files.len() == 1 { "it" } else { "they" },
                ));
                None
            }
        };
        let first = report.files.len();
        for path in files {
            report.files.push(check_file(path, workspace.as_ref()));
        }
        if let Some(workspace) = &workspace {
            add_workspace_findings(&mut report.files[first..], workspace);
        }
        if args.require_approval {
            add_approval_findings(&mut report.files[first..], workspace.as_ref());
        }
        for file in &mut report.files[first..] {
            if let Outcome::Checked { findings, .. } = &mut file.outcome {
                findings.retain(|f| args.min_severity.admits(f.severity));
            }
        }
    }
    report
}

/// An error on each flow without a current valid approval, saying why; a warning on each
/// approval that does not count when another one does.
fn add_approval_findings(files: &mut [FileReport], workspace: Option<&Workspace>) {
    for file in files {
        if let Outcome::Checked { flow, findings } = &mut file.outcome {
            let state = workspace.map(|ws| review::approval_state(flow, ws));
            findings.extend(approval::approval_findings(
                state.as_ref(),
                workspace,
                &file.path,
            ));
            governance::sort_findings(findings);
        }
    }
}

/// Checks against the policy file at `path` over the built-in default, instead of the
/// workspace's own; what cannot be read, or names what does not exist, is a problem.
fn use_policy(path: &Path, ws: &mut Workspace, problems: &mut Vec<LoadError>) {
    let text = match store::read_document(path) {
        Ok(text) => text,
        Err(e) => return problems.push(e),
    };
    let default = workspace::default_policy();
    if let Some(policy) =
        workspace::parse_policy_over(&default, path, &text, &ws.landscape, problems)
    {
        ws.policy = policy;
        // Approvals hold under the policy they were given under: this one now.
        ws.sources.policy = workspace::source_hash(&text);
    }
}

fn check_file(path: &Path, workspace: Option<&Workspace>) -> FileReport {
    let text = match store::read_document(path) {
        Ok(text) => text,
        Err(e) => {
            return FileReport {
                path: path.to_owned(),
                text: None,
                outcome: Outcome::Unreadable(e),
            };
        }
    };
    let outcome = match store::parse_flow(path, &text) {
        Ok(flow) => {
            let mut findings = governance::check_flow(&flow, workspace);
            if workspace.is_none() {
                findings.push(governance::not_checked_against_workspace());
                governance::sort_findings(&mut findings);
            }
            Outcome::Checked {
                flow: Box::new(flow),
                findings,
            }
        }
        Err(e) => Outcome::Unreadable(e),
    };
    FileReport {
        path: path.to_owned(),
        text: Some(text),
        outcome,
    }
}

/// Rules that compare flows with each other see every flow of the workspace that loaded,
/// not only the ones named on the command line.
fn add_workspace_findings(files: &mut [FileReport], workspace: &Workspace) {
    // Each path resolved once: a workspace of hundreds of flows, all named, would
    // otherwise resolve every pair.
    let named: std::collections::HashSet<PathBuf> =
        files.iter().map(|f| resolved(&f.path)).collect();
    // A workspace flow with the id of a checked one is another version of the same flow
    // (a copy sent for review, checked with --workspace), not a second integration; the
    // designer compares flows the same way.
    let ids: std::collections::HashSet<&str> = files
        .iter()
        .filter_map(|f| match &f.outcome {
            Outcome::Checked { flow, .. } => Some(flow.id.as_str()),
            Outcome::Unreadable(_) => None,
        })
        .collect();
    let mut others = Vec::new();
    for path in &workspace.flow_paths {
        if !named.contains(&resolved(path))
            && let Ok(flow) = store::load_flow(path)
            && !ids.contains(flow.id.as_str())
        {
            others.push(flow);
        }
    }
    let mut flows: Vec<&crate::model::Flow> = Vec::new();
    let mut owner_of: Vec<Option<usize>> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if let Outcome::Checked { flow, .. } = &file.outcome {
            flows.push(flow);
            owner_of.push(Some(i));
        }
    }
    for flow in &others {
        flows.push(flow);
        owner_of.push(None);
    }
    for (i, finding) in governance::check_workspace(&flows, workspace) {
        if let Some(Some(file)) = owner_of.get(i)
            && let Outcome::Checked { findings, .. } = &mut files[*file].outcome
        {
            findings.push(finding);
            governance::sort_findings(findings);
        }
    }
}

fn resolved(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// `switchboard check`: prints the report and returns the exit code.
pub fn run(args: &CheckArgs, out: &mut dyn WriteColor) -> std::io::Result<u8> {
    let report = collect(args);
    match args.format {
        OutputFormat::Human => report::human(&report, out)?,
        OutputFormat::Json => report::json(&report, out as &mut dyn Write)?,
        OutputFormat::Sarif => super::sarif::sarif(&report, out as &mut dyn Write)?,
    }
    Ok(report.exit_code())
}
