//! Paths and loaders shared by the integration tests.

use std::path::{Path, PathBuf};

use switchboard::model::Flow;
use switchboard::workspace::Workspace;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn examples() -> PathBuf {
    repo().join("flows")
}

pub fn fixture(path: &str) -> PathBuf {
    repo().join("tests/fixtures").join(path)
}

pub fn example_workspace() -> Workspace {
    Workspace::load(&examples()).expect("the example workspace loads")
}

pub fn example_flow_paths() -> Vec<PathBuf> {
    let paths = switchboard::workspace::flow_files(&examples()).expect("lists flows/");
    assert!(
        paths.len() >= 5,
        "the example workspace has at least five flows"
    );
    paths
}

pub fn example_flow(name: &str) -> Flow {
    let path = examples().join(format!("{name}.flow.ron"));
    switchboard::store::load_flow(&path).expect("example flow loads")
}

/// A copy of the example workspace in a temporary folder, to change freely.
pub fn scratch_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&examples(), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
