//! Structural checks: is the flow a well-formed graph whose references all resolve?
//! One file per check; each adds findings to a shared list. Codes are stable: policies
//! and CI configurations refer to them.

mod branches;
mod calls;
mod context;
mod cycles;
mod formulas;
mod ids;
mod reachability;
mod references;
mod triggers;
pub mod wires;

pub use context::{Context, sentence};
pub use wires::list as list_names;

use super::Finding;
use crate::model::Flow;
use crate::workspace::Workspace;

/// Runs every structural check on `flow`.
pub fn check(flow: &Flow, workspace: Option<&Workspace>) -> Vec<Finding> {
    let mut findings = Vec::new();
    check_in(&Context::new(flow, workspace), &mut findings);
    findings
}

/// Runs every structural check in a prepared context.
pub fn check_in(cx: &Context, findings: &mut Vec<Finding>) {
    ids::check(cx, findings);
    triggers::check(cx, findings);
    wires::check(cx, findings);
    branches::check(cx, findings);
    cycles::check(cx, findings);
    reachability::check(cx, findings);
    references::check(cx, findings);
    calls::check(cx, findings);
    formulas::check(cx, findings);
}
