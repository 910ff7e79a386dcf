//! `switchboard map FLOW --node ID [--input FILE] [--output FILE] [--now TIME]`: streams
//! JSON-lines records through one Map step — the engine the designer's preview uses, for
//! admins checking a mapping on a real export.

use clap::Args;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;

use super::exit;
use super::jsonl::{record_from_json, write_formula_json, write_string};
use crate::formula::preview::{Cell, CompiledMap};
use crate::formula::{Env, Level};
use crate::model::NodeId;
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
    let compiled = match compile(args) {
        Ok(c) => c,
        Err(message) => {
            writeln!(messages, "error: {message}")?;
            return Ok(exit::UNREADABLE);
        }
    };
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
    let workspace = workspace_of(args).map_err(std::io::Error::other)?;
    let env = Env {
        now,
        tables: &workspace.value_maps,
    };

    // Large buffers: a million-record export is hundreds of megabytes, and each read or
    // write is a system call.
    const BUFFER: usize = 1 << 20;
    let input: Box<dyn BufRead> = match &args.input {
        Some(path) => Box::new(BufReader::with_capacity(
            BUFFER,
            std::fs::File::open(path).map_err(|e| with_path(e, path))?,
        )),
        None => Box::new(BufReader::with_capacity(BUFFER, std::io::stdin().lock())),
    };
    let mut output: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::with_capacity(
            BUFFER,
            std::fs::File::create(path).map_err(|e| with_path(e, path))?,
        )),
        None => Box::new(BufWriter::with_capacity(BUFFER, std::io::stdout().lock())),
    };
    let nodes = HashMap::new();
    let reads = compiled.reads();
    let (mut failures, mut count) = (0usize, 0usize);
    let mut line_out = String::new();
    let mut line = String::new();
    let mut input = input;
    for n in 0.. {
        // One buffer for every line: a million records need not mean a million strings.
        line.clear();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let record = match record_from_json(&line, Some(&reads)) {
            Ok(r) => r,
            Err(e) => {
                writeln!(messages, "line {}: {e}", n + 1)?;
                failures += 1;
                continue;
            }
        };
        let cells = compiled.run(&record, &nodes, &env);
        line_out.clear();
        line_out.push('{');
        let mut first = true;
        for (column, cell) in compiled.columns.iter().zip(cells) {
            match cell {
                Cell::Value(v) => {
                    if !first {
                        line_out.push(',');
                    }
                    first = false;
                    write_string(&mut line_out, &column.field.name);
                    line_out.push(':');
                    write_formula_json(&mut line_out, &v);
                }
                Cell::Error(e) => {
                    writeln!(
                        messages,
                        "line {}, {}: {}",
                        n + 1,
                        column.field.name,
                        e.message
                    )?;
                    failures += 1;
                }
                Cell::NotChecked | Cell::Unmapped => {}
            }
        }
        line_out.push_str("}\n");
        output.write_all(line_out.as_bytes())?;
        count += 1;
    }
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

fn with_path(e: std::io::Error, path: &std::path::Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{e} ({})", path.display()))
}

fn workspace_of(args: &MapArgs) -> Result<Workspace, String> {
    let root = workspace::find_root(&args.flow).ok_or_else(|| {
        format!(
            "{} is not inside a workspace (no systems.ron above it)",
            args.flow.display()
        )
    })?;
    Workspace::load(&root).map_err(|e| e.to_string())
}

fn compile(args: &MapArgs) -> Result<CompiledMap, String> {
    let flow = store::load_flow(&args.flow).map_err(|e| e.to_string())?;
    let workspace = workspace_of(args)?;
    let node = NodeId::new(args.node.clone()).map_err(|e| e.to_string())?;
    CompiledMap::new(&flow, &workspace, &node).map_err(|e| e.to_string())
}
