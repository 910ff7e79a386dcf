//! The workspace loader, on any bytes: the input is split at NUL bytes into the texts of
//! systems.ron, policy.ron, value_maps.ron, one connector manifest and one sample file;
//! the loaded workspace then checks an example flow alone, and all of them workspace-wide.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::workspace_files(data));
