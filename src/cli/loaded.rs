//! Loading a workspace and all its flows for the commands that look at every flow at
//! once (catalog, report). A flow that cannot be read is said and left out; the command
//! still runs on the rest.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::exit;
use crate::model::Flow;
use crate::store;
use crate::workspace::Workspace;

/// The workspace at `root`, or the exit code after saying on `messages` why it could
/// not be loaded (what every command taking a workspace does first).
pub fn workspace(root: &Path, messages: &mut dyn Write) -> std::io::Result<Result<Workspace, u8>> {
    match Workspace::load(root) {
        Ok(ws) => Ok(Ok(ws)),
        Err(e) => {
            writeln!(messages, "error: {e}")?;
            Ok(Err(exit::UNREADABLE))
        }
    }
}

/// A workspace with the flows that loaded, and the exit code so far.
pub struct Loaded {
    pub workspace: Workspace,
    pub flows: Vec<Flow>,
    pub code: u8,
}

/// Loads the workspace at `root` (the current folder when `None`); `purpose` finishes
/// the sentence "left out of the …" for flows that cannot be read.
pub fn load(
    root: Option<&Path>,
    purpose: &str,
    messages: &mut dyn Write,
) -> std::io::Result<Result<Loaded, u8>> {
    let root = root.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let workspace = match workspace(&root, messages)? {
        Ok(ws) => ws,
        Err(code) => return Ok(Err(code)),
    };
    let mut code = exit::OK;
    let mut flows = Vec::new();
    for path in &workspace.flow_paths {
        match store::load_flow(path) {
            Ok(flow) => flows.push(flow),
            Err(e) => {
                writeln!(messages, "error: left out of the {purpose}: {e}")?;
                code = exit::UNREADABLE;
            }
        }
    }
    Ok(Ok(Loaded {
        workspace,
        flows,
        code,
    }))
}
