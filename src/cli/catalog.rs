//! `switchboard catalog [WORKSPACE] [--out FILE]`: the integration catalog as CSV, derived
//! from the flows and the registry.

use clap::Args;
use std::io::Write;
use std::path::PathBuf;

use super::loaded::{self, Loaded};
use super::plain::escape_controls;
use crate::governance::catalog::{COLUMNS, catalog};
use crate::store;

#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// The workspace folder (default: the current folder).
    pub workspace: Option<PathBuf>,
    /// Write the CSV here instead of to standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: &CatalogArgs, messages: &mut dyn Write) -> std::io::Result<u8> {
    let Loaded {
        workspace,
        flows,
        code,
    } = match loaded::load(args.workspace.as_deref(), "catalog", messages)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let refs: Vec<_> = flows.iter().collect();
    let rows = catalog(&refs, &workspace);
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(COLUMNS).map_err(std::io::Error::other)?;
    for row in &rows {
        // Cells quote names and notes as written: control characters are shown instead.
        let cells = row.iter().map(|cell| escape_controls(cell).into_owned());
        csv.write_record(cells).map_err(std::io::Error::other)?;
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    match &args.out {
        Some(path) => {
            store::write_atomic(path, &bytes)?;
            writeln!(
                messages,
                "Wrote {} catalog rows to {}.",
                rows.len(),
                path.display()
            )?;
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(code)
}
