//! Test runs: executing a flow inline, one item at a time through its steps, recording
//! what each step received and made. Sample mode (offline: the trigger emits the flow's
//! pinned records, reads and lookups answer from the workspace's `samples/`, writes are
//! captured and shown, nothing is sent) is built; live mode through the connector
//! runtimes is not yet.

mod compile;
mod engine;
mod trace;

pub use engine::{Control, Options, run_sample};
pub use trace::{CapturedWrite, NodeTrace, Status, Trace};

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
