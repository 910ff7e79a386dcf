//! The formula parser, checker and evaluator, on any text: a parsed formula prints and
//! parses back to the same tree; a checked one evaluates on a real opportunity to a
//! value or a located error.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::formula(data));
