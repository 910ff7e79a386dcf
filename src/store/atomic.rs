//! Atomic saves: the file on disk is always either the old content or the new, never a
//! mix and never empty, even if the process dies or the power fails mid-save.
//!
//! The new content goes to a temporary file in the same folder (so the final rename never
//! crosses file systems), is flushed to disk, then renamed over the target; the folder is
//! flushed too so the rename itself survives a crash.

use std::io::Write;
use std::path::Path;

const TEMP_PREFIX: &str = ".switchboard-save-";
const TEMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` atomically, keeping the old file's permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        temp.as_file().set_permissions(meta.permissions())?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    remove_stale_temps(dir);
    Ok(())
}

/// A save killed halfway (power cut, SIGKILL) leaves its temporary file behind. Ours are
/// named `.switchboard-save-*.tmp`; one untouched for this long belongs to no running save.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes temporary files that killed saves left in `dir` (best effort).
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_AFTER));
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    // Best effort: some file systems refuse to fsync a directory; the data is already safe.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.flow.ron");
        write_atomic(&path, b"old").expect("first save");
        write_atomic(&path, b"new").expect("second save");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "left behind: {names:?}");
    }

    #[test]
    fn temporary_files_of_killed_saves_are_cleared_once_stale() {
        let dir = tempfile::tempdir().expect("temp dir");
        let old = dir.path().join(".switchboard-save-killed.tmp");
        let fresh = dir.path().join(".switchboard-save-running.tmp");
        let other = dir.path().join(".someone-elses.tmp");
        for p in [&old, &fresh, &other] {
            std::fs::write(p, b"partial").expect("write");
        }
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for p in [&old, &other] {
            std::fs::File::options()
                .write(true)
                .open(p)
                .and_then(|f| f.set_modified(an_hour_ago))
                .expect("age it");
        }
        write_atomic(&dir.path().join("a.flow.ron"), b"new").expect("save");
        assert!(!old.exists(), "a stale temporary file of ours is removed");
        assert!(fresh.exists(), "one a running save may still use is kept");
        assert!(other.exists(), "files that are not ours are never touched");
    }
}
