//! `switchboard report [WORKSPACE] [--out FILE]`: the workspace's findings as Markdown, for
//! reviewers without the app.

use clap::Args;
use std::io::Write;
use std::path::PathBuf;

use super::loaded::{self, Loaded};
use super::plain::escape_controls;
use crate::governance::report::markdown;
use crate::store;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The workspace folder (default: the current folder).
    pub workspace: Option<PathBuf>,
    /// Write the report here instead of to standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: &ReportArgs, messages: &mut dyn Write) -> std::io::Result<u8> {
    let Loaded {
        workspace,
        flows,
        code,
    } = match loaded::load(args.workspace.as_deref(), "report", messages)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let refs: Vec<_> = flows.iter().collect();
    let root = args.workspace.clone().unwrap_or_else(|| PathBuf::from("."));
    let title = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.display().to_string());
    // Labels and names come from the files as written: control characters in them are
    // shown, so the report says what the files say and a terminal showing it obeys none.
    let text = escape_controls(&markdown(&refs, &workspace, &title)).into_owned();
    match &args.out {
        Some(path) => {
            store::write_atomic(path, text.as_bytes())?;
            writeln!(messages, "Wrote the findings report to {}.", path.display())?;
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(code)
}
