//! What a change does to governance: the findings of both versions, checked the way
//! `switchboard check` checks them (the flow's rules, then the workspace-wide rules with
//! the workspace's other flows), matched by code, location and message into new,
//! resolved and still open.

use serde::Serialize;

use crate::governance::{self, Finding};
use crate::model::Flow;
use crate::workspace::Workspace;

/// The findings of the new version compared with the old one's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FindingsDelta {
    /// In the new version only: what the change brings.
    pub new: Vec<Finding>,
    /// In the old version only: what the change fixes.
    pub resolved: Vec<Finding>,
    /// In both.
    pub still_open: Vec<Finding>,
}

/// Every finding of `flow`: without a workspace only its structure is checked. `others`
/// are the workspace's other flows, which the workspace-wide rules compare it with.
pub fn findings_of(flow: &Flow, workspace: Option<&Workspace>, others: &[&Flow]) -> Vec<Finding> {
    let mut findings = governance::check_flow(flow, workspace);
    if let Some(workspace) = workspace {
        let mut flows: Vec<&Flow> = vec![flow];
        flows.extend(others.iter().copied().filter(|f| f.id != flow.id));
        findings.extend(
            governance::check_workspace(&flows, workspace)
                .into_iter()
                .filter(|(i, _)| *i == 0)
                .map(|(_, f)| f),
        );
    }
    governance::sort_findings(&mut findings);
    findings
}

/// The findings of `old` and `new` compared.
pub fn findings_delta(
    old: &Flow,
    new: &Flow,
    workspace: Option<&Workspace>,
    others: &[&Flow],
) -> FindingsDelta {
    compare(
        findings_of(old, workspace, others),
        findings_of(new, workspace, others),
    )
}

fn same(a: &Finding, b: &Finding) -> bool {
    a.code == b.code && a.location == b.location && a.message == b.message
}

/// Matches each new finding with one old finding at most, so two equal findings in one
/// version and one in the other leave one new (or resolved).
fn compare(old: Vec<Finding>, new: Vec<Finding>) -> FindingsDelta {
    let mut unmatched: Vec<Option<Finding>> = old.into_iter().map(Some).collect();
    let mut out = FindingsDelta::default();
    for finding in new {
        let twin = unmatched
            .iter_mut()
            .find(|o| o.as_ref().is_some_and(|o| same(o, &finding)));
        match twin {
            Some(slot) => {
                *slot = None;
                out.still_open.push(finding);
            }
            None => out.new.push(finding),
        }
    }
    out.resolved = unmatched.into_iter().flatten().collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::{Location, Severity};

    fn finding(code: &str, message: &str) -> Finding {
        Finding::new(code, Severity::Warning, Location::Flow, message, "fix it")
    }

    #[test]
    fn findings_match_by_code_location_and_message() {
        let old = vec![
            finding("a", "one"),
            finding("b", "two"),
            finding("b", "two"),
        ];
        let new = vec![
            finding("a", "one"),
            finding("b", "two"),
            finding("c", "three"),
        ];
        let d = compare(old, new);
        assert_eq!(d.still_open, [finding("a", "one"), finding("b", "two")]);
        assert_eq!(d.new, [finding("c", "three")]);
        assert_eq!(d.resolved, [finding("b", "two")]);
    }
}
