//! Planning a run for production: reads go where a test run's go (the samples, or the
//! systems themselves), and every write is captured with the step that made it instead
//! of being sent, for `switchboard plan` to give each its idempotency key and
//! `switchboard apply` to send one at a time. A Write step passes on the record it was
//! given, not the target's answer, so no write depends on another's result: the whole
//! plan is known before the first write is sent.

use super::deadline::Deadline;
use super::error::CallError;
use super::http::Patience;
use super::live::Live;
use super::source::{Samples, Source};
use super::trace::{Call, CapturedWrite, Trace};
use super::{Control, Options, engine};
use crate::model::{Flow, NodeId, Record, SystemId, Value, WriteAction};
use crate::workspace::Workspace;

/// A write a planned run would make, in the order it would make it.
#[derive(Clone, Debug, PartialEq)]
pub struct Intended {
    pub step: NodeId,
    pub system: SystemId,
    pub object: String,
    pub action: WriteAction,
    pub record: Record,
    /// The value of the step's key formula (updates and deletes).
    pub key: Option<Value>,
}

/// Where a planned run reads from.
#[derive(Clone, Debug)]
pub enum Reads {
    /// The workspace's `samples/`, as a sample test run.
    Samples,
    /// The systems themselves (reads only), as a live test run.
    Live(Patience),
}

/// Runs `flow` with its writes captured; the trace shows them as a sample run's.
pub fn run_planned(
    flow: &Flow,
    workspace: &Workspace,
    options: &Options,
    reads: &Reads,
) -> Result<(Trace, Vec<Intended>), String> {
    let deadline = Deadline::starting_now(options.max_duration);
    let control = Control::default();
    match reads {
        Reads::Samples => {
            let mut samples = Samples { workspace };
            let mut capturing = Capturing::new(&mut samples, workspace);
            let trace = engine::run(flow, workspace, options, &control, &mut capturing, deadline);
            Ok((trace, capturing.writes))
        }
        Reads::Live(patience) => {
            let mut live = Live::new(
                workspace,
                options.environment.clone(),
                patience.clone(),
                deadline,
            )
            .map_err(|e| e.to_string())?;
            let (mut trace, mut writes) = {
                let mut capturing = Capturing::new(&mut live, workspace);
                let trace =
                    engine::run(flow, workspace, options, &control, &mut capturing, deadline);
                (trace, capturing.writes)
            };
            // A secret a system echoed into a record goes into no plan file.
            live.redactor().trace(&mut trace);
            for w in &mut writes {
                live.redactor().record(&mut w.record);
                if let Some(k) = &mut w.key {
                    live.redactor().value(k);
                }
            }
            Ok((trace, writes))
        }
    }
}

/// Reads through `reads`; writes kept in `writes`.
struct Capturing<'s, 'w> {
    reads: &'s mut dyn Source,
    workspace: &'w Workspace,
    step: Option<NodeId>,
    writes: Vec<Intended>,
}

impl<'s, 'w> Capturing<'s, 'w> {
    fn new(reads: &'s mut dyn Source, workspace: &'w Workspace) -> Capturing<'s, 'w> {
        Capturing {
            reads,
            workspace,
            step: None,
            writes: Vec::new(),
        }
    }
}

impl Source for Capturing<'_, '_> {
    fn find(
        &mut self,
        system: &SystemId,
        object: &str,
        field: &str,
        key: &Value,
    ) -> Result<Option<Record>, CallError> {
        self.reads.find(system, object, field, key)
    }

    fn list(
        &mut self,
        system: &SystemId,
        object: &str,
        changed_only: bool,
    ) -> Result<Vec<Record>, CallError> {
        self.reads.list(system, object, changed_only)
    }

    fn write(
        &mut self,
        system: &SystemId,
        object: &str,
        action: &WriteAction,
        record: &Record,
        key: Option<&Value>,
    ) -> Result<Option<CapturedWrite>, CallError> {
        let step = self
            .step
            .clone()
            .ok_or_else(|| CallError::Setup("a write came before any step started".into()))?;
        self.writes.push(Intended {
            step,
            system: system.clone(),
            object: object.to_owned(),
            action: action.clone(),
            record: record.clone(),
            key: key.cloned(),
        });
        Samples {
            workspace: self.workspace,
        }
        .write(system, object, action, record, key)
    }

    fn take_calls(&mut self) -> Vec<Call> {
        self.reads.take_calls()
    }

    fn step(&mut self, node: &NodeId) {
        self.step = Some(node.clone());
        self.reads.step(node);
    }
}

/// Sends one planned write to its system (`environment`'s endpoint), with
/// `idempotency_key` in the connector's idempotency header, or as the ledger key of a
/// local write; gives the calls it made.
pub fn apply_write(
    workspace: &Workspace,
    environment: Option<String>,
    patience: Patience,
    time_limit: std::time::Duration,
    write: &Intended,
    idempotency_key: &str,
) -> Result<Vec<Call>, CallError> {
    let mut live = Live::new(
        workspace,
        environment,
        patience,
        Deadline::starting_now(time_limit),
    )?;
    let sent = live.write_once(
        &write.system,
        &write.object,
        &write.action,
        &write.record,
        write.key.as_ref(),
        Some(idempotency_key),
    );
    let mut calls = live.take_calls();
    for call in &mut calls {
        live.redactor().call(call);
    }
    sent.map(|_| calls)
}
