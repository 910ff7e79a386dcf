//! Where a run's reads come from and its writes go: the workspace's samples (sample
//! mode: writes captured, nothing sent) or the systems themselves (live mode, `live.rs`
//! routing to the connector runtimes in `http.rs` and `local.rs`).

use crate::model::{NodeId, Record, SystemId, Value, WriteAction};
use crate::workspace::Workspace;

use super::error::CallError;
use super::trace::{Call, CapturedWrite};

/// What a run asks of the systems it touches. Each error reads as a plain sentence for
/// the user; its variant says what kind of failure it is.
pub trait Source {
    /// The first record of `object` whose `field` equals `key`, if any.
    fn find(
        &mut self,
        system: &SystemId,
        object: &str,
        field: &str,
        key: &Value,
    ) -> Result<Option<Record>, CallError>;
    /// Every record of `object` (or those changed since the last run).
    fn list(
        &mut self,
        system: &SystemId,
        object: &str,
        changed_only: bool,
    ) -> Result<Vec<Record>, CallError>;
    /// Creates, updates, upserts or deletes; returns what a sample run captured.
    fn write(
        &mut self,
        system: &SystemId,
        object: &str,
        action: &WriteAction,
        record: &Record,
        key: Option<&Value>,
    ) -> Result<Option<CapturedWrite>, CallError>;
    /// The calls made since the last time this was asked (live mode).
    fn take_calls(&mut self) -> Vec<Call> {
        Vec::new()
    }
    /// The run is starting the step `node`: what it reads and writes next is that step's.
    fn step(&mut self, _node: &NodeId) {}
}

/// Sample mode: reads answer from `samples/`, writes are captured.
pub struct Samples<'w> {
    pub workspace: &'w Workspace,
}

impl Source for Samples<'_> {
    fn find(
        &mut self,
        system: &SystemId,
        object: &str,
        field: &str,
        key: &Value,
    ) -> Result<Option<Record>, CallError> {
        Ok(self
            .workspace
            .samples_or_problem(system, object)
            .map_err(CallError::Samples)?
            .iter()
            .find(|r| r.get(field).is_some_and(|v| same(v, key)))
            .cloned())
    }

    fn list(
        &mut self,
        system: &SystemId,
        object: &str,
        _changed_only: bool,
    ) -> Result<Vec<Record>, CallError> {
        Ok(self
            .workspace
            .samples_or_problem(system, object)
            .map_err(CallError::Samples)?
            .to_vec())
    }

    fn write(
        &mut self,
        system: &SystemId,
        object: &str,
        action: &WriteAction,
        record: &Record,
        _key: Option<&Value>,
    ) -> Result<Option<CapturedWrite>, CallError> {
        let ws = self.workspace;
        Ok(Some(CapturedWrite {
            action: action.verb().to_owned(),
            system: ws
                .landscape
                .system(system)
                .map_or_else(|| system.to_string(), |s| s.name.clone()),
            object: ws
                .object(system, object)
                .map_or_else(|_| object.to_owned(), |o| o.display_name().to_owned()),
            record: record.clone(),
        }))
    }
}

/// Whether two record values are the same key (`42` matches `"42"`, text ignores case as
/// formula comparisons do).
pub fn same(a: &Value, b: &Value) -> bool {
    use crate::formula::{Type, Value as F};
    let ty = Type::Text;
    match (F::from_record_value(a, &ty), F::from_record_value(b, &ty)) {
        (Ok(a), Ok(b)) => crate::formula::operators::compare(&a, &b) == std::cmp::Ordering::Equal,
        _ => a == b,
    }
}

/// A key value as it goes into a URL or a file name.
/// A value as a form field: scalars as [`key_text`], lists and records as JSON.
pub fn form_text(value: &Value) -> String {
    match value {
        Value::List(_) | Value::Record(_) => serde_json::to_string(value).unwrap_or_default(),
        _ => key_text(value),
    }
}

pub fn key_text(value: &Value) -> String {
    match value {
        Value::Text(t) => t.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Number(d) => d.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Blank => String::new(),
        Value::List(_) | Value::Record(_) => String::new(),
    }
}
