//! Generated flows of any size, for benchmarks and scale tests.
//!
//! The shape is a realistic one repeated: a CRM trigger, then lookups, filters, maps and
//! writes against the example workspace's systems (`sales_crm`, `erp`), with a branch every
//! so often so the graph is not a plain chain. Same `n`, same flow.

use std::collections::BTreeMap;

use super::*;

fn id(s: String) -> NodeId {
    NodeId::new(s).unwrap_or_else(|_| unreachable!("generated ids use the slug alphabet"))
}

fn system(s: &str) -> SystemId {
    SystemId::new(s).unwrap_or_else(|_| unreachable!("literal system ids are slugs"))
}

/// A valid flow of exactly `nodes` nodes (at least one: the trigger).
pub fn flow(nodes: usize) -> Flow {
    let mut flow = Flow::new(
        FlowId::new(format!("generated-{nodes}")).unwrap_or_else(|_| unreachable!()),
        format!("Generated flow with {nodes} nodes"),
    );
    flow.catalog = Catalog {
        data_element: Some("Opportunity".into()),
        new_records_per_month: Some(1_000),
        changed_records_per_month: Some(5_000),
        frequency: Some(Frequency::RealTime),
        sync: Some(SyncType::Delta),
        notes: String::new(),
    };
    let trigger = id("trigger".into());
    flow.nodes.push(Node {
        id: trigger.clone(),
        label: "Opportunity updated".into(),
        step: Step::Trigger(Trigger::RecordEvent {
            system: system("sales_crm"),
            object: "Opportunity".into(),
            event: RecordEvent::Updated,
            fields: vec!["StageName".into()],
        }),
    });
    flow.layout.0.insert(trigger.clone(), Pos(0.0, 0.0));

    let mut previous = PortRef::new(trigger, PortId::output());
    for i in 1..nodes {
        let node_id = id(format!("n{i}"));
        let (label, step) = match i % 5 {
            1 => (
                format!("Find account {i}"),
                Step::Lookup {
                    system: system("sales_crm"),
                    object: "Account".into(),
                    match_field: "Id".into(),
                    key: "AccountId".into(),
                    into: format!("Account{i}"),
                },
            ),
            2 => (
                format!("Only big deals {i}"),
                Step::Filter {
                    condition: format!("Amount > {}", i * 10),
                },
            ),
            3 => (
                format!("Route by region {i}"),
                Step::Branch {
                    cases: vec![BranchCase {
                        port: PortId::new("emea").unwrap_or_else(|_| unreachable!()),
                        condition: "Region = \"EMEA\"".into(),
                    }],
                },
            ),
            4 => (
                format!("Shape order {i}"),
                Step::Map {
                    target: ObjectRef {
                        system: system("erp"),
                        object: "SalesOrder".into(),
                    },
                    mappings: BTreeMap::from([
                        ("CustomerNumber".to_owned(), "AccountId".to_owned()),
                        ("OrderDate".to_owned(), "CloseDate".to_owned()),
                        ("ExternalReference".to_owned(), "Id".to_owned()),
                        ("Currency".to_owned(), "CurrencyIsoCode".to_owned()),
                    ]),
                },
            ),
            _ => (
                format!("Note {i}"),
                Step::Note {
                    text: "Generated for scale tests.".into(),
                },
            ),
        };
        let is_note = matches!(step, Step::Note { .. });
        let outputs = step.outputs();
        flow.nodes.push(Node {
            id: node_id.clone(),
            label,
            step,
        });
        flow.layout.0.insert(
            node_id.clone(),
            Pos((i % 40) as f32 * 220.0, (i / 40) as f32 * 160.0),
        );
        if is_note {
            continue;
        }
        flow.wires.push(Wire {
            from: previous.clone(),
            to: PortRef::new(node_id.clone(), PortId::input()),
        });
        // Continue from the first output; a branch's `else` stays open, as in real flows.
        if let Some(port) = outputs.into_iter().next() {
            previous = PortRef::new(node_id, port);
        }
    }
    flow.wires.sort();
    flow
}
