//! Mapping line by line: [`LineMapper`] turns one line into one output line (or problems),
//! and [`map_on_this_thread`] runs it over a whole stream on the calling thread. Each
//! worker of [`super::parallel`] holds a `LineMapper` of its own.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Write};

use super::lines::Lines;
use super::out::JsonLines;
use super::outcome::{Problem, Summary};
use super::record::record_from_json;
use super::scan::LineError;
use super::slots::SlotReader;
use super::text::write_string;
use crate::formula::eval::Slot;
use crate::formula::preview::{Cell, Column, CompiledMap};
use crate::formula::{Env, EvalError, Value as FormulaValue};

/// Input is read this many bytes at a time: a million-record export is hundreds of
/// megabytes, and each read is a system call.
const READ_BLOCK: usize = 1 << 20;

/// Maps every line of `input` on this thread, writing a megabyte of output at a time.
pub(super) fn map_on_this_thread(
    map: &CompiledMap,
    env: &Env,
    input: impl Read,
    output: &mut dyn Write,
    report: &mut dyn FnMut(&Problem) -> std::io::Result<()>,
) -> std::io::Result<Summary> {
    let mut mapper = LineMapper::new(map, env);
    let mut problems = Vec::new();
    let mut summary = Summary::default();
    let mut lines = Lines::new(input, READ_BLOCK);
    let mut n = 0;
    loop {
        let line = match lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => {
                // What was mapped before the failure is written first.
                mapper.out.lines.flush_to(output, true)?;
                return Err(e);
            }
        };
        n += 1;
        summary.records += u64::from(mapper.line(n, line, &mut problems));
        if !problems.is_empty() {
            summary.problems += problems.len() as u64;
            problems.drain(..).try_for_each(|p| report(&p))?;
        }
        mapper.out.lines.flush_to(output, false)?;
    }
    mapper.out.lines.flush_to(output, true)?;
    output.flush()?;
    Ok(summary)
}

/// One thread's way from lines to output lines: its own slots, reader and output buffer.
pub(super) struct LineMapper<'m> {
    map: &'m CompiledMap,
    env: &'m Env<'m>,
    records: Records,
    pub(super) out: Row,
}

impl<'m> LineMapper<'m> {
    pub(super) fn new(map: &'m CompiledMap, env: &'m Env<'m>) -> LineMapper<'m> {
        LineMapper {
            map,
            env,
            records: Records::new(map),
            out: Row::new(map),
        }
    }

    /// Maps line `n` into the output; false when it wrote nothing (a blank line, or one
    /// refused). Problems found are pushed onto `problems`, numbered `n`.
    #[inline]
    pub(super) fn line(&mut self, n: u64, line: &[u8], problems: &mut Vec<Problem>) -> bool {
        // Checked many bytes at a time; the exact place is found only for a bad line.
        let Ok(line) = simdutf8::basic::from_utf8(line) else {
            problems.push(not_utf8(n, line));
            return false;
        };
        if line.trim().is_empty() {
            return false;
        }
        let out = &mut self.out;
        out.start();
        if let Err(refused) = self.records.map(line, self.map, self.env, out) {
            out.lines.cancel_line();
            problems.push(Problem {
                line: n,
                field: None,
                message: refused.to_string(),
            });
            return false;
        }
        problems.extend(out.errors.drain(..).map(|(field, message)| Problem {
            line: n,
            field: Some(field),
            message,
        }));
        out.lines.raw(b"}\n");
        true
    }
}

/// Line `n`, which is not UTF-8, said with the column where it stops being text.
#[cold]
fn not_utf8(n: u64, line: &[u8]) -> Problem {
    let valid = std::str::from_utf8(line)
        .err()
        .map_or(0, |e| e.valid_up_to());
    // Columns count characters, as an editor shows them.
    let column = String::from_utf8_lossy(&line[..valid]).chars().count() + 1;
    Problem {
        line: n,
        field: None,
        message: format!("not UTF-8 text at column {column}; save the export as UTF-8"),
    }
}

/// How lines become records: straight into slots when every formula reads a top-level
/// field of the input (the fast way), else as whole records.
enum Records {
    Slots(SlotReader, Vec<Slot>),
    Whole(BTreeSet<String>),
}

impl Records {
    fn new(compiled: &CompiledMap) -> Records {
        match compiled.slots() {
            Some(slots) => Records::Slots(SlotReader::new(slots), Vec::new()),
            None => Records::Whole(compiled.reads()),
        }
    }

    /// Maps one line into `out`; an error is the line's (not JSON, not an object).
    fn map(
        &mut self,
        line: &str,
        compiled: &CompiledMap,
        env: &Env,
        out: &mut Row,
    ) -> Result<(), LineError> {
        match self {
            Records::Slots(reader, slots) => {
                reader.read(line, slots)?;
                compiled.run_slots(slots, env, |i, column, cell| out.cell(i, column, cell));
            }
            Records::Whole(reads) => {
                let record = record_from_json(line, Some(reads))?;
                let cells = compiled.run(&record, &HashMap::new(), env);
                for (i, (column, cell)) in compiled.columns.iter().zip(cells).enumerate() {
                    match cell {
                        Cell::Value(v) => out.cell(i, column, Ok(Cow::Owned(v))),
                        Cell::Error(e) => out.cell(i, column, Err(e)),
                        Cell::NotChecked | Cell::Unmapped => {}
                    }
                }
            }
        }
        Ok(())
    }
}

/// The output lines, and the cells that failed on the line being written.
pub(super) struct Row {
    pub(super) lines: JsonLines,
    first: bool,
    errors: Vec<(String, String)>,
    /// Each column's name as a JSON key after a comma (`,"Name":`), escaped once.
    keys: Vec<String>,
}

impl Row {
    fn new(compiled: &CompiledMap) -> Row {
        let keys = compiled
            .columns
            .iter()
            .map(|c| {
                let mut key = String::from(",");
                write_string(&mut key, &c.field.name);
                key.push(':');
                key
            })
            .collect();
        Row {
            lines: JsonLines::new(),
            first: true,
            errors: Vec::new(),
            keys,
        }
    }

    fn start(&mut self) {
        self.lines.begin_line();
        self.lines.raw(b"{");
        self.first = true;
    }

    // Inlined into the column loop: a call per cell, passing the result by value, cost
    // more than writing most cells.
    #[inline(always)]
    fn cell(&mut self, i: usize, column: &Column, cell: Result<Cow<FormulaValue>, EvalError>) {
        match cell {
            Ok(value) => {
                let key = self.keys.get(i).map_or("", String::as_str);
                // The first cell's key goes without its comma.
                let key = if self.first {
                    key.strip_prefix(',').unwrap_or(key)
                } else {
                    key
                };
                self.first = false;
                match &*value {
                    // Most cells are text: the key and the text in one go.
                    FormulaValue::Text(text) => self.lines.text_after(key.as_bytes(), text),
                    other => {
                        self.lines.raw(key.as_bytes());
                        self.lines.value(other);
                    }
                }
            }
            Err(e) => self.errors.push((column.field.name.clone(), e.message)),
        }
    }
}
