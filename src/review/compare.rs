//! The whole review of a change: what differs, what it does to the findings, and which
//! systems receive personal data they did not before. What a command prints is made
//! from this; without a workspace only the structure is checked and exposure is unknown.

use serde::Serialize;

use super::{ExposureDelta, FindingsDelta, FlowChanges, changes, exposure_delta, findings_delta};
use crate::model::Flow;
use crate::workspace::Workspace;

/// Everything a reviewer wants to know about a change from one version to another.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub changes: FlowChanges,
    /// Findings of both versions compared (structure only without a workspace).
    pub findings: FindingsDelta,
    /// `None` without a workspace: which systems may hold which data is not known.
    pub exposure: Option<ExposureDelta>,
}

/// Compares `old` with `new`, checked against `workspace` (with its `others` flows for
/// the workspace-wide rules) when there is one.
pub fn compare(
    old: &Flow,
    new: &Flow,
    workspace: Option<&Workspace>,
    others: &[&Flow],
) -> Comparison {
    Comparison {
        changes: changes(old, new),
        findings: findings_delta(old, new, workspace, others),
        exposure: workspace.map(|w| exposure_delta(old, new, w)),
    }
}
