//! Sample test runs: the engine follows filters, branches and for-each lists, answers
//! reads and lookups from the workspace's samples, captures writes, reports failures on
//! the step they happen at, and can be cancelled and bounded.

use std::sync::atomic::Ordering;

use switchboard::model::{NodeId, Step};
use switchboard::run::{self, Control, Options, Status};

use crate::support::{self, example_flow, example_workspace};

fn options() -> Options {
    Options::new(
        "2026-11-22T09:30:00-05:00[America/New_York]"
            .parse()
            .expect("now"),
    )
}

fn id(s: &str) -> NodeId {
    NodeId::new(s).expect("id")
}

#[test]
fn a_deal_becomes_one_reservation_per_product_and_nothing_is_sent() {
    let flow = example_flow("opportunity-to-reservation");
    let ws = example_workspace();
    let trace = run::run_sample(&flow, &ws, &options(), &Control::default());
    assert!(!trace.failed(), "{trace:#?}");
    let each = trace.node(&id("each_product")).expect("ran");
    assert_eq!(
        each.output.len(),
        3,
        "one item per line item of the won deals"
    );
    let writes: Vec<_> = trace.writes().collect();
    assert_eq!(writes.len(), 3);
    assert!(
        writes
            .iter()
            .all(|w| w.system == "Finance ERP" && w.action == "Create")
    );
    assert!(writes.iter().all(|w| w.record.contains_key("ItemNumber")));
    // The account found by the lookup is on the item, as later formulas expect.
    let found = trace.node(&id("find_account")).expect("ran");
    assert!(
        found
            .output
            .iter()
            .all(|(_, r)| matches!(r.get("Account"), Some(switchboard::model::Value::Record(_))))
    );
    assert_eq!(
        run::describe_writes(&trace),
        ["would create 3 Inventory reservation records in Finance ERP"]
    );
}

#[test]
fn filters_drop_items_and_branches_route_them_by_port() {
    let ws = example_workspace();
    let trace = run::run_sample(
        &example_flow("pos-sale-to-crm-contact"),
        &ws,
        &options(),
        &Control::default(),
    );
    let filter = trace.node(&id("has_email")).expect("ran");
    assert_eq!((filter.input.len(), filter.output.len()), (2, 1));

    let trace = run::run_sample(
        &example_flow("service-request-to-work-order"),
        &ws,
        &options(),
        &Control::default(),
    );
    let branch = trace.node(&id("by_department")).expect("ran");
    let ports: Vec<&str> = branch.output.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(ports, ["public_works", "parks", "else"]);
    assert_eq!(
        trace.node(&id("build_pw_order")).expect("ran").input.len(),
        1
    );
    assert_eq!(
        trace.node(&id("why_csv")).expect("note").status(),
        Status::Skipped
    );
}

#[test]
fn a_failing_formula_fails_its_step_and_the_rest_of_the_trace_stays() {
    let mut flow = example_flow("opportunity-to-reservation");
    let ws = example_workspace();
    let node = flow
        .nodes
        .iter_mut()
        .find(|n| n.id == id("build_reservation"))
        .expect("map");
    if let Step::Map { mappings, .. } = &mut node.step {
        mappings.insert("Quantity".into(), "VALUE(\"twelve\")".into());
    }
    let trace = run::run_sample(&flow, &ws, &options(), &Control::default());
    let map = trace.node(&id("build_reservation")).expect("ran");
    assert_eq!(map.status(), Status::Failed);
    assert_eq!(
        map.errors.len(),
        3,
        "each item's failure is listed: {:?}",
        map.errors
    );
    assert!(map.errors[0].starts_with("Quantity:"), "{}", map.errors[0]);
    assert_eq!(
        trace.node(&id("each_product")).expect("ran").status(),
        Status::Ok
    );
    assert_eq!(trace.writes().count(), 0, "failed items are not written");
}

#[test]
fn a_run_can_be_cancelled_and_is_bounded() {
    let flow = example_flow("opportunity-to-reservation");
    let ws = example_workspace();
    let control = Control::default();
    control.cancel.store(true, Ordering::Relaxed);
    let trace = run::run_sample(&flow, &ws, &options(), &control);
    assert_eq!(
        trace.stopped.as_deref(),
        Some("Cancelled after 0 of 6 steps.")
    );

    let mut bounded = options();
    bounded.max_items_per_step = 2;
    let trace = run::run_sample(&flow, &ws, &bounded, &Control::default());
    let why = trace.stopped.expect("stopped");
    assert!(
        why.contains("'Each product on the deal'") && why.contains("more than 2 items"),
        "{why}"
    );
}

#[test]
fn the_run_command_prints_each_step_and_writes_the_trace() {
    let dir = support::scratch_workspace();
    let trace_path = dir.path().join("trace.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args([
            "run",
            "opportunity-to-reservation.flow.ron",
            "--now",
            "2026-11-22T09:30:00-05:00[America/New_York]",
            "--trace",
        ])
        .arg(&trace_path)
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("ok   Each product on the deal: 2 in, 3 out"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "would create 3 Inventory reservation records in Finance ERP (nothing was sent)"
        ),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&trace_path).expect("trace")).expect("json");
    assert_eq!(
        json["nodes"]["each_product"]["output"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["run", "opportunity-to-reservation.flow.ron", "--live"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "live runs are refused, not faked"
    );
}

#[test]
fn a_sample_file_that_cannot_be_loaded_fails_the_step_reading_it() {
    let ws = support::scratch_workspace();
    // Not UTF-8: the workspace opens without it, and says so.
    std::fs::write(ws.path().join("samples/sales_crm/Account.ron"), b"[\xff]").expect("write");
    // A named pipe: refused without being opened for long.
    let stock = ws.path().join("samples/erp/InventoryLevel.ron");
    std::fs::remove_file(&stock).expect("remove");
    let made = std::process::Command::new("mkfifo")
        .arg(&stock)
        .status()
        .expect("mkfifo");
    assert!(made.success());

    let out = support::switchboard_in(ws.path(), &["run", "opportunity-to-reservation.flow.ron"]);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("FAIL Find the account: 2 in, 0 out"),
        "{printed}"
    );
    assert!(
        printed.contains("the sample records could not be loaded: line 1, column 2: the file is not UTF-8 text here"),
        "{printed}"
    );
    assert!(
        printed.contains("samples/sales_crm/Account.ron"),
        "{printed}"
    );

    let out = support::switchboard_in(ws.path(), &["run", "nightly-stock-copy.flow.ron"]);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("FAIL Read all inventory levels"),
        "{printed}"
    );
    assert!(
        printed.contains("this is a named pipe, not a file"),
        "{printed}"
    );
}

#[test]
fn a_trigger_without_sample_records_is_named_and_nothing_runs() {
    let ws = support::scratch_workspace();
    let path = ws.path().join("opportunity-to-reservation.flow.ron");
    let mut flow = switchboard::store::load_flow(&path).expect("loads");
    let pinned = std::mem::take(&mut flow.samples);
    switchboard::store::save_flow(&path, &flow).expect("saves");

    let out = support::switchboard_in(ws.path(), &["run", "opportunity-to-reservation.flow.ron"]);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert_eq!(
        printed,
        "The trigger 'Opportunity stage changed' has no sample records: pin some in the designer's Test run tab, or give --input FILE.jsonl (one JSON object a line). Nothing was run.\n"
    );

    // An --input file with no records is no way round it; one with records runs.
    std::fs::write(ws.path().join("none.jsonl"), "\n").expect("write");
    let args = [
        "run",
        "opportunity-to-reservation.flow.ron",
        "--input",
        "none.jsonl",
    ];
    let out = support::switchboard_in(ws.path(), &args);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("none.jsonl holds no records"), "{printed}");
    let lines: Vec<String> = pinned
        .iter()
        .map(|r| {
            let mut line = String::new();
            switchboard::stream::write_object(&mut line, r.iter());
            line
        })
        .collect();
    std::fs::write(ws.path().join("deals.jsonl"), lines.join("\n")).expect("write");
    let args = [
        "run",
        "opportunity-to-reservation.flow.ron",
        "--input",
        "deals.jsonl",
    ];
    let out = support::switchboard_in(ws.path(), &args);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{printed}");
    assert!(
        printed.contains("ok   Opportunity stage changed: 0 in, 2 out"),
        "{printed}"
    );

    // The engine itself refuses too, on the trigger, whoever calls it.
    let trace = run::run_sample(&flow, &example_workspace(), &options(), &Control::default());
    let trigger = trace.node(&id("deal_won")).expect("ran");
    assert_eq!(trigger.status(), Status::Failed);
    assert!(
        trigger.errors[0]
            .starts_with("The trigger 'Opportunity stage changed' has no sample records"),
        "{:?}",
        trigger.errors
    );
    // A schedule needs no records: it starts with one tick.
    let mut nightly = example_flow("nightly-stock-copy");
    nightly.samples.clear();
    assert!(run::missing_samples(&nightly, None).is_none());
}
