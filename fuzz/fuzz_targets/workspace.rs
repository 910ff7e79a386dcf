//! The workspace loader, on any bytes: the input is split at NUL bytes into the texts of
//! systems.ron, policy.ron, value_maps.ron, one connector manifest and one sample file;
//! the loaded workspace then checks every example flow, alone and workspace-wide.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

use switchboard::workspace::samples::SampleFile;
use switchboard::workspace::{Files, Workspace};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut parts = data
        .split(|b| *b == 0)
        .map(|p| String::from_utf8_lossy(p).into_owned());
    let root = PathBuf::from("fuzz-workspace");
    let mut next = |name: &str| parts.next().map(|text| (root.join(name), text));
    let Some(systems) = next("systems.ron") else {
        return;
    };
    let policy = next("policy.ron");
    let value_maps = next("value_maps.ron");
    let connectors = next("connectors/custom.ron").into_iter().collect();
    let samples = next("samples/sales_crm/Opportunity.ron")
        .map(|(path, text)| SampleFile {
            system: "sales_crm".to_owned(),
            object: "Opportunity".to_owned(),
            path,
            text,
        })
        .into_iter()
        .collect();
    let files = Files {
        root: root.clone(),
        systems,
        policy,
        value_maps,
        connectors,
        samples,
        flow_paths: Vec::new(),
        problems: Vec::new(),
    };
    let Ok(workspace) = Workspace::from_files(files) else {
        return;
    };
    let flows = common::example_flows();
    for flow in flows {
        let _ = switchboard::governance::check_flow(flow, Some(&workspace));
    }
    let all: Vec<_> = flows.iter().collect();
    let _ = switchboard::governance::check_workspace(&all, &workspace);
});
