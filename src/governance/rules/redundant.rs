//! `redundant-integration`: two flows of the workspace move the same data element from
//! the same source system to the same target system. Each is told about the other, by
//! name, so the two owners can agree which one stays.

use std::collections::{BTreeMap, BTreeSet, HashMap};

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

/// A source and a target system: with the data element, one job a flow does.
type Job<'s> = (&'s SystemId, &'s SystemId);

/// The flows doing any of a set of jobs: how many, and the first few with a job each.
type Union<'s> = (usize, Vec<(usize, Job<'s>)>);

/// Other flows named in a finding; the rest are counted.
const NAMED: usize = 3;

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
        // Flows by job (element, source, target): comparing within a job keeps the rule
        // linear in the number of flows, however many there are.
        let mut by_job: HashMap<(&str, &SystemId, &SystemId), Vec<usize>> = HashMap::new();
        for (i, m) in movements.iter().enumerate() {
            let Some(m) = m else { continue };
            for source in &m.sources {
                for target in &m.targets {
                    by_job
                        .entry((m.element.as_str(), *source, *target))
                        .or_default()
                        .push(i);
                }
            }
        }
        let name = |id: &SystemId| {
            workspace
                .landscape
                .system(id)
                .map_or_else(|| id.to_string(), |s| s.name.clone())
        };
        let mut unions: HashMap<(&str, Vec<Job>), Union> = HashMap::new();
        let mut out = Vec::new();
        for (i, mine) in movements.iter().enumerate() {
            let Some(mine) = mine else { continue };
            // The other flows doing one of this flow's jobs: how many, the first few (in
            // file order) and the job shared with the first.
            let jobs: Vec<(&SystemId, &SystemId)> = mine
                .sources
                .iter()
                .flat_map(|s| mine.targets.iter().map(move |t| (*s, *t)))
                .collect();
            let (count, named, (source, target)) = if let [(s, t)] = jobs[..] {
                // One job, as nearly every flow has: its group, less itself.
                let group = &by_job[&(mine.element.as_str(), s, t)];
                let named: Vec<usize> = group
                    .iter()
                    .copied()
                    .filter(|&j| j != i)
                    .take(NAMED)
                    .collect();
                (group.len() - 1, named, (s, t))
            } else {
                // Several jobs: a flow sharing more than one of them counts once. Flows
                // with the same jobs share one union, so copies of a flow stay linear.
                let (size, members) = unions
                    .entry((mine.element.as_str(), jobs.clone()))
                    .or_insert_with(|| {
                        let mut union: BTreeMap<usize, (&SystemId, &SystemId)> = BTreeMap::new();
                        for &(s, t) in &jobs {
                            for &j in &by_job[&(mine.element.as_str(), s, t)] {
                                union.entry(j).or_insert((s, t));
                            }
                        }
                        // Itself is in the union: one more than will be named.
                        let first: Vec<_> = union
                            .iter()
                            .take(NAMED + 1)
                            .map(|(&j, &p)| (j, p))
                            .collect();
                        (union.len(), first)
                    });
                let others: Vec<_> = members
                    .iter()
                    .filter(|(j, _)| *j != i)
                    .take(NAMED)
                    .collect();
                let Some(&&(_, pair)) = others.first() else {
                    continue;
                };
                (*size - 1, others.iter().map(|(j, _)| *j).collect(), pair)
            };
            let Some(&first) = named.first() else {
                continue;
            };
            let element = flows[i].catalog.data_element.clone().unwrap_or_default();
            let (message, fix) = if count == 1 {
                let other = flows[first];
                let owner = other
                    .owner
                    .as_ref()
                    .map_or_else(|| "its owner".to_owned(), |o| o.team.clone());
                (
                    format!(
                        "The flow '{}' (`{}`) also moves {element} from {} to {}: two integrations doing the same job",
                        other.name,
                        other.id,
                        name(source),
                        name(target)
                    ),
                    format!("Agree with {owner} which of the two stays, and retire the other."),
                )
            } else {
                let rest = count.saturating_sub(NAMED);
                let named: Vec<String> = named
                    .iter()
                    .map(|&j| format!("'{}' (`{}`)", flows[j].name, flows[j].id))
                    .collect();
                let list = if rest > 0 {
                    format!("{} and {rest} more", named.join(", "))
                } else {
                    let (last, before) = named.split_last().unwrap_or_else(|| unreachable!());
                    format!("{} and {last}", before.join(", "))
                };
                (
                    format!(
                        "{count} other flows also move {element} from {} to {}: the flows {list}; integrations doing the same job",
                        name(source),
                        name(target)
                    ),
                    "Agree with their owners which one stays, and retire the others.".to_owned(),
                )
            };
            out.push((
                i,
                Finding::new(
                    self.code(),
                    self.default_severity(),
                    Location::Flow,
                    message,
                    fix,
                ),
            ));
        }
        out
    }
}
