//! `api-budget` and `api-budget-exceeded`: the calls a day every flow of the workspace
//! makes on a system, summed, against the system's daily limit — a warning from half of
//! it, an error (its own code, so a policy can rate the two apart) past all of it. The
//! finding shows the arithmetic, flow by flow.
//!
//! The estimate, from each flow's catalog volumes: a record-event trigger brings
//! (records a month ÷ 30) items a day and costs the source nothing (the system pushes
//! them); a scheduled trigger runs as often as its timetable says; a full or query read
//! costs one call per page of the connector's page size per run and brings the flow's
//! volume; a read by key, a lookup and a write cost one call per item; a For each turns
//! each item into the policy's `items_per_list` items. Filters and branches are assumed to let
//! everything through, so the estimate errs on the high side.

use std::collections::BTreeMap;

use super::WorkspaceRule;
use crate::governance::{Finding, Location, Severity};
use crate::model::{Flow, FlowIndex, ReadBy, Schedule, Step, SystemId, Trigger};
use crate::workspace::Workspace;
use crate::workspace::connector::Pagination;
use crate::workspace::ports::topological_order;

/// The code of the estimate past the whole limit.
pub const EXCEEDED: &str = "api-budget-exceeded";
/// Records per page when a connector does not say.
const DEFAULT_PAGE: f64 = 100.0;

pub struct ApiBudget;

/// Estimated calls a day per system for one flow, the calls of the sub-flows it runs
/// included. A sub-flow on its own makes none: it runs only when a flow calls it.
fn calls_per_day(flow: &Flow, workspace: &Workspace) -> BTreeMap<SystemId, f64> {
    if crate::model::FlowKind::of(flow) == crate::model::FlowKind::Subflow {
        return BTreeMap::new();
    }
    let month = (flow.catalog.new_records_per_month.unwrap_or(0)
        + flow.catalog.changed_records_per_month.unwrap_or(0)) as f64;
    let per_day = month / 30.0;
    let runs_per_day = flow
        .triggers()
        .find_map(|t| match &t.step {
            Step::Trigger(Trigger::Schedule(s)) => Some(match s {
                Schedule::EveryMinutes(m) => 1440.0 / f64::from((*m).max(1)),
                Schedule::EveryHours(h) => 24.0 / f64::from((*h).max(1)),
                Schedule::Daily { .. } => 1.0,
                Schedule::Weekly { .. } => 1.0 / 7.0,
            }),
            _ => None,
        })
        .unwrap_or(1.0);
    let mut calls = BTreeMap::new();
    add_calls(
        flow,
        workspace,
        per_day,
        runs_per_day,
        0,
        &mut PerItem::new(),
        &mut calls,
    );
    calls
}

/// The calls one item handed to each sub-flow costs, by sub-flow: every item runs it
/// once, so a sub-flow is worked out once however many steps call it or however deep.
type PerItem = std::collections::HashMap<crate::model::FlowId, BTreeMap<SystemId, f64>>;

/// Adds the calls a day of `flow` to `calls`: `per_day` items a day start it (for a
/// sub-flow: the items its callers hand it), in `runs_per_day` runs.
fn add_calls(
    flow: &Flow,
    workspace: &Workspace,
    per_day: f64,
    runs_per_day: f64,
    depth: usize,
    per_item: &mut PerItem,
    calls: &mut BTreeMap<SystemId, f64>,
) {
    let index = FlowIndex::new(flow);
    let mut items: BTreeMap<&crate::model::NodeId, f64> = BTreeMap::new();
    for node in topological_order(flow) {
        let incoming: f64 = index
            .wires_into(&node.id)
            .iter()
            .filter_map(|w| items.get(&w.from.node))
            .sum();
        let (out, cost) = match &node.step {
            Step::Trigger(Trigger::RecordEvent { .. } | Trigger::SubflowInput { .. }) => {
                (per_day, None)
            }
            Step::Trigger(_) => (runs_per_day, None),
            Step::Read {
                system,
                by: ReadBy::All | ReadBy::Query(_) | ReadBy::ChangedSinceLastRun,
                ..
            } => {
                let page = workspace
                    .system(system)
                    .ok()
                    .and_then(|s| workspace.connector_of(s).ok())
                    .map_or(DEFAULT_PAGE, |c| match c.pagination {
                        Pagination::PageNumber { max_size, .. } => f64::from(max_size.max(1)),
                        Pagination::Offset { max_limit, .. } => f64::from(max_limit.max(1)),
                        _ => DEFAULT_PAGE,
                    });
                let per_run = per_day / runs_per_day.max(f64::MIN_POSITIVE);
                (
                    per_day,
                    Some((system, runs_per_day * (per_run / page).ceil().max(1.0))),
                )
            }
            Step::Read {
                system,
                by: ReadBy::Key(_),
                ..
            } => (incoming, Some((system, incoming))),
            Step::Lookup { system, .. } | Step::Write { system, .. } => {
                (incoming, Some((system, incoming)))
            }
            Step::ForEach { .. } => (
                incoming * f64::from(workspace.policy.parameters.items_per_list),
                None,
            ),
            // Each item handed to a sub-flow runs it once; a call chain that comes
            // back on itself is refused by the checks and not followed here.
            Step::CallSubflow { subflow, .. } => {
                // No deeper than a run goes: `subflow-too-deep` says so.
                let too_deep = depth >= crate::subflow::MAX_DEPTH;
                if let Some(sub) = workspace.subflow(subflow).filter(|_| !too_deep) {
                    if !per_item.contains_key(subflow) {
                        // Marked first: a sub-flow calling itself adds nothing more.
                        per_item.insert(subflow.clone(), BTreeMap::new());
                        let mut one = BTreeMap::new();
                        add_calls(sub, workspace, 1.0, 1.0, depth + 1, per_item, &mut one);
                        per_item.insert(subflow.clone(), one);
                    }
                    for (system, n) in &per_item[subflow] {
                        *calls.entry(system.clone()).or_default() += n * incoming;
                    }
                }
                (incoming, None)
            }
            _ => (incoming, None),
        };
        items.insert(&node.id, out);
        if let Some((system, n)) = cost {
            *calls.entry(system.clone()).or_default() += n;
        }
    }
}

fn whole(n: f64) -> String {
    crate::governance::thousands(n.round() as u64)
}

impl WorkspaceRule for ApiBudget {
    fn code(&self) -> &'static str {
        "api-budget"
    }

    fn title(&self) -> &'static str {
        "API budget of a system"
    }

    fn explanation(&self) -> &'static str {
        "Most systems allow only so many API calls a day, shared by every integration. A flow that uses up the budget stops the others — and the sales reps or service desk working in that system."
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, flows: &[&Flow], workspace: &Workspace) -> Vec<(usize, Finding)> {
        let per_flow: Vec<BTreeMap<SystemId, f64>> =
            flows.iter().map(|f| calls_per_day(f, workspace)).collect();
        let mut out = Vec::new();
        for system in &workspace.landscape.systems {
            let Some(limit) = system.api_calls_per_day.filter(|l| *l > 0) else {
                continue;
            };
            let users: Vec<(usize, f64)> = per_flow
                .iter()
                .enumerate()
                .filter_map(|(i, calls)| calls.get(&system.id).map(|n| (i, *n)))
                .filter(|(_, n)| *n > 0.0)
                .collect();
            let total: f64 = users.iter().map(|(_, n)| n).sum();
            let share = total / limit as f64;
            if share < f64::from(workspace.policy.parameters.api_budget_warning_percent) / 100.0 {
                continue;
            }
            let (code, severity) = if share > 1.0 {
                (EXCEEDED, Severity::Error)
            } else {
                (self.code(), Severity::Warning)
            };
            let arithmetic = breakdown(&users, flows);
            for (i, n) in &users {
                out.push((
                    *i,
                    Finding::new(
                        code,
                        severity,
                        Location::Flow,
                        format!(
                            "{} would get about {} API calls a day, {:.0}% of its limit of {}: {} (this flow: {} a day; estimated from the catalog volumes, {} entries per list, every item passing filters)",
                            system.name,
                            whole(total),
                            share * 100.0,
                            whole(limit as f64),
                            arithmetic,
                            whole(*n),
                            workspace.policy.parameters.items_per_list
                        ),
                        format!(
                            "Read only what changed instead of everything, look up once per batch instead of per record, or ask {} for a larger limit.",
                            super::lens::who_to_ask(system)
                        ),
                    ),
                ));
            }
        }
        out
    }
}

/// The calls per flow, summed as a person would check them: every flow when there are a
/// few; the largest few and the rest together when there are many, so the message stays
/// readable (and the rule linear) in a workspace of a thousand flows.
fn breakdown(users: &[(usize, f64)], flows: &[&Flow]) -> String {
    const NAMED: usize = 3;
    let term = |(i, n): &(usize, f64)| format!("'{}' {}", flows[*i].name, whole(*n));
    if users.len() <= NAMED + 1 {
        return users.iter().map(term).collect::<Vec<_>>().join(" + ");
    }
    // Only the largest few need an order: pick them out without sorting everyone.
    let mut largest = users.to_vec();
    let by_calls = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    largest.select_nth_unstable_by(NAMED - 1, by_calls);
    largest[..NAMED].sort_by(by_calls);
    let rest: f64 = largest[NAMED..].iter().map(|(_, n)| n).sum();
    let named: Vec<String> = largest[..NAMED].iter().map(term).collect();
    format!(
        "{} + {} more flows {}",
        named.join(" + "),
        largest.len() - NAMED,
        whole(rest)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FlowId;

    fn flows(n: usize) -> Vec<Flow> {
        (0..n)
            .map(|i| {
                Flow::new(
                    FlowId::new(format!("f{i}")).expect("id"),
                    format!("Flow {i}"),
                )
            })
            .collect()
    }

    #[test]
    fn a_few_users_are_all_named_in_order() {
        let flows = flows(4);
        let refs: Vec<&Flow> = flows.iter().collect();
        let users = [(0, 10.0), (1, 2000.0), (2, 30.0), (3, 5.0)];
        assert_eq!(
            breakdown(&users, &refs),
            "'Flow 0' 10 + 'Flow 1' 2,000 + 'Flow 2' 30 + 'Flow 3' 5"
        );
    }

    #[test]
    fn many_users_name_the_three_largest_and_sum_the_rest() {
        let flows = flows(6);
        let refs: Vec<&Flow> = flows.iter().collect();
        let users = [
            (0, 10.0),
            (1, 50.0),
            (2, 30.0),
            (3, 5.0),
            (4, 40.0),
            (5, 40.0),
        ];
        assert_eq!(
            breakdown(&users, &refs),
            "'Flow 1' 50 + 'Flow 4' 40 + 'Flow 5' 40 + 3 more flows 45"
        );
    }
}
