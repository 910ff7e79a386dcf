//! `switchboard run FLOW`: a test run from the command line, a line per step.

use std::io::Write;
use std::path::PathBuf;

use super::exit;
use crate::run::{self, Control, Options, Status};
use crate::store;
use crate::stream::record_from_json;
use crate::workspace::{self, Workspace};

#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// The flow file to run.
    pub flow: PathBuf,
    /// Call the real systems (their `test` endpoint, else `production`). Lists the
    /// systems that will be written to and asks first, unless --yes.
    #[arg(long)]
    pub live: bool,
    /// How many seconds a live run waits for a system to answer one call.
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
    /// Which endpoint of each system a live run calls (e.g. `production`).
    #[arg(long)]
    pub environment: Option<String>,
    /// Confirm live writes without asking (for scripts).
    #[arg(long)]
    pub yes: bool,
    /// Records for the trigger to emit, one JSON object a line (default: the flow's samples).
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// Write the whole trace (every step's input and output) as JSON to this file.
    #[arg(long)]
    pub trace: Option<PathBuf>,
    /// The time TODAY() and NOW() see (default: now).
    #[arg(long)]
    pub now: Option<String>,
    /// The longest the run may take, in seconds. When it is reached, the step running
    /// fails, the steps after it do not run, and the exit code is 1.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub time_limit: u64,
}

/// Runs the flow; returns 0 when every step succeeded, 1 when one failed, 2 when the run
/// could not start.
pub fn run(args: &RunArgs, out: &mut dyn Write) -> std::io::Result<u8> {
    match prepare(args) {
        Ok((flow, ws, options)) => {
            if let Some(missing) = run::missing_samples(&flow, options.inputs.as_deref()) {
                let given = match &args.input {
                    Some(path) => format!(
                        ": {} holds no records; give one JSON object a line",
                        path.display()
                    ),
                    None => ": pin some in the designer's Test run tab, or give --input FILE.jsonl (one JSON object a line)".into(),
                };
                writeln!(out, "{missing}{given}. Nothing was run.")?;
                return Ok(exit::FINDINGS);
            }
            let trace = if args.live {
                let targets = run::live_writes(&flow, &ws, options.environment.as_deref());
                if !targets.is_empty() && !args.yes && !confirm(&targets, out)? {
                    writeln!(out, "Nothing was run.")?;
                    return Ok(exit::UNREADABLE);
                }
                match run::run_live(
                    &flow,
                    &ws,
                    &options,
                    &Control::default(),
                    run::Patience {
                        timeout: std::time::Duration::from_secs(args.timeout),
                        ..run::Patience::default()
                    },
                ) {
                    Ok(trace) => trace,
                    Err(e) => {
                        writeln!(out, "error: {e}")?;
                        return Ok(exit::UNREADABLE);
                    }
                }
            } else {
                run::run_sample(&flow, &ws, &options, &Control::default())
            };
            print_steps(out, &flow, &trace, &ws, 0)?;
            for line in run::describe_writes(&trace) {
                writeln!(out, "Sample run: {line} (nothing was sent).")?;
            }
            if let Some(why) = &trace.stopped {
                writeln!(out, "{why}")?;
                if trace.out_of_time {
                    writeln!(out, "Give it longer with --time-limit SECONDS.")?;
                }
            }
            if let Some(path) = &args.trace {
                let json = serde_json::to_string_pretty(&trace).map_err(std::io::Error::other)?;
                store::write_atomic(path, json.as_bytes())?;
            }
            Ok(if trace.failed() {
                exit::FINDINGS
            } else {
                exit::OK
            })
        }
        Err(message) => {
            writeln!(out, "error: {message}")?;
            Ok(exit::UNREADABLE)
        }
    }
}

/// Each step of `flow` that ran, with its items, calls and errors; a called sub-flow's
/// steps follow their call, indented.
fn print_steps(
    out: &mut dyn Write,
    flow: &crate::model::Flow,
    trace: &run::Trace,
    ws: &Workspace,
    depth: usize,
) -> std::io::Result<()> {
    // Under the "inside the sub-flow" line, which is indented 7 more.
    let indent = " ".repeat(8 * depth);
    for node in &flow.nodes {
        if matches!(node.step, crate::model::Step::Note { .. }) {
            continue;
        }
        let Some(t) = trace.node(&node.id) else {
            continue;
        };
        let mark = match t.status() {
            Status::Ok => "ok  ",
            Status::Failed => "FAIL",
            Status::Skipped => "--  ",
        };
        writeln!(
            out,
            "{indent}{mark} {}: {} in, {} out",
            node.label,
            t.input.len(),
            t.output.len()
        )?;
        for call in &t.calls {
            let status = call
                .status
                .map_or_else(|| "no answer".to_owned(), |s| s.to_string());
            writeln!(
                out,
                "{indent}       {} {} → {status}",
                call.method, call.url
            )?;
        }
        for e in t.error_summary() {
            writeln!(out, "{indent}       {e}")?;
        }
        if let (Some(inner), crate::model::Step::CallSubflow { subflow, .. }) =
            (&t.nested, &node.step)
            && let Some(sub) = ws.subflow(subflow)
            && depth < 16
        {
            writeln!(out, "{indent}       inside the sub-flow '{}':", sub.name)?;
            print_steps(out, sub, inner, ws, depth + 1)?;
        }
    }
    Ok(())
}

fn prepare(args: &RunArgs) -> Result<(crate::model::Flow, Workspace, Options), String> {
    let (flow, ws, mut options) = load_for_run(
        &args.flow,
        args.now.as_deref(),
        args.input.as_deref(),
        args.environment.clone(),
    )?;
    options.max_duration = std::time::Duration::from_secs(args.time_limit);
    Ok((flow, ws, options))
}

/// The flow at `path`, its workspace, and options for running it: the time TODAY() and
/// NOW() see (`now`, else the clock), the trigger records of `input` (one JSON object a
/// line) and the systems' `environment`. Shared by `run` and `plan`.
pub(super) fn load_for_run(
    path: &std::path::Path,
    now: Option<&str>,
    input: Option<&std::path::Path>,
    environment: Option<String>,
) -> Result<(crate::model::Flow, Workspace, Options), String> {
    let flow = store::load_flow(path).map_err(|e| e.to_string())?;
    let root = workspace::find_root(path).ok_or_else(|| {
        format!(
            "{} is not inside a workspace (no systems.ron above it)",
            path.display()
        )
    })?;
    let ws = Workspace::load(&root).map_err(|e| e.to_string())?;
    let now = match now {
        Some(text) => text
            .parse()
            .map_err(|e| format!("--now {text} is not a time such as 2026-11-20T09:00:00-05:00[America/New_York]: {e}"))?,
        None => jiff::Zoned::now(),
    };
    let mut options = Options::new(now);
    options.environment = environment;
    if let Some(path) = input {
        let text = store::read_document(path).map_err(|e| e.to_string())?;
        let records = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                record_from_json(l, None).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
            })
            .collect::<Result<Vec<_>, _>>()?;
        options.inputs = Some(records);
    }
    Ok((flow, ws, options))
}

/// Lists the systems a live run writes to and asks on the terminal; false when the
/// answer is not yes, or there is no terminal to ask on.
fn confirm(targets: &[(String, String)], out: &mut dyn Write) -> std::io::Result<bool> {
    use std::io::IsTerminal;
    writeln!(out, "This live run writes to:")?;
    for (name, url) in targets {
        writeln!(out, "  {name}  {url}")?;
    }
    if !std::io::stdin().is_terminal() {
        writeln!(out, "Confirm with --yes to run it without a terminal.")?;
        return Ok(false);
    }
    write!(out, "Write to these systems? [y/N] ")?;
    out.flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}
