//! `switchboard export temporal WS --out DIR`: the bundle a Temporal worker runs a
//! workspace's flows from (see [`crate::production::bundle`]).

use std::io::Write;
use std::path::PathBuf;

use super::exit;
use crate::production::bundle;
use crate::workspace;

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ExportCommand {
    /// Write the flows that may run in production, with the systems, connectors and value
    /// maps they use, as a bundle for the Temporal worker in runtime/temporal/. Exits 0
    /// when every flow went in, 1 when some were left out (each said with why), 2 when
    /// the workspace or the folder could not be used.
    Temporal(TemporalArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct TemporalArgs {
    /// The workspace folder (where systems.ron is).
    pub workspace: PathBuf,
    /// The bundle's folder: missing, empty, or an earlier bundle (replaced whole).
    #[arg(long)]
    pub out: PathBuf,
    /// The time zone schedules run in, as an IANA name (default: this machine's).
    #[arg(long)]
    pub time_zone: Option<String>,
}

pub fn run(command: &ExportCommand, out: &mut dyn Write) -> std::io::Result<u8> {
    let ExportCommand::Temporal(args) = command;
    if !args.workspace.exists() {
        writeln!(out, "error: {} does not exist", args.workspace.display())?;
        return Ok(exit::UNREADABLE);
    }
    let root = match workspace::find_root(&args.workspace) {
        Some(root) => root,
        None => {
            writeln!(
                out,
                "error: {} is not a workspace (no systems.ron in it or above it)",
                args.workspace.display()
            )?;
            return Ok(exit::UNREADABLE);
        }
    };
    let ws = match super::loaded::workspace(&root, out)? {
        Ok(ws) => ws,
        Err(code) => return Ok(code),
    };
    let time_zone = args.time_zone.clone().unwrap_or_else(|| {
        jiff::tz::TimeZone::system()
            .iana_name()
            .unwrap_or("UTC")
            .to_owned()
    });
    match bundle::export_temporal(&ws, &args.out, &time_zone) {
        Ok(exported) => {
            writeln!(
                out,
                "Exported {} {} to {}.",
                exported.flows.len(),
                if exported.flows.len() == 1 {
                    "flow"
                } else {
                    "flows"
                },
                args.out.display()
            )?;
            if !exported.subflows.is_empty() {
                writeln!(
                    out,
                    "  with the sub-flows they call: {}",
                    exported.subflows.join(", ")
                )?;
            }
            for (file, why) in &exported.refused {
                writeln!(out, "  left out {file}: {why}")?;
            }
            Ok(if exported.refused.is_empty() {
                exit::OK
            } else {
                exit::FINDINGS
            })
        }
        Err(e) => {
            writeln!(out, "error: {e}")?;
            Ok(exit::UNREADABLE)
        }
    }
}
