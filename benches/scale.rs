//! How the core grows (issue: hardening, "scale"): flows of 100, 1,000 and 5,000 nodes —
//! load, save, check, sample run — and workspaces of 10, 200 and 1,000 flows — load and
//! check. The designer's frame at the same sizes is in benches/frame.rs, peak memory in
//! examples/scale_memory.rs. The table is in BENCHMARKS.md.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use switchboard::model::synthetic;
use switchboard::run::{Control, Options, run_sample};
use switchboard::store;

/// The allocator the switchboard binary uses (src/main.rs), so numbers match the app.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "scale/generate.rs"]
mod generate;

const NODES: [usize; 3] = [100, 1_000, 5_000];
const FLOWS: [usize; 3] = [10, 200, 1_000];

fn flows(c: &mut Criterion) {
    let ws = generate::example_workspace();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("scale: flow");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    for n in NODES {
        let flow = synthetic::flow(n);
        let text = store::flow_to_string(&flow).expect("serializes");
        let path = dir.path().join(format!("{n}.flow.ron"));
        group.bench_with_input(BenchmarkId::new("load", n), &text, |b, text| {
            b.iter_with_large_drop(|| store::parse_flow(&path, black_box(text)).expect("parses"))
        });
        group.bench_with_input(BenchmarkId::new("save", n), &flow, |b, flow| {
            b.iter(|| store::save_flow(&path, black_box(flow)).expect("saves"))
        });
        group.bench_with_input(BenchmarkId::new("check", n), &flow, |b, flow| {
            b.iter(|| switchboard::governance::check_flow(black_box(flow), Some(&ws)))
        });
        let options = Options::new(
            "2026-11-22T09:30:00-05:00[America/New_York]"
                .parse()
                .expect("now"),
        );
        group.bench_with_input(BenchmarkId::new("sample run", n), &flow, |b, flow| {
            b.iter(|| run_sample(black_box(flow), &ws, &options, &Control::default()))
        });
    }
    group.finish();
}

fn workspaces(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale: workspace");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    for n in FLOWS {
        let dir = tempfile::tempdir().expect("temp dir");
        generate::workspace_on_disk(dir.path(), n);
        group.bench_with_input(BenchmarkId::new("load", n), &dir, |b, dir| {
            b.iter_with_large_drop(|| generate::load_workspace(dir.path()))
        });
        let (ws, flows) = generate::load_workspace(dir.path());
        assert_eq!(flows.len(), n);
        group.bench_with_input(BenchmarkId::new("check", n), &flows, |b, flows| {
            b.iter(|| generate::check_workspace(&ws, black_box(flows)))
        });
        // What the designer runs on every edit besides the open flow's own check.
        let refs: Vec<_> = flows.iter().collect();
        group.bench_with_input(
            BenchmarkId::new("workspace-wide rules", n),
            &refs,
            |b, refs| b.iter(|| switchboard::governance::check_workspace(black_box(refs), &ws)),
        );
    }
    group.finish();
}

criterion_group!(benches, flows, workspaces);
criterion_main!(benches);
