//! JSON lines through a Map step, on every core: records read from a byte stream, each
//! line scanned straight into the slots its formulas read, evaluated, and written as JSON
//! lines in input order. `switchboard map` calls [`map_lines`]; so can anything else that
//! runs a compiled mapping over an export (the production runtime). How it got fast, and
//! what it costs a record, is in BENCHMARKS.md.
//!
//! Inside: [`lines`] cuts a stream into lines, [`scan`] checks a line is one JSON object
//! and hands out the members wanted, [`slots`] fills a compiled map's slots from them
//! ([`record`] builds whole records when a formula needs more), [`out`] writes the mapped
//! lines, [`text`] says which bytes JSON text holds as they are. [`engine`] maps line by
//! line on the calling thread; [`parallel`] cuts the input into chunks at line ends and
//! maps them on worker threads, writing their results in input order.

mod engine;
mod lines;
mod out;
mod parallel;
mod record;
mod scan;
mod slots;
mod text;

use std::fmt;
use std::io::{Read, Write};
use std::num::NonZeroUsize;

use crate::formula::Env;
use crate::formula::preview::CompiledMap;

pub use record::{record_from_json, write_formula_json, write_json, write_object};
pub use text::write_string;

/// How [`map_lines`] runs.
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

/// Maps every line of `input` through `map` into `output`, one JSON object a line in
/// input order; blank lines are skipped. Each problem goes to `problems` as it is found,
/// in input order. An error is reading the input or writing the output (or what
/// `problems` returns); the lines before it have been written.
pub fn map_lines(
    map: &CompiledMap,
    env: &Env,
    input: impl Read + Send,
    output: &mut dyn Write,
    options: Options,
    problems: &mut dyn FnMut(&Problem) -> std::io::Result<()>,
) -> std::io::Result<Summary> {
    if options.threads.get() == 1 {
        engine::map_on_this_thread(map, env, input, output, problems)
    } else {
        parallel::map_in_chunks(map, env, input, output, options, problems)
    }
}
