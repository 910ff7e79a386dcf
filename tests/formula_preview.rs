//! The mapping preview, auto-map and `switchboard map`: the same engine the designer's
//! preview table and an admin's command line use.

use std::process::Command;

use switchboard::formula::preview::{Cell, CompiledMap, automap};
use switchboard::formula::{Env, Value};
use switchboard::model::{FieldType, NodeId, Record};

use crate::support;

fn env(ws: &switchboard::workspace::Workspace) -> Env<'_> {
    Env {
        now: "2026-11-22T09:30:00-05:00[America/New_York]"
            .parse()
            .expect("now"),
        tables: &ws.value_maps,
    }
}

fn record(pairs: &[(&str, switchboard::model::Value)]) -> Record {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn an_error_in_one_cell_never_hides_the_others() {
    let ws = support::example_workspace();
    let flow = support::example_flow("pos-sale-to-crm-contact");
    let map =
        CompiledMap::new(&flow, &ws, &NodeId::new("build_contact").expect("id")).expect("compiles");
    assert!(!map.has_errors());
    let names: Vec<&str> = map.columns.iter().map(|c| c.field.name.as_str()).collect();
    assert!(names.contains(&"LastName") && names.contains(&"Email"));

    use switchboard::model::Value as V;
    let rows = map.preview(
        &[
            flow.samples[0].clone(),
            record(&[
                ("CustomerEmail", V::Text("a@b.example".into())),
                ("Total", V::Text("lots".into())),
                ("MarketingOptIn", V::Bool(false)),
            ]),
        ],
        &env(&ws),
    );
    let cell = |row: usize, name: &str| {
        let i = map
            .columns
            .iter()
            .position(|c| c.field.name == name)
            .expect("column");
        rows[row][i].clone()
    };
    assert_eq!(
        cell(0, "FirstName"),
        Cell::Value(Value::Text("Dana".into()))
    );
    assert_eq!(
        cell(0, "LastName"),
        Cell::Value(Value::Text("Okafor".into()))
    );
    assert_eq!(
        cell(0, "Email"),
        Cell::Value(Value::Text("dana.okafor@example.org".into()))
    );
    assert_eq!(
        cell(0, "HasOptedOutOfEmail"),
        Cell::Value(Value::Bool(false))
    );
    let Cell::Error(e) = cell(1, "TotalPosSpend") else {
        panic!("an error cell")
    };
    assert_eq!(e.message, "Total: \"lots\" is not a number");
    // The rest of the row still shows.
    assert_eq!(
        cell(1, "Email"),
        Cell::Value(Value::Text("a@b.example".into()))
    );
    assert_eq!(
        cell(1, "LastName"),
        Cell::Value(Value::Text("(unknown)".into()))
    );
}

#[test]
fn a_broken_formula_and_an_unmapped_required_field_show_as_columns() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("marketing-lead-to-crm-lead");
    let node = flow
        .nodes
        .iter_mut()
        .find(|n| n.id.as_str() == "build_lead")
        .expect("map");
    let switchboard::model::Step::Map { mappings, .. } = &mut node.step else {
        panic!("map")
    };
    mappings.remove("Company");
    mappings.insert("Phone".into(), "UPPER(Phon)".into());
    let map =
        CompiledMap::new(&flow, &ws, &NodeId::new("build_lead").expect("id")).expect("compiles");
    assert!(map.has_errors());
    let rows = map.preview(&flow.samples, &env(&ws));
    let col = |name: &str| {
        map.columns
            .iter()
            .position(|c| c.field.name == name)
            .expect("column")
    };
    assert_eq!(rows[0][col("Company")], Cell::Unmapped);
    assert_eq!(rows[0][col("Phone")], Cell::NotChecked);
    assert_eq!(
        map.columns[col("Phone")].problems[0].fix.as_deref(),
        Some("Did you mean Phone?")
    );
    assert_eq!(
        rows[0][col("Status")],
        Cell::Value(Value::Text("Open - Not Contacted".into()))
    );
    assert_eq!(
        rows[0][col("Rating")],
        Cell::Value(Value::Text("Hot".into()))
    );
}

#[test]
fn lookup_uses_the_workspace_value_maps() {
    let ws = support::example_workspace();
    let flow = support::example_flow("service-request-to-work-order");
    let map = CompiledMap::new(&flow, &ws, &NodeId::new("build_pw_order").expect("id"))
        .expect("compiles");
    let rows = map.preview(&flow.samples, &env(&ws));
    let col = |name: &str| {
        map.columns
            .iter()
            .position(|c| c.field.name == name)
            .expect("column")
    };
    assert_eq!(
        rows[0][col("Priority")],
        Cell::Value(Value::Text("2 - High".into()))
    );
    assert_eq!(
        rows[1][col("Priority")],
        Cell::Value(Value::Text("1 - Critical".into()))
    );
    assert_eq!(
        rows[0][col("Street")],
        Cell::Value(Value::Text("1200 Elm Street".into()))
    );
}

#[test]
fn automap_suggests_fields_whose_names_and_types_match() {
    let ws = support::example_workspace();
    let lead = &ws.connectors["marketing"]
        .object("Lead")
        .expect("object")
        .fields;
    let crm_lead = &ws.connectors["crm"].object("Lead").expect("object").fields;
    let existing = [("Email".to_owned(), "LOWER(Email)".to_owned())].into();
    let suggested = automap(lead, crm_lead, &existing);
    assert_eq!(
        suggested.get("FirstName").map(String::as_str),
        Some("FirstName")
    );
    assert_eq!(
        suggested.get("Company").map(String::as_str),
        Some("Company")
    );
    assert!(
        !suggested.contains_key("Email"),
        "existing mappings are kept"
    );
    // A Number never fills a Text field without TEXT(), so it is not suggested.
    let typed = [switchboard::model::Field::new("Count", FieldType::Number)];
    let target = [switchboard::model::Field::new("count", FieldType::Text)];
    assert!(automap(&typed, &target, &Default::default()).is_empty());
    let spaced = [switchboard::model::Field::new(
        "Billing Street",
        FieldType::Text,
    )];
    let target = [switchboard::model::Field::new(
        "billing_street",
        FieldType::Text,
    )];
    assert_eq!(
        automap(&spaced, &target, &Default::default())
            .get("billing_street")
            .map(String::as_str),
        Some("[Billing Street]")
    );
}

#[test]
fn the_map_command_streams_json_lines_and_reports_bad_cells_by_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("sales.jsonl");
    let output = dir.path().join("contacts.jsonl");
    let mut export = concat!(
        "{\"CustomerFirstName\":\"  dana \",\"CustomerLastName\":\"OKAFOR\",\"CustomerEmail\":\" Dana@Example.org\",\"MarketingOptIn\":true,\"Total\":129.90}\n",
        "\n",
        "{\"CustomerEmail\":\"x@y.example\",\"MarketingOptIn\":false,\"Total\":\"lots\"}\n",
        "not json\n",
    )
    .as_bytes()
    .to_vec();
    // A line saved in Latin-1 (\xe9 is é there) is refused on its own; the lines after it
    // still map.
    export.extend_from_slice(
        b"{\"CustomerLastName\":\"Ren\xe9\"}\n{\"CustomerEmail\":\"z@y.example\"}",
    );
    std::fs::write(&input, export).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args([
            "map",
            "flows/pos-sale-to-crm-contact.flow.ron",
            "--node",
            "build_contact",
            "--now",
            "2026-11-22T09:30:00-05:00[America/New_York]",
        ])
        .arg("--input")
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .current_dir(support::repo())
        .output()
        .expect("runs");
    let messages = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{messages}");
    assert!(
        messages.contains("line 3, TotalPosSpend: Total: \"lots\" is not a number"),
        "{messages}"
    );
    assert!(messages.contains("line 4: not valid JSON"), "{messages}");
    assert!(
        messages.contains("line 5: not UTF-8 text at column 25; save the export as UTF-8"),
        "{messages}"
    );
    assert!(
        messages.contains("Mapped 3 records; 3 problems."),
        "{messages}"
    );
    let lines: Vec<String> = std::fs::read_to_string(&output)
        .expect("output")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0],
        r#"{"FirstName":"Dana","LastName":"Okafor","Email":"dana@example.org","MobilePhone":null,"LeadSource":"Point of Sale","HasOptedOutOfEmail":false,"LoyaltyNumber":null,"TotalPosSpend":129.9}"#
    );
    assert!(
        !lines[1].contains("TotalPosSpend"),
        "the failed cell is left out: {}",
        lines[1]
    );
}

#[test]
fn the_map_command_refuses_a_mapping_with_errors_and_a_step_that_is_not_a_map() {
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args([
            "map",
            "flows/pos-sale-to-crm-contact.flow.ron",
            "--node",
            "has_email",
        ])
        .current_dir(support::repo())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("the step `has_email` is a Filter step, not a Map step")
    );
}

/// The streaming `map` reads records into slots; what it computes must be what the
/// preview computes from whole records, cell for cell, errors included.
#[test]
fn mapping_from_slots_gives_the_cells_the_preview_gives() {
    use std::borrow::Cow;
    use switchboard::model::Value as V;
    let ws = support::example_workspace();
    let flow = support::example_flow("pos-sale-to-crm-contact");
    let map =
        CompiledMap::new(&flow, &ws, &NodeId::new("build_contact").expect("id")).expect("compiles");
    let slots = map.slots().expect("every formula reads a top-level field");
    let env = env(&ws);
    let records = [
        flow.samples[0].clone(),
        record(&[
            ("CustomerEmail", V::Text("a@b.example".into())),
            ("Total", V::Text("lots".into())),
            ("MarketingOptIn", V::Bool(false)),
        ]),
        record(&[
            ("CustomerFirstName", V::Integer(7)),
            ("MarketingOptIn", V::Text("maybe".into())),
        ]),
        Record::new(),
    ];
    let mut compared = 0;
    for r in &records {
        let filled: Vec<Result<Value, String>> = slots
            .iter()
            .map(|(name, ty)| match r.get(name) {
                Some(v) => Value::from_record_value(v, ty).map_err(|e| format!("{name}: {e}")),
                None => Ok(Value::Blank),
            })
            .collect();
        let mut from_slots = Vec::new();
        map.run_slots(&filled, &env, |_, column, cell| {
            from_slots.push((column.field.name.clone(), cell.map(Cow::into_owned)));
        });
        let from_record: Vec<_> = map
            .columns
            .iter()
            .zip(map.run(r, &Default::default(), &env))
            .filter_map(|(column, cell)| match cell {
                Cell::Value(v) => Some((column.field.name.clone(), Ok(v))),
                Cell::Error(e) => Some((column.field.name.clone(), Err(e))),
                Cell::NotChecked | Cell::Unmapped => None,
            })
            .collect();
        assert_eq!(from_slots, from_record, "{r:?}");
        compared += from_slots.len();
    }
    assert!(compared >= 4 * 6, "{compared} cells compared");
}
