//! `apply`: one planned write sent, and whether a failure is worth trying again. The
//! runtime retries a retryable failure with backoff (the key stays the same, so the
//! system makes the write once); a permanent one stops the workflow for a person.

use std::time::Duration;

use super::plan_file::{Plan, PlannedWrite};
use crate::model::{NodeId, SystemId};
use crate::run::{self, Call, CallError, Intended, Patience};
use crate::workspace::Workspace;

/// A write sent: the calls it took.
#[derive(Debug)]
pub struct Applied {
    pub calls: Vec<Call>,
}

/// A write that failed, said in plain words, and whether trying again may help.
#[derive(Debug, PartialEq)]
pub struct ApplyFailure {
    pub message: String,
    pub retryable: bool,
}

/// Sends write `n` of `plan` (from 0) to its system in `workspace`.
pub fn apply(
    plan: &Plan,
    n: usize,
    workspace: &Workspace,
    environment: Option<String>,
    patience: Patience,
    time_limit: Duration,
) -> Result<Applied, ApplyFailure> {
    let write = plan.writes.get(n).ok_or_else(|| ApplyFailure {
        message: match plan.writes.len() {
            0 => format!("the plan has no writes; there is no write {n}"),
            1 => format!("the plan has one write, 0; there is no write {n}"),
            count => format!(
                "the plan has {count} writes, 0 to {}; there is no write {n}",
                count - 1
            ),
        },
        retryable: false,
    })?;
    let intended = intended(write).map_err(|message| ApplyFailure {
        message,
        retryable: false,
    })?;
    run::apply_write(
        workspace,
        environment,
        patience,
        time_limit,
        &intended,
        &write.key,
    )
    .map(|calls| Applied { calls })
    .map_err(|e| ApplyFailure {
        retryable: retryable(&e),
        message: e.to_string(),
    })
}

fn intended(write: &PlannedWrite) -> Result<Intended, String> {
    let bad = |what: &str, e: String| format!("the plan's {what} is not valid: {e}");
    Ok(Intended {
        step: NodeId::new(&write.step).map_err(|e| bad("step", e.to_string()))?,
        system: SystemId::new(&write.system).map_err(|e| bad("system", e.to_string()))?,
        object: write.object.clone(),
        action: write.action.clone(),
        record: write.record.clone(),
        key: write.record_key.clone(),
    })
}

/// Timeouts, 429 and 5xx answers, broken connections and a local file or database that
/// could not be written (locked, full) may pass; a refusal, a 4xx answer, a setup that
/// does not name the call or an answer that cannot be used will not.
fn retryable(e: &CallError) -> bool {
    match e {
        CallError::Transport(_)
        | CallError::OutOfTime(_)
        | CallError::RateLimited { .. }
        | CallError::Failed { .. }
        | CallError::Local(_) => true,
        CallError::Status { status, .. } => matches!(status, 408 | 425),
        CallError::NotFound { .. }
        | CallError::Refused { .. }
        | CallError::Answer(_)
        | CallError::Unresolved(_)
        | CallError::Setup(_)
        | CallError::Samples(_) => false,
    }
}
