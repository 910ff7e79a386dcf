//! Peak memory (and one wall time) of one scale measurement in a fresh process, as the
//! operating system counts it (VmHWM, Linux): `scale_memory OPERATION SIZE`, where
//! OPERATION is flow-load, flow-save, flow-check, flow-run (SIZE = nodes) or ws-load,
//! ws-check, ws-rules (load, then only the workspace-wide rules; SIZE = flows).
//! benches/scale/memory.sh runs every size; the times to trust are criterion's
//! (benches/scale.rs), this one is a single run.

use std::path::Path;
use std::time::Instant;

use switchboard::model::synthetic;
use switchboard::run::{Control, Options, run_sample};
use switchboard::store;
use switchboard::workspace::Workspace;

#[path = "../benches/scale/generate.rs"]
mod generate;

/// The allocator the switchboard binary uses (src/main.rs), so the peaks are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(operation), Some(size)) = (args.next(), args.next().and_then(|n| n.parse().ok()))
    else {
        eprintln!(
            "usage: scale_memory flow-load|flow-save|flow-check|flow-run|ws-load|ws-check SIZE"
        );
        std::process::exit(2);
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.flow.ron");
    let ws = generate::example_workspace();
    // Inputs are prepared on disk first, so the peak is the operation's, not the generator's;
    // what was resident when it began is printed too.
    match operation.as_str() {
        "flow-load" | "flow-save" | "flow-check" | "flow-run" => {
            store::save_flow(&path, &synthetic::flow(size))
                .map(drop)
                .expect("saves")
        }
        "ws-load" | "ws-check" | "ws-rules" => generate::workspace_on_disk(dir.path(), size),
        other => panic!("unknown operation {other}"),
    }
    reset_peak();
    let floor = status_kib("VmRSS:");
    // SCALE_REPEAT=K repeats the operation, for profiling it rather than the generator.
    let repeat: usize = std::env::var("SCALE_REPEAT")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(1);
    let started = Instant::now();
    for _ in 0..repeat {
        operate(&operation, &path, dir.path(), &ws);
    }
    println!(
        "{operation} {size}: {:.1} ms, peak {:.1} MiB (resident before it: {:.1} MiB)",
        started.elapsed().as_secs_f64() * 1e3 / repeat as f64,
        status_kib("VmHWM:") as f64 / 1024.0,
        floor as f64 / 1024.0
    );
}

/// Never inlined: benches/scale/instructions.sh counts instructions inside it alone.
#[inline(never)]
fn operate(operation: &str, path: &Path, dir: &Path, ws: &Workspace) {
    match operation {
        "flow-load" => drop(std::hint::black_box(store::load_flow(path).expect("loads"))),
        "flow-save" => {
            let flow = store::load_flow(path).expect("loads");
            store::save_flow(path, &flow).expect("saves");
        }
        "flow-check" => {
            let flow = store::load_flow(path).expect("loads");
            std::hint::black_box(switchboard::governance::check_flow(&flow, Some(ws)));
        }
        "flow-run" => {
            let flow = store::load_flow(path).expect("loads");
            let options = Options::new(
                "2026-11-22T09:30:00-05:00[America/New_York]"
                    .parse()
                    .expect("now"),
            );
            std::hint::black_box(run_sample(&flow, ws, &options, &Control::default()));
        }
        "ws-load" => drop(std::hint::black_box(generate::load_workspace(dir))),
        "ws-rules" => {
            let (ws, flows) = generate::load_workspace(dir);
            let refs: Vec<_> = flows.iter().collect();
            std::hint::black_box(switchboard::governance::check_workspace(&refs, &ws));
        }
        _ => {
            let (ws, flows) = generate::load_workspace(dir);
            std::hint::black_box(generate::check_workspace(&ws, &flows));
        }
    }
}

/// A line of /proc/self/status (VmHWM: the peak resident size; VmRSS: the current), in KiB.
fn status_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Resets VmHWM to the current size (Linux: writing 5 to clear_refs).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}
