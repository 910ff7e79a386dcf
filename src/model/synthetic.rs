//! Generated flows of any size, for benchmarks and scale tests.
//!
//! The shape is a realistic one repeated: a CRM opportunity trigger, then a lookup, a
//! filter and a branch whose `else` leads to a map building an ERP sales order, while the
//! main line goes on from the branch's other case. Every formula is valid against the
//! example workspace's systems (`sales_crm`, `erp`), so checks find nothing. Same `n`,
//! same flow.

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
    let mut branch_else: Option<PortRef> = None;
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
                    into: "Account".into(),
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
                        condition: "CurrencyIsoCode = \"EUR\"".into(),
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
                        (
                            "Currency".to_owned(),
                            "BLANKVALUE(CurrencyIsoCode, \"USD\")".to_owned(),
                        ),
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
        let is_map = matches!(step, Step::Map { .. });
        let is_branch = matches!(step, Step::Branch { .. });
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
        // A map hangs off the last branch's `else`; the main line goes on from its case.
        let from = match (is_map, branch_else.take()) {
            (true, Some(otherwise)) => otherwise,
            _ => previous.clone(),
        };
        flow.wires.push(Wire {
            from,
            to: PortRef::new(node_id.clone(), PortId::input()),
        });
        if is_map {
            continue;
        }
        if is_branch {
            branch_else = Some(PortRef::new(node_id.clone(), PortId::otherwise()));
        }
        if let Some(port) = outputs.into_iter().next() {
            previous = PortRef::new(node_id, port);
        }
    }
    flow.wires.sort();
    flow
}
