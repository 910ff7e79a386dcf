//! The generated inputs of the scale measurements (benches/scale.rs, benches/frame.rs,
//! examples/scale_memory.rs; not every one uses every helper): flows of any size from
//! `model::synthetic`, and workspaces of any number of realistic flows — the example
//! workspace's flows over and over, each with its own id, written into a copy of the
//! example workspace.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use switchboard::model::{Flow, FlowId};
use switchboard::store;
use switchboard::workspace::Workspace;

pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("flows")
}

pub fn example_workspace() -> Workspace {
    Workspace::load(&examples()).expect("the example workspace loads")
}

/// `n` flows: the examples repeated, each with its own id.
pub fn flows(n: usize) -> Vec<Flow> {
    let ws = example_workspace();
    let examples: Vec<Flow> = ws
        .flow_paths
        .iter()
        .map(|p| store::load_flow(p).expect("example flow"))
        .collect();
    (0..n)
        .map(|i| {
            let mut f = examples[i % examples.len()].clone();
            f.id = FlowId::new(format!("{}-{i}", f.id)).expect("slug");
            f
        })
        .collect()
}

/// A copy of the example workspace in `dir` holding `n` flows instead of its own.
pub fn workspace_on_disk(dir: &Path, n: usize) {
    for entry in walk(&examples()) {
        let relative = entry.strip_prefix(examples()).expect("inside");
        if relative.to_string_lossy().ends_with(".flow.ron") {
            continue;
        }
        let target = dir.join(relative);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&entry, target).expect("copy");
    }
    for flow in flows(n) {
        store::save_flow(&dir.join(format!("{}.flow.ron", flow.id)), &flow).expect("save");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("list").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Loads a workspace and every flow in it, as `switchboard check` and the designer do.
pub fn load_workspace(dir: &Path) -> (Workspace, Vec<Flow>) {
    let ws = Workspace::load(dir).expect("loads");
    let flows = ws
        .flow_paths
        .iter()
        .map(|p| store::load_flow(p).expect("flow loads"))
        .collect();
    (ws, flows)
}

/// Every flow's own check, then the workspace-wide rules.
pub fn check_workspace(ws: &Workspace, flows: &[Flow]) -> usize {
    let refs: Vec<&Flow> = flows.iter().collect();
    let mut findings = 0;
    for f in &refs {
        findings += switchboard::governance::check_flow(f, Some(ws)).len();
    }
    findings + switchboard::governance::check_workspace(&refs, ws).len()
}
