//! How much a finding matters. It lives in the model, below everything that speaks of it:
//! the policy (in `workspace`) sets it per rule, governance gives it to each finding, the
//! CLI and the designer show it.

use serde::Serialize;
use std::fmt;

/// How much a finding matters. `Error` blocks approval, never saving.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
