//! What a caller of [`super::map_lines`] chooses ([`Options`]) and what it hears back: a
//! [`Problem`] for each line that could not be mapped whole, and a [`Summary`] at the end.

use std::fmt;
use std::num::NonZeroUsize;

/// How [`super::map_lines`] runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Threads mapping records: 1 maps on the calling thread alone; more cut the input
    /// into chunks for that many workers, with one more thread reading.
    pub threads: NonZeroUsize,
    /// About how many bytes of input a worker takes at a time (a longer line makes its
    /// chunk longer). Output, messages and line numbers do not depend on it.
    pub chunk_bytes: usize,
}

impl Options {
    /// `threads` workers with chunks of a megabyte.
    pub fn with_threads(threads: NonZeroUsize) -> Options {
        Options {
            threads,
            chunk_bytes: 1 << 20,
        }
    }
}

impl Default for Options {
    /// One worker for every core the process may use.
    fn default() -> Options {
        Options::with_threads(std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
    }
}

/// Something wrong with one line of the input: the line is left out of the output, or
/// written without the fields named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The line's number in the input, from 1, blank lines counted.
    pub line: u64,
    /// The output field whose formula failed; `None` when the whole line was refused.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "line {}, {field}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// What a whole run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records written.
    pub records: u64,
    /// Problems reported.
    pub problems: u64,
}
