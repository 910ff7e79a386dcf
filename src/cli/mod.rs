//! The `switchboard` command line: `check`, `fmt`, `diff`, `approve` and the others, the
//! designer when run without a subcommand. Every subcommand writes to the writer it is given and returns its exit
//! code, so tests drive them exactly as a terminal or CI would.

pub mod approve;
pub mod catalog;
pub mod check;
pub mod connector;
pub mod diff;
mod diff_out;
pub mod exit;
pub mod export;
pub mod fmt;
mod loaded;
pub mod map;
pub mod new;
mod output_format;
mod paths;
pub mod plain;
pub mod plan;
mod report;
pub mod report_md;
pub mod run;
mod sarif;
mod spans;

use clap::{Parser, Subcommand};

pub use check::CheckArgs;
pub use fmt::FmtArgs;
pub use output_format::OutputFormat;
use paths::paths_or_here;

#[derive(Debug, Parser)]
#[command(
    name = "switchboard",
    version,
    about = "Design, check and format Switchboard integration flows",
    long_about = "Switchboard is a flow designer for citizen integrators. Without a subcommand it opens the designer; the subcommands check and format flow files headless, for CI."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Open everything read-only, for review (with no subcommand, or with `open`).
    #[arg(long, global = true)]
    pub review: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check flow files or whole workspaces and print their findings like a compiler.
    ///
    /// Exits 0 when no finding is an error, 1 when one is, 2 when some input cannot be read.
    Check(CheckArgs),
    /// Rewrite flow files in canonical form (or, with --check, list the ones that are not).
    Fmt(FmtArgs),
    /// Stream JSON-lines records through one Map step of a flow.
    Map(map::MapArgs),
    /// Write the integration catalog of a workspace as CSV.
    Catalog(catalog::CatalogArgs),
    /// Write a workspace's findings as a Markdown report for reviewers.
    Report(report_md::ReportArgs),
    /// Test-run a flow on sample data and print what each step did (writes are captured,
    /// never sent). Exits 1 when a step failed.
    Run(run::RunArgs),
    /// Approve a flow with your SSH key, as a reviewer named in policy.ron: the approval
    /// is bound to the flow's content and goes to the workspace's approvals.ron.
    ///
    /// Refuses a flow with error findings; one with warnings needs --comment. Exits 0
    /// when approved, 1 when refused, 2 when something cannot be read.
    Approve(approve::ApproveArgs),
    /// Compare two versions of a flow (two files, or one file with --against REV): steps,
    /// settings, mappings and wires, what the change does to the findings and to where
    /// personal data goes.
    ///
    /// Exits 0 when both do the same (a layout-only change included), 1 when they differ,
    /// 2 when a version cannot be read.
    Diff(diff::DiffArgs),
    /// Make a connector from an API description (OpenAPI / Swagger), or manage the
    /// workspace's connectors.
    #[command(subcommand)]
    Connector(connector::ConnectorCommand),
    /// Work out a flow's run for production: do the reads and lookups, evaluate every
    /// formula, and write the writes it would make, each with an idempotency key, to a
    /// plan file. Sends nothing. Exits 0 when planned, 1 when a step failed, 2 when
    /// something cannot be read.
    Plan(plan::PlanArgs),
    /// Send one write of a plan. Exits 0 when sent (or already made under its key), 75
    /// when it failed and may pass when tried again, 1 when it failed for good, 2 when the
    /// plan cannot be read.
    Apply(plan::ApplyArgs),
    /// Start a flow from a template (--template NAME --set PLACEHOLDER=SYSTEM --out
    /// FILE), list the templates (--list), or save a flow as one (--from-flow).
    New(new::NewArgs),
    /// Export a workspace's flows for a production runtime (Temporal).
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Open the designer on a workspace folder or a flow file (a file from outside any
    /// workspace opens read-only, for review).
    Open(OpenArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct OpenArgs {
    /// A workspace folder or a `.flow.ron` file.
    pub path: std::path::PathBuf,
    /// Check the flow against this workspace's systems and policy (for a file from
    /// outside any workspace; it still opens read-only).
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<std::path::PathBuf>,
}
