//! One frame of the designer, headless, on a generated 1,000-node / 1,500-wire flow
//! (issue: the designer; target ≤ 4 ms of CPU per frame). Measures the egui pass that
//! lays out and paints every panel and the whole canvas, not the GPU. Numbers are
//! recorded in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

use switchboard::edit::{Command, Document};
use switchboard::model::{Pos, Wire, synthetic};
use switchboard::ui::Designer;
use switchboard::ui::tab::Tab;

#[path = "scale/generate.rs"]
mod generate;

/// The allocator the switchboard binary uses (src/main.rs), so numbers match the app.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The generated flow plus extra forward wires, so it has 1,500 of them.
fn big_flow() -> switchboard::model::Flow {
    let mut flow = synthetic::flow(1_000);
    let mut doc = Document::new(flow.clone(), None);
    doc.apply(switchboard::edit::tidy(&flow), "tidy", None)
        .expect("tidies");
    flow = doc.flow().clone();
    let ids: Vec<_> = flow.nodes.iter().map(|n| n.id.clone()).collect();
    'more: for gap in 2..8 {
        for i in 1..ids.len().saturating_sub(gap) {
            if flow.wires.len() >= 1_500 {
                break 'more;
            }
            let (from, to) = (&flow.nodes[i], &flow.nodes[i + gap]);
            let wire = Wire::between(ids[i].clone(), ids[i + gap].clone());
            if from.step.has_output(&wire.from.port)
                && to.step.has_input(&wire.to.port)
                && !flow.wires.contains(&wire)
            {
                flow.wires.push(wire);
            }
        }
    }
    flow.wires.sort();
    flow
}

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1440.0, 900.0),
        )),
        ..Default::default()
    }
}

fn frame(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("flows");
    let flow = big_flow();
    assert!(
        flow.nodes.len() == 1_000 && flow.wires.len() >= 1_500,
        "{} wires",
        flow.wires.len()
    );
    let mut designer = Designer::new(Default::default(), None);
    designer.open_workspace(&root).expect("example workspace");
    designer.tabs.push(Tab::new(Document::new(flow, None)));
    let ctx = egui::Context::default();
    for _ in 0..3 {
        let _ = ctx.run_ui(input(), |ui| designer.ui(ui));
    }
    let mut group = c.benchmark_group("designer frame, 1,000 nodes / 1,500 wires");
    group.sample_size(20);
    group.bench_function("idle frame", |b| {
        b.iter(|| black_box(ctx.run_ui(input(), |ui| designer.ui(ui))))
    });
    let first = designer.tabs[0].doc.flow().nodes[1].id.clone();
    let mut x = 0.0;
    group.bench_function("frame after moving a node (canvas sync)", |b| {
        b.iter(|| {
            x += 1.0;
            designer.apply(
                Command::MoveNodes(vec![(first.clone(), Pos(x, 0.0))]),
                "Move",
                None,
            );
            black_box(ctx.run_ui(input(), |ui| designer.ui(ui)))
        })
    });
    let mut n = 0;
    group.bench_function(
        "frame after renaming a node (full re-check + canvas sync)",
        |b| {
            b.iter(|| {
                n += 1;
                designer.apply(
                    Command::Rename {
                        node: first.clone(),
                        label: format!("Step {n}"),
                    },
                    "Rename",
                    None,
                );
                black_box(ctx.run_ui(input(), |ui| designer.ui(ui)))
            })
        },
    );
    let whole = designer.tabs[0].doc.flow().clone();
    designer.tabs[0].canvas.zoom_to_fit(&whole);
    group.bench_function("idle frame, zoomed out to the whole flow", |b| {
        b.iter(|| black_box(ctx.run_ui(input(), |ui| designer.ui(ui))))
    });
    group.finish();
}

/// The same frames at the scale sizes (issue: hardening): flows of 100, 1,000 and 5,000
/// nodes (generated, tidied, no extra wires), then a workspace of 10, 200 and 1,000 flows
/// with one of them open — an idle frame, and a frame after an edit, which re-checks the
/// open flow and runs the workspace-wide rules over every flow.
fn scale(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("flows");
    let mut group = c.benchmark_group("scale: designer frame");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(3));
    for n in [100, 1_000, 5_000] {
        let mut flow = synthetic::flow(n);
        let mut doc = Document::new(flow.clone(), None);
        doc.apply(switchboard::edit::tidy(&flow), "tidy", None)
            .expect("tidies");
        flow = doc.flow().clone();
        let mut designer = Designer::new(Default::default(), None);
        designer.open_workspace(&root).expect("example workspace");
        designer.tabs.push(Tab::new(Document::new(flow, None)));
        let first = designer.tabs[0].doc.flow().nodes[1].id.clone();
        idle_and_after_an_edit(&mut group, &format!("flow of {n} nodes"), designer, first);
    }
    for flows in [10, 200, 1_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        generate::workspace_on_disk(dir.path(), flows);
        let mut designer = Designer::new(Default::default(), None);
        designer
            .open_workspace(dir.path())
            .expect("generated workspace");
        let first = designer.workspace_flows[0].0.clone();
        designer.open_flow(&first).expect("opens");
        let node = designer.tabs[0].doc.flow().nodes[0].id.clone();
        idle_and_after_an_edit(
            &mut group,
            &format!("workspace of {flows} flows"),
            designer,
            node,
        );
    }
    group.finish();
}

/// An idle frame, then a frame after renaming `node` (which re-checks the flow).
fn idle_and_after_an_edit(
    group: &mut criterion::BenchmarkGroup<criterion::measurement::WallTime>,
    what: &str,
    mut designer: Designer,
    node: switchboard::model::NodeId,
) {
    let ctx = egui::Context::default();
    for _ in 0..3 {
        let _ = ctx.run_ui(input(), |ui| designer.ui(ui));
    }
    group.bench_function(format!("idle, {what}"), |b| {
        b.iter(|| black_box(ctx.run_ui(input(), |ui| designer.ui(ui))))
    });
    let mut k = 0;
    group.bench_function(format!("after an edit, {what}"), |b| {
        b.iter(|| {
            k += 1;
            designer.apply(
                Command::Rename {
                    node: node.clone(),
                    label: format!("Step {k}"),
                },
                "Rename",
                None,
            );
            black_box(ctx.run_ui(input(), |ui| designer.ui(ui)))
        })
    });
}

criterion_group!(benches, frame, scale);
criterion_main!(benches);
