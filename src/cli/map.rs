//! `switchboard map FLOW --node ID [--input FILE] [--output FILE] [--now TIME]`: streams
//! JSON-lines records through one Map step — the engine the designer's preview uses, for
//! admins checking a mapping on a real export.

use clap::Args;
use std::io::{Read, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;

use codespan_reporting::term::termcolor::NoColor;

use super::exit;
use super::report;
use crate::formula::preview::CompiledMap;
use crate::formula::{Env, Level};
use crate::governance::{self, Finding, Severity};
use crate::model::{Flow, NodeId};
use crate::store;
use crate::stream::{self, Options};
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
    /// How many threads map records (default: one for every core; 1 maps on one thread
    /// alone). The output is the same whatever the number.
    #[arg(long, value_name = "N", value_parser = threads)]
    pub threads: Option<NonZeroUsize>,
}

/// `--threads`: a whole number from 1 up.
fn threads(text: &str) -> Result<NonZeroUsize, String> {
    text.trim().parse().map_err(|_| {
        format!("{text} is not a number of threads: give a whole number from 1 up, such as 2")
    })
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

    let input: Box<dyn Read + Send> = match &args.input {
        Some(path) => Box::new(std::fs::File::open(path).map_err(|e| with_path(e, path))?),
        None => Box::new(std::io::stdin()),
    };
    let mut output: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| with_path(e, path))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let options = args
        .threads
        .map_or_else(Options::default, Options::with_threads);
    let summary = stream::map_lines(&compiled, &env, input, &mut output, options, &mut |p| {
        writeln!(messages, "{p}")
    })?;
    let (count, failures) = (summary.records, summary.problems);
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
