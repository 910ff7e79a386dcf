//! Findings: what a check found, where, and how to fix it — data, not text on a screen.
//! The designer draws them as badges and a Problems list; the CLI prints them the way a
//! compiler does; SARIF and JSON carry them to CI.

use serde::Serialize;
use std::fmt;
use std::ops::Range;

use crate::model::{NodeId, Wire};

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

/// Where in a flow a finding points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Location {
    /// The flow as a whole.
    Flow,
    /// One of the flow's catalog fields (`data_element`, `frequency`…).
    Catalog {
        field: String,
    },
    Node {
        node: NodeId,
    },
    /// A setting or mapped field of a node.
    Field {
        node: NodeId,
        field: String,
    },
    Wire {
        #[serde(serialize_with = "wire_text")]
        wire: Wire,
    },
    /// Characters `span` of the formula in a node's `field`.
    Formula {
        node: NodeId,
        field: String,
        span: Range<usize>,
    },
}

fn wire_text<S: serde::Serializer>(wire: &Wire, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(wire)
}

impl Location {
    /// The node this location is on, if any (for badges and selection).
    pub fn node(&self) -> Option<&NodeId> {
        match self {
            Self::Node { node } | Self::Field { node, .. } | Self::Formula { node, .. } => {
                Some(node)
            }
            Self::Wire { wire } => Some(&wire.to.node),
            Self::Flow | Self::Catalog { .. } => None,
        }
    }
}

/// One result of one rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's stable code, e.g. `unreachable-step`; policies refer to rules by it.
    pub code: String,
    pub severity: Severity,
    pub location: Location,
    /// What is wrong, in a business user's words.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl Finding {
    pub fn new(
        code: &str,
        severity: Severity,
        location: Location,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding {
            code: code.to_owned(),
            severity,
            location,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

/// Sorts findings for people: most severe first, then by where they are.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}
