//! "Save as template": a flow's systems become placeholders named after their kind
//! (`crm`, `erp`; `crm_2` for a second CRM), each asking for a system of that kind.

use std::collections::BTreeMap;

use super::shape::{Placeholder, TEMPLATE_FORMAT, Template, for_each_system};
use crate::model::{Flow, SystemId};
use crate::workspace::{SystemKind, Workspace};

/// A template of `flow`, its systems (as `workspace` knows them) made placeholders.
pub fn from_flow(flow: &Flow, workspace: &Workspace) -> Template {
    let mut used: Vec<SystemId> = Vec::new();
    let mut flow = flow.clone();
    for_each_system(&mut flow, |s| {
        if !used.contains(s) {
            used.push(s.clone());
        }
    });
    let mut names: BTreeMap<SystemId, Placeholder> = BTreeMap::new();
    let mut taken: BTreeMap<&'static str, usize> = BTreeMap::new();
    for id in &used {
        let system = workspace.landscape.system(id);
        let kind = system.map_or(SystemKind::Other, |s| s.kind);
        let n = taken.entry(kind.slug()).or_default();
        *n += 1;
        let name = if *n == 1 {
            kind.slug().to_owned()
        } else {
            format!("{}_{n}", kind.slug())
        };
        // Short, for a form: which one it was is in the flow the template came from.
        let label = if *n == 1 {
            format!("Your {}", kind.words())
        } else {
            format!("Your {} ({n})", kind.words())
        };
        if let Ok(name) = SystemId::new(name) {
            names.insert(id.clone(), Placeholder { name, label, kind });
        }
    }
    for_each_system(&mut flow, |s| {
        if let Some(p) = names.get(s) {
            *s = p.name.clone();
        }
    });
    flow.owner = None;
    let mut placeholders: Vec<Placeholder> = used
        .iter()
        .filter_map(|id| names.get(id).cloned())
        .collect();
    placeholders.dedup();
    Template {
        format: TEMPLATE_FORMAT,
        title: flow.name.clone(),
        description: flow.description.clone(),
        placeholders,
        flow,
    }
}
