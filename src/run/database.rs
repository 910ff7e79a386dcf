//! SQLite databases of live runs and `apply`: each opened so that nothing but its one
//! file is touched, and statements run with a record's fields bound to their parameters.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::model::{Record, Value};
use crate::workspace::connector::Object;

/// Runs a statement with `:Field` parameters bound from `record`; returns its rows as
/// records whose column names are mapped to the object's fields (`sale_date` → `SaleDate`).
pub(super) fn sql(
    db: &Path,
    statement: &str,
    record: Option<&Record>,
    object: &Object,
) -> Result<Vec<Record>, String> {
    let (connection, refused) = open_database(&real_path(db))?;
    statement_on(&connection, &refused, db, statement, record, object)
}

/// Runs `statement` on an open database, `record`'s fields bound to its parameters by
/// name; gives the rows it returns as records of `object`.
pub(super) fn statement_on(
    connection: &rusqlite::Connection,
    refused: &AtomicBool,
    db: &Path,
    statement: &str,
    record: Option<&Record>,
    object: &Object,
) -> Result<Vec<Record>, String> {
    use rusqlite::types::Value as Sql;
    let beyond = |e: rusqlite::Error, said: &str| {
        if refused.load(Ordering::Relaxed) {
            format!(
                "the statement “{statement}” reaches beyond its own database (ATTACH, VACUUM and load_extension are not allowed in a live run): keep it to the tables of {}",
                db.display()
            )
        } else {
            format!("{said} “{statement}”: {e}")
        }
    };
    let mut stmt = connection
        .prepare(statement)
        .map_err(|e| beyond(e, "the database refused the statement"))?;
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
            .map_err(|e| beyond(e, "the database could not run"))?;
        return Ok(Vec::new());
    }
    let mut rows = stmt
        .query(params.as_slice())
        .map_err(|e| beyond(e, "the database could not run"))?;
    let mut out = Vec::new();
    while let Some(row) = rows
        .next()
        .map_err(|e| beyond(e, "the database could not run"))?
    {
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

/// Where `db` really is, links resolved (`resolve` made sure they stay inside the
/// workspace); a file not created yet is named in its folder's real place.
pub(super) fn real_path(db: &Path) -> PathBuf {
    if let Ok(real) = db.canonicalize() {
        return real;
    }
    match (db.parent().map(Path::canonicalize), db.file_name()) {
        (Some(Ok(folder)), Some(name)) => folder.join(name),
        _ => db.to_owned(),
    }
}

/// Opens a system's database (its real path) so that nothing but that one file is touched: the file
/// itself may not be a link (`SQLITE_OPEN_NOFOLLOW`; SQLite opens its journals with
/// `O_NOFOLLOW` too), its name is never read as a URI, and statements may not reach
/// other files: ATTACH (which VACUUM uses as well) and load_extension are denied by an
/// authorizer, with a limit of no attached databases behind it. The flag tells whether
/// the authorizer denied something, for a clear message.
pub(super) fn open_database(db: &Path) -> Result<(rusqlite::Connection, Arc<AtomicBool>), String> {
    use rusqlite::OpenFlags;
    use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_NOFOLLOW;
    let could_not =
        |e: rusqlite::Error| format!("could not open the database {}: {e}", db.display());
    let connection = rusqlite::Connection::open_with_flags(db, flags).map_err(|e| {
        if std::fs::symlink_metadata(db).is_ok_and(|m| m.file_type().is_symlink()) {
            format!(
                "could not open the database: it is a link, and Switchboard opens only the database file itself ({})",
                db.display()
            )
        } else {
            could_not(e)
        }
    })?;
    connection
        .set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_ATTACHED, 0)
        .map_err(could_not)?;
    let refused = Arc::new(AtomicBool::new(false));
    let flag = refused.clone();
    connection.authorizer(Some(move |context: AuthContext<'_>| {
        let deny = match context.action {
            AuthAction::Attach { .. } => true,
            AuthAction::Unknown { code, .. } => code == rusqlite::ffi::SQLITE_ATTACH,
            AuthAction::Function { function_name } => {
                function_name.eq_ignore_ascii_case("load_extension")
            }
            AuthAction::Pragma { pragma_name, .. } => {
                // Both move SQLite's own files to another folder.
                pragma_name.eq_ignore_ascii_case("temp_store_directory")
                    || pragma_name.eq_ignore_ascii_case("data_store_directory")
            }
            _ => false,
        };
        if deny {
            flag.store(true, Ordering::Relaxed);
            Authorization::Deny
        } else {
            Authorization::Allow
        }
    }));
    Ok((connection, refused))
}
