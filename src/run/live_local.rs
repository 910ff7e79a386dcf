//! Live runs on local systems: file-drop folders and SQLite databases inside the
//! workspace, reached through the same [`Live`] source as HTTP systems. Where a system
//! lives is resolved (links included) by `local::resolve`; what it reads and writes is
//! in `local.rs`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::http::{Live, endpoint};
use super::trace::Call;
use crate::model::{Record, SystemId, Value, WriteAction};
use crate::workspace::System;
use crate::workspace::connector::{Object, OperationKind, Via};

/// A file-drop folder or SQLite database a live run works in.
pub(super) struct Local<'w> {
    system: &'w System,
    object: &'w Object,
    path: PathBuf,
}

impl<'w> Live<'w> {
    /// The local place of a file-drop or SQLite system (`None` for HTTP systems).
    pub(super) fn local(
        &self,
        system: &SystemId,
        object: &str,
    ) -> Result<Option<Local<'w>>, String> {
        let ws = self.workspace;
        let sys = ws.system(system).map_err(|e| e.to_string())?;
        let connector = ws.connector_of(sys).map_err(|e| e.to_string())?;
        let Some(scheme) = connector.protocol.local_scheme() else {
            return Ok(None);
        };
        let endpoint = endpoint(sys, self.environment.as_deref())?;
        let path = super::local::resolve(&ws.root, sys, &endpoint, scheme)?;
        let object = ws.object(system, object).map_err(|e| e.to_string())?;
        Ok(Some(Local {
            system: sys,
            object,
            path,
        }))
    }

    fn local_via(&self, local: &Local<'w>, kind: OperationKind) -> Result<&'w Via, String> {
        local
            .object
            .operations
            .iter()
            .find(|op| op.kind == kind)
            .map(|op| &op.via)
            .ok_or_else(|| {
                format!(
                    "{} cannot {} {} records",
                    local.system.name,
                    kind.describe(),
                    local.object.display_name()
                )
            })
    }

    fn note(&mut self, method: &str, place: &Path, started: Instant) {
        self.calls.push(Call {
            method: method.into(),
            url: place.display().to_string(),
            status: None,
            duration: started.elapsed(),
            headers: Vec::new(),
        });
    }

    pub(super) fn local_list(
        &mut self,
        local: &Local<'w>,
        changed_only: bool,
    ) -> Result<Vec<Record>, String> {
        let kind = if changed_only && self.local_via(local, OperationKind::Changes).is_ok() {
            OperationKind::Changes
        } else {
            OperationKind::Query
        };
        let started = Instant::now();
        let records = match self.local_via(local, kind)? {
            Via::Sql { statement } => {
                super::local::sql(&local.path, statement, None, local.object)?
            }
            Via::File { pattern, format } => {
                let mut records = Vec::new();
                let mut names: Vec<PathBuf> = match std::fs::read_dir(&local.path) {
                    Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
                    Err(_) => Vec::new(),
                };
                names.sort();
                for path in names {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    // Links are skipped: one could lead out of the drop folder.
                    if super::local::is_plain_file(&path)
                        && super::local::matches_pattern(pattern, &name)
                    {
                        records.extend(super::local::read(&path, local.object, *format)?);
                    }
                }
                records
            }
            _ => {
                return Err(format!(
                    "{} has no local way to list records",
                    local.system.name
                ));
            }
        };
        self.note("READ", &local.path, started);
        Ok(records)
    }

    pub(super) fn local_write(
        &mut self,
        local: &Local<'w>,
        action: &WriteAction,
        record: &Record,
        key: Option<&Value>,
    ) -> Result<(), String> {
        let kind = OperationKind::of_write(action);
        let started = Instant::now();
        match self.local_via(local, kind)? {
            Via::Sql { statement } => {
                let mut bound = record.clone();
                if let Some(k) = key {
                    bound.insert(local.object.key.clone(), k.clone());
                }
                super::local::sql(&local.path, statement, Some(&bound), local.object)?;
                self.note("SQL", &local.path, started);
            }
            Via::File { pattern, format } => {
                let today = jiff::Zoned::now().date().to_string();
                let file = local
                    .path
                    .join(super::local::file_name(pattern, Some(record), &today));
                super::local::append(&file, local.object, *format, record)?;
                self.note("WRITE", &file, started);
            }
            _ => {
                return Err(format!(
                    "{} has no local way to write records",
                    local.system.name
                ));
            }
        }
        Ok(())
    }
}
