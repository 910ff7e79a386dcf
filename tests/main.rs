//! One integration-test binary (each `tests/*.rs` would link its own): a module per
//! capability, all over the example workspace in `flows/` or fixtures in `tests/fixtures/`.

mod support;

mod approvals;
mod broken_files;
pub mod cli;
mod connector_import;
mod deep_input;
#[cfg(feature = "gui")]
mod designer;
mod diff_cli;
mod edit;
mod export;
mod formula_arithmetic;
mod formula_check;
mod formula_conformance;
pub mod formula_functions;
mod formula_preview;
mod formula_robustness;
mod formula_syntax;
mod fuzz_regressions;
mod governance;
mod hostile;
mod import_loops;
mod live;
mod live_trust;
mod migration;
mod plan_apply;
mod review_diff;
mod round_trip;
mod run;
mod soak;
mod special_files;
mod stream;
mod structure;
mod subflows;
mod templates;
mod temporal_e2e;
mod trust_cli;
mod workspace;
