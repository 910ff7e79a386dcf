//! The integration catalog: one row per data element a flow moves from a source system to
//! a target system, derived from the flows and the registry every time, so it is never
//! stale. Its columns are the ones IT's catalog has always had.

use crate::model::{Flow, Frequency, RecordEvent, Schedule, Step, SyncType, Trigger};
use crate::workspace::{Protocol, System, Workspace};

use super::{Finding, check_flow, rules};

/// The catalog's columns, in order.
pub const COLUMNS: [&str; 13] = [
    "Data Element",
    "Source System",
    "Source System Owner",
    "Target System",
    "Target System Owner",
    "New Records Per Month",
    "Changed Records Per Month",
    "Update Frequency",
    "Synchronization Type",
    "Trigger",
    "Integration Method",
    "Security Concerns",
    "Additional Notes",
];

/// A catalog's security concerns: data exposure, and a system nobody answers for.
fn is_concern(f: &Finding) -> bool {
    f.is_security() || f.code == "system-without-owner"
}

/// One catalog row, the cells in [`COLUMNS`] order.
pub type Row = [String; 13];

/// The catalog of every flow, sorted by data element, source, target and flow.
pub fn catalog(flows: &[&Flow], workspace: &Workspace) -> Vec<Row> {
    let mut rows = Vec::new();
    for flow in flows {
        // A sub-flow moves nothing on its own: its rows are its callers'.
        if crate::model::FlowKind::of(flow) == crate::model::FlowKind::Subflow {
            continue;
        }
        let findings = check_flow(flow, Some(workspace));
        let (sources, targets) = ends(flow, workspace);
        for source in &sources {
            for target in &targets {
                rows.push(row(flow, source, target, &findings, workspace));
            }
        }
    }
    rows.sort();
    rows
}

/// The systems a flow takes records from (triggers and reads) and writes to, through
/// the sub-flows it calls too.
fn ends<'a>(flow: &Flow, workspace: &'a Workspace) -> (Vec<&'a System>, Vec<&'a System>) {
    let (mut sources, mut targets) = (Vec::new(), Vec::new());
    let called = crate::subflow::called_transitively(flow, workspace);
    let steps = flow
        .nodes
        .iter()
        .chain(called.values().flat_map(|sub| sub.nodes.iter()));
    for node in steps {
        let (list, system) = match &node.step {
            Step::Trigger(Trigger::RecordEvent { system, .. }) | Step::Read { system, .. } => {
                (&mut sources, system)
            }
            Step::Write { system, .. } => (&mut targets, system),
            _ => continue,
        };
        if let Some(s) = workspace.landscape.system(system)
            && !list.iter().any(|x: &&System| x.id == s.id)
        {
            list.push(s);
        }
    }
    (sources, targets)
}

fn owner(system: &System) -> String {
    match &system.owner {
        Some(o) if o.contact.is_empty() => o.team.clone(),
        Some(o) => format!("{} ({})", o.team, o.contact),
        None => "(none recorded)".into(),
    }
}

/// "Real time", "Every 15 minutes", "Daily": a frequency as the catalog writes it.
pub fn frequency(f: Option<Frequency>) -> String {
    match f {
        None => String::new(),
        Some(Frequency::RealTime) => "Real time".into(),
        Some(Frequency::EveryMinutes(m)) => format!("Every {m} minutes"),
        Some(Frequency::Hourly) => "Hourly".into(),
        Some(Frequency::Daily) => "Daily".into(),
        Some(Frequency::Weekly) => "Weekly".into(),
        Some(Frequency::Monthly) => "Monthly".into(),
        Some(Frequency::OnDemand) => "On demand".into(),
    }
}

fn trigger(flow: &Flow, workspace: &Workspace) -> String {
    let Some(node) = flow.triggers().next() else {
        return String::new();
    };
    match &node.step {
        Step::Trigger(Trigger::RecordEvent {
            system,
            object,
            event,
            ..
        }) => {
            let name = workspace
                .landscape
                .system(system)
                .map_or(system.as_str(), |s| s.name.as_str());
            let object = workspace
                .object(system, object)
                .map_or(object.as_str(), |o| o.display_name());
            let verb = match event {
                RecordEvent::Created => "created",
                RecordEvent::Updated => "updated",
                RecordEvent::Deleted => "deleted",
            };
            format!("{object} {verb} in {name}")
        }
        Step::Trigger(Trigger::Schedule(s)) => match s {
            Schedule::EveryMinutes(m) => format!("Every {m} minutes"),
            Schedule::EveryHours(h) => format!("Every {h} hours"),
            Schedule::Daily { at } => format!("Daily at {at}"),
            Schedule::Weekly { day, at } => format!("Weekly on {day:?} at {at}"),
        },
        Step::Trigger(Trigger::Webhook { path, .. }) => format!("Webhook {path}"),
        Step::Trigger(Trigger::Manual { .. }) => "Started by hand".into(),
        _ => String::new(),
    }
}

fn method(system: &System, workspace: &Workspace) -> &'static str {
    match workspace.connector_of(system).map(|c| c.protocol) {
        Ok(Protocol::Http) => "API",
        Ok(Protocol::FileDrop) => "File drop",
        Ok(Protocol::Sqlite) => "Database",
        Err(_) => "Unknown",
    }
}

fn row(
    flow: &Flow,
    source: &System,
    target: &System,
    findings: &[Finding],
    workspace: &Workspace,
) -> Row {
    // A concern belongs to this row when it is about the flow as a whole or about a step
    // on this row's source or target.
    let about_this_row = |f: &&Finding| match f.location.node().and_then(|id| flow.node(id)) {
        None => true,
        Some(node) => node
            .step
            .system_object()
            .is_some_and(|(id, _)| *id == source.id || *id == target.id),
    };
    let mut concerns: Vec<&str> = findings
        .iter()
        .filter(|f| is_concern(f))
        .filter(about_this_row)
        .filter_map(|f| rules::by_code(&f.code).map(|r| r.title()))
        .collect();
    concerns.sort_unstable();
    concerns.dedup();
    let catalog = &flow.catalog;
    let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut notes = if catalog.notes.is_empty() {
        format!("Flow '{}' ({})", flow.name, flow.id)
    } else {
        format!("Flow '{}' ({}): {}", flow.name, flow.id, catalog.notes)
    };
    let through: Vec<String> = crate::subflow::called_transitively(flow, workspace)
        .values()
        .map(|sub| format!("'{}' ({})", sub.name, sub.id))
        .collect();
    if !through.is_empty() {
        notes.push_str(&format!("; through the sub-flows {}", through.join(", ")));
    }
    [
        catalog.data_element.clone().unwrap_or_default(),
        source.name.clone(),
        owner(source),
        target.name.clone(),
        owner(target),
        number(catalog.new_records_per_month),
        number(catalog.changed_records_per_month),
        frequency(catalog.frequency),
        match catalog.sync {
            Some(SyncType::Full) => "Full".into(),
            Some(SyncType::Delta) => "Delta".into(),
            None => String::new(),
        },
        trigger(flow, workspace),
        format!(
            "{} to {}",
            method(source, workspace),
            method(target, workspace)
        ),
        concerns.join("; "),
        notes,
    ]
}
