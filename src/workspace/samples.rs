//! Sample records for offline test runs: `samples/<system id>/<Object>.ron`, each a list
//! of records, e.g. `samples/sales_crm/Account.ron`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::model::{Record, SystemId};
use crate::store::{self, LoadError, LoadErrorKind};

/// One sample file as read: `samples/<system>/<object>.ron`.
#[derive(Clone, Debug)]
pub struct SampleFile {
    /// The folder's name, which should be a system id.
    pub system: String,
    pub object: String,
    pub path: PathBuf,
    pub text: String,
}

/// Reads every `samples/<system>/<object>.ron` under `dir`, sorted.
pub fn read_all(dir: &Path, problems: &mut Vec<LoadError>) -> Vec<SampleFile> {
    let mut out = Vec::new();
    let Ok(systems) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut system_dirs: Vec<_> = systems.filter_map(|e| e.ok().map(|e| e.path())).collect();
    system_dirs.sort();
    for system_dir in system_dirs.into_iter().filter(|p| p.is_dir()) {
        let system = system_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let Ok(files) = std::fs::read_dir(&system_dir) else {
            continue;
        };
        let mut files: Vec<_> = files.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for path in files {
            let Some(object) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".ron"))
                .map(str::to_owned)
            else {
                continue;
            };
            match store::read_document(&path) {
                Ok(text) => out.push(SampleFile {
                    system: system.clone(),
                    object,
                    path,
                    text,
                }),
                Err(e) => problems.push(e),
            }
        }
    }
    out
}

/// Parses sample files into records per (system, object).
pub fn parse_all(
    files: Vec<SampleFile>,
    problems: &mut Vec<LoadError>,
) -> BTreeMap<(SystemId, String), Vec<Record>> {
    let mut samples = BTreeMap::new();
    for file in files {
        let Ok(system) = SystemId::new(file.system.as_str()) else {
            let folder = file.path.parent().unwrap_or(&file.path);
            let problem = LoadError::new(
                folder,
                LoadErrorKind::Invalid,
                format!(
                    "sample folders are named by system id, and `{}` is not a valid id",
                    file.system
                ),
            );
            if !problems.contains(&problem) {
                problems.push(problem);
            }
            continue;
        };
        match store::parse::<Vec<Record>>(&file.path, &file.text) {
            Ok(records) => {
                samples.insert((system, file.object), records);
            }
            Err(e) => problems.push(e),
        }
    }
    samples
}
