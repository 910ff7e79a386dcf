//! Exit codes, the same for every subcommand.

/// Clean: no error-severity findings, nothing to reformat.
pub const OK: u8 = 0;
/// Findings of error severity (check), or files not canonical (fmt --check).
pub const FINDINGS: u8 = 1;
/// Some input could not be read at all.
pub const UNREADABLE: u8 = 2;
