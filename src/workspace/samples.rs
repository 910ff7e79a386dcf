//! Sample records for offline test runs: `samples/<system id>/<Object>.ron`, each a list
//! of records, e.g. `samples/sales_crm/Account.ron`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::{Record, SystemId};
use crate::store::{self, LoadError, LoadErrorKind};

pub fn load_all(
    dir: &Path,
    problems: &mut Vec<LoadError>,
) -> BTreeMap<(SystemId, String), Vec<Record>> {
    let mut samples = BTreeMap::new();
    let Ok(systems) = std::fs::read_dir(dir) else {
        return samples;
    };
    let mut system_dirs: Vec<_> = systems.filter_map(|e| e.ok().map(|e| e.path())).collect();
    system_dirs.sort();
    for system_dir in system_dirs.into_iter().filter(|p| p.is_dir()) {
        let name = system_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let Ok(system) = SystemId::new(name) else {
            problems.push(LoadError::new(
                &system_dir,
                LoadErrorKind::Invalid,
                format!("sample folders are named by system id, and `{name}` is not a valid id"),
            ));
            continue;
        };
        let Ok(files) = std::fs::read_dir(&system_dir) else {
            continue;
        };
        let mut files: Vec<_> = files.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for file in files {
            let Some(object) = file
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".ron"))
            else {
                continue;
            };
            match store::load_document::<Vec<Record>>(&file) {
                Ok(records) => {
                    samples.insert((system.clone(), object.to_owned()), records);
                }
                Err(e) => problems.push(e),
            }
        }
    }
    samples
}
