//! A sample test run of a generated 1,000-node flow against the example workspace's
//! samples (issue: test runs; target ≤ 50 ms). Numbers are recorded in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

use switchboard::model::synthetic;
use switchboard::run::{Control, Options, run_sample};
use switchboard::workspace::Workspace;

/// The allocator the switchboard binary uses (src/main.rs), so numbers match the app.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn sample_run(c: &mut Criterion) {
    let ws = Workspace::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("flows"))
        .expect("example workspace");
    let mut flow = synthetic::flow(1_000);
    // The won deals pinned in the example flow, as the trigger's records.
    let example = switchboard::store::load_flow(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("flows/opportunity-to-reservation.flow.ron"),
    )
    .expect("example flow");
    flow.samples = example.samples;
    // Deals that take the main line all the way: in euros, and above every filter's bar.
    for deal in &mut flow.samples {
        deal.insert(
            "CurrencyIsoCode".into(),
            switchboard::model::Value::Text("EUR".into()),
        );
        deal.insert(
            "Amount".into(),
            switchboard::model::Value::Integer(1_000_000),
        );
    }
    let options = Options::new(
        "2026-11-22T09:30:00-05:00[America/New_York]"
            .parse()
            .expect("now"),
    );
    let trace = run_sample(&flow, &ws, &options, &Control::default());
    let items: usize = trace.nodes.values().map(|n| n.output.len()).sum();
    let failures: Vec<_> = trace
        .nodes
        .iter()
        .filter(|(_, n)| !n.errors.is_empty())
        .take(3)
        .map(|(id, n)| format!("{id}: {:?}", n.errors.first()))
        .collect();
    assert!(
        failures.is_empty() && items > 0,
        "the generated flow runs cleanly: {items} items, {failures:?}"
    );
    eprintln!("{} steps ran, {items} items made in all", trace.nodes.len());
    let mut group = c.benchmark_group("sample run");
    group.sample_size(20);
    group.bench_function("generated flow, 1,000 nodes", |b| {
        b.iter(|| black_box(run_sample(&flow, &ws, &options, &Control::default())))
    });
    group.finish();
}

criterion_group!(benches, sample_run);
criterion_main!(benches);
