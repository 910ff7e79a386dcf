//! `redundant-integration`: two flows of the workspace move the same data element from
//! the same source system to the same target system. Each is told about the other, by
//! name, so the two owners can agree which one stays.

use std::collections::BTreeSet;

use super::WorkspaceRule;
use crate::governance::{Finding, Location, Severity};
use crate::model::{Flow, Step, SystemId, Trigger};
use crate::workspace::Workspace;

pub struct RedundantIntegration;

/// What a flow moves, for comparing flows: its data element, the systems it takes
/// records from (triggers and reads; lookups only enrich) and the systems it writes to.
struct Movement<'a> {
    element: String,
    sources: BTreeSet<&'a SystemId>,
    targets: BTreeSet<&'a SystemId>,
}

fn movement(flow: &Flow) -> Option<Movement<'_>> {
    let element = flow.catalog.data_element.as_deref()?.trim().to_lowercase();
    let mut sources = BTreeSet::new();
    let mut targets = BTreeSet::new();
    for node in &flow.nodes {
        match &node.step {
            Step::Trigger(Trigger::RecordEvent { system, .. }) | Step::Read { system, .. } => {
                sources.insert(system);
            }
            Step::Write { system, .. } => {
                targets.insert(system);
            }
            _ => {}
        }
    }
    (!element.is_empty() && !sources.is_empty() && !targets.is_empty()).then_some(Movement {
        element,
        sources,
        targets,
    })
}

impl WorkspaceRule for RedundantIntegration {
    fn code(&self) -> &'static str {
        "redundant-integration"
    }

    fn title(&self) -> &'static str {
        "Two integrations doing the same job"
    }

    fn explanation(&self) -> &'static str {
        "When two flows move the same data from the same system to the same system, they overwrite each other, double the API load, and both must be changed when anything changes."
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, flows: &[&Flow], workspace: &Workspace) -> Vec<(usize, Finding)> {
        let movements: Vec<_> = flows.iter().map(|f| movement(f)).collect();
        let name = |id: &SystemId| {
            workspace
                .landscape
                .system(id)
                .map_or_else(|| id.to_string(), |s| s.name.clone())
        };
        let mut out = Vec::new();
        for (i, mine) in movements.iter().enumerate() {
            let Some(mine) = mine else { continue };
            for (j, theirs) in movements.iter().enumerate() {
                let Some(theirs) = theirs else { continue };
                if i == j || mine.element != theirs.element {
                    continue;
                }
                let Some(source) = mine.sources.intersection(&theirs.sources).next() else {
                    continue;
                };
                let Some(target) = mine.targets.intersection(&theirs.targets).next() else {
                    continue;
                };
                let other = flows[j];
                let element = flows[i].catalog.data_element.clone().unwrap_or_default();
                let owner = other
                    .owner
                    .as_ref()
                    .map_or_else(|| "its owner".to_owned(), |o| o.team.clone());
                out.push((
                    i,
                    Finding::new(
                        self.code(),
                        self.default_severity(),
                        Location::Flow,
                        format!(
                            "The flow '{}' (`{}`) also moves {element} from {} to {}: two integrations doing the same job",
                            other.name,
                            other.id,
                            name(source),
                            name(target)
                        ),
                        format!("Agree with {owner} which of the two stays, and retire the other."),
                    ),
                ));
            }
        }
        out
    }
}
