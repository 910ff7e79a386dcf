//! Atomic saves: the file on disk is always either the old content or the new, never a
//! mix and never empty, even if the process dies or the power fails mid-save.
//!
//! The new content goes to a temporary file in the same folder (so the final rename never
//! crosses file systems), is flushed to disk, then renamed over the target; the folder is
//! flushed too so the rename itself survives a crash. A new file is created as the user's
//! umask says (flows are shared with reviewers), an existing one keeps its mode, a link is
//! written through to the file it names, and [`create_atomic`] never replaces anything.

use std::io::Write;
use std::path::{Path, PathBuf};

const TEMP_PREFIX: &str = ".switchboard-save-";
const TEMP_SUFFIX: &str = ".tmp";

/// Who may read a file the save creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    /// As the user's umask says (0644 under umask 022): flows, reports, drops.
    Shared,
    /// The user alone (0600): recovery copies of unsaved work.
    Private,
}

/// Writes `bytes` to `path` atomically, replacing what is there and keeping its mode; a
/// link is written through to its target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = through_links(path)?;
    let temp = filled_temp(&target, bytes, Access::Shared)?;
    temp.persist(&target).map_err(|e| e.error)?;
    finish(&target);
    Ok(())
}

/// Writes `bytes` to a new file at `path`, atomically and exclusively: when anything
/// exists there already (even created a moment ago by another program), nothing is
/// written and the error is [`std::io::ErrorKind::AlreadyExists`].
pub fn create_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = filled_temp(path, bytes, Access::Shared)?;
    temp.persist_noclobber(path).map_err(|e| e.error)?;
    finish(path);
    Ok(())
}

/// Like [`write_atomic`], but a new file is readable by the user alone.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = through_links(path)?;
    let temp = filled_temp(&target, bytes, Access::Private)?;
    temp.persist(&target).map_err(|e| e.error)?;
    finish(&target);
    Ok(())
}

/// The file a save of `path` must replace: `path` itself, or the file a link at `path`
/// names (replacing the link would turn a shared file into a private copy).
fn through_links(path: &Path) -> std::io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("the link points to a file that cannot be reached ({e})"),
            )
        }),
        _ => Ok(path.to_owned()),
    }
}

/// A temporary file beside `target` holding `bytes`, flushed to disk, with the mode the
/// saved file must have.
fn filled_temp(
    target: &Path,
    bytes: &[u8],
    access: Access,
) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = folder_of(target);
    // The process id in the name tells a later save whether the one that made the file is
    // still running (see `remove_stale_temps`).
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match access {
            // The umask takes away what the user does not share.
            Access::Shared => 0o666,
            Access::Private => 0o600,
        };
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = access;
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    if let Ok(meta) = std::fs::metadata(target) {
        temp.as_file().set_permissions(meta.permissions())?;
    }
    temp.as_file().sync_all()?;
    Ok(temp)
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// After the rename: make it durable and clear what killed saves left behind.
fn finish(target: &Path) {
    let dir = folder_of(target);
    sync_dir(dir);
    remove_stale_temps(dir);
}

/// A temporary file whose writer cannot be asked (no process id in its name, or another
/// system) belongs to no running save once it is this old.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes temporary files that killed saves left in `dir` (best effort): those of a
/// process that is no longer running, and any untouched for [`STALE_AFTER`].
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(middle) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let writer_gone = middle
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
            .is_some_and(|pid| pid != std::process::id() && process_ended(pid));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_AFTER));
        if writer_gone || old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` has certainly ended; false when this system cannot tell.
pub fn process_ended(pid: u32) -> bool {
    let proc = Path::new("/proc");
    // Only where /proc lists processes (Linux); elsewhere the age rule decides.
    if !cfg!(target_os = "linux") || !proc.join("self").exists() {
        return false;
    }
    match std::fs::read_to_string(proc.join(pid.to_string()).join("stat")) {
        // A killed process stays a zombie until its parent reaps it: it has ended.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| matches!(rest.trim_start().chars().next(), Some('Z' | 'X'))),
        Err(_) => true,
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

    /// The umask of this process, as Linux reports it.
    #[cfg(target_os = "linux")]
    fn umask() -> u32 {
        let status = std::fs::read_to_string("/proc/self/status").expect("status");
        let line = status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .expect("Umask line");
        u32::from_str_radix(line.trim(), 8).expect("octal")
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn new_files_follow_the_umask_and_existing_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        let fresh = dir.path().join("new.flow.ron");
        write_atomic(&fresh, b"x").expect("save");
        assert_eq!(
            mode(&fresh),
            0o666 & !umask(),
            "a new file is shared as the umask says"
        );
        let created = dir.path().join("created.flow.ron");
        create_atomic(&created, b"x").expect("create");
        assert_eq!(mode(&created), 0o666 & !umask());
        std::fs::set_permissions(&fresh, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&fresh, b"y").expect("save again");
        assert_eq!(mode(&fresh), 0o640, "an existing file keeps its mode");
        let private = dir.path().join("copy.flow.ron");
        write_private(&private, b"x").expect("private");
        assert_eq!(mode(&private), 0o600);
    }

    #[test]
    fn creating_never_replaces_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.flow.ron");
        std::fs::write(&path, b"someone else's").expect("write");
        let e = create_atomic(&path, b"mine").expect_err("refused");
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).expect("read"), b"someone else's");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_to_its_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("shared/real.flow.ron");
        std::fs::create_dir_all(real.parent().expect("parent")).expect("mkdir");
        std::fs::write(&real, b"old").expect("write");
        let link = dir.path().join("link.flow.ron");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        write_atomic(&link, b"new").expect("save");
        let meta = std::fs::symlink_metadata(&link).expect("meta");
        assert!(meta.file_type().is_symlink(), "the link stays a link");
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn temporary_files_of_a_save_that_was_killed_go_at_the_next_save() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        child.wait().expect("wait");
        let killed = dir
            .path()
            .join(format!("{TEMP_PREFIX}{}-abc{TEMP_SUFFIX}", child.id()));
        // Process 1 is always running.
        let running = dir.path().join(format!("{TEMP_PREFIX}1-abc{TEMP_SUFFIX}"));
        for p in [&killed, &running] {
            std::fs::write(p, b"partial").expect("write");
        }
        write_atomic(&dir.path().join("a.flow.ron"), b"new").expect("save");
        assert!(
            !killed.exists(),
            "the killed save's file is removed at once"
        );
        assert!(running.exists(), "a running save's file is kept");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_killed_process_not_yet_reaped_has_ended() {
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        // Not reaped yet: a zombie, still listed in /proc.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !process_ended(child.id()) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(
            Path::new(&format!("/proc/{}", child.id())).exists(),
            "still a zombie"
        );
        assert!(process_ended(child.id()));
        child.wait().expect("reaped");
        assert!(!process_ended(std::process::id()), "this process runs");
    }
}
