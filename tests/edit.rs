//! Editing: every command undoes exactly, the history coalesces typing, copy/paste gives
//! fresh ids, the palette offers what the workspace's connectors can do.

use std::collections::HashSet;

use switchboard::edit::{self, Command, Document, EditError, Fragment, palette};
use switchboard::model::{NodeId, Pos, Step, Wire};

use crate::support::{example_flow, example_workspace};

fn id(s: &str) -> NodeId {
    NodeId::new(s).expect("valid id")
}

fn reservation() -> Document {
    Document::new(example_flow("opportunity-to-reservation"), None)
}

/// Applies `command`, then undoes and redoes it, checking the flow at each point.
fn round_trip(command: Command) {
    let mut doc = reservation();
    let before = doc.flow().clone();
    doc.apply(command, "edit", None).expect("applies");
    let after = doc.flow().clone();
    assert_ne!(before, after, "the command changed nothing");
    assert!(doc.undo());
    assert_eq!(doc.flow(), &before, "undo did not restore the flow exactly");
    assert!(doc.redo());
    assert_eq!(doc.flow(), &after, "redo did not give the edited flow back");
}

#[test]
fn every_kind_of_command_undoes_and_redoes_exactly() {
    let flow = reservation().flow().clone();
    let first_wire = flow.wires[0].clone();
    round_trip(Command::RemoveNodes(vec![
        id("find_account"),
        id("deal_won"),
    ]));
    round_trip(Command::Disconnect(first_wire.clone()));
    round_trip(Command::MoveNodes(vec![(
        id("deal_won"),
        Pos(-500.0, 12.5),
    )]));
    round_trip(Command::Rename {
        node: id("deal_won"),
        label: "Deal closed".into(),
    });
    round_trip(Command::SetStep {
        node: id("only_won"),
        step: Step::Filter {
            condition: "Amount > 10".into(),
        },
    });
    let mut info = edit::FlowInfo::of(&flow);
    info.name = "Renamed".into();
    info.catalog.new_records_per_month = Some(5);
    round_trip(Command::SetInfo(info));
    round_trip(Command::Batch(vec![
        Command::Disconnect(first_wire),
        Command::Connect(Wire::between(id("deal_won"), id("reserve_stock"))),
    ]));
}

#[test]
fn a_failing_command_leaves_the_flow_unchanged() {
    let mut doc = reservation();
    let before = doc.flow().clone();
    let batch = Command::Batch(vec![
        Command::Rename {
            node: id("deal_won"),
            label: "x".into(),
        },
        Command::Connect(Wire::between(id("deal_won"), id("no_such_step"))),
    ]);
    assert_eq!(
        doc.apply(batch, "edit", None),
        Err(EditError::NoSuchNode(id("no_such_step")))
    );
    assert_eq!(doc.flow(), &before);
    assert!(
        doc.history().undo_label().is_none(),
        "a failed edit is not an undo step"
    );
    let self_wire = Command::Connect(Wire::between(id("deal_won"), id("deal_won")));
    assert_eq!(doc.apply(self_wire, "edit", None), Err(EditError::SelfWire));
}

#[test]
fn typing_in_one_box_is_one_undo_step_until_sealed() {
    let mut doc = reservation();
    let before = doc.flow().clone();
    for text in ["A", "Am", "Amo", "Amount > 1"] {
        let step = Step::Filter {
            condition: text.into(),
        };
        let command = Command::SetStep {
            node: id("only_won"),
            step,
        };
        doc.apply(command, "Edit condition", Some("only_won/condition".into()))
            .expect("applies");
    }
    doc.seal();
    doc.apply(
        Command::SetStep {
            node: id("only_won"),
            step: Step::Filter {
                condition: "Amount > 2".into(),
            },
        },
        "Edit condition",
        Some("only_won/condition".into()),
    )
    .expect("applies");
    assert!(doc.undo());
    assert!(
        matches!(&doc.flow().node(&id("only_won")).expect("node").step,
        Step::Filter { condition } if condition == "Amount > 1")
    );
    assert!(doc.undo());
    assert_eq!(doc.flow(), &before, "four keystrokes undid as one step");
}

#[test]
fn undo_back_to_the_saved_flow_is_clean_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("copy.flow.ron");
    let mut doc = reservation();
    assert!(
        doc.is_dirty(),
        "a document never saved has something to save"
    );
    doc.save_to(&path).expect("saves");
    assert!(!doc.is_dirty());
    doc.apply(
        Command::MoveNodes(vec![(id("deal_won"), Pos(1.0, 2.0))]),
        "Move",
        None,
    )
    .expect("applies");
    assert!(doc.is_dirty());
    doc.undo();
    assert!(!doc.is_dirty());
}

#[test]
fn a_review_document_refuses_edits() {
    let mut doc = reservation();
    doc.read_only = true;
    let rename = Command::Rename {
        node: id("deal_won"),
        label: "x".into(),
    };
    assert_eq!(doc.apply(rename, "Rename", None), Err(EditError::ReadOnly));
}

#[test]
fn pasted_steps_get_fresh_ids_and_keep_their_wires() {
    let mut doc = reservation();
    let selected: HashSet<NodeId> = [id("only_won"), id("find_account")].into();
    let text = Fragment::copy(doc.flow(), &selected).to_text();
    let fragment = Fragment::from_text(&text).expect("reads back");
    assert!(Fragment::from_text("just some text").is_none());
    let (command, ids) = fragment.paste_into(doc.flow(), Pos(40.0, 40.0));
    doc.apply(command, "Paste", None).expect("applies");
    assert_eq!(ids, vec![id("only_won_2"), id("find_account_2")]);
    let flow = doc.flow();
    assert!(
        flow.wires
            .contains(&Wire::between(id("only_won_2"), id("find_account_2")))
    );
    let original = flow.layout.0[&id("only_won")];
    let copy = flow.layout.0[&id("only_won_2")];
    assert_eq!((copy.0 - original.0, copy.1 - original.1), (40.0, 40.0));
    // Into another flow, where the ids are free, they stay as they were.
    let other = example_flow("pos-sale-to-crm-contact");
    let (_, ids) = fragment.paste_into(&other, Pos(0.0, 0.0));
    assert_eq!(ids, vec![id("only_won"), id("find_account")]);
}

#[test]
fn the_palette_offers_each_connector_operation_of_each_system() {
    let ws = example_workspace();
    let items = palette::items(Some(&ws));
    let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
    for expected in [
        "Schedule",
        "Create Sales order",
        "Look up Account",
        "Map fields",
        "Branch",
        "Note",
    ] {
        assert!(titles.contains(&expected), "no “{expected}” in {titles:?}");
    }
    let groups: Vec<_> = items.iter().map(|i| i.group).collect();
    assert!(groups.is_sorted(), "items come grouped in palette order");
    let search: Vec<_> = items
        .iter()
        .filter(|i| i.matches("create sales order erp"))
        .collect();
    assert!(search.iter().any(|i| i.title == "Create Sales order"));
    assert!(
        search.iter().all(|i| i.title.contains("Sales order")),
        "{search:?}"
    );
}

#[test]
fn added_steps_get_readable_unique_ids() {
    let ws = example_workspace();
    let items = palette::items(Some(&ws));
    let create = items
        .iter()
        .find(|i| i.title == "Create Sales order")
        .expect("offered");
    let mut doc = reservation();
    for expected in ["create_sales_order", "create_sales_order_2"] {
        let (command, new_id) = edit::add_item(doc.flow(), create, Pos(10.0, 10.0));
        doc.apply(command, "Add", None).expect("applies");
        assert_eq!(new_id.as_str(), expected);
    }
}

#[test]
fn tidy_puts_each_step_right_of_what_feeds_it() {
    let mut doc = reservation();
    let command = edit::tidy(doc.flow());
    doc.apply(command, "Tidy", None).expect("applies");
    let flow = doc.flow();
    for wire in &flow.wires {
        let from = flow.layout.0[&wire.from.node];
        let to = flow.layout.0[&wire.to.node];
        assert!(from.0 < to.0, "{wire} points left after tidying");
    }
}

#[test]
fn pinning_editing_and_removing_samples_are_one_undo_step_each() {
    use switchboard::edit::samples;
    use switchboard::model::{Record, Value};
    let record = |name: &str| Record::from([("Name".to_owned(), Value::Text(name.into()))]);
    let mut doc = reservation();
    let before = doc.flow().samples.clone();
    assert_eq!(before.len(), 2, "the example pins two deals");
    round_trip(Command::SetSamples(Vec::new()));

    let pin = samples::pin(doc.flow(), [record("A"), record("B")]);
    doc.apply(pin, "Pin 2 records", None).expect("pins");
    assert_eq!(doc.flow().samples.len(), 4);
    assert_eq!(doc.flow().samples[3], record("B"));
    let edit = samples::replace(doc.flow(), 2, record("A2")).expect("there is a third");
    doc.apply(edit, "Edit record", None).expect("edits");
    let remove = samples::remove(doc.flow(), 0).expect("there is a first");
    doc.apply(remove, "Remove record", None).expect("removes");
    assert_eq!(doc.flow().samples[1..], [record("A2"), record("B")]);
    assert!(samples::remove(doc.flow(), 3).is_none(), "no fourth record");

    assert!(doc.undo());
    assert_eq!(doc.flow().samples.len(), 4, "the removed record is back");
    assert_eq!(doc.flow().samples[0], before[0]);
    assert!(doc.undo());
    assert_eq!(doc.flow().samples[2], record("A"), "the edit is undone");
    assert!(doc.undo());
    assert_eq!(doc.flow().samples, before, "the pin is undone");
    assert!(doc.redo() && doc.redo() && doc.redo());
    assert_eq!(doc.flow().samples[1..], [record("A2"), record("B")]);
}
