//! Expanding command-line paths into flow files grouped by the workspace they belong to.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::workspace::{self, POLICY_FILE, SYSTEMS_FILE};

/// Flow files to work on, grouped by workspace root (`None`: not inside a workspace).
#[derive(Debug, Default)]
pub struct Targets {
    /// A workspace named only through its `systems.ron` or `policy.ron` appears here with
    /// no flows, so its registry is still checked.
    pub by_root: BTreeMap<Option<PathBuf>, Vec<PathBuf>>,
    /// Paths that do not exist or cannot be listed.
    pub missing: Vec<PathBuf>,
    /// Folders that hold no flow files and are not a workspace either.
    pub empty: Vec<PathBuf>,
}

pub fn expand(paths: &[PathBuf]) -> Targets {
    let mut targets = Targets::default();
    for path in paths {
        let root = workspace::find_root(path);
        let files = if path.is_dir() {
            match workspace::flow_files(path) {
                Ok(files) if files.is_empty() && !path.join(SYSTEMS_FILE).exists() => {
                    targets.empty.push(path.clone());
                    continue;
                }
                Ok(files) => files,
                Err(_) => {
                    targets.missing.push(path.clone());
                    continue;
                }
            }
        } else if path.exists() {
            // A file, or a pipe or device named as one, which reading refuses by name.
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if (name == SYSTEMS_FILE || name == POLICY_FILE) && root.is_some() {
                Vec::new()
            } else {
                vec![path.clone()]
            }
        } else {
            targets.missing.push(path.clone());
            continue;
        };
        let entry = targets.by_root.entry(root).or_default();
        for file in files {
            if !entry.contains(&file) {
                entry.push(file);
            }
        }
    }
    targets
}

/// Paths given on the command line, or the current folder.
pub(super) fn paths_or_here(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}
