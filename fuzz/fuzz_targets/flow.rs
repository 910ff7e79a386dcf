//! The flow loader, on any bytes: decoding, parsing, validation. A flow that loads must
//! save and load back to itself, pass the governance check and run on samples without
//! panicking — what opening a file in the designer does.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::flow(data));
