//! `switchboard map FLOW --node ID [--input FILE] [--output FILE] [--now TIME]`: streams
//! JSON-lines records through one Map step — the engine the designer's preview uses, for
//! admins checking a mapping on a real export.

use clap::Args;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::PathBuf;

use codespan_reporting::term::termcolor::NoColor;

use super::exit;
use super::json_out::JsonLines;
use super::jsonl::{SlotReader, record_from_json, write_string};
use super::lines::Lines;
use super::report;
use crate::formula::eval::Slot;
use crate::formula::preview::{Cell, Column, CompiledMap};
use crate::formula::{Env, EvalError, Level, Value as FormulaValue};
use crate::governance::{self, Finding, Severity};
use crate::model::{Flow, NodeId};
use crate::store;
use crate::workspace::{self, Workspace};

#[derive(Debug, Args)]
pub struct MapArgs {
    /// The flow file holding the Map step.
    pub flow: PathBuf,
    /// The id of the Map step.
    #[arg(long)]
    pub node: String,
    /// JSON lines to map, one record per line (default: standard input).
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// Where to write the mapped records (default: standard output).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// The time TODAY() and NOW() see, e.g. 2026-11-20T09:00:00-05:00[America/New_York]
    /// (default: now).
    #[arg(long)]
    pub now: Option<String>,
}

/// Runs the mapping; messages go to `messages` (standard error), records to the output.
pub fn run(args: &MapArgs, messages: &mut dyn Write) -> std::io::Result<u8> {
    let (text, flow, workspace) = match load(args) {
        Ok(loaded) => loaded,
        Err(message) => {
            writeln!(messages, "error: {message}")?;
            return Ok(exit::UNREADABLE);
        }
    };
    let node = NodeId::new(args.node.clone()).map_err(|e| e.to_string());
    let compiled = match node
        .and_then(|node| CompiledMap::new(&flow, &workspace, &node).map_err(|e| e.to_string()))
    {
        Ok(c) => c,
        Err(message) => {
            writeln!(messages, "error: {message}")?;
            return Ok(exit::UNREADABLE);
        }
    };
    // What `check` calls an error on this step stops the mapping too, said the same way.
    let errors = step_errors(&flow, &workspace, &args.node);
    if !errors.is_empty() {
        let mut plain = NoColor::new(&mut *messages);
        report::emit_findings(&mut plain, &args.flow, &text, &flow, &errors)?;
        writeln!(
            messages,
            "The step `{}` has errors (`switchboard check` shows them too); nothing was mapped.",
            args.node
        )?;
        return Ok(exit::FINDINGS);
    }
    let problems: Vec<_> = compiled
        .columns
        .iter()
        .flat_map(|c| {
            c.problems
                .iter()
                .filter(|p| p.level == Level::Error)
                .map(move |p| (c, p))
        })
        .collect();
    if !problems.is_empty() {
        for (column, p) in problems {
            writeln!(messages, "error: {}: {}", column.field.name, p.message)?;
            if let Some(fix) = &p.fix {
                writeln!(messages, "  help: {fix}")?;
            }
        }
        writeln!(messages, "The mapping has errors; nothing was mapped.")?;
        return Ok(exit::FINDINGS);
    }
    for column in compiled.columns.iter().filter(|c| c.formula.is_none()) {
        writeln!(
            messages,
            "warning: the required field {} has no formula and is left out",
            column.field.name
        )?;
    }
    let now = match &args.now {
        Some(text) => match text.parse() {
            Ok(z) => z,
            Err(e) => {
                writeln!(
                    messages,
                    "error: --now {text} is not a time such as 2026-11-20T09:00:00-05:00[America/New_York]: {e}"
                )?;
                return Ok(exit::UNREADABLE);
            }
        },
        None => jiff::Zoned::now(),
    };
    let env = Env {
        now,
        tables: &workspace.value_maps,
    };

    // A large buffer: a million-record export is hundreds of megabytes, and each read is a
    // system call. Output is buffered by `JsonLines`.
    const BUFFER: usize = 1 << 20;
    let input: Box<dyn Read> = match &args.input {
        Some(path) => Box::new(std::fs::File::open(path).map_err(|e| with_path(e, path))?),
        None => Box::new(std::io::stdin().lock()),
    };
    let mut output: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| with_path(e, path))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut records = Records::new(&compiled);
    let (mut failures, mut count) = (0usize, 0usize);
    let mut out = Row::new(&compiled);
    let mut lines = Lines::new(input, BUFFER);
    for n in 1.. {
        let Some(line) = lines.next_line()? else {
            break;
        };
        // Checked many bytes at a time; the exact place is found only for a bad line.
        let line = match simdutf8::basic::from_utf8(line) {
            Ok(line) => line,
            Err(_) => {
                let valid = std::str::from_utf8(line)
                    .err()
                    .map_or(0, |e| e.valid_up_to());
                // Columns count characters, as an editor shows them.
                let column = String::from_utf8_lossy(&line[..valid]).chars().count() + 1;
                writeln!(
                    messages,
                    "line {n}: not UTF-8 text at column {column}; save the export as UTF-8"
                )?;
                failures += 1;
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        out.start();
        if let Err(e) = records.map(line, &compiled, &env, &mut out) {
            out.lines.cancel_line();
            writeln!(messages, "line {n}: {e}")?;
            failures += 1;
            continue;
        }
        for (field, message) in out.errors.drain(..) {
            writeln!(messages, "line {n}, {field}: {message}")?;
            failures += 1;
        }
        out.lines.raw(b"}\n");
        out.lines.flush_to(&mut output, false)?;
        count += 1;
    }
    out.lines.flush_to(&mut output, true)?;
    output.flush()?;
    writeln!(
        messages,
        "Mapped {count} record{}; {failures} problem{}.",
        if count == 1 { "" } else { "s" },
        if failures == 1 { "" } else { "s" }
    )?;
    Ok(if failures > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    })
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
    ) -> Result<(), String> {
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
struct Row {
    lines: JsonLines,
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

fn with_path(e: std::io::Error, path: &std::path::Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{e} ({})", path.display()))
}

/// The flow's text and flow, and its workspace.
fn load(args: &MapArgs) -> Result<(String, Flow, Workspace), String> {
    let text = store::read_document(&args.flow).map_err(|e| e.to_string())?;
    let flow = store::parse_flow(&args.flow, &text).map_err(|e| e.to_string())?;
    let root = workspace::find_root(&args.flow).ok_or_else(|| {
        format!(
            "{} is not inside a workspace (no systems.ron above it)",
            args.flow.display()
        )
    })?;
    let workspace = Workspace::load(&root).map_err(|e| e.to_string())?;
    Ok((text, flow, workspace))
}

/// The findings of error severity `check` gives on step `node` (on the step, its
/// settings and formulas, or a wire into it).
fn step_errors(flow: &Flow, workspace: &Workspace, node: &str) -> Vec<Finding> {
    governance::check_flow(flow, Some(workspace))
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| f.location.node().is_some_and(|n| n.as_str() == node))
        .collect()
}
