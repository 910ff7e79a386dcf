//! Reading a document's bytes into text, refusing what cannot be a document: huge files,
//! folders, and bytes that are not UTF-8 (located at the first bad byte).

use std::path::Path;

use super::error::{LoadError, LoadErrorKind};

/// No real flow, registry or manifest comes near this; a 10,000-node flow is ~4 MB.
pub const MAX_DOCUMENT_BYTES: u64 = 32 * 1024 * 1024;

/// Reads `path` as UTF-8 text of at most [`MAX_DOCUMENT_BYTES`].
pub fn read_document(path: &Path) -> Result<String, LoadError> {
    let unreadable = |e: std::io::Error| {
        LoadError::new(
            path,
            LoadErrorKind::Unreadable,
            format!("could not read the file: {e}"),
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(LoadError::new(
            path,
            LoadErrorKind::Unreadable,
            "this is a folder, not a file",
        ));
    }
    if meta.len() > MAX_DOCUMENT_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    // The file may have grown between the two calls.
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    text_from_bytes(path, bytes)
}

fn too_large(path: &Path, bytes: u64) -> LoadError {
    LoadError::new(
        path,
        LoadErrorKind::TooLarge,
        format!(
            "the file is {:.1} MB; Switchboard documents are at most {} MB, so this is probably not one",
            bytes as f64 / 1_000_000.0,
            MAX_DOCUMENT_BYTES / (1024 * 1024)
        ),
    )
}

/// Decodes UTF-8, locating the first invalid byte by line and column.
pub fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
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
