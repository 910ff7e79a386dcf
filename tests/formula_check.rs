//! Checking formulas against the schemas on the wires, as a business user meets it:
//! exact spans, conversion functions to use, blanks into required fields, personal data
//! followed through formulas.

use std::collections::HashMap;

use switchboard::formula::{Analysis, Env, Inputs, Level, SchemaScope, Type, Value, analyze};
use switchboard::model::{Classification, Field, FieldType, NodeId, Record};
use switchboard::workspace::FlowSchemas;

use crate::support;

fn field(name: &str, t: FieldType) -> Field {
    Field::new(name, t)
}

fn infos(a: &Analysis) -> Vec<(String, String, Option<String>)> {
    a.problems
        .iter()
        .filter(|p| p.level == Level::Info)
        .map(|p| (format!("{:?}", p.span), p.message.clone(), p.fix.clone()))
        .collect()
}

fn errors(a: &Analysis) -> Vec<(String, String, Option<String>)> {
    a.problems
        .iter()
        .filter(|p| p.level == Level::Error)
        .map(|p| (format!("{:?}", p.span), p.message.clone(), p.fix.clone()))
        .collect()
}

#[test]
fn the_issue_example_reads_as_promised() {
    let fields = [field("CloseDate", FieldType::Text)];
    let scope = SchemaScope {
        fields: &fields,
        nodes: vec![],
    };
    let text = "FORMAT_DATE(CloseDate, \"yyyy-MM-dd\")";
    let a = analyze(text, &scope);
    // A spreadsheet reads text as a date where a date is wanted; the checker says so, in
    // the workspace's locale, and names the explicit form.
    let p = &a.problems[0];
    assert_eq!(&text[p.span.clone()], "CloseDate");
    assert_eq!(p.level, Level::Info);
    assert_eq!(
        p.message,
        "FORMAT_DATE reads CloseDate as a date, month first as en-US writes it (3/15/2024), \
         the workspace's default: FORMAT_DATE(DATEVALUE(CloseDate), \"yyyy-MM-dd\") says so"
    );
    assert_eq!(
        p.fix.as_deref(),
        Some("Write FORMAT_DATE(DATEVALUE(CloseDate), \"yyyy-MM-dd\").")
    );
    assert!(a.program().is_some());
}

#[test]
fn unknown_fields_and_functions_suggest_the_right_name() {
    let ws = support::example_workspace();
    let crm = ws.connectors["crm"].object("Opportunity").expect("object");
    let scope = SchemaScope {
        fields: &crm.fields,
        nodes: vec![],
    };
    let a = analyze("UPPER(Stagename) & Amout", &scope);
    let found = errors(&a);
    assert_eq!(found.len(), 1, "{found:?}"); // field names match case-insensitively
    assert_eq!(found[0].1, "there is no field called Amout here");
    assert_eq!(found[0].2.as_deref(), Some("Did you mean Amount?"));
    let a = analyze("UPER(Name)", &scope);
    assert_eq!(errors(&a)[0].2.as_deref(), Some("Did you mean UPPER?"));
    assert_eq!(errors(&a)[0].0, "0..4");
    let a = analyze("LEFT()", &scope);
    assert_eq!(errors(&a)[0].1, "LEFT takes 1 to 2 arguments, not 0");
    assert_eq!(
        errors(&a)[0].2.as_deref(),
        Some("Write it as LEFT(text, [count]).")
    );
    let a = analyze("Name.First", &scope);
    assert!(errors(&a)[0].1.contains("Name has no fields inside it"));
}

#[test]
fn operators_say_which_conversion_to_use() {
    let fields = [
        field("Qty", FieldType::Text),
        field("Amount", FieldType::Currency),
        field("Closed", FieldType::Date),
    ];
    let scope = SchemaScope {
        fields: &fields,
        nodes: vec![],
    };
    let i = infos(&analyze("Qty * 2", &scope));
    assert_eq!(
        i,
        [(
            "0..3".to_owned(),
            "Qty * 2 multiplies text: VALUE(Qty) * 2 says so".to_owned(),
            Some("Write VALUE(Qty) * 2.".to_owned())
        )]
    );
    let e = errors(&analyze("\"abc\" + Amount", &scope));
    assert_eq!(e[0].1, "+ needs numbers, but \"abc\" is not one (#VALUE!)");
    assert_eq!(e[0].2.as_deref(), Some("To join text, use & instead of +."));
    let i = infos(&analyze("Amount > Qty", &scope));
    assert_eq!(
        i[0].1,
        "Amount > Qty compares Currency with Text, which a spreadsheet never finds equal: \
         Amount > VALUE(Qty) compares them as Currency"
    );
    let e = errors(&analyze("\"Closed on \" & Closed", &scope));
    assert_eq!(
        e[0].2.as_deref(),
        Some("Wrap it: FORMAT_DATE(Closed, \"yyyy-MM-dd\")")
    );
    // A spreadsheet lets IF give text one way and a number the other: said, not refused.
    let a = analyze("IF(Amount > 5, \"big\", 3)", &scope);
    assert_eq!(errors(&a), []);
    assert_eq!(
        infos(&a)[0].1,
        "IF gives Integer this way and Text another: whatever takes its result must take both"
    );
    assert_eq!(a.ty, Type::Any);
    assert!(errors(&analyze("Closed + 14", &scope)).is_empty());
    assert_eq!(analyze("Closed + 14", &scope).ty, Type::Date);
    assert_eq!(analyze("Amount * 2", &scope).ty, Type::Currency);
}

#[test]
fn results_are_checked_against_the_target_field() {
    let ws = support::example_workspace();
    let reservation = ws.connectors["erp"]
        .object("InventoryReservation")
        .expect("object");
    let target = |name: &str| reservation.field(name).expect("field").clone();
    let line = [
        field("ProductCode", FieldType::Text).required(),
        field("Quantity", FieldType::Number),
        field("Note", FieldType::Text),
        field("Buyer", FieldType::Email).classified(Classification::Pii),
    ];
    let scope = SchemaScope {
        fields: &line,
        nodes: vec![],
    };

    let mut a = analyze("ProductCode", &scope);
    a.check_target("ProductCode", &target("Quantity"));
    let e = errors(&a);
    assert_eq!(e[0].1, "Quantity holds Number, but this formula gives Text");
    assert_eq!(e[0].2.as_deref(), Some("Wrap it: VALUE(ProductCode)"));

    let mut a = analyze("Note", &scope);
    a.check_target("Note", &target("ItemNumber"));
    let warning = a
        .problems
        .iter()
        .find(|p| p.level == Level::Warning)
        .expect("a warning");
    assert_eq!(
        warning.message,
        "ItemNumber is required, but this formula can be blank"
    );
    assert!(a.program().is_some(), "a warning does not stop the formula");

    let mut a = analyze("BLANKVALUE(Note, ProductCode)", &scope);
    a.check_target("BLANKVALUE(Note, ProductCode)", &target("ItemNumber"));
    assert!(a.problems.is_empty(), "{:?}", a.problems);

    let mut a = analyze("\"Sales Order\"", &scope);
    a.check_target("\"Sales Order\"", &target("MovementType"));
    let e = errors(&a);
    assert_eq!(
        e[0].1,
        "\"Sales Order\" is not one of MovementType's values"
    );
    assert!(
        e[0].2
            .as_deref()
            .is_some_and(|f| f.contains("Sales Order Reservation"))
    );

    let mut a = analyze("ROUND(Quantity, 2)", &scope);
    a.check_target(
        "ROUND(Quantity, 2)",
        &Field::new("Count", FieldType::Integer),
    );
    assert_eq!(
        errors(&a)[0].2.as_deref(),
        Some("Wrap it: ROUND(ROUND(Quantity, 2), 0)")
    );
}

#[test]
fn personal_data_is_followed_through_formulas() {
    let fields = [
        field("Email", FieldType::Email).classified(Classification::Pii),
        field("Card", FieldType::Text).classified(Classification::Pci),
        field("City", FieldType::Text),
    ];
    let scope = SchemaScope {
        fields: &fields,
        nodes: vec![],
    };
    assert_eq!(
        analyze("LEFT(UPPER(TRIM(Email)), 3)", &scope).classification,
        Classification::Pii
    );
    assert_eq!(
        analyze("City & RIGHT(Card, 4)", &scope).classification,
        Classification::Pci
    );
    assert_eq!(
        analyze("UPPER(City)", &scope).classification,
        Classification::Internal
    );
    let mut a = analyze("LOWER(Email)", &scope);
    a.check_target("LOWER(Email)", &Field::new("Contact", FieldType::Email));
    let note = a
        .problems
        .iter()
        .find(|p| p.level == Level::Note)
        .expect("a note");
    assert_eq!(
        note.message,
        "Contact receives PII data computed from Email"
    );
}

#[test]
fn steps_are_named_by_label_or_id_and_lists_project() {
    let ws = support::example_workspace();
    let account = &ws.connectors["crm"]
        .object("Account")
        .expect("object")
        .fields;
    let opportunity = &ws.connectors["crm"]
        .object("Opportunity")
        .expect("object")
        .fields;
    let scope = SchemaScope {
        fields: opportunity,
        nodes: vec![(
            "find_account".into(),
            "Find the account".into(),
            account.as_slice(),
        )],
    };
    assert!(errors(&analyze("'Find the account'!ErpCustomerNumber", &scope)).is_empty());
    assert!(errors(&analyze("find_account!ErpCustomerNumber", &scope)).is_empty());
    let e = errors(&analyze("'Find the acount'!Name", &scope));
    assert_eq!(e[0].2.as_deref(), Some("Did you mean Find the account?"));

    let a = analyze("SUM(LineItems.TotalPrice)", &scope);
    assert!(errors(&a).is_empty(), "{:?}", a.problems);
    let a = analyze("LineItems.Quantity", &scope);
    assert_eq!(a.ty, Type::List(Box::new(Type::Number)));
}

#[test]
fn formulas_evaluate_on_sample_records_read_as_their_schema() {
    let ws = support::example_workspace();
    let flow = support::example_flow("opportunity-to-reservation");
    let schemas = FlowSchemas::infer(&flow, &ws);
    let input = schemas
        .input(&NodeId::new("build_reservation").expect("id"))
        .expect("schema");
    let scope = SchemaScope {
        fields: &input.fields,
        nodes: vec![],
    };
    let tables = Default::default();
    let env = Env {
        now: "2026-11-22T09:30:00-05:00[America/New_York]"
            .parse()
            .expect("now"),
        tables: &tables,
    };
    let nodes = HashMap::new();

    // What the For each step hands the Map for the sample deal's first line.
    let deal = flow.samples[0].clone();
    let line = match &deal["LineItems"] {
        switchboard::model::Value::List(items) => items[0].clone(),
        _ => panic!("line items"),
    };
    let switchboard::model::Value::Record(mut item) = line else {
        panic!("record")
    };
    let mut parent: Record = deal.clone();
    let account = ws.samples_of(
        &switchboard::model::SystemId::new("sales_crm").expect("id"),
        "Account",
    )[0]
    .clone();
    parent.insert("Account".into(), switchboard::model::Value::Record(account));
    item.insert("Parent".into(), switchboard::model::Value::Record(parent));

    let run = |text: &str| {
        let a = analyze(text, &scope);
        let program = a
            .program()
            .unwrap_or_else(|| panic!("{text}: {:?}", a.problems));
        program
            .eval(
                &Inputs {
                    record: &item,
                    nodes: &nodes,
                },
                &env,
            )
            .map_err(|e| e.message)
    };
    assert_eq!(
        run("BLANKVALUE(Parent.RequestedDeliveryDate, ADDDAYS(Parent.CloseDate, 14))"),
        Ok(Value::Date("2026-12-15".parse().expect("date")))
    );
    assert_eq!(
        run("Parent.Account.ErpCustomerNumber"),
        Ok(Value::Text("0000104711".into()))
    );
    assert_eq!(
        run("LEFT(Parent.ShippingPlant, 4)"),
        Ok(Value::Text("1000".into()))
    );
    assert_eq!(run("Quantity * UnitPrice"), Ok(Value::Number(35600.into())));
    assert_eq!(
        run("SUM(Parent.LineItems.Quantity)"),
        Ok(Value::Number(80.into()))
    );
    assert_eq!(
        run("Parent.CloseDate"),
        Ok(Value::Date("2026-11-20".parse().expect("date")))
    );
}

#[test]
fn lookup_names_a_value_map_the_workspace_has() {
    let dir = support::scratch_workspace();
    let path = dir.path().join("service-request-to-work-order.flow.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace(
            "case_priority_to_work_order_priority",
            "case_priority_to_wo_priority",
        ),
    )
    .expect("write");
    let ws = switchboard::workspace::Workspace::load(dir.path()).expect("loads");
    let flow = switchboard::store::load_flow(&path).expect("loads");
    let found: Vec<_> = switchboard::governance::check_flow(&flow, Some(&ws))
        .into_iter()
        .filter(|f| f.code == "formula")
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .message
            .ends_with("the workspace has no value map called \"case_priority_to_wo_priority\""),
        "{}",
        found[0].message
    );
    assert_eq!(
        found[0].fix,
        "Did you mean case_priority_to_work_order_priority?"
    );
    let switchboard::governance::Location::Formula { span, .. } = &found[0].location else {
        panic!("located in the formula")
    };
    let formula = "LOOKUP(Priority, \"case_priority_to_wo_priority\", \"4 - Low\")";
    assert_eq!(&formula[span.clone()], "\"case_priority_to_wo_priority\"");
}

/// Spreadsheet users write conversions a spreadsheet makes by itself: each runs as it
/// would there, with an info finding naming the explicit form; what no spreadsheet can
/// read stays an error.
#[test]
fn spreadsheet_conversions_are_information_with_the_explicit_form() {
    let scope = SchemaScope {
        fields: &[],
        nodes: vec![],
    };
    for (text, message) in [
        ("\"3\" + 4", "\"3\" + 4 adds text: VALUE(\"3\") + 4 says so"),
        (
            "UPPER(123)",
            "UPPER reads 123 as text: UPPER(TEXT(123)) says so",
        ),
        (
            "IF(1, \"a\", \"b\")",
            "IF reads 1 as TRUE unless it is 0: IF(1 <> 0, \"a\", \"b\") says so",
        ),
        (
            "DAY(45352)",
            "DAY reads 45352 as a spreadsheet's date number, days counted from 1900-01-01 \
             (45352 is 2024-03-01): DAY(DATEVALUE(45352)) says so",
        ),
        (
            "LEN(TRUE)",
            "LEN reads TRUE as the text TRUE or FALSE: LEN(TEXT(TRUE)) says so",
        ),
        (
            "DAY(\"3/15/2024\")",
            "DAY reads \"3/15/2024\" as a date, month first as en-US writes it (3/15/2024), \
             the workspace's default: DAY(DATEVALUE(\"3/15/2024\")) says so",
        ),
        (
            "-\"5\"",
            "-\"5\" uses \"5\" as a number: -VALUE(\"5\") says so",
        ),
        (
            "TRUE * 2",
            "TRUE * 2 multiplies TRUE/FALSE (as 1/0): N(TRUE) * 2 says so",
        ),
    ] {
        let a = analyze(text, &scope);
        assert_eq!(errors(&a), [], "{text}");
        assert_eq!(
            infos(&a).iter().map(|i| i.1.as_str()).collect::<Vec<_>>(),
            [message],
            "{text}"
        );
        assert!(a.program().is_some(), "{text} runs");
    }
    for (text, message) in [
        (
            "\"abc\" + 1",
            "+ needs numbers, but \"abc\" is not one (#VALUE!)",
        ),
        (
            "ROUND(\"abc\", 1)",
            "ROUND expects a Number as number, but \"abc\" is Text (#VALUE!)",
        ),
        (
            "DAY(\"soon\")",
            "DAY expects a Date or Date/Time as date, but \"soon\" is Text (#VALUE!)",
        ),
    ] {
        let a = analyze(text, &scope);
        assert_eq!(
            errors(&a).iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
            [message],
            "{text}"
        );
    }
}
