//! Input that is long or deep rather than large: a formula of thousands of terms, a flow
//! of 90,000 steps in a row. Each command is run as its own process, so a stack overflow
//! fails the test (the process is killed by a signal) instead of killing the test runner.

use std::path::Path;

use switchboard::model::{NodeId, PortId, PortRef};
use switchboard::workspace::FlowSchemas;

use crate::support::{self, switchboard_in};

/// A copy of the example workspace whose contact mapping sets FirstName to `formula`.
fn workspace_with_first_name(formula: &str) -> tempfile::TempDir {
    let ws = support::scratch_workspace();
    let path = ws.path().join("pos-sale-to-crm-contact.flow.ron");
    let text = std::fs::read_to_string(&path).expect("flow");
    let mapping = "\"FirstName\": \"PROPER(TRIM(CustomerFirstName))\"";
    assert!(text.contains(mapping));
    let text = text.replace(mapping, &format!("\"FirstName\": \"{formula}\""));
    std::fs::write(&path, text).expect("write");
    ws
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_formula_of_seven_thousand_terms_is_checked_run_and_mapped() {
    let terms = 7_000;
    let ws = workspace_with_first_name(&vec!["CustomerFirstName"; terms].join(" & "));
    let flow = "pos-sale-to-crm-contact.flow.ron";
    let dir = ws.path();

    let out = switchboard_in(dir, &["check", flow]);
    let printed = text(&out.stdout);
    // The flow's one error is the example's own (plain HTTP); the formula has none.
    assert!(printed.contains("Checked 1 flow: 1 error."), "{printed}");
    assert!(!printed.contains("error[formula]"), "{printed}");

    let out = switchboard_in(dir, &["run", flow]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("ok   Build the contact: 1 in, 1 out"));

    for command in ["catalog", "report"] {
        let out = switchboard_in(dir, &[command]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }

    std::fs::write(
        dir.join("in.jsonl"),
        "{\"CustomerFirstName\": \"Jo\", \"CustomerLastName\": \"Doe\", \"CustomerEmail\": \"jo@example.org\"}\n",
    )
    .expect("write");
    let args = [
        "map",
        flow,
        "--node",
        "build_contact",
        "--input",
        "in.jsonl",
    ];
    let out = switchboard_in(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one record");
    assert_eq!(record["FirstName"], "Jo".repeat(terms));
}

#[test]
fn a_formula_nested_seven_thousand_deep_is_a_located_problem() {
    let deep = format!(
        "{}CustomerFirstName{}",
        "(".repeat(7_000),
        ")".repeat(7_000)
    );
    let ws = workspace_with_first_name(&deep);
    let flow = "pos-sale-to-crm-contact.flow.ron";
    let line = std::fs::read_to_string(ws.path().join(flow))
        .expect("flow")
        .lines()
        .position(|l| l.contains("\"FirstName\""))
        .expect("the mapping")
        + 1;
    let out = switchboard_in(ws.path(), &["check", flow]);
    let printed = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("The formula for FirstName in the step 'Build the contact': the formula is nested more than 64 levels deep"),
        "{printed}"
    );
    // At the 65th `(`, one past the 64 levels read: the column after `"FirstName": "` and
    // 64 more.
    let indent = "                    \"FirstName\": \"".len();
    let at = format!("{flow}:{line}:{}", indent + 65);
    assert!(printed.contains(&at), "{at} in {printed}");
    let out = switchboard_in(ws.path(), &["run", flow]);
    assert!(text(&out.stdout).contains("FAIL Build the contact"));
}

/// A flow of a trigger and `steps` filters in a row.
fn chain_of_filters(steps: usize) -> String {
    let mut nodes = vec![
        "(id: \"start\", label: \"Start\", step: Trigger(RecordEvent(system: \"sidewalk_pos\", object: \"Sale\", event: Created)))".to_owned(),
    ];
    let mut wires = Vec::new();
    let mut before = "start".to_owned();
    for i in 0..steps {
        nodes.push(format!(
            "(id: \"f{i}\", label: \"Step {i}\", step: Filter(condition: \"TRUE\"))"
        ));
        wires.push(format!("\"{before} -> f{i}\""));
        before = format!("f{i}");
    }
    format!(
        "(format: 1, id: \"chain\", name: \"Chain\", nodes: [{}], wires: [{}], samples: [{{\"Id\": \"sale_1\"}}])",
        nodes.join(",\n"),
        wires.join(",\n")
    )
}

#[test]
fn a_flow_of_ninety_thousand_steps_in_a_row_runs() {
    let ws = support::scratch_workspace();
    let steps = 90_000;
    std::fs::write(ws.path().join("chain.flow.ron"), chain_of_filters(steps)).expect("write");
    let out = switchboard_in(ws.path(), &["run", "chain.flow.ron"]);
    let printed = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        &printed[printed.len().saturating_sub(500)..]
    );
    assert!(printed.ends_with(&format!("ok   Step {}: 1 in, 1 out\n", steps - 1)));
    let out = switchboard_in(ws.path(), &["check", "chain.flow.ron"]);
    assert!(text(&out.stdout).contains("Checked 1 flow"));
}

#[test]
fn for_each_steps_without_a_list_do_not_nest_their_input() {
    // Each For each passes its input on as `Parent`: were that done without a list, a
    // chain of them would nest schemas as deep as it is long (and as large as its square).
    let ws = support::example_workspace();
    let text =
        chain_of_filters(200).replace("Filter(condition: \"TRUE\")", "ForEach(list: \"Nothing\")");
    let flow = switchboard::store::parse_flow(Path::new("chain.flow.ron"), &text).expect("flow");
    let schemas = FlowSchemas::infer(&flow, &ws);
    let last = PortRef::new(NodeId::new("f199").expect("id"), PortId::output());
    let out = schemas.output(&last).expect("a schema");
    assert!(
        out.fields.is_empty(),
        "{:?}",
        out.fields.first().map(|f| &f.name)
    );

    // With a list, the entries' fields and `Parent` (one level).
    let text =
        chain_of_filters(1).replace("Filter(condition: \"TRUE\")", "ForEach(list: \"Items\")");
    let flow = switchboard::store::parse_flow(Path::new("chain.flow.ron"), &text).expect("flow");
    let schemas = FlowSchemas::infer(&flow, &ws);
    let out = schemas
        .output(&PortRef::new(
            NodeId::new("f0").expect("id"),
            PortId::output(),
        ))
        .expect("a schema");
    let names: Vec<_> = out.fields.iter().map(|f| f.name.as_str()).collect();
    assert!(
        names.contains(&"Sku") && names.contains(&"Parent"),
        "{names:?}"
    );
}
