//! Loading and saving flows: the 10,000-node target is ≤ 50 ms each way (issue: flow
//! documents). Also the checks on a 1,000-node flow, which run on every edit, and on a
//! 200-flow workspace (issue: governance).
//! Numbers are recorded in BENCHMARKS.md.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

use switchboard::governance::{CheckMemo, check_flow, check_flow_with};
use switchboard::model::Step;
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
    // The synthetic flow repeats its formulas, and one check analyses a repeated formula
    // once; here every Map's formulas differ, so a fresh check analyses all 800 of them.
    let mut distinct = synthetic::flow(1_000);
    let mut maps = 0;
    for (i, node) in distinct.nodes.iter_mut().enumerate() {
        if let Step::Map { mappings, .. } = &mut node.step {
            mappings.insert("ExternalReference".into(), format!("Id & \"-{i}\""));
            mappings.insert(
                "CustomerNumber".into(),
                format!("TRIM(AccountId) & \"{i}\""),
            );
            maps += 1;
        }
    }
    assert!(maps >= 100, "{maps} maps");
    group.bench_function("1000, every formula different", |b| {
        b.iter(|| check_flow(black_box(&distinct), Some(&workspace)))
    });
    // What the designer does on an edit: the tab's memo keeps the analyses of the last
    // check, and the edit changes one formula.
    let memo = CheckMemo::default();
    let edited = distinct
        .nodes
        .iter()
        .position(|n| matches!(n.step, Step::Map { .. }))
        .expect("a Map step");
    let mut turn = 0u64;
    group.bench_function("1000, every formula different, after an edit", |b| {
        b.iter(|| {
            turn += 1;
            if let Step::Map { mappings, .. } = &mut distinct.nodes[edited].step {
                mappings.insert("ExternalReference".into(), format!("Id & \"{turn}\""));
            }
            check_flow_with(black_box(&distinct), Some(&workspace), &memo)
        })
    });
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
