//! Structural checks: each finding code provoked by one realistic mistake on an example
//! flow, with its location and wording checked as a business user would read them.

use switchboard::governance::{Finding, Location, Severity, check_flow};
use switchboard::model::*;
use switchboard::workspace::Workspace;

use crate::support;

fn id(s: &str) -> NodeId {
    NodeId::new(s).expect("id")
}

fn findings_of(flow: &Flow, workspace: &Workspace, code: &str) -> Vec<Finding> {
    check_flow(flow, Some(workspace))
        .into_iter()
        .filter(|f| f.code == code)
        .collect()
}

fn node_mut<'a>(flow: &'a mut Flow, node: &str) -> &'a mut Node {
    flow.nodes
        .iter_mut()
        .find(|n| n.id.as_str() == node)
        .expect("node exists")
}

#[test]
fn the_example_flows_have_no_structural_errors() {
    let ws = support::example_workspace();
    assert!(ws.problems.is_empty(), "{:?}", ws.problems);
    for path in support::example_flow_paths() {
        let flow = switchboard::store::load_flow(&path).expect("loads");
        // Governance findings are there on purpose; the structure must be sound.
        let errors: Vec<_> = check_flow(&flow, Some(&ws))
            .into_iter()
            .filter(|f| {
                f.severity == Severity::Error && !switchboard::governance::rules::is_rule(&f.code)
            })
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn an_unconnected_branch_output_is_a_warning_on_that_output() {
    let ws = support::example_workspace();
    let flow = support::example_flow("service-request-to-work-order");
    let found = findings_of(&flow, &ws, "open-branch");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(
        found[0].location,
        Location::Field {
            node: id("by_department"),
            field: "else".into()
        }
    );
    assert!(
        found[0]
            .message
            .contains("drops items that match none of its cases")
    );
}

#[test]
fn a_step_with_nothing_feeding_it_names_the_step_to_connect() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("opportunity-to-reservation");
    flow.wires.retain(|w| w.to.node.as_str() != "reserve_stock");
    let found = findings_of(&flow, &ws, "unreachable-step");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].location,
        Location::Node {
            node: id("reserve_stock")
        }
    );
    assert_eq!(
        found[0].message,
        "The step 'Reserve stock' has nothing feeding it"
    );
    assert_eq!(
        found[0].fix,
        "Connect it to the step 'Build the reservation' or delete it."
    );
}

#[test]
fn steps_after_a_cut_are_unreachable_too() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("opportunity-to-reservation");
    flow.wires.retain(|w| w.to.node.as_str() != "find_account");
    let found = findings_of(&flow, &ws, "unreachable-step");
    let nodes: Vec<_> = found
        .iter()
        .filter_map(|f| f.location.node())
        .map(NodeId::as_str)
        .collect();
    assert_eq!(nodes.len(), 4, "{nodes:?}");
    let downstream = found
        .iter()
        .find(|f| f.location.node().map(NodeId::as_str) == Some("each_product"))
        .expect("a finding on the step after the cut");
    assert!(
        downstream
            .message
            .contains("only fed by steps that never run")
    );
    assert_eq!(
        downstream.fix,
        "It runs once the step 'Find the account' runs: connect that step first."
    );
}

#[test]
fn a_flow_without_a_trigger_or_with_two_is_an_error() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("pos-sale-to-crm-contact");
    flow.nodes.retain(|n| !n.step.is_trigger());
    flow.wires.retain(|w| w.from.node.as_str() != "sale_taken");
    let found = findings_of(&flow, &ws, "no-trigger");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].location, Location::Flow);
    assert!(
        findings_of(&flow, &ws, "unreachable-step").is_empty(),
        "no-trigger says it once"
    );

    let mut flow = support::example_flow("pos-sale-to-crm-contact");
    flow.nodes.push(Node {
        id: id("manual_start"),
        label: "Run by hand".into(),
        step: Step::Trigger(Trigger::Manual { inputs: vec![] }),
    });
    let found = findings_of(&flow, &ws, "several-triggers");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].location,
        Location::Node {
            node: id("manual_start")
        }
    );
}

#[test]
fn wires_to_missing_steps_and_ports_are_dangling() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("pos-sale-to-crm-contact");
    flow.wires.push("has_email -> ghost".parse().expect("wire"));
    flow.wires
        .push("has_email -> sale_taken".parse().expect("wire"));
    let found = findings_of(&flow, &ws, "dangling-wire");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found
            .iter()
            .any(|f| f.message.contains("no longer exists (`ghost`)"))
    );
    assert!(
        found
            .iter()
            .any(|f| f.message.contains("which takes no input (Trigger steps"))
    );
}

#[test]
fn records_that_lack_required_fields_cannot_be_written() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("opportunity-to-reservation");
    // Skip the Map: opportunities straight into the ERP.
    flow.wires.retain(|w| w.to.node.as_str() != "reserve_stock");
    flow.wires
        .push("only_won -> reserve_stock".parse().expect("wire"));
    let found = findings_of(&flow, &ws, "incompatible-wire");
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert!(
        matches!(&f.location, Location::Wire { wire } if wire.to.node.as_str() == "reserve_stock")
    );
    assert!(
        f.message
            .contains("it needs ItemNumber, Plant, Quantity, Unit and RequirementDate"),
        "{}",
        f.message
    );
    assert!(
        f.message
            .contains("the step 'Only won deals' don't have them"),
        "{}",
        f.message
    );
    assert_eq!(
        f.fix,
        "Put a Map step between them that fills the Inventory reservation's fields from the incoming records."
    );
}

#[test]
fn a_for_each_over_a_field_that_is_not_a_list_is_refused() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("opportunity-to-reservation");
    let Step::ForEach { list } = &mut node_mut(&mut flow, "each_product").step else {
        panic!()
    };
    *list = "Amount".into();
    let found = findings_of(&flow, &ws, "incompatible-wire");
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .contains("'Amount' is Currency, not a list"),
        "{}",
        found[0].message
    );

    let Step::ForEach { list } = &mut node_mut(&mut flow, "each_product").step else {
        panic!()
    };
    *list = "LineItem".into();
    let found = findings_of(&flow, &ws, "unknown-field");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fix, "Did you mean 'LineItems'?");
}

#[test]
fn loops_are_found_once_per_loop() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("opportunity-to-reservation");
    flow.wires
        .push("reserve_stock -> only_won".parse().expect("wire"));
    let found = findings_of(&flow, &ws, "cycle");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].location,
        Location::Node {
            node: id("only_won")
        }
    );
    assert!(
        found[0]
            .message
            .contains("'Only won deals', then 'Find the account'"),
        "{}",
        found[0].message
    );
}

#[test]
fn unknown_systems_objects_and_fields_suggest_the_right_name() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("opportunity-to-reservation");
    let Step::Write { system, .. } = &mut node_mut(&mut flow, "reserve_stock").step else {
        panic!()
    };
    *system = SystemId::new("erpp").expect("id");
    let found = findings_of(&flow, &ws, "unknown-system");
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .contains("uses the system `erpp`, which is not registered")
    );
    assert_eq!(found[0].fix, "Did you mean 'erp'?");

    let mut flow = support::example_flow("opportunity-to-reservation");
    let Step::Lookup { object, .. } = &mut node_mut(&mut flow, "find_account").step else {
        panic!()
    };
    *object = "Acount".into();
    let found = findings_of(&flow, &ws, "unknown-object");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fix, "Did you mean 'Account'?");

    let mut flow = support::example_flow("opportunity-to-reservation");
    let Step::Map { mappings, .. } = &mut node_mut(&mut flow, "build_reservation").step else {
        panic!()
    };
    mappings.insert("CustomerNo".into(), "\"42\"".into());
    let found = findings_of(&flow, &ws, "unknown-field");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].location,
        Location::Field {
            node: id("build_reservation"),
            field: "CustomerNo".into()
        }
    );
    assert_eq!(found[0].fix, "Did you mean 'CustomerNumber'?");
}

#[test]
fn an_operation_the_connector_lacks_is_refused_with_what_it_offers() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("inventory-to-crm-availability");
    // The ERP's inventory levels are read-only.
    let Step::Write {
        system,
        object,
        action,
    } = &mut node_mut(&mut flow, "update_product").step
    else {
        panic!()
    };
    *system = SystemId::new("erp").expect("id");
    *object = "InventoryLevel".into();
    *action = WriteAction::Delete { key: "Id".into() };
    let found = findings_of(&flow, &ws, "unsupported-operation");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .message
            .contains("needs to delete records in Inventory level"),
        "{}",
        found[0].message
    );
    assert!(
        found[0].fix.contains("read a record by key"),
        "{}",
        found[0].fix
    );
}

#[test]
fn branch_cases_need_distinct_names() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("service-request-to-work-order");
    let Step::Branch { cases } = &mut node_mut(&mut flow, "by_department").step else {
        panic!()
    };
    cases[1].port = PortId::new("else").expect("id");
    let found = findings_of(&flow, &ws, "branch-case-name");
    assert_eq!(found.len(), 1);
}

#[test]
fn the_workspace_policy_sets_severities_and_turns_rules_off() {
    let dir = support::scratch_workspace();
    let flow = support::example_flow("service-request-to-work-order");

    std::fs::write(
        dir.path().join("policy.ron"),
        "(format: 1, rules: {\"open-branch\": (severity: Error)})",
    )
    .expect("write");
    let ws = Workspace::load(dir.path()).expect("loads");
    assert_eq!(
        findings_of(&flow, &ws, "open-branch")[0].severity,
        Severity::Error
    );

    std::fs::write(
        dir.path().join("policy.ron"),
        "(format: 1, rules: {\"open-branch\": (severity: Off)})",
    )
    .expect("write");
    let ws = Workspace::load(dir.path()).expect("loads");
    assert!(findings_of(&flow, &ws, "open-branch").is_empty());
}

#[test]
fn without_a_workspace_only_the_graph_is_checked() {
    let mut flow = support::example_flow("opportunity-to-reservation");
    let Step::Write { system, .. } = &mut node_mut(&mut flow, "reserve_stock").step else {
        panic!()
    };
    *system = SystemId::new("nowhere").expect("id");
    flow.wires.retain(|w| w.to.node.as_str() != "reserve_stock");
    let codes: Vec<_> = check_flow(&flow, None)
        .into_iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(codes, ["unreachable-step"]);
}

#[test]
fn generated_flows_of_any_size_check_clean() {
    let ws = support::example_workspace();
    let flow = synthetic::flow(500);
    let findings = check_flow(&flow, Some(&ws));
    // Where the generated chain stops, its last branch's case leads nowhere.
    assert_eq!(
        findings.len(),
        1,
        "{:#?}",
        &findings[..findings.len().min(3)]
    );
    assert_eq!(findings[0].code, "open-branch");
    assert_eq!(
        findings[0].location.node().map(NodeId::as_str),
        Some("n498")
    );
}

#[test]
fn findings_sort_errors_first() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("service-request-to-work-order");
    flow.wires.retain(|w| w.to.node.as_str() != "open_pw_order");
    let severities: Vec<_> = check_flow(&flow, Some(&ws))
        .into_iter()
        .map(|f| f.severity)
        .collect();
    let mut sorted = severities.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(severities, sorted);
    assert_eq!(severities.first(), Some(&Severity::Error));
}
