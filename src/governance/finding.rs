//! Findings: what a check found, where, and how to fix it — data, not text on a screen.
//! The designer draws them as badges and a Problems list; the CLI prints them the way a
//! compiler does; SARIF and JSON carry them to CI.

use serde::Serialize;
use std::ops::Range;

pub use crate::model::Severity;
use crate::model::{Frequency, NodeId, Wire};

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
    /// How much it matters in practice: the records its flow moves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
}

/// The records a finding's flow moves, from its catalog details: what a finding affects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Impact {
    pub records_per_month: u64,
    pub frequency: Option<Frequency>,
}

/// 540000 → "540,000", as messages write counts.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Impact {
    /// "3,500 records a month, as they change".
    pub fn describe(&self) -> String {
        let n = thousands(self.records_per_month);
        let how_often = match self.frequency {
            Some(Frequency::RealTime) => ", as they change",
            Some(Frequency::EveryMinutes(_)) | Some(Frequency::Hourly) => ", through the day",
            Some(Frequency::Daily) => ", daily",
            Some(Frequency::Weekly) => ", weekly",
            Some(Frequency::Monthly) => ", monthly",
            Some(Frequency::OnDemand) => ", on demand",
            None => "",
        };
        format!("{n} records a month{how_often}")
    }
}

/// The code of the finding that says a flow was checked without a workspace.
pub const NOT_CHECKED_AGAINST_WORKSPACE: &str = "not-checked-against-workspace";

/// What a flow checked without a workspace must say: only its structure was checked, so
/// it must never look approved. An error, so it blocks approval like any other.
pub fn not_checked_against_workspace() -> Finding {
    Finding::new(
        NOT_CHECKED_AGAINST_WORKSPACE,
        Severity::Error,
        Location::Flow,
        "This flow was checked for its structure only: it is not in a workspace, so the systems it uses (their connectors, endpoints, data classes and owners) and the organisation's policy are unknown, and the rules on personal data, transport security, ownership and API budgets could not run",
        "Check it in its workspace, or against one: `switchboard check --workspace DIR FILE`, or in the designer Flow > Check against a workspace…",
    )
}

/// Codes of findings about data exposure: these come first on a roadmap.
pub const SECURITY_CODES: [&str; 3] = [
    "personal-data-unencrypted",
    "class-not-approved",
    "secret-in-flow",
];

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
            impact: None,
        }
    }

    pub fn is_security(&self) -> bool {
        SECURITY_CODES.contains(&self.code.as_str())
    }
}

/// Sorts findings as a roadmap: data exposure first, then the most severe, then what
/// affects the most records.
pub fn sort_findings(findings: &mut [Finding]) {
    let records = |f: &Finding| f.impact.map_or(0, |i| i.records_per_month);
    findings.sort_by(|a, b| {
        b.is_security()
            .cmp(&a.is_security())
            .then_with(|| b.severity.cmp(&a.severity))
            .then_with(|| records(b).cmp(&records(a)))
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}
