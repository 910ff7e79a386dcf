//! Governance: the checks that keep IT in control. This layer owns [`Finding`]s and the
//! structural checks every other rule builds on; the policy decides each rule's severity.

pub mod catalog;
mod finding;
pub mod handed;
pub mod memo;
pub mod report;
pub mod rules;
pub mod structure;

pub use finding::{
    Finding, Impact, Location, NOT_CHECKED_AGAINST_WORKSPACE, SECURITY_CODES, Severity,
    not_checked_against_workspace, sort_findings, thousands,
};

use crate::model::Flow;
use crate::workspace::{Policy, Workspace};
pub use memo::CheckMemo;

/// Checks one flow. Without a workspace only the checks that need no system registry
/// run (triggers, wiring, cycles, reachability).
pub fn check_flow(flow: &Flow, workspace: Option<&Workspace>) -> Vec<Finding> {
    check_flow_keeping_schemas(flow, workspace).0
}

/// [`check_flow`], also giving back the port schemas it inferred (the designer colours
/// pins and completes formulas with them, and need not infer them twice).
pub fn check_flow_keeping_schemas(
    flow: &Flow,
    workspace: Option<&Workspace>,
) -> (Vec<Finding>, Option<crate::workspace::FlowSchemas>) {
    check_flow_with(flow, workspace, &CheckMemo::one_off())
}

/// [`check_flow_keeping_schemas`] reusing what earlier checks of the same flow kept in
/// `memo` (the designer keeps one per open flow, so an edit re-analyses only the formulas
/// it changed or whose inputs it changed, and searches only new texts for credentials).
pub fn check_flow_with(
    flow: &Flow,
    workspace: Option<&Workspace>,
    memo: &CheckMemo,
) -> (Vec<Finding>, Option<crate::workspace::FlowSchemas>) {
    // Index and port schemas once, for the structural checks and the rules alike.
    let mut cx = structure::Context::new(flow, workspace);
    cx.memo = Some(&memo.formulas);
    let mut findings = Vec::new();
    structure::check_in(&cx, &mut findings);
    if let (Some(workspace), Some(schemas)) = (workspace, cx.schemas.as_ref()) {
        let mut lens = rules::Lens::new(flow, workspace, &cx.index, schemas, memo);
        lens.check = Some(check_flow);
        for rule in rules::all() {
            rule.check(&lens, &mut findings);
        }
        rules::custom::check(&lens, &mut findings);
    }
    let default_policy = Policy::default();
    let policy = workspace.map_or(&default_policy, |w| &w.policy);
    let mut findings = apply_policy(findings, policy);
    let impact = impact_of(flow);
    for f in &mut findings {
        f.impact = impact;
    }
    sort_findings(&mut findings);
    memo.sweep();
    (findings, cx.schemas)
}

/// What a flow's findings affect, from its catalog volumes (none when it does not say).
pub fn impact_of(flow: &Flow) -> Option<Impact> {
    let c = &flow.catalog;
    if c.new_records_per_month.is_none() && c.changed_records_per_month.is_none() {
        return None;
    }
    Some(Impact {
        records_per_month: c.new_records_per_month.unwrap_or(0)
            + c.changed_records_per_month.unwrap_or(0),
        frequency: c.frequency,
    })
}

/// Runs the workspace-wide rules over `flows`; each finding comes with the index of the
/// flow it belongs to, its severity set by the workspace's policy.
pub fn check_workspace(flows: &[&Flow], workspace: &Workspace) -> Vec<(usize, Finding)> {
    rules::workspace_rules()
        .iter()
        .flat_map(|rule| rule.check(flows, workspace))
        .filter_map(|(i, mut f)| {
            f.severity = workspace.policy.severity(&f.code, f.severity)?;
            f.impact = flows.get(i).and_then(|flow| impact_of(flow));
            Some((i, f))
        })
        .collect()
}

/// Sets each finding's severity from the policy and drops the rules it turns off.
pub fn apply_policy(findings: Vec<Finding>, policy: &Policy) -> Vec<Finding> {
    findings
        .into_iter()
        .filter_map(|mut f| {
            f.severity = policy.severity(&f.code, f.severity)?;
            Some(f)
        })
        .collect()
}
