//! The example workspace and the shipped connector manifests: everything loads, schemas
//! are realistic, every port's schema is known before running, samples exist.

use switchboard::model::{FieldType, PortRef, ReadBy, Step};
use switchboard::store::LoadErrorKind;
use switchboard::workspace::{FlowSchemas, Transport, Workspace};

use crate::support;

#[test]
fn the_example_workspace_loads_without_problems() {
    let ws = support::example_workspace();
    assert!(ws.problems.is_empty(), "{:#?}", ws.problems);
    assert_eq!(ws.landscape.systems.len(), 10);
    assert_eq!(ws.flow_paths.len(), 8);
    for id in [
        "crm",
        "erp",
        "itsm",
        "pos",
        "marketing",
        "rest",
        "file_drop",
        "sqlite",
    ] {
        assert!(ws.connectors.contains_key(id), "connector {id} ships");
    }
}

#[test]
fn main_objects_have_realistic_field_lists() {
    let ws = support::example_workspace();
    let main = [
        (
            "crm",
            ["Account", "Contact", "Lead", "Opportunity", "Case"].as_slice(),
        ),
        ("erp", &["Customer", "Item", "SalesOrder"]),
        ("itsm", &["Incident", "WorkOrder"]),
        ("pos", &["Sale", "Customer"]),
        ("marketing", &["Lead"]),
    ];
    for (connector, objects) in main {
        for name in objects {
            let object = ws.connectors[connector]
                .object(name)
                .expect("object exists");
            assert!(
                object.fields.len() >= 20,
                "{connector}.{name} has {} fields",
                object.fields.len()
            );
            assert!(
                object.field(&object.key).is_some(),
                "{connector}.{name}'s key is a field"
            );
            assert!(!object.operations.is_empty());
        }
    }
    let lines = ws.connectors["crm"]
        .object("Opportunity")
        .and_then(|o| o.field("LineItems"))
        .expect("line items");
    assert!(
        matches!(&lines.field_type, FieldType::List(inner) if matches!(**inner, FieldType::Record(_)))
    );
    for object in ["InventoryLevel", "InventoryReservation"] {
        assert!(ws.connectors["erp"].object(object).is_some());
    }
    assert!(ws.connectors["itsm"].object("WorkOrder").is_some());
    assert!(ws.connectors["marketing"].object("Campaign").is_some());
}

#[test]
fn personal_data_is_classified_in_the_manifests() {
    let ws = support::example_workspace();
    let contact = ws.connectors["crm"].object("Contact").expect("contact");
    assert!(
        contact
            .field("Email")
            .expect("email")
            .classification
            .is_personal()
    );
    let sale = ws.connectors["pos"].object("Sale").expect("sale");
    assert_eq!(
        sale.field("CardLast4")
            .expect("card")
            .classification
            .label(),
        "PCI"
    );
}

#[test]
fn every_port_schema_is_known_before_running() {
    let ws = support::example_workspace();
    for path in support::example_flow_paths() {
        let flow = switchboard::store::load_flow(&path).expect("loads");
        let schemas = FlowSchemas::infer(&flow, &ws);
        for node in &flow.nodes {
            for port in node.step.outputs() {
                let schema = schemas
                    .output(&PortRef::new(node.id.clone(), port))
                    .expect("inferred");
                let scheduled = matches!(
                    node.step,
                    Step::Trigger(switchboard::model::Trigger::Schedule(_))
                );
                assert!(
                    scheduled || !schema.fields.is_empty(),
                    "{}: {} has an empty schema",
                    path.display(),
                    node.id
                );
            }
        }
    }
}

#[test]
fn lookups_attach_the_found_record_and_for_each_keeps_the_parent() {
    let ws = support::example_workspace();
    let flow = support::example_flow("opportunity-to-reservation");
    let schemas = FlowSchemas::infer(&flow, &ws);
    let at = |node: &str| {
        schemas
            .input(&switchboard::model::NodeId::new(node).expect("id"))
            .expect("input")
            .clone()
    };
    let after_lookup = at("each_product");
    let Some(FieldType::Record(account)) =
        after_lookup.field("Account").map(|f| f.field_type.clone())
    else {
        panic!("the lookup adds Account")
    };
    assert!(account.iter().any(|f| f.name == "ErpCustomerNumber"));
    let per_item = at("build_reservation");
    assert!(per_item.field("ProductCode").is_some());
    assert!(per_item.field("Parent").is_some());
}

#[test]
fn samples_exist_for_every_object_the_flows_read_or_look_up() {
    let ws = support::example_workspace();
    for path in support::example_flow_paths() {
        let flow = switchboard::store::load_flow(&path).expect("loads");
        assert!(
            !flow.samples.is_empty(),
            "{} pins trigger samples",
            path.display()
        );
        for node in &flow.nodes {
            if let Step::Lookup { system, object, .. }
            | Step::Read {
                system,
                object,
                by: ReadBy::All | ReadBy::Query(_) | ReadBy::Key(_) | ReadBy::ChangedSinceLastRun,
            } = &node.step
            {
                assert!(
                    !ws.samples_of(system, object).is_empty(),
                    "samples/{system}/{object}.ron for {}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn the_examples_carry_the_governance_problems_the_product_should_show() {
    let ws = support::example_workspace();
    let pos = ws
        .landscape
        .systems
        .iter()
        .find(|s| s.id.as_str() == "sidewalk_pos")
        .expect("pos");
    assert!(
        pos.transports().iter().any(|(_, t)| *t == Transport::Http),
        "PII over plain HTTP"
    );
    let drop = ws
        .landscape
        .systems
        .iter()
        .find(|s| s.id.as_str() == "parks_dropbox")
        .expect("drop");
    assert!(drop.owner.is_none(), "a system with no owner");
    assert_eq!(
        drop.feeds.as_ref().map(|s| s.as_str()),
        Some("parks_maintenance"),
        "a file drop where an API exists"
    );
    let same_job: Vec<_> = support::example_flow_paths()
        .iter()
        .map(|p| switchboard::store::load_flow(p).expect("loads"))
        .filter(|f| f.catalog.data_element.as_deref() == Some("Inventory Level"))
        .collect();
    assert_eq!(same_job.len(), 2, "two flows doing the same job");
}

#[test]
fn a_broken_sample_or_policy_is_reported_and_the_workspace_still_opens() {
    let dir = support::scratch_workspace();
    std::fs::write(
        dir.path().join("samples/erp/Item.ron"),
        "[{\"ItemNumber\": }]",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("policy.ron"),
        "(format: 1, rules: {\"cycle\": (severity: Critical)})",
    )
    .expect("write");
    let ws = Workspace::load(dir.path()).expect("still opens");
    assert_eq!(ws.problems.len(), 2, "{:#?}", ws.problems);
    assert!(
        ws.problems
            .iter()
            .any(|p| p.message.contains("unknown severity `Critical`")),
        "{:#?}",
        ws.problems
    );
    assert!(ws.problems.iter().all(|p| p.position.is_some()));
    assert!(
        !ws.samples_of(
            &switchboard::model::SystemId::new("sales_crm").expect("id"),
            "Account"
        )
        .is_empty()
    );
}

#[test]
fn a_folder_without_systems_ron_is_not_a_workspace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = Workspace::load(dir.path()).expect_err("refused");
    assert_eq!(e.kind, LoadErrorKind::Unreadable);
    assert!(e.message.contains("no systems.ron"), "{}", e.message);
}

#[test]
fn a_system_with_an_unknown_connector_or_a_repeated_id_is_located() {
    let dir = support::scratch_workspace();
    let path = dir.path().join("systems.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replacen("connector: \"erp\"", "connector: \"sap\"", 1)
            .replacen("id: \"citizen_crm\"", "id: \"sales_crm\"", 1),
    )
    .expect("write");
    let ws = Workspace::load(dir.path()).expect("opens");
    assert_eq!(ws.problems.len(), 2, "{:#?}", ws.problems);
    assert!(ws.problems.iter().any(|p| {
        p.message
            .contains("connector `sap`, which is not installed")
    }));
    assert!(
        ws.problems
            .iter()
            .any(|p| p.message.contains("two systems have the id `sales_crm`"))
    );
}

#[test]
fn a_policy_naming_a_rule_or_system_that_does_not_exist_is_told_where() {
    let ws = support::scratch_workspace();
    let policy = "(\n    format: 1,\n    rules: {\n        \"open-branch\": (severity: Error),\n        \"persnal-data-unencrypted\": (severity: Off),\n    },\n    custom: [\n        (code: \"no-erp\", title: \"No ERP\", severity: Error, forbid: WritesTo(system: \"erpp\")),\n        (code: \"no-crm\", title: \"No CRM\", severity: Error, forbid: ReadsFrom(system: \"sales_crm\")),\n    ],\n)\n";
    std::fs::write(ws.path().join("policy.ron"), policy).expect("write");
    let workspace = Workspace::load(ws.path()).expect("opens");
    let found: Vec<_> = workspace
        .problems
        .iter()
        .map(|p| {
            let at = p.position.expect("located");
            (at.line, at.column, p.message.as_str())
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                5,
                9,
                "there is no rule `persnal-data-unencrypted`, so this setting changes nothing. Did you mean `personal-data-unencrypted`?"
            ),
            (
                8,
                85,
                "the rule `no-erp` names the system `erpp`, which is not in systems.ron, so it never applies; the systems are: sales_crm, erp, citizen_crm, public_works, parks_maintenance, parks_dropbox, sidewalk_pos, downtown_pos, marketing, reporting_db"
            ),
        ]
    );
    // The rest of the policy still applies; custom rules' codes are known codes.
    assert_eq!(
        workspace
            .policy
            .severity("open-branch", switchboard::governance::Severity::Warning),
        Some(switchboard::governance::Severity::Error)
    );
    std::fs::write(
        ws.path().join("policy.ron"),
        "(format: 1, rules: {\"no-crm\": (severity: Warning)}, custom: [(code: \"no-crm\", title: \"No CRM\", severity: Error, forbid: ReadsFrom(system: \"sales_crm\"))])",
    )
    .expect("write");
    let workspace = Workspace::load(ws.path()).expect("opens");
    assert!(workspace.problems.is_empty(), "{:?}", workspace.problems);
}
