//! Profiling helper for `valgrind --tool=callgrind` (instruction counts are repeatable on a
//! noisy machine, wall time is not). `profile_load [ron|compact|full|check]`:
//! - `full` (default): `parse_flow` on a generated 10,000-node flow
//! - `ron`: ron alone on the same text; `compact`: ron on it without indentation
//! - `check`: the structural checks on a generated 1,000-node flow, 10 times
//! - `edit`: as the designer checks after an edit: 10 times, one formula changed, the
//!   analyses of the previous check kept
use std::path::Path;

use switchboard::model::Step;

/// The binaries' allocator (src/main.rs), so counts match the app.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "full".into());
    if mode == "check" {
        let ws = switchboard::workspace::Workspace::load(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("flows"),
        )
        .expect("example workspace");
        let flow = switchboard::model::synthetic::flow(1_000);
        for _ in 0..10 {
            std::hint::black_box(switchboard::governance::check_flow(&flow, Some(&ws)));
        }
        return;
    }
    if mode == "edit" {
        let ws = switchboard::workspace::Workspace::load(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("flows"),
        )
        .expect("example workspace");
        let mut flow = switchboard::model::synthetic::flow(1_000);
        let memo = switchboard::governance::CheckMemo::default();
        let edited = flow
            .nodes
            .iter()
            .position(|n| matches!(n.step, Step::Map { .. }))
            .expect("a Map step");
        for turn in 0..11 {
            if let Step::Map { mappings, .. } = &mut flow.nodes[edited].step {
                mappings.insert("ExternalReference".into(), format!("Id & \"{turn}\""));
            }
            std::hint::black_box(switchboard::governance::check_flow_with(
                &flow,
                Some(&ws),
                &memo,
            ));
        }
        return;
    }
    let flow = switchboard::model::synthetic::flow(10_000);
    let text = match mode.as_str() {
        "compact" => ron::to_string(&flow).expect("serializes"),
        "tabs" => switchboard::store::flow_to_string(&flow)
            .expect("serializes")
            .replace("    ", "\t"),
        _ => switchboard::store::flow_to_string(&flow).expect("serializes"),
    };
    match mode.as_str() {
        "ron" | "compact" | "tabs" => {
            let f: switchboard::model::Flow = ron::from_str(&text).expect("parses");
            std::hint::black_box(f);
        }
        _ => {
            let f = switchboard::store::parse_flow(Path::new("x"), &text).expect("parses");
            std::hint::black_box(f);
        }
    }
}
