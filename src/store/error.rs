//! Why a file could not be loaded, located and said in plain words.

use std::fmt;
use std::path::{Path, PathBuf};

pub use super::locate::Position;

/// What sort of problem stopped a load; the message says the specifics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoadErrorKind {
    /// The file could not be read at all (missing, no permission, a folder).
    Unreadable,
    /// Larger than any real document.
    TooLarge,
    /// Not UTF-8 text.
    Encoding,
    /// Not valid RON, or the wrong shape for this kind of document.
    Syntax,
    /// Valid shape, inconsistent content (duplicate ids, wires to nowhere).
    Invalid,
    /// Written by a newer Switchboard.
    NewerFormat,
}

/// A file that could not be loaded: where, and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    pub path: PathBuf,
    pub kind: LoadErrorKind,
    pub position: Option<Position>,
    /// Byte range in the text, when known (for snippets in the CLI).
    pub span: Option<std::ops::Range<usize>>,
    pub message: String,
}

impl LoadError {
    pub fn new(path: &Path, kind: LoadErrorKind, message: impl Into<String>) -> LoadError {
        LoadError {
            path: path.to_owned(),
            kind,
            position: None,
            span: None,
            message: message.into(),
        }
    }

    /// Locates the error at `offset` in `text`.
    pub fn at(mut self, text: &str, offset: usize) -> LoadError {
        let offset = floor_char_boundary(text, offset);
        self.position = Some(super::locate::Lines::new(text).position(offset));
        let end = text[offset..]
            .char_indices()
            .nth(1)
            .map_or(text.len(), |(i, _)| offset + i);
        self.span = Some(offset..end);
        self
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for LoadError {
    /// `line 12, column 5: <message> (in flows/a.flow.ron)` — the path last, as it is
    /// the least interesting part once you know which file you opened.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = self.position {
            write!(f, "line {}, column {}: ", p.line, p.column)?;
        }
        write!(f, "{} (in {})", self.message, self.path.display())
    }
}
