//! Test runs: executing a flow inline, one item at a time through its steps, recording
//! what each step received and made. Sample mode (offline: the trigger emits the flow's
//! pinned records, reads and lookups answer from the workspace's `samples/`, writes are
//! captured and shown, nothing is sent) and live mode (real calls through the HTTP
//! connector runtimes, after the user confirmed which systems will be written to).

mod body;
mod capture;
mod compile;
mod database;
mod deadline;
mod endpoint;
mod engine;
mod error;
mod http;
mod ledger;
mod live;
mod local;
mod paging;
mod redact;
mod scope;
mod source;
mod trace;
pub mod trigger;
mod up_to;

pub use capture::{Intended, Reads, apply_write, run_planned};
pub use endpoint::endpoint;
pub use engine::{Control, Options, run_live, run_sample};
pub use error::CallError;
pub use http::Patience;
pub use redact::{REDACTED, Redactor};
pub use source::{Samples, Source, key_text};
pub use trace::{Call, CapturedWrite, NodeTrace, Status, Trace};
pub use trigger::{NoSamples, TriggerRecords, missing_samples};
pub use up_to::up_to;

use crate::model::{Flow, Step};
use crate::workspace::Workspace;

/// The systems a live run of `flow` would write to, by name and URL, for the user to
/// confirm first — those the sub-flows it calls write to included. Empty for a read-only
/// flow, which needs no confirmation.
pub fn live_writes(
    flow: &Flow,
    workspace: &Workspace,
    environment: Option<&str>,
) -> Vec<(String, String)> {
    let called = crate::subflow::called_transitively(flow, workspace);
    let mut out: Vec<(String, String)> = flow
        .nodes
        .iter()
        .chain(called.values().flat_map(|sub| sub.nodes.iter()))
        .filter_map(|n| match &n.step {
            Step::Write { system, .. } => {
                let sys = workspace.landscape.system(system)?;
                let url = endpoint(sys, environment).unwrap_or_else(|e| e.to_string());
                Some((sys.name.clone(), url))
            }
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// "would create 3 Sales order records in Finance ERP" — what a sample run's captured
/// writes come to, one line per (action, object, system).
pub fn describe_writes(trace: &Trace) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<(String, String, String), usize> =
        Default::default();
    for w in trace.writes() {
        *counts
            .entry((w.action.clone(), w.object.clone(), w.system.clone()))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((action, object, system), n)| {
            let records = if n == 1 { "record" } else { "records" };
            format!(
                "would {} {n} {object} {records} in {system}",
                action.to_lowercase()
            )
        })
        .collect()
}
