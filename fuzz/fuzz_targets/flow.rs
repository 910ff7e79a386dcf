//! The flow loader, on any bytes: decoding, parsing, validation. A flow that loads must
//! save and load back to itself, pass the governance check and run on samples without
//! panicking — what opening a file in the designer does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

use switchboard::run::{Control, Options, run_sample};
use switchboard::store;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.flow.ron");
    let Ok(text) = store::text_from_bytes(path, data.to_vec()) else {
        return;
    };
    let Ok(flow) = store::parse_flow(path, &text) else {
        return;
    };
    let saved = store::flow_to_string(&flow).expect("a loaded flow serializes");
    let reloaded = store::parse_flow(path, &saved).expect("a saved flow loads back");
    assert_eq!(
        store::flow_to_string(&reloaded).expect("serializes"),
        saved,
        "saving is stable"
    );
    let workspace = common::workspace();
    let _ = switchboard::governance::check_flow(&flow, Some(workspace));
    let mut options = Options::new(common::now());
    options.max_items_per_step = 50;
    let _ = run_sample(&flow, workspace, &options, &Control::default());
});
