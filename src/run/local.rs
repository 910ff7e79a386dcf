//! The local connector runtimes for live runs: CSV / JSON file drops and SQLite
//! databases. Both live at a path named by the system's endpoint (`file:drops/parks`,
//! `sqlite:data/reporting.db`), which must resolve inside the workspace folder: a run
//! never reads or writes anywhere else, whatever a registry or a record says.

use std::path::{Path, PathBuf};

use crate::model::{FieldType, Record, Value};
use crate::workspace::System;
use crate::workspace::connector::{FileFormat, Object};

/// The folder or file a local endpoint names, inside `root` or refused.
pub fn resolve(
    root: &Path,
    system: &System,
    endpoint: &str,
    scheme: &str,
) -> Result<PathBuf, String> {
    let path = crate::workspace::system::local_path(endpoint, scheme)
        .ok_or_else(|| {
            format!(
                "{} is reached at {endpoint}, which a live run cannot use: point its test endpoint at a {scheme}… path inside the workspace",
                system.name
            )
        })?
        .map_err(|why| format!("{} points to {why}", system.name))?;
    let full = root.join(path);
    // The words of the path stay inside; a symbolic link on the way must too.
    if let Some(outside) = leaves_through_link(root, &full) {
        return Err(format!(
            "{} points to {}, which is a link to {}, outside the workspace folder: file and database connectors only work inside it",
            system.name,
            path.display(),
            outside.display()
        ));
    }
    Ok(full)
}

/// Where `path` really leads when a symbolic link on its way leaves `root`.
fn leaves_through_link(root: &Path, path: &Path) -> Option<PathBuf> {
    let root = root.canonicalize().ok()?;
    // The deepest part of the path that exists is what a link could redirect.
    let existing = path.ancestors().find(|p| p.exists())?;
    let real = existing.canonicalize().ok()?;
    (!real.starts_with(&root)).then_some(real)
}

/// Whether `path` is a plain file: not a folder, and not a link that could lead out of
/// a drop folder.
pub fn is_plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// A file name from an operation's pattern: `{date}` is today, `{Field}` a record value
/// with anything but letters, digits, `-` and `_` left out (no way out of the folder).
pub fn file_name(pattern: &str, record: Option<&Record>, today: &str) -> String {
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
pub fn matches_pattern(pattern: &str, name: &str) -> bool {
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
pub fn append(
    path: &Path,
    object: &Object,
    format: FileFormat,
    record: &Record,
) -> Result<(), String> {
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
pub fn read(path: &Path, object: &Object, format: FileFormat) -> Result<Vec<Record>, String> {
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

/// Runs a statement with `:Field` parameters bound from `record`; returns its rows as
/// records whose column names are mapped to the object's fields (`sale_date` → `SaleDate`).
pub fn sql(
    db: &Path,
    statement: &str,
    record: Option<&Record>,
    object: &Object,
) -> Result<Vec<Record>, String> {
    use rusqlite::types::Value as Sql;
    let connection = rusqlite::Connection::open(db)
        .map_err(|e| format!("could not open the database {}: {e}", db.display()))?;
    let mut stmt = connection
        .prepare(statement)
        .map_err(|e| format!("the database refused the statement “{statement}”: {e}"))?;
    let names: Vec<String> = (1..=stmt.parameter_count())
        .filter_map(|i| stmt.parameter_name(i).map(str::to_owned))
        .collect();
    let values: Vec<Sql> = names
        .iter()
        .map(
            |n| match record.and_then(|r| r.get(n.trim_start_matches([':', '@', '$']))) {
                None | Some(Value::Blank) => Sql::Null,
                Some(Value::Bool(b)) => Sql::Integer(i64::from(*b)),
                Some(Value::Integer(i)) => Sql::Integer(*i),
                Some(Value::Number(d)) => d
                    .to_string()
                    .parse()
                    .map_or(Sql::Text(d.to_string()), Sql::Real),
                Some(other) => Sql::Text(super::source::key_text(other)),
            },
        )
        .collect();
    let params: Vec<(&str, &dyn rusqlite::ToSql)> = names
        .iter()
        .map(String::as_str)
        .zip(values.iter().map(|v| v as &dyn rusqlite::ToSql))
        .collect();
    let columns: Vec<String> = stmt
        .column_names()
        .iter()
        .map(|c| {
            let plain = |s: &str| {
                s.chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
                    .to_lowercase()
            };
            object
                .fields
                .iter()
                .find(|f| plain(&f.name) == plain(c))
                .map_or_else(|| (*c).to_owned(), |f| f.name.clone())
        })
        .collect();
    if columns.is_empty() {
        stmt.execute(params.as_slice())
            .map_err(|e| format!("the database could not run “{statement}”: {e}"))?;
        return Ok(Vec::new());
    }
    let mut rows = stmt
        .query(params.as_slice())
        .map_err(|e| format!("the database could not run “{statement}”: {e}"))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        let mut record = Record::new();
        for (i, name) in columns.iter().enumerate() {
            let value = match row.get::<_, Sql>(i).map_err(|e| e.to_string())? {
                Sql::Null => Value::Blank,
                Sql::Integer(n) => Value::Integer(n),
                Sql::Real(f) => rust_decimal::Decimal::from_f64_retain(f)
                    .map_or(Value::Blank, |d| Value::Number(d.normalize())),
                Sql::Text(t) => Value::Text(t),
                Sql::Blob(_) => Value::Blank,
            };
            record.insert(name.clone(), value);
        }
        out.push(record);
    }
    Ok(out)
}
