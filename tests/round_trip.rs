//! Canonical files: load → save is byte-identical, for every example flow and for random
//! valid flows; moving a node is a one-line diff.

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

use switchboard::model::*;
use switchboard::store::{flow_to_string, parse_flow, save_flow};

use crate::support;

#[test]
fn every_example_flow_round_trips_byte_identically() {
    for path in support::example_flow_paths() {
        let text = std::fs::read_to_string(&path).expect("read");
        let flow = parse_flow(&path, &text).expect("parses");
        let again = flow_to_string(&flow).expect("serializes");
        assert_eq!(again, text, "{} is not canonical", path.display());
    }
}

#[test]
fn saving_writes_the_canonical_text_atomically() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("copy.flow.ron");
    let flow = support::example_flow("opportunity-to-reservation");
    save_flow(&path, &flow).expect("saves");
    let saved = std::fs::read_to_string(&path).expect("read back");
    assert_eq!(saved, flow_to_string(&flow).expect("serializes"));
    assert_eq!(parse_flow(&path, &saved).expect("loads"), flow);
}

#[test]
fn moving_a_node_changes_exactly_one_line() {
    let flow = support::example_flow("service-request-to-work-order");
    let before = flow_to_string(&flow).expect("serializes");
    let mut moved = flow.clone();
    let id = NodeId::new("by_department").expect("id");
    moved.layout.0.insert(id, Pos(333.5, 210.0));
    let after = flow_to_string(&moved).expect("serializes");
    let changed: Vec<_> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.contains("\"by_department\": (333.5, 210.0)"));
}

#[test]
fn a_generated_ten_thousand_node_flow_round_trips() {
    let flow = synthetic::flow(10_000);
    let text = flow_to_string(&flow).expect("serializes");
    let back = parse_flow(Path::new("generated.flow.ron"), &text).expect("parses");
    assert_eq!(back, flow);
    assert_eq!(back.nodes.len(), 10_000);
}

// ----------------------------------------------------------------------------------------
// Random valid flows.

fn slug() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_-]{0,11}"
}

fn text() -> impl Strategy<Value = String> {
    // Any Unicode, including quotes, backslashes, newlines and RON syntax.
    any::<String>().prop_map(|s| s.chars().take(40).collect())
}

fn value(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Blank),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Integer),
        // Decimals with at most 15 significant digits survive RON's f64 numbers exactly.
        (-999_999_999_999i64..999_999_999_999i64, 0u32..4)
            .prop_map(|(m, s)| Value::Number(rust_decimal::Decimal::new(m, s).normalize())),
        text().prop_map(Value::Text),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    prop_oneof![
        4 => leaf,
        1 => prop::collection::vec(value(depth - 1), 0..3).prop_map(Value::List),
        1 => prop::collection::btree_map(text(), value(depth - 1), 0..3).prop_map(Value::Record),
    ]
    .boxed()
}

fn field_type() -> impl Strategy<Value = FieldType> {
    let leaf = prop_oneof![
        Just(FieldType::Text),
        Just(FieldType::Number),
        Just(FieldType::Integer),
        Just(FieldType::Date),
        Just(FieldType::DateTime),
        Just(FieldType::Email),
        prop::collection::vec(text(), 0..3).prop_map(FieldType::Picklist),
    ];
    leaf.prop_recursive(2, 6, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| FieldType::List(Box::new(t))),
            prop::collection::vec((text(), inner), 0..3).prop_map(|fs| {
                FieldType::Record(fs.into_iter().map(|(n, t)| Field::new(n, t)).collect())
            }),
        ]
    })
}

fn field() -> impl Strategy<Value = Field> {
    (
        text(),
        field_type(),
        any::<bool>(),
        prop::sample::select(Classification::ALL.to_vec()),
        text(),
        any::<(bool, bool)>(),
    )
        .prop_map(
            |(name, t, required, classification, description, (read_only, guessed))| Field {
                name,
                field_type: t,
                required,
                classification,
                description,
                read_only,
                guessed,
            },
        )
}

fn system() -> impl Strategy<Value = SystemId> {
    slug().prop_map(|s| SystemId::new(s).expect("slug"))
}

fn step() -> impl Strategy<Value = Step> {
    let event = prop::sample::select(vec![
        RecordEvent::Created,
        RecordEvent::Updated,
        RecordEvent::Deleted,
    ]);
    let trigger = prop_oneof![
        (system(), text(), event, prop::collection::vec(text(), 0..3)).prop_map(
            |(system, object, event, fields)| Trigger::RecordEvent {
                system,
                object,
                event,
                fields
            }
        ),
        (1u32..1000).prop_map(|m| Trigger::Schedule(Schedule::EveryMinutes(m))),
        text().prop_map(|at| Trigger::Schedule(Schedule::Weekly {
            day: Weekday::Friday,
            at
        })),
        (text(), prop::collection::vec(field(), 0..3))
            .prop_map(|(path, payload)| Trigger::Webhook { path, payload }),
        prop::collection::vec(field(), 0..3).prop_map(|inputs| Trigger::Manual { inputs }),
    ];
    let read_by = prop_oneof![
        text().prop_map(ReadBy::Key),
        text().prop_map(ReadBy::Query),
        Just(ReadBy::All),
        Just(ReadBy::ChangedSinceLastRun),
    ];
    let action = prop_oneof![
        Just(WriteAction::Create),
        text().prop_map(|key| WriteAction::Update { key }),
        text().prop_map(|match_field| WriteAction::Upsert { match_field }),
        text().prop_map(|key| WriteAction::Delete { key }),
    ];
    prop_oneof![
        trigger.prop_map(Step::Trigger),
        (system(), text(), read_by).prop_map(|(system, object, by)| Step::Read {
            system,
            object,
            by
        }),
        (system(), text(), text(), text(), text()).prop_map(
            |(system, object, match_field, key, into)| {
                Step::Lookup {
                    system,
                    object,
                    match_field,
                    key,
                    into,
                }
            }
        ),
        (
            system(),
            text(),
            prop::collection::btree_map(text(), text(), 0..5)
        )
            .prop_map(|(system, object, mappings)| Step::Map {
                target: ObjectRef { system, object },
                mappings
            }),
        text().prop_map(|condition| Step::Filter { condition }),
        prop::collection::vec((slug(), text()), 0..3).prop_map(|cases| Step::Branch {
            cases: cases
                .into_iter()
                .map(|(p, condition)| BranchCase {
                    port: PortId::new(p).expect("slug"),
                    condition
                })
                .collect(),
        }),
        text().prop_map(|list| Step::ForEach { list }),
        (system(), text(), action).prop_map(|(system, object, action)| Step::Write {
            system,
            object,
            action
        }),
        text().prop_map(|text| Step::Note { text }),
    ]
}

prop_compose! {
    fn valid_flow()(
        id in slug(),
        name in text(),
        description in text(),
        owner in proptest::option::of((text(), text())),
        steps in prop::collection::vec((text(), step()), 0..8),
        wire_picks in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..10),
        positions in prop::collection::vec((-5000.0f32..5000.0, -5000.0f32..5000.0), 8),
        samples in prop::collection::vec(prop::collection::btree_map(text(), value(2), 0..4), 0..3),
        data_element in proptest::option::of(text()),
        volumes in (proptest::option::of(any::<u64>()), proptest::option::of(any::<u64>())),
        notes in text(),
    ) -> Flow {
        let mut flow = Flow::new(FlowId::new(id).expect("slug"), name);
        flow.description = description;
        flow.owner = owner.map(|(team, contact)| Owner { team, contact });
        flow.catalog = Catalog {
            data_element,
            new_records_per_month: volumes.0,
            changed_records_per_month: volumes.1,
            frequency: Some(Frequency::EveryMinutes(15)),
            sync: Some(SyncType::Delta),
            notes,
        };
        for (i, (label, step)) in steps.into_iter().enumerate() {
            let id = NodeId::new(format!("n{i}")).expect("slug");
            flow.layout.0.insert(id.clone(), Pos(positions[i].0, positions[i].1));
            flow.nodes.push(Node { id, label, step });
        }
        // Wires only between ports that exist, as a valid file has.
        let outputs: Vec<PortRef> = flow.nodes.iter().flat_map(|n| n.step.outputs().into_iter().map(|p| PortRef::new(n.id.clone(), p))).collect();
        let inputs: Vec<PortRef> = flow.nodes.iter().flat_map(|n| n.step.inputs().into_iter().map(|p| PortRef::new(n.id.clone(), p))).collect();
        if !outputs.is_empty() && !inputs.is_empty() {
            for (a, b, _) in wire_picks {
                flow.wires.push(Wire { from: a.get(&outputs).clone(), to: b.get(&inputs).clone() });
            }
        }
        flow.samples = samples;
        flow
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_valid_flows_survive_save_and_load(flow in valid_flow()) {
        let text = flow_to_string(&flow).expect("serializes");
        let back = parse_flow(Path::new("random.flow.ron"), &text)
            .unwrap_or_else(|e| panic!("{e}\n---\n{text}"));
        let mut expected = flow.clone();
        switchboard::store::canonicalize(&mut expected);
        prop_assert_eq!(&back, &expected);
        // And the canonical text is a fixed point.
        prop_assert_eq!(flow_to_string(&back).expect("serializes"), text);
    }
}

#[test]
fn mappings_are_written_sorted_one_per_line() {
    let mut flow = support::example_flow("pos-sale-to-crm-contact");
    let Some(Node {
        step: Step::Map { mappings, .. },
        ..
    }) = flow
        .nodes
        .iter_mut()
        .find(|n| n.id.as_str() == "build_contact")
    else {
        panic!("the example has a Map step")
    };
    *mappings = BTreeMap::from([
        ("Zeta".to_owned(), "1".to_owned()),
        ("Alpha".to_owned(), "2".to_owned()),
    ]);
    let text = flow_to_string(&flow).expect("serializes");
    let alpha = text
        .find("\"Alpha\": \"2\",\n")
        .expect("Alpha on its own line");
    let zeta = text
        .find("\"Zeta\": \"1\",\n")
        .expect("Zeta on its own line");
    assert!(alpha < zeta);
}
