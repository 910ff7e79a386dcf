//! What an import says about a description: a thing left out, or one to know.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// Something the description holds is not in the connector.
    LeftOut,
    /// Something the admin should know (a guess made, an address filled in).
    Info,
}

/// One thing the import says about the description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    /// The description's line, when known.
    pub line: Option<usize>,
    /// Where: `GET /pets/{id}`, `auth`, `servers`.
    pub at: String,
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}, {}: {}", self.at, self.message),
            None => write!(f, "{}: {}", self.at, self.message),
        }
    }
}
