//! Exit codes, the same for every subcommand.

/// Clean: no error-severity findings, nothing to reformat.
pub const OK: u8 = 0;
/// Findings of error severity (check), files not canonical (fmt --check), or two
/// versions of a flow that do different things (diff).
pub const FINDINGS: u8 = 1;
/// Some input could not be read at all.
pub const UNREADABLE: u8 = 2;
