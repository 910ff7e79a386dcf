//! What sub-flows cost (issue 22): the check that runs on every edit, for a flow calling
//! "Normalise contact" once and ten times against the same flow with no call, and a
//! sample run of 100 items through a call against the same work done by a Map in the flow
//! itself. The numbers are in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use switchboard::model::{Flow, Record, Value};
use switchboard::run::{Control, Options, run_sample};
use switchboard::workspace::Workspace;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A flow started by hand with a sign-up's fields, calling "Normalise contact" `calls`
/// times in a row (each call tidying what the one before gave back), then creating or
/// updating the CRM contact. With no call, one Map does the tidying.
fn caller(calls: usize) -> Flow {
    let mut nodes = String::new();
    let mut wires = vec![];
    let mut last = "signup".to_owned();
    let mut port = "out".to_owned();
    for i in 0..calls {
        let (email, first, last_name, phone) = if i == 0 {
            ("Mail", "Given", "Family", "Tel")
        } else {
            ("Email", "FirstName", "LastName", "MobilePhone")
        };
        nodes.push_str(&format!(
            r#"(id: "call_{i}", label: "Normalise contact {i}", step: CallSubflow(subflow: "normalize-contact", inputs: {{"Email": "{email}", "FirstName": "{first}", "LastName": "{last_name}", "Phone": "{phone}"}}, outputs: ["contact"])),
"#
        ));
        wires.push(format!(r#""{last}:{port} -> call_{i}""#));
        last = format!("call_{i}");
        port = "contact".into();
    }
    if calls == 0 {
        nodes.push_str(r#"(id: "tidy", label: "Tidy", step: Map(target: (system: "sales_crm", object: "Contact"), mappings: {"Email": "LOWER(TRIM(Mail))", "FirstName": "PROPER(TRIM(Given))", "LastName": "BLANKVALUE(PROPER(TRIM(Family)), \"(unknown)\")", "MobilePhone": "Tel"})),
"#);
        wires.push(r#""signup:out -> tidy""#.into());
        last = "tidy".into();
        port = "out".into();
    }
    wires.push(format!(r#""{last}:{port} -> save""#));
    let text = format!(
        r#"(
    format: 1,
    id: "signups",
    name: "Sign-ups to CRM contacts",
    catalog: (data_element: Some("Contact"), new_records_per_month: Some(300), frequency: Some(RealTime)),
    nodes: [
        (id: "signup", label: "Sign-up", step: Trigger(Manual(inputs: [
            (name: "Mail", type: Email, classification: PII),
            (name: "Given", type: Text, classification: PII),
            (name: "Family", type: Text, classification: PII),
            (name: "Tel", type: Phone, classification: PII),
        ]))),
        {nodes}
        (id: "save", label: "Save the contact", step: Write(system: "sales_crm", object: "Contact", action: Upsert(match_field: "Email"))),
    ],
    wires: [{}],
)"#,
        wires.join(", ")
    );
    switchboard::store::parse_flow(Path::new("bench.flow.ron"), &text)
        .expect("the bench flow parses")
}

fn records(n: usize) -> Vec<Record> {
    (0..n)
        .map(|i| {
            Record::from([
                (
                    "Mail".to_owned(),
                    Value::Text(format!(" Person.{i}@Example.org")),
                ),
                ("Given".to_owned(), Value::Text(format!("person {i}"))),
                ("Family".to_owned(), Value::Text("lee ".into())),
                ("Tel".to_owned(), Value::Text("+1 555 0142".into())),
            ])
        })
        .collect()
}

fn subflows(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("flows");
    let ws = Workspace::load(&root).expect("the example workspace loads");
    let mut group = c.benchmark_group("subflow");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(3));
    for calls in [0, 1, 10] {
        let flow = caller(calls);
        assert!(
            switchboard::governance::check_flow(&flow, Some(&ws))
                .iter()
                .all(|f| f.severity != switchboard::governance::Severity::Error),
            "the bench flow with {calls} calls checks clean"
        );
        group.bench_function(format!("check, {calls} calls"), |b| {
            b.iter(|| switchboard::governance::check_flow(black_box(&flow), Some(&ws)))
        });
    }
    let mut options = Options::new(
        "2026-11-22T09:30:00-05:00[America/New_York]"
            .parse()
            .expect("now"),
    );
    options.inputs = Some(records(100));
    for calls in [0, 1] {
        let flow = caller(calls);
        let trace = run_sample(&flow, &ws, &options, &Control::default());
        assert!(!trace.failed(), "the bench run with {calls} calls succeeds");
        group.bench_function(format!("sample run of 100 items, {calls} calls"), |b| {
            b.iter(|| run_sample(black_box(&flow), &ws, &options, &Control::default()))
        });
    }
    group.finish();
}

criterion_group!(benches, subflows);
criterion_main!(benches);
