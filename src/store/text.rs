//! Reading a document's bytes into text, refusing what cannot be a document: anything but
//! an ordinary file (a folder, a named pipe, a device), huge files, and bytes that are not
//! UTF-8 (located at the first bad byte). Every workspace file is read here.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::error::{LoadError, LoadErrorKind};

/// No real flow, registry or manifest comes near this; a 10,000-node flow is ~4 MB.
pub const MAX_DOCUMENT_BYTES: u64 = 32 * 1024 * 1024;

/// What some editors on Windows put before UTF-8 text; it is not part of the text.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Reads `path` as UTF-8 text of at most [`MAX_DOCUMENT_BYTES`], without a byte order mark.
pub fn read_document(path: &Path) -> Result<String, LoadError> {
    text_from_bytes(path, read_bytes(path)?)
}

/// Reads the bytes of `path`, an ordinary file of at most [`MAX_DOCUMENT_BYTES`]. What the
/// file is, is asked of the opened file, not of the path, so it is what is read even if
/// the path changes in between; and the read stops one byte past the limit, so a file
/// that grows meanwhile, or tells no size (`/proc`), is not read on without end.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_limited(path, MAX_DOCUMENT_BYTES)
}

fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    let unreadable = |e: std::io::Error| {
        LoadError::new(
            path,
            LoadErrorKind::Unreadable,
            format!("could not read the file: {e}"),
        )
    };
    let file = open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(LoadError::new(
            path,
            LoadErrorKind::Unreadable,
            not_a_file(&meta.file_type()),
        ));
    }
    if meta.len() > limit {
        return Err(too_large(path, Some(meta.len()), limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, None, limit));
    }
    Ok(bytes)
}

/// Opens `path` for reading. A named pipe is opened without waiting for a writer (an open
/// blocks until one comes, which could be never); reading an ordinary file is the same
/// either way.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// "this is a named pipe, not a file: …".
fn not_a_file(kind: &std::fs::FileType) -> String {
    if kind.is_dir() {
        return "this is a folder, not a file".to_owned();
    }
    format!(
        "this is {}, not a file: Switchboard reads documents only from ordinary files",
        special_kind(kind)
    )
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "something other than a file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "something other than a file"
}

/// `bytes`: the size the file gave, if it gave one that tells.
fn too_large(path: &Path, bytes: Option<u64>, limit: u64) -> LoadError {
    let size = bytes.map_or_else(
        || "larger".to_owned(),
        |b| format!("{:.1} MB", b as f64 / 1_000_000.0),
    );
    LoadError::new(
        path,
        LoadErrorKind::TooLarge,
        format!(
            "the file is {size}; Switchboard documents are at most {} MB, so this is probably not one",
            limit / (1024 * 1024)
        ),
    )
}

/// Decodes UTF-8, dropping a byte order mark at the start and locating the first invalid
/// byte by line and column.
pub fn text_from_bytes(path: &Path, mut bytes: Vec<u8>) -> Result<String, LoadError> {
    if bytes.starts_with(BYTE_ORDER_MARK) {
        bytes.drain(..BYTE_ORDER_MARK.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // Every byte before `valid` is UTF-8, so this prefix always decodes.
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        LoadError::new(
            path,
            LoadErrorKind::Encoding,
            "the file is not UTF-8 text here (was it saved in another encoding, or is it a binary file?)",
        )
        .at(&prefix, prefix.len())
    })
}

/// Whether `bytes` start with a byte order mark, which [`text_from_bytes`] drops.
pub fn has_byte_order_mark(bytes: &[u8]) -> bool {
    bytes.starts_with(BYTE_ORDER_MARK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_only_up_to_the_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.ron");
        std::fs::write(&path, "0123456789").expect("write");
        assert_eq!(read_limited(&path, 10).expect("fits"), b"0123456789");
        let e = read_limited(&path, 9).expect_err("one byte too many");
        assert_eq!(e.kind, LoadErrorKind::TooLarge);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_tells_no_size_is_still_read_only_up_to_the_limit() {
        // /proc files say they are empty, then give text when read.
        let path = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(path).expect("stat").len(), 0);
        let e = read_limited(path, 16).expect_err("longer than 16 bytes");
        assert_eq!(e.kind, LoadErrorKind::TooLarge);
        assert!(
            e.message.starts_with("the file is larger;"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let path = Path::new("a.ron");
        let text = text_from_bytes(path, b"\xEF\xBB\xBF(format: 1)".to_vec()).expect("text");
        assert_eq!(text, "(format: 1)");
        // Only at the start: elsewhere it is a character of the text.
        let text = text_from_bytes(path, "a\u{feff}".into()).expect("text");
        assert_eq!(text, "a\u{feff}");
    }
}
