//! What a test run leaves behind: per step, the items that came in and went out, the
//! writes it would make (sample mode) and any error — all data, so the designer draws it
//! as tables and badges and the CLI prints it or writes it as JSON.

use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

use crate::model::{NodeId, Record};

/// How a step fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No item reached it.
    Skipped,
    Ok,
    /// Some items failed at this step; the rest went on.
    Failed,
}

/// A write a sample run captured instead of sending.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CapturedWrite {
    /// "Create", "Update", "Create or update", "Delete".
    pub action: String,
    pub system: String,
    pub object: String,
    pub record: Record,
}

/// One call a live run made.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Call {
    pub method: String,
    pub url: String,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    #[serde(serialize_with = "millis")]
    pub duration: Duration,
    /// Request headers, credentials replaced by `<redacted>`.
    pub headers: Vec<(String, String)>,
}

/// One step's part of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NodeTrace {
    pub input: Vec<Record>,
    /// Output items with the port they left by.
    pub output: Vec<(String, Record)>,
    pub writes: Vec<CapturedWrite>,
    /// Calls made to systems (live runs).
    pub calls: Vec<Call>,
    /// What went wrong, one line per failed item, in plain words.
    pub errors: Vec<String>,
    #[serde(serialize_with = "millis")]
    pub duration: Duration,
    /// For a call of a sub-flow: the sub-flow's own steps, over every item the call took.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nested: Option<Box<Trace>>,
}

impl NodeTrace {
    /// The errors, the same fault on several items said once with how many it hit.
    pub fn error_summary(&self) -> Vec<String> {
        let mut seen: Vec<(&String, usize)> = Vec::new();
        for e in &self.errors {
            match seen.iter_mut().find(|(s, _)| *s == e) {
                Some((_, n)) => *n += 1,
                None => seen.push((e, 1)),
            }
        }
        seen.into_iter()
            .map(|(e, n)| {
                if n == 1 {
                    e.clone()
                } else {
                    format!("{e} ({n} items)")
                }
            })
            .collect()
    }

    pub fn status(&self) -> Status {
        if !self.errors.is_empty() {
            Status::Failed
        } else if self.input.is_empty() && self.output.is_empty() {
            Status::Skipped
        } else {
            Status::Ok
        }
    }
}

/// A whole run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Trace {
    pub nodes: BTreeMap<NodeId, NodeTrace>,
    /// Why the run stopped early (cancelled, a limit reached), if it did.
    pub stopped: Option<String>,
    /// Whether it stopped at its time limit (the step running then failed).
    pub out_of_time: bool,
    #[serde(serialize_with = "millis")]
    pub duration: Duration,
}

impl Trace {
    pub fn node(&self, id: &NodeId) -> Option<&NodeTrace> {
        self.nodes.get(id)
    }

    /// Whether any step failed.
    pub fn failed(&self) -> bool {
        self.nodes.values().any(|n| n.status() == Status::Failed)
    }

    /// Every captured write, in step order of the trace, those of called sub-flows
    /// included (after the call's own, which has none).
    pub fn writes(&self) -> Box<dyn Iterator<Item = &CapturedWrite> + '_> {
        Box::new(self.nodes.values().flat_map(|n| {
            n.writes
                .iter()
                .chain(n.nested.iter().flat_map(|inner| inner.writes()))
        }))
    }

    /// Adds the trace of one more run of the same flow (a sub-flow called again for the
    /// next item): each step's items, writes, calls and errors are appended.
    pub fn absorb(&mut self, other: Trace) {
        for (id, node) in other.nodes {
            let mine = self.nodes.entry(id).or_default();
            mine.input.extend(node.input);
            mine.output.extend(node.output);
            mine.writes.extend(node.writes);
            mine.calls.extend(node.calls);
            mine.errors.extend(node.errors);
            mine.duration += node.duration;
            match (&mut mine.nested, node.nested) {
                (Some(have), Some(more)) => have.absorb(*more),
                (slot @ None, more) => *slot = more,
                (Some(_), None) => {}
            }
        }
        if self.stopped.is_none() {
            self.stopped = other.stopped;
        }
        self.out_of_time |= other.out_of_time;
        self.duration += other.duration;
    }
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64() * 1000.0)
}
