//! Expanding command-line paths into flow files grouped by the workspace they belong to.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::workspace;

/// Flow files to work on, grouped by workspace root (`None`: not inside a workspace).
#[derive(Debug, Default)]
pub struct Targets {
    pub by_root: BTreeMap<Option<PathBuf>, Vec<PathBuf>>,
    /// Paths that do not exist or are neither a folder nor a flow file.
    pub missing: Vec<PathBuf>,
}

pub fn expand(paths: &[PathBuf]) -> Targets {
    let mut targets = Targets::default();
    for path in paths {
        let files = if path.is_dir() {
            match workspace::flow_files(path) {
                Ok(files) => files,
                Err(_) => {
                    targets.missing.push(path.clone());
                    continue;
                }
            }
        } else if path.is_file() {
            vec![path.clone()]
        } else {
            targets.missing.push(path.clone());
            continue;
        };
        let root = workspace::find_root(path);
        let entry = targets.by_root.entry(root).or_default();
        for file in files {
            if !entry.contains(&file) {
                entry.push(file);
            }
        }
    }
    targets
}
