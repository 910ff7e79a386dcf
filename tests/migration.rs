//! Older formats load through the migration chain; newer ones are refused by name.

use std::path::Path;

use switchboard::model::*;
use switchboard::store::{LoadErrorKind, flow_to_string, load_flow, parse_flow};

use crate::support;

#[test]
fn a_format_0_file_is_upgraded_on_load() {
    let flow = load_flow(&support::fixture("v0/lead-sync.flow.ron")).expect("format 0 loads");
    assert_eq!(flow.format, FORMAT_VERSION);
    assert_eq!(flow.nodes.len(), 3);
    // Positions moved from the nodes into the layout.
    let trigger = NodeId::new("new_lead").expect("id");
    assert_eq!(flow.layout.0.get(&trigger), Some(&Pos(40.0, 100.0)));
    // "node.port" wire ends became one-line wires.
    let wires: Vec<String> = flow.wires.iter().map(ToString::to_string).collect();
    assert_eq!(
        wires,
        ["build_lead -> create_lead", "new_lead -> build_lead"]
    );
    // Top-level catalog fields moved into the catalog.
    assert_eq!(flow.catalog.data_element.as_deref(), Some("Lead"));
    assert_eq!(flow.catalog.new_records_per_month, Some(600));
}

#[test]
fn an_upgraded_file_saves_in_the_current_format_and_stays_there() {
    let flow = load_flow(&support::fixture("v0/lead-sync.flow.ron")).expect("format 0 loads");
    let text = flow_to_string(&flow).expect("serializes");
    assert!(text.starts_with("(\n    format: 1,\n"));
    assert_eq!(
        parse_flow(Path::new("upgraded.flow.ron"), &text).expect("loads"),
        flow
    );
}

#[test]
fn a_file_from_a_newer_version_is_refused_naming_both_versions() {
    let text = "(\n    format: 7,\n    id: \"x\",\n    name: \"From the future\",\n    nodes: [],\n    hologram: true,\n)\n";
    let err = parse_flow(Path::new("future.flow.ron"), text).expect_err("refused");
    assert_eq!(err.kind, LoadErrorKind::NewerFormat);
    assert!(err.message.contains("format 7"), "{}", err.message);
    assert!(err.message.contains("formats 0 to 1"), "{}", err.message);
    let at = err
        .position
        .expect("the refusal points at the format field");
    assert_eq!(at.line, 2, "{at:?}");
}

#[test]
fn the_format_is_found_even_when_it_is_not_the_first_field() {
    let text = "(id: \"x\", name: \"Hand-written\", nodes: [], format: 1)";
    let flow = parse_flow(Path::new("hand.flow.ron"), text).expect("loads");
    assert_eq!(flow.name, "Hand-written");
}
