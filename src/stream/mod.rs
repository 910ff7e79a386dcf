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
//! maps them on worker threads, writing their results in input order. [`outcome`] holds
//! what a caller chooses and hears back.

mod engine;
mod lines;
mod out;
mod outcome;
mod parallel;
mod record;
mod scan;
mod slots;
mod text;

use std::io::{Read, Write};

use crate::formula::Env;
use crate::formula::preview::CompiledMap;

pub use outcome::{Options, Problem, Summary};
pub use record::{record_from_json, write_formula_json, write_json, write_object};
pub use scan::LineError;
pub use text::write_string;

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
