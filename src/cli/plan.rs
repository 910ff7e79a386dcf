//! `switchboard plan` and `switchboard apply`: a flow's run for production, its writes
//! worked out first and then sent one at a time (see [`crate::production`]). The production
//! runtime (`runtime/temporal/`) calls them; exit codes tell it what to do next.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use super::exit;
use crate::production::{self, Plan};
use crate::run::{Options, Patience, Reads};
use crate::store;
use crate::workspace::Workspace;

/// `apply`: the write failed and may pass when tried again (EX_TEMPFAIL).
pub const RETRYABLE: u8 = 75;

#[derive(Debug, Clone, clap::Args)]
pub struct PlanArgs {
    /// The flow file to plan.
    pub flow: PathBuf,
    /// Read from the workspace's samples instead of the systems.
    #[arg(long)]
    pub sample: bool,
    /// Trigger records, one JSON object a line (default: the flow's pinned samples).
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// The time TODAY() and NOW() see (default: now).
    #[arg(long)]
    pub now: Option<String>,
    /// Which endpoint of each system the reads go to (e.g. `production`).
    #[arg(long)]
    pub environment: Option<String>,
    /// How many seconds a read waits for a system to answer one call.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Names the event in the idempotency keys instead of the trigger record's id (the
    /// runtime gives a scheduled run's workflow id: its trigger record is the same every
    /// night, the run is not).
    #[arg(long, value_name = "NAME")]
    pub event: Option<String>,
    /// Where to write the plan (JSON).
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ApplyArgs {
    /// A plan written by `switchboard plan`.
    pub plan: PathBuf,
    /// Which write to send, from 0.
    #[arg(long)]
    pub write: usize,
    /// The workspace whose systems to write to (default: the one the plan was made in).
    #[arg(long)]
    pub workspace: Option<PathBuf>,
    /// Which endpoint of the system to write to (default: the one the plan read from).
    #[arg(long)]
    pub environment: Option<String>,
    /// How many seconds the write waits for the system to answer.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Send a write of a plan made from the workspace's samples (`plan --sample`): sample
    /// records, for trying a system out, never real data.
    #[arg(long)]
    pub sample_data: bool,
}

/// Plans the flow: 0 when the plan was written, 1 when a step failed (nothing written;
/// planning sends nothing, so it may simply be run again), 2 when something could not be
/// read.
pub fn plan(args: &PlanArgs, out: &mut dyn Write) -> std::io::Result<u8> {
    let (flow, ws, options) = match prepare(args) {
        Ok(prepared) => prepared,
        Err(message) => {
            writeln!(out, "error: {message}")?;
            return Ok(exit::UNREADABLE);
        }
    };
    let reads = if args.sample {
        Reads::Samples
    } else {
        Reads::Live(patience(args.timeout))
    };
    match production::plan(&flow, &ws, &options, reads, args.event.as_deref()) {
        Ok(plan) => {
            let json = serde_json::to_string_pretty(&plan).map_err(std::io::Error::other)?;
            store::write_atomic(&args.out, json.as_bytes())?;
            writeln!(
                out,
                "Planned {} {} of '{}' into {}.",
                plan.writes.len(),
                if plan.writes.len() == 1 {
                    "write"
                } else {
                    "writes"
                },
                flow.name,
                args.out.display()
            )?;
            Ok(exit::OK)
        }
        Err(failure) => {
            writeln!(out, "The flow could not be planned; nothing was written:")?;
            for line in failure.0 {
                writeln!(out, "  {line}")?;
            }
            Ok(exit::FINDINGS)
        }
    }
}

/// Sends one write: 0 when sent (or made before under the same key), 75 when it failed
/// and may pass when tried again, 1 when it failed for good, 2 when the plan or the
/// workspace could not be read.
pub fn apply(args: &ApplyArgs, out: &mut dyn Write) -> std::io::Result<u8> {
    let loaded = read_plan(&args.plan).and_then(|plan| {
        let root = args
            .workspace
            .clone()
            .unwrap_or_else(|| plan.workspace.clone());
        let ws = Workspace::load(&root).map_err(|e| e.to_string())?;
        Ok((plan, ws))
    });
    let (plan, ws) = match loaded {
        Ok(loaded) => loaded,
        Err(message) => {
            writeln!(out, "error: {message}")?;
            return Ok(exit::UNREADABLE);
        }
    };
    if plan.reads == "samples" && !args.sample_data {
        writeln!(
            out,
            "error: {} was planned from the workspace's samples, so its writes carry sample records: give --sample-data to send them anyway (to a test system)",
            args.plan.display()
        )?;
        return Ok(exit::FINDINGS);
    }
    let time_limit = Duration::from_secs(args.timeout.saturating_mul(4).max(30));
    let environment = args
        .environment
        .clone()
        .or_else(|| plan.environment.clone());
    match production::apply(
        &plan,
        args.write,
        &ws,
        environment,
        patience(args.timeout),
        time_limit,
    ) {
        Ok(applied) => {
            let write = &plan.writes[args.write];
            writeln!(
                out,
                "Sent write {} ({}): {} {} in {}.",
                args.write,
                write.key,
                write.action.verb(),
                write.object,
                write.system
            )?;
            for call in applied.calls {
                let status = call
                    .status
                    .map_or_else(|| "done".to_owned(), |s| s.to_string());
                writeln!(out, "  {} {} → {status}", call.method, call.url)?;
            }
            Ok(exit::OK)
        }
        Err(failure) => {
            let what = if failure.retryable {
                "may pass when tried again"
            } else {
                "will not pass as it is"
            };
            writeln!(
                out,
                "Write {} failed and {what}: {}",
                args.write, failure.message
            )?;
            Ok(if failure.retryable {
                RETRYABLE
            } else {
                exit::FINDINGS
            })
        }
    }
}

fn patience(timeout: u64) -> Patience {
    Patience {
        timeout: Duration::from_secs(timeout),
        ..Patience::default()
    }
}

fn read_plan(path: &std::path::Path) -> Result<Plan, String> {
    let text = store::read_document(path).map_err(|e| e.to_string())?;
    let probe: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a plan: {e}", path.display()))?;
    if let Some(format) = probe.get("format").and_then(serde_json::Value::as_u64)
        && format > u64::from(production::PLAN_FORMAT)
    {
        return Err(format!(
            "{} was planned by a newer Switchboard (plan format {format}); this one reads format {}",
            path.display(),
            production::PLAN_FORMAT
        ));
    }
    serde_json::from_value(probe).map_err(|e| format!("{} is not a plan: {e}", path.display()))
}

fn prepare(args: &PlanArgs) -> Result<(crate::model::Flow, Workspace, Options), String> {
    super::run::load_for_run(
        &args.flow,
        args.now.as_deref(),
        args.input.as_deref(),
        args.environment.clone(),
    )
}
