//! Local writes made once per idempotency key, for `switchboard apply`: a step retried by
//! the production runtime must not drop a record twice.
//!
//! - SQLite: the key goes into a table `switchboard_applied` of the same database, in the
//!   same transaction as the write, so the two happen together or not at all.
//! - File drops: the keys written into a drop file are listed beside it, in
//!   `.<file>.applied`. The drop file and the list are each replaced atomically, one after
//!   the other: a crash between the two replacements (microseconds) would let a retry
//!   write the record again. SQLite has no such window.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use super::database::{open_database, real_path};
use crate::model::Record;

const LEDGER_TABLE: &str = "CREATE TABLE IF NOT EXISTS switchboard_applied (key TEXT PRIMARY KEY, applied_at TEXT NOT NULL)";

/// Runs `write` on the database at `db` unless a write of `key` was made before, and
/// notes `key` in the same transaction.
pub(super) fn sql_once(
    db: &Path,
    key: &str,
    write: impl FnOnce(&rusqlite::Connection, &AtomicBool) -> Result<Vec<Record>, String>,
) -> Result<Vec<Record>, String> {
    let (mut connection, refused) = open_database(&real_path(db))?;
    let failed = |e: rusqlite::Error| {
        format!(
            "the database {} could not note the write: {e}",
            db.display()
        )
    };
    let tx = connection
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(failed)?;
    tx.execute(LEDGER_TABLE, []).map_err(failed)?;
    let done: bool = tx
        .query_row(
            "SELECT EXISTS(SELECT 1 FROM switchboard_applied WHERE key = ?1)",
            [key],
            |row| row.get(0),
        )
        .map_err(failed)?;
    if done {
        return Ok(Vec::new());
    }
    let rows = write(&tx, &refused)?;
    tx.execute(
        "INSERT INTO switchboard_applied (key, applied_at) VALUES (?1, ?2)",
        [key, &jiff::Timestamp::now().to_string()],
    )
    .map_err(failed)?;
    tx.commit().map_err(failed)?;
    Ok(rows)
}

/// Runs `write` (an append to the drop file `file`) unless `key` was written into it
/// before, then notes `key` beside the file.
pub(super) fn file_once(
    file: &Path,
    key: &str,
    write: impl FnOnce() -> Result<(), String>,
) -> Result<(), String> {
    let ledger = ledger_of(file);
    // Through the store's reader: a named pipe put in the ledger's place is refused, not
    // waited on forever.
    let mut keys = if std::fs::symlink_metadata(&ledger).is_ok() {
        crate::store::read_document(&ledger).map_err(|e| e.to_string())?
    } else {
        String::new()
    };
    if keys.lines().any(|line| line == key) {
        return Ok(());
    }
    write()?;
    keys.push_str(key);
    keys.push('\n');
    crate::store::write_atomic(&ledger, keys.as_bytes())
        .map_err(|e| format!("could not write {}: {e}", ledger.display()))
}

/// `.name.applied` beside `file`: hidden, so a consumer of the drop folder that takes
/// every file does not take it.
fn ledger_of(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    file.with_file_name(format!(".{name}.applied"))
}
