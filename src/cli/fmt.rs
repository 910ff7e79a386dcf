//! `switchboard fmt [--check] PATH…`: rewrite flow files canonically (upgrading older
//! formats on the way), or with `--check` list the files that are not canonical.

use clap::Args;
use std::io::Write;
use std::path::PathBuf;

use super::{exit, paths, paths_or_here};
use crate::store;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Flow files or folders of flows (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Change nothing; exit 1 if any file is not in canonical form.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: &FmtArgs, out: &mut dyn Write) -> std::io::Result<u8> {
    let targets = paths::expand(&paths_or_here(&args.paths));
    let mut code = exit::OK;
    for missing in &targets.missing {
        writeln!(
            out,
            "error: there is no such file or folder: {}",
            missing.display()
        )?;
        code = exit::UNREADABLE;
    }
    for empty in &targets.empty {
        writeln!(
            out,
            "error: there are no flow files (*.flow.ron) in {}",
            empty.display()
        )?;
        code = exit::UNREADABLE;
    }
    let mut unformatted = 0;
    for path in targets.by_root.values().flatten() {
        // A byte order mark is read past, and dropped when the file is rewritten.
        let loaded = store::read_bytes(path).and_then(|bytes| {
            let marked = store::has_byte_order_mark(&bytes);
            let text = store::text_from_bytes(path, bytes)?;
            let flow = store::parse_flow(path, &text)?;
            Ok((text, flow, marked))
        });
        let (text, flow, marked) = match loaded {
            Ok(loaded) => loaded,
            Err(e) => {
                writeln!(out, "error: {e}")?;
                code = exit::UNREADABLE;
                continue;
            }
        };
        let canonical = match store::flow_to_string(&flow) {
            Ok(c) => c,
            Err(e) => {
                writeln!(
                    out,
                    "error: could not write {} canonically: {e}",
                    path.display()
                )?;
                code = exit::UNREADABLE;
                continue;
            }
        };
        if canonical == text && !marked {
            continue;
        }
        unformatted += 1;
        if args.check {
            writeln!(out, "not canonical: {}", path.display())?;
        } else {
            store::write_atomic(path, canonical.as_bytes())?;
            writeln!(out, "formatted: {}", path.display())?;
        }
    }
    if args.check && unformatted > 0 && code == exit::OK {
        writeln!(
            out,
            "{unformatted} file(s) would be rewritten; run `switchboard fmt` on them."
        )?;
        code = exit::FINDINGS;
    }
    Ok(code)
}
