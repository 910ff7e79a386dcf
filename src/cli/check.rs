//! `switchboard check [PATH…]`: load each workspace once, check every flow in it, print
//! the findings. A file that cannot be read is reported and the others are still checked.

use clap::Args;
use codespan_reporting::term::termcolor::WriteColor;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::report::{self, FileReport, Outcome, Report};
use super::{OutputFormat, paths, paths_or_here};
use crate::governance;
use crate::store::{self, LoadError, LoadErrorKind};
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Flow files or workspace folders (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
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
    for (root, files) in &targets.by_root {
        let workspace = match root {
            Some(root) => match Workspace::load(root) {
                Ok(ws) => {
                    report
                        .workspace_problems
                        .extend(ws.problems.iter().cloned());
                    Some(ws)
                }
                Err(e) => {
                    report.workspace_problems.push(e);
                    None
                }
            },
            None => {
                report.notes.push(format!(
                    "{} {} not inside a workspace (no systems.ron found above {}), so systems, objects and fields were not checked",
                    files.len(),
                    if files.len() == 1 { "flow is" } else { "flows are" },
                    if files.len() == 1 { "it" } else { "them" },
                ));
                None
            }
        };
        for path in files {
            report.files.push(check_file(path, workspace.as_ref()));
        }
    }
    report
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
            let findings = governance::check_flow(&flow, workspace);
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

/// `switchboard check`: prints the report and returns the exit code.
pub fn run(args: &CheckArgs, out: &mut dyn WriteColor) -> std::io::Result<u8> {
    let report = collect(args);
    match args.format {
        OutputFormat::Human => report::human(&report, out)?,
        OutputFormat::Json => report::json(&report, out as &mut dyn Write)?,
    }
    Ok(report.exit_code())
}
