//! Live mode: reads and writes go to the systems themselves. This file routes each one
//! by the system's connector: file drops and SQLite databases to `local.rs`, everything
//! else over HTTP — the operation's path filled in here, the call made by `http.rs` and
//! listings read page by page by `paging.rs`. Every secret the run met is redacted from
//! what it writes to another system, a drop file or a database.

use super::deadline::Deadline;
use super::error::CallError;
use super::http::{Http, Patience, Payload, Target, fill, with_param};
use super::local::{self, Local};
use super::redact::Redactor;
use super::source::{Source, key_text, same};
use super::trace::{Call, CapturedWrite};
use crate::model::{Record, SystemId, Value, WriteAction};
use crate::workspace::Workspace;
use crate::workspace::connector::OperationKind;

/// Live mode: reads and writes go to the systems.
pub struct Live<'w> {
    workspace: &'w Workspace,
    /// Which endpoint of each system: `test` when it has one, else `production`.
    environment: Option<String>,
    http: Http<'w>,
}

impl<'w> Live<'w> {
    pub fn new(
        workspace: &'w Workspace,
        environment: Option<String>,
        patience: Patience,
        deadline: Deadline,
    ) -> Result<Live<'w>, CallError> {
        let http = Http::new(workspace, environment.clone(), patience, deadline)?;
        Ok(Live {
            workspace,
            environment,
            http,
        })
    }

    /// The secrets of the run so far, for redacting what it leaves behind.
    pub fn redactor(&self) -> &Redactor {
        self.http.redactor()
    }

    /// Where `object` of `system` lives when it is a file drop or a database.
    fn local(&self, system: &SystemId, object: &str) -> Result<Option<Local<'w>>, CallError> {
        local::place(self.workspace, self.environment.as_deref(), system, object)
    }

    /// Every record of a local object, its read noted among the run's calls.
    fn local_list(&mut self, local: &Local, changed_only: bool) -> Result<Vec<Record>, CallError> {
        let (records, call) = local.list(changed_only)?;
        self.http.calls.push(call);
        Ok(records)
    }

    /// The record whose key is `key`, asked of the system at its own URL (`None` when
    /// the object has no such operation). A 404 answer means there is no such record.
    fn get_by_key(&mut self, t: &Target, key: &Value) -> Result<Option<Option<Record>>, CallError> {
        let Some(op) = self.http.operation(t, OperationKind::Get) else {
            return Ok(None);
        };
        let url = t.admit(
            &format!("{}{}", t.base, fill(op.path, &|_| Some(key_text(key)))),
            None,
        )?;
        match self.http.send(t, op.method, url, None) {
            Ok((_, response)) => Ok(Some(
                self.http
                    .records_of(t, response, op.records_at)?
                    .0
                    .into_iter()
                    .next(),
            )),
            Err(CallError::NotFound { .. }) => Ok(Some(None)),
            Err(e) => Err(e),
        }
    }
}

impl Source for Live<'_> {
    fn find(
        &mut self,
        system: &SystemId,
        object: &str,
        field: &str,
        key: &Value,
    ) -> Result<Option<Record>, CallError> {
        if let Some(local) = self.local(system, object)? {
            let all = self.local_list(&local, false)?;
            return Ok(all
                .into_iter()
                .find(|r| r.get(field).is_some_and(|v| same(v, key))));
        }
        let t = self.http.target(system, object)?;
        if field == t.object.key
            && let Some(found) = self.get_by_key(&t, key)?
        {
            return Ok(found);
        }
        let op = self
            .http
            .operation(&t, OperationKind::Query)
            .ok_or_else(|| {
                CallError::Setup(format!(
                    "{} cannot search {} records",
                    t.system.name,
                    t.object.display_name()
                ))
            })?;
        // Filter on the server when the listing takes the field as a parameter (or says
        // nothing of its parameters); otherwise read the listing and filter here.
        let listing = format!("{}{}", t.base, op.path);
        let url = if op.params.is_empty() || op.params.iter().any(|p| p.name == field) {
            with_param(&listing, field, &key_text(key))
        } else {
            listing
        };
        let records = self.http.pages(&t, &op, &url)?;
        Ok(records
            .into_iter()
            .find(|r| r.get(field).is_some_and(|v| same(v, key))))
    }

    fn list(
        &mut self,
        system: &SystemId,
        object: &str,
        changed_only: bool,
    ) -> Result<Vec<Record>, CallError> {
        if let Some(local) = self.local(system, object)? {
            return self.local_list(&local, changed_only);
        }
        let t = self.http.target(system, object)?;
        let kind = if changed_only && self.http.operation(&t, OperationKind::Changes).is_some() {
            OperationKind::Changes
        } else {
            OperationKind::Query
        };
        let op = self.http.operation(&t, kind).ok_or_else(|| {
            CallError::Setup(format!(
                "{} cannot list {} records",
                t.system.name,
                t.object.display_name()
            ))
        })?;
        let url = format!("{}{}", t.base, op.path);
        self.http.pages(&t, &op, &url)
    }

    fn write(
        &mut self,
        system: &SystemId,
        object: &str,
        action: &WriteAction,
        record: &Record,
        key: Option<&Value>,
    ) -> Result<Option<CapturedWrite>, CallError> {
        self.write_once(system, object, action, record, key, None)
    }

    fn take_calls(&mut self) -> Vec<Call> {
        std::mem::take(&mut self.http.calls)
    }
}

impl Live<'_> {
    /// A write, sent with `idempotency_key` when it has one: as the connector's
    /// idempotency header over HTTP (the same on every attempt), and as the ledger key
    /// that makes a file drop or database write happen once.
    pub(super) fn write_once(
        &mut self,
        system: &SystemId,
        object: &str,
        action: &WriteAction,
        record: &Record,
        key: Option<&Value>,
        idempotency_key: Option<&str>,
    ) -> Result<Option<CapturedWrite>, CallError> {
        // A secret a system echoed into a record goes no further: not into a drop file,
        // a database row or another system.
        let mut record = record.clone();
        self.redactor().record(&mut record);
        let mut key = key.cloned();
        if let Some(k) = &mut key {
            self.redactor().value(k);
        }
        let (record, key) = (&record, key.as_ref());
        if let Some(local) = self.local(system, object)? {
            let call = local.write(action, record, key, idempotency_key)?;
            self.http.calls.push(call);
            return Ok(None);
        }
        let t = self.http.target(system, object)?;
        let kind = OperationKind::of_write(action);
        let op = self.http.operation(&t, kind).ok_or_else(|| {
            CallError::Setup(format!(
                "{} cannot {} {} records",
                t.system.name,
                action.verb().to_lowercase(),
                t.object.display_name()
            ))
        })?;
        let key_field = t.object.key.clone();
        let value_of = |name: &str| -> Option<String> {
            if name == key_field
                && let Some(k) = key
            {
                return Some(key_text(k));
            }
            record.get(name).map(key_text)
        };
        let url = t.admit(&format!("{}{}", t.base, fill(op.path, &value_of)), None)?;
        let body = (!matches!(action, WriteAction::Delete { .. })).then_some(if op.form {
            Payload::Form(record)
        } else {
            Payload::Json(record)
        });
        let headers = match (idempotency_key, t.idempotency_header) {
            (Some(k), Some(header)) => vec![(header.to_owned(), k.to_owned())],
            _ => Vec::new(),
        };
        self.http.send_with(&t, op.method, url, body, headers)?;
        Ok(None)
    }
}
