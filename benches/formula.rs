//! Evaluating a 20-field mapping (text, date, number, lookup, IF) on CRM opportunity
//! records: the per-record cost behind the mapping preview and `switchboard map`.
//! Numbers are recorded in BENCHMARKS.md.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;

use switchboard::formula::{Env, Inputs, SchemaScope, analyze};
use switchboard::workspace::Workspace;

/// The allocator the switchboard binary uses (src/main.rs), so numbers match the app.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MAPPING: [&str; 20] = [
    "UPPER(TRIM(Name))",
    "LEFT(AccountId, 15)",
    "StageName = \"Closed Won\"",
    "ROUND(Amount * 1.19, 2)",
    "FORMAT_DATE(CloseDate, \"yyyy-MM-dd\")",
    "ADDDAYS(CloseDate, 30)",
    "IF(Amount > 10000, \"Key\", \"Standard\")",
    "LOOKUP(StageName, \"opportunity_stage_to_order_status\", \"Open\")",
    "BLANKVALUE(PurchaseOrderNumber, \"n/a\")",
    "Probability / 100",
    "LOWER(CurrencyIsoCode)",
    "Type & \" / \" & LeadSource",
    "YEAR(CloseDate)",
    "SUM(LineItems.TotalPrice)",
    "COUNT(LineItems)",
    "IF(IsWon, \"Won\", \"Open\")",
    "TEXT(Amount, \"#,##0.00\")",
    "SUBSTITUTE(Name, \" - \", \": \")",
    "DAYS_BETWEEN(CloseDate, BLANKVALUE(RequestedDeliveryDate, CloseDate))",
    "CASE(ForecastCategory, \"Commit\", 1, \"Best Case\", 2, 3)",
];

fn mapping(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("flows");
    let ws = Workspace::load(&root).expect("example workspace");
    let fields = &ws.connectors["crm"]
        .object("Opportunity")
        .expect("object")
        .fields;
    let scope = SchemaScope {
        fields,
        nodes: Vec::new(),
    };
    let programs: Vec<_> = MAPPING
        .iter()
        .map(|text| {
            analyze(text, &scope)
                .program()
                .cloned()
                .unwrap_or_else(|| panic!("{text} compiles"))
        })
        .collect();
    let flow = switchboard::store::load_flow(&root.join("opportunity-to-reservation.flow.ron"))
        .expect("flow");
    let record = flow.samples[0].clone();
    let env = Env {
        now: "2026-11-22T09:30:00-05:00[America/New_York]"
            .parse()
            .expect("now"),
        tables: &ws.value_maps,
    };
    let nodes = HashMap::new();
    let inputs = Inputs {
        record: &record,
        nodes: &nodes,
    };

    let mut group = c.benchmark_group("formula");
    group.throughput(Throughput::Elements(1));
    group.bench_function("20-field mapping, one record", |b| {
        b.iter(|| {
            for p in &programs {
                black_box(p.eval(black_box(&inputs), &env).expect("evaluates"));
            }
        })
    });
    group.bench_function("parse + check one formula", |b| {
        b.iter(|| {
            analyze(
                black_box("IF(Amount > 10000, UPPER(TRIM(Name)), LOWER(Name))"),
                &scope,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, mapping);
criterion_main!(benches);
