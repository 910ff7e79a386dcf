//! `switchboard diff OLD NEW` and `switchboard diff FLOW --against REV`: what changed
//! between two versions of a flow, in the flow's terms, with what the change does to
//! governance and to where personal data goes. Exit codes as diff(1): 0 same content
//! (a layout-only change included), 1 contents differ, 2 an input could not be read.

use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::diff_out::{self, DiffReport};
use super::exit;
use crate::model::Flow;
use crate::review::{self, read_at_revision};
use crate::store;
use crate::workspace::{self, Workspace};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old and the new flow file; with --against, the one flow file.
    #[arg(num_args = 1..=2, required = true, value_name = "FLOW")]
    pub files: Vec<PathBuf>,
    /// Compare the file with its version at this git revision (HEAD, HEAD~1, a branch,
    /// a tag or a commit id) of the repository it is in.
    #[arg(long, value_name = "REV")]
    pub against: Option<String>,
    /// How to print the differences.
    #[arg(long, value_enum, default_value_t)]
    pub format: DiffFormat,
    /// Check both versions against this workspace's systems and policy (default: the
    /// workspace the new file is in, as `check` finds it).
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DiffFormat {
    /// Plain text for a terminal.
    #[default]
    Human,
    /// One JSON document, for tools.
    Json,
    /// Headings, tables and lists to paste into a pull request.
    Markdown,
}

/// The two versions, and the names they go by in what is printed.
struct Inputs {
    old: Flow,
    new: Flow,
    old_name: String,
    new_name: String,
    /// The file whose workspace the flows are checked against.
    anchor: PathBuf,
}

/// `switchboard diff`: prints the differences to `out`, problems to `messages`, and
/// returns the exit code.
pub fn run(args: &DiffArgs, out: &mut dyn Write, messages: &mut dyn Write) -> std::io::Result<u8> {
    let inputs = match read_inputs(args) {
        Ok(inputs) => inputs,
        Err(message) => {
            writeln!(messages, "error: {message}")?;
            return Ok(exit::UNREADABLE);
        }
    };
    let mut notes = Vec::new();
    let (workspace, root) = match find_workspace(args, &inputs.anchor, &mut notes) {
        Ok(found) => found,
        Err(message) => {
            writeln!(messages, "error: {message}")?;
            return Ok(exit::UNREADABLE);
        }
    };
    let others = workspace
        .as_ref()
        .map(|ws| other_flows(ws, &inputs))
        .unwrap_or_default();
    let refs: Vec<&Flow> = others.iter().collect();
    let comparison = review::compare(&inputs.old, &inputs.new, workspace.as_ref(), &refs);
    let same = comparison.changes.same_content();
    let report = DiffReport {
        old_name: inputs.old_name,
        new_name: inputs.new_name,
        old: &inputs.old,
        new: &inputs.new,
        workspace: root,
        notes,
        comparison,
    };
    match args.format {
        DiffFormat::Human => diff_out::human(&report, out)?,
        DiffFormat::Markdown => diff_out::markdown(&report, out)?,
        DiffFormat::Json => diff_out::json(&report, out)?,
    }
    Ok(if same { exit::OK } else { exit::FINDINGS })
}

fn read_inputs(args: &DiffArgs) -> Result<Inputs, String> {
    match (&args.against, args.files.as_slice()) {
        (Some(rev), [file]) => {
            let text = read_at_revision(file, rev).map_err(|e| e.to_string())?;
            let old_name = format!("{} at {rev}", file.display());
            let old = store::parse_flow(Path::new(&old_name), &text).map_err(|e| e.to_string())?;
            Ok(Inputs {
                old,
                new: read_flow(file)?,
                old_name,
                new_name: file.display().to_string(),
                anchor: file.clone(),
            })
        }
        (Some(_), _) => {
            Err("with --against give one flow file: switchboard diff FLOW --against REV".into())
        }
        (None, [old, new]) => Ok(Inputs {
            old: read_flow(old)?,
            new: read_flow(new)?,
            old_name: old.display().to_string(),
            new_name: new.display().to_string(),
            anchor: new.clone(),
        }),
        (None, _) => Err(
            "give two flow files to compare (switchboard diff OLD NEW), or one with --against REV"
                .into(),
        ),
    }
}

fn read_flow(path: &Path) -> Result<Flow, String> {
    let text = store::read_document(path).map_err(|e| e.to_string())?;
    store::parse_flow(path, &text).map_err(|e| e.to_string())
}

/// The workspace to check against: the one given (which must load), or the one the
/// file is in (a note when there is none or it does not load).
fn find_workspace(
    args: &DiffArgs,
    anchor: &Path,
    notes: &mut Vec<String>,
) -> Result<(Option<Workspace>, Option<PathBuf>), String> {
    if let Some(dir) = &args.workspace {
        let ws = Workspace::load(dir).map_err(|e| e.to_string())?;
        return Ok((Some(ws), Some(dir.clone())));
    }
    let Some(root) = workspace::find_root(anchor) else {
        notes.push(format!(
            "{} is not inside a workspace (no systems.ron found above it), so only the structure of both versions was checked and where personal data goes is unknown; give one with --workspace DIR",
            anchor.display()
        ));
        return Ok((None, None));
    };
    match Workspace::load(&root) {
        Ok(ws) => Ok((Some(ws), Some(root))),
        Err(e) => {
            notes.push(format!(
                "the workspace could not be loaded, so only the structure was checked: {e}"
            ));
            Ok((None, None))
        }
    }
}

/// The workspace's other flows, for the rules that compare flows with each other; a
/// flow with the id of either version is another copy of this one, not another flow.
fn other_flows(workspace: &Workspace, inputs: &Inputs) -> Vec<Flow> {
    workspace
        .flow_paths
        .iter()
        .filter_map(|path| store::load_flow(path).ok())
        .filter(|f| f.id != inputs.old.id && f.id != inputs.new.id)
        .collect()
}
