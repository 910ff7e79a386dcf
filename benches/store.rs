//! Loading and saving flows: the 10,000-node target is ≤ 50 ms each way (issue: flow
//! documents). Also the checks on a 1,000-node flow, which run on every edit, and on a
//! 200-flow workspace (issue: governance).
//! Numbers are recorded in BENCHMARKS.md.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

use switchboard::governance::check_flow;
use switchboard::model::synthetic;
use switchboard::store::{flow_to_string, load_flow, parse_flow, save_flow};
use switchboard::workspace::Workspace;

/// The allocator the switchboard binary uses (src/main.rs), so numbers match the app.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn load_and_save(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("flow file");
    group.sample_size(20);
    for nodes in [1_000, 10_000] {
        let flow = synthetic::flow(nodes);
        let text = flow_to_string(&flow).expect("serializes");
        let path = dir.path().join(format!("generated-{nodes}.flow.ron"));
        save_flow(&path, &flow).expect("saves");
        group.throughput(Throughput::Bytes(text.len() as u64));

        group.bench_with_input(
            BenchmarkId::new("load (read + parse + validate)", nodes),
            &path,
            |b, path| b.iter(|| load_flow(black_box(path)).expect("loads")),
        );
        group.bench_with_input(
            BenchmarkId::new("parse from text", nodes),
            &text,
            |b, text| {
                b.iter_with_large_drop(|| {
                    parse_flow(Path::new("bench.flow.ron"), black_box(text)).expect("parses")
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("save (serialize + atomic write + fsync)", nodes),
            &flow,
            |b, flow| b.iter(|| save_flow(&path, black_box(flow)).expect("saves")),
        );
        group.bench_with_input(
            BenchmarkId::new("serialize to text", nodes),
            &flow,
            |b, flow| b.iter(|| flow_to_string(black_box(flow)).expect("serializes")),
        );
    }
    group.finish();
}

fn structural_checks(c: &mut Criterion) {
    let workspace = Workspace::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("flows"))
        .expect("example workspace");
    let mut group = c.benchmark_group("structural checks");
    for nodes in [100, 1_000] {
        let flow = synthetic::flow(nodes);
        group.bench_with_input(BenchmarkId::from_parameter(nodes), &flow, |b, flow| {
            b.iter(|| check_flow(black_box(flow), Some(&workspace)))
        });
    }
    group.finish();
}

fn workspace_checks(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("flows");
    let workspace = Workspace::load(&root).expect("example workspace");
    let examples: Vec<_> = workspace
        .flow_paths
        .iter()
        .map(|p| load_flow(p).expect("example flow"))
        .collect();
    // 200 realistic flows: the seven examples over and over, each with its own id.
    let flows: Vec<_> = (0..200)
        .map(|i| {
            let mut f = examples[i % examples.len()].clone();
            f.id = switchboard::model::FlowId::new(format!("{}-{i}", f.id)).expect("slug");
            f
        })
        .collect();
    let refs: Vec<_> = flows.iter().collect();
    c.bench_function(
        "workspace of 200 flows: every flow and the workspace-wide rules",
        |b| {
            b.iter(|| {
                for f in &refs {
                    black_box(check_flow(f, Some(&workspace)));
                }
                black_box(switchboard::governance::check_workspace(&refs, &workspace))
            })
        },
    );
}

criterion_group!(benches, load_and_save, structural_checks, workspace_checks);
criterion_main!(benches);
