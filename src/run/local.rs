//! The local connector runtimes for live runs: CSV / JSON file drops and SQLite
//! databases, reached through the same live source as HTTP systems (`live.rs` routes
//! each read and write here or to `http.rs`). Both live at a path named by the system's
//! endpoint (`file:drops/parks`,
//! `sqlite:data/reporting.db`), which must resolve inside the workspace folder, links
//! included: a run never reads or writes anywhere else, whatever a registry, a record or
//! a statement says. A database is opened at its real path and never through a link,
//! and its statements may not attach other files or load extensions.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::database::{sql, statement_on};
use super::endpoint::endpoint;
use super::error::CallError;
use super::trace::Call;
use crate::model::{FieldType, Record, SystemId, Value, WriteAction};
use crate::workspace::connector::{FileFormat, Object, OperationKind, Via};
use crate::workspace::{System, Workspace};

/// A file-drop folder or SQLite database a live run works in, for one object.
pub(super) struct Local<'w> {
    system: &'w System,
    object: &'w Object,
    path: PathBuf,
}

/// The local place of a file-drop or SQLite system (`None` for HTTP systems).
pub(super) fn place<'w>(
    ws: &'w Workspace,
    environment: Option<&str>,
    system: &SystemId,
    object: &str,
) -> Result<Option<Local<'w>>, CallError> {
    let sys = ws.system(system).map_err(CallError::Unresolved)?;
    let connector = ws.connector_of(sys).map_err(CallError::Unresolved)?;
    let Some(scheme) = connector.protocol.local_scheme() else {
        return Ok(None);
    };
    let endpoint = endpoint(sys, environment)?;
    let path = resolve(&ws.root, sys, &endpoint, scheme).map_err(CallError::Setup)?;
    let object = ws.object(system, object).map_err(CallError::Unresolved)?;
    Ok(Some(Local {
        system: sys,
        object,
        path,
    }))
}

impl Local<'_> {
    fn via(&self, kind: OperationKind) -> Result<&Via, CallError> {
        self.object
            .operations
            .iter()
            .find(|op| op.kind == kind)
            .map(|op| &op.via)
            .ok_or_else(|| {
                CallError::Setup(format!(
                    "{} cannot {} {} records",
                    self.system.name,
                    kind.describe(),
                    self.object.display_name()
                ))
            })
    }

    /// Every record of the object (those changed since the last run, where the object
    /// has a way to tell), and the call that read them.
    pub(super) fn list(&self, changed_only: bool) -> Result<(Vec<Record>, Call), CallError> {
        let kind = if changed_only && self.via(OperationKind::Changes).is_ok() {
            OperationKind::Changes
        } else {
            OperationKind::Query
        };
        let started = Instant::now();
        let records = match self.via(kind)? {
            Via::Sql { statement } => {
                sql(&self.path, statement, None, self.object).map_err(CallError::Local)?
            }
            Via::File { pattern, format } => self.read_drops(pattern, *format)?,
            _ => {
                return Err(CallError::Setup(format!(
                    "{} has no local way to list records",
                    self.system.name
                )));
            }
        };
        Ok((records, note("READ", &self.path, started)))
    }

    /// The records of every plain file in the drop folder whose name fits `pattern`.
    fn read_drops(&self, pattern: &str, format: FileFormat) -> Result<Vec<Record>, CallError> {
        let mut records = Vec::new();
        let mut names: Vec<PathBuf> = match std::fs::read_dir(&self.path) {
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
            if is_plain_file(&path) && matches_pattern(pattern, &name) {
                records.extend(read(&path, self.object, format).map_err(CallError::Local)?);
            }
        }
        Ok(records)
    }

    /// Writes `record` (its key set from `key` for a statement), and gives the call.
    /// Writes `record`; with `once` (a planned write's idempotency key), only if no write
    /// of that key was made before (see [`super::ledger`]).
    pub(super) fn write(
        &self,
        action: &WriteAction,
        record: &Record,
        key: Option<&Value>,
        once: Option<&str>,
    ) -> Result<Call, CallError> {
        let kind = OperationKind::of_write(action);
        let started = Instant::now();
        match self.via(kind)? {
            Via::Sql { statement } => {
                let mut bound = record.clone();
                if let Some(k) = key {
                    bound.insert(self.object.key.clone(), k.clone());
                }
                match once {
                    Some(once) => {
                        super::ledger::sql_once(&self.path, once, |connection, refused| {
                            statement_on(
                                connection,
                                refused,
                                &self.path,
                                statement,
                                Some(&bound),
                                self.object,
                            )
                        })
                    }
                    None => sql(&self.path, statement, Some(&bound), self.object),
                }
                .map_err(CallError::Local)?;
                Ok(note("SQL", &self.path, started))
            }
            Via::File { pattern, format } => {
                let today = jiff::Zoned::now().date().to_string();
                let file = self.path.join(file_name(pattern, Some(record), &today));
                match once {
                    Some(once) => super::ledger::file_once(&file, once, || {
                        append(&file, self.object, *format, record)
                    }),
                    None => append(&file, self.object, *format, record),
                }
                .map_err(CallError::Local)?;
                Ok(note("WRITE", &file, started))
            }
            _ => Err(CallError::Setup(format!(
                "{} has no local way to write records",
                self.system.name
            ))),
        }
    }
}

/// A local read or write as the trace lists it, with the place it touched.
fn note(method: &str, place: &Path, started: Instant) -> Call {
    Call {
        method: method.into(),
        url: place.display().to_string(),
        status: None,
        duration: started.elapsed(),
        headers: Vec::new(),
    }
}

/// The folder or file a local endpoint names, inside `root` or refused: no `..` or
/// absolute path, and no symbolic link on the way that leads out of the workspace or to
/// nothing (a file would be created wherever it points).
fn resolve(root: &Path, system: &System, endpoint: &str, scheme: &str) -> Result<PathBuf, String> {
    let path = crate::workspace::system::local_path(endpoint, scheme)
        .ok_or_else(|| {
            format!(
                "{} is reached at {endpoint}, which a live run cannot use: point its test endpoint at a {scheme}… path inside the workspace",
                system.name
            )
        })?
        .map_err(|why| format!("{} points to {why}", system.name))?;
    if let Some(link) = crate::workspace::system::link_out(root, path) {
        return Err(format!("{} points to {}", system.name, link.describe(path)));
    }
    Ok(root.join(path))
}

/// Whether `path` is a plain file: not a folder, and not a link that could lead out of
/// a drop folder.
fn is_plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// A file name from an operation's pattern: `{date}` is today, `{Field}` a record value
/// with anything but letters, digits, `-` and `_` left out (no way out of the folder).
fn file_name(pattern: &str, record: Option<&Record>, today: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        let value = match name {
            "date" => today.to_owned(),
            _ => record
                .and_then(|r| r.get(name))
                .map(super::source::key_text)
                .unwrap_or_default(),
        };
        out.extend(
            value
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_'),
        );
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace(['/', '\\'], "_")
}

/// Whether `name` fits `pattern`, each `{…}` matching any run of characters.
fn matches_pattern(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern
        .split('{')
        .map(|p| p.split_once('}').map_or(p, |(_, after)| after))
        .collect();
    let (first, rest) = parts.split_first().map_or(("", &[][..]), |(f, r)| (*f, r));
    let Some(mut remaining) = name.strip_prefix(first) else {
        return false;
    };
    for (i, part) in rest.iter().enumerate() {
        if i == rest.len() - 1 {
            return remaining.ends_with(part);
        }
        match remaining.find(part) {
            Some(at) => remaining = &remaining[at + part.len()..],
            None => return false,
        }
    }
    remaining.is_empty()
}

/// Appends a record to a drop file (CSV with a header row, or a JSON array).
fn append(path: &Path, object: &Object, format: FileFormat, record: &Record) -> Result<(), String> {
    if path.exists() && !is_plain_file(path) {
        return Err(format!(
            "{} is a link or a folder, not a drop file: Switchboard writes only plain files in a drop folder",
            path.display()
        ));
    }
    let mut records = if path.exists() {
        read(path, object, format)?
    } else {
        Vec::new()
    };
    records.push(record.clone());
    let bytes = match format {
        FileFormat::Json => serde_json::to_vec_pretty(&records).map_err(|e| e.to_string())?,
        FileFormat::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer
                .write_record(object.fields.iter().map(|f| f.name.as_str()))
                .map_err(|e| e.to_string())?;
            for r in &records {
                let row: Vec<String> = object
                    .fields
                    .iter()
                    .map(|f| {
                        r.get(&f.name)
                            .map(super::source::key_text)
                            .unwrap_or_default()
                    })
                    .collect();
                writer.write_record(&row).map_err(|e| e.to_string())?;
            }
            writer.into_inner().map_err(|e| e.to_string())?
        }
    };
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("could not create {}: {e}", folder.display()))?;
    }
    crate::store::write_atomic(path, &bytes)
        .map_err(|e| format!("could not write {}: {e}", path.display()))
}

/// The records of one drop file.
fn read(path: &Path, object: &Object, format: FileFormat) -> Result<Vec<Record>, String> {
    let text = crate::store::read_document(path).map_err(|e| e.to_string())?;
    match format {
        FileFormat::Json => serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a JSON list of records: {e}", path.display())),
        FileFormat::Csv => {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let headers = reader.headers().map_err(|e| e.to_string())?.clone();
            let mut out = Vec::new();
            for (line, row) in reader.records().enumerate() {
                let row = row.map_err(|e| format!("{} line {}: {e}", path.display(), line + 2))?;
                let record = headers
                    .iter()
                    .zip(row.iter())
                    .map(|(name, cell)| {
                        (
                            name.to_owned(),
                            typed(cell, object.field(name).map(|f| &f.field_type)),
                        )
                    })
                    .collect();
                out.push(record);
            }
            Ok(out)
        }
    }
}

/// A CSV cell as the field's type: numbers as numbers, the rest as text.
fn typed(cell: &str, ty: Option<&FieldType>) -> Value {
    if cell.is_empty() {
        return Value::Blank;
    }
    match ty {
        Some(FieldType::Integer) => cell
            .parse()
            .map_or_else(|_| Value::Text(cell.into()), Value::Integer),
        Some(FieldType::Number | FieldType::Currency) => cell
            .parse()
            .map_or_else(|_| Value::Text(cell.into()), Value::Number),
        Some(FieldType::Boolean) => match cell {
            "true" | "TRUE" => Value::Bool(true),
            "false" | "FALSE" => Value::Bool(false),
            _ => Value::Text(cell.into()),
        },
        _ => Value::Text(cell.into()),
    }
}
