//! Flows in production: plans, so that each write happens exactly once, and the bundle
//! a production runtime runs them from ([`bundle`]).
//!
//! A durable engine (Temporal) runs each activity at least once; running a whole flow
//! again after one failed write would repeat the writes before it. So `switchboard plan`
//! does the reads and lookups and evaluates every formula, and captures the writes the
//! run would make, in order, each with an idempotency key; `switchboard apply` then sends
//! one write at a time, retried on its own. The key is
//! `{flow}/{trigger record id}/{its content hash}/{step}/{n}` (see [`key`]): the same
//! event planned again gives the same keys, so a write retried or planned twice is made
//! once (the system's idempotency header, or the ledger of a local write, turns the
//! repeat away).
//!
//! A Write step passes on the record it was given, not the target's answer, so no write
//! depends on another's result and every plan has a single stage.

mod apply;
pub mod bundle;
mod key;
mod plan_file;

pub use apply::{Applied, ApplyFailure, apply};
pub use key::{Event, idempotency_key};
pub use plan_file::{PLAN_FORMAT, Plan, PlannedWrite};

use crate::model::{Flow, Record};
use crate::run::{self, Options, Reads};
use crate::workspace::Workspace;

/// Why a flow could not be planned: the failing steps' messages, in plain words.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanFailure(pub Vec<String>);

/// Plans `flow` for each of the trigger records (`options.inputs`, else the flow's
/// samples), one after the other, each record's writes numbered on their own. `event`
/// names the event in the keys instead of the record's id: a scheduled run's trigger
/// record is the same every time, its name (the run's workflow id) is not.
pub fn plan(
    flow: &Flow,
    workspace: &Workspace,
    options: &Options,
    reads: Reads,
    event: Option<&str>,
) -> Result<Plan, PlanFailure> {
    let flow_hash = crate::review::approval::content_hash(flow)
        .map_err(|e| PlanFailure(vec![format!("the flow could not be hashed: {e}")]))?;
    // The records are taken out of the options: each run below gets its one record, not
    // a copy of all of them (which made planning many records quadratic).
    let mut options = options.clone();
    let records = options
        .inputs
        .take()
        .unwrap_or_else(|| flow.samples.clone());
    if records.is_empty() {
        return Err(PlanFailure(vec![
            "there are no trigger records to plan for: give them with --input FILE.jsonl".into(),
        ]));
    }
    let mut writes = Vec::new();
    for record in records {
        writes.extend(plan_record(
            flow, workspace, &options, &reads, event, record,
        )?);
    }
    Ok(Plan {
        format: PLAN_FORMAT,
        switchboard: env!("CARGO_PKG_VERSION").into(),
        flow: flow.id.to_string(),
        flow_hash,
        // Whole, so `apply` finds it from anywhere.
        workspace: std::path::absolute(&workspace.root).unwrap_or_else(|_| workspace.root.clone()),
        reads: match reads {
            Reads::Samples => "samples",
            Reads::Live(_) => "live",
        }
        .into(),
        environment: options.environment.clone(),
        now: options.now.to_string(),
        writes,
    })
}

/// The writes of one trigger record.
fn plan_record(
    flow: &Flow,
    workspace: &Workspace,
    options: &Options,
    reads: &Reads,
    name: Option<&str>,
    record: Record,
) -> Result<Vec<PlannedWrite>, PlanFailure> {
    let mut event = Event::of(flow, workspace, &record);
    if let Some(name) = name {
        event.id = key::token(name);
    }
    let mut options = options.clone();
    options.inputs = Some(vec![record]);
    let (trace, intended) =
        run::run_planned(flow, workspace, &options, reads).map_err(|e| PlanFailure(vec![e]))?;
    let mut failures: Vec<String> = flow
        .nodes
        .iter()
        .filter_map(|n| Some((n, trace.node(&n.id)?)))
        .flat_map(|(n, t)| {
            t.error_summary()
                .into_iter()
                .map(move |e| format!("{}: {e}", n.label))
        })
        .collect();
    failures.extend(trace.stopped.clone());
    if !failures.is_empty() {
        return Err(PlanFailure(failures));
    }
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    Ok(intended
        .into_iter()
        .map(|w| {
            let step = w.step.to_string();
            let n = counts.entry(step.clone()).or_default();
            let key = idempotency_key(&flow.id.to_string(), &event, &step, *n);
            *n += 1;
            PlannedWrite {
                key,
                event: event.label(),
                step,
                system: w.system.to_string(),
                object: w.object,
                action: w.action,
                record: w.record,
                record_key: w.key,
            }
        })
        .collect())
}
