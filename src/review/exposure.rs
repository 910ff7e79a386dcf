//! Data exposure: which classes of personal data (PII, PHI, PCI) a flow's Write steps
//! send to which systems, and how that differs between two versions. The classes come
//! from governance's own analysis of what each Write sends (a value computed from an
//! e-mail address is personal data too), so the diff and the checks never disagree.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

use crate::governance::CheckMemo;
use crate::governance::rules::Lens;
use crate::governance::structure::Context;
use crate::model::{Classification, Flow, Step, SystemId};
use crate::workspace::Workspace;

/// One class of personal data reaching one system, and through which fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exposure {
    pub class: Classification,
    pub system: SystemId,
    /// The system's name in the registry.
    pub system_name: String,
    /// The fields written that carry it (in the version where it reaches the system).
    pub fields: Vec<String>,
}

impl Exposure {
    /// "PII reaches Sidewalk POS (CustomerEmail, CustomerName)".
    pub fn describe(&self, verb: &str) -> String {
        format!(
            "{} {verb} {} ({})",
            self.class.label(),
            self.system_name,
            self.fields.join(", ")
        )
    }
}

/// How a change moves personal data: classes that now reach a system they did not reach
/// before, and the reverse.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExposureDelta {
    pub now_reaches: Vec<Exposure>,
    pub no_longer_reaches: Vec<Exposure>,
}

impl ExposureDelta {
    pub fn is_empty(&self) -> bool {
        self.now_reaches.is_empty() && self.no_longer_reaches.is_empty()
    }
}

type Reach = BTreeMap<(SystemId, Classification), BTreeSet<String>>;

/// Which personal data each system receives from `flow`, by system and class.
pub fn exposure(flow: &Flow, workspace: &Workspace) -> Vec<Exposure> {
    to_list(&reach(flow, workspace), workspace)
}

fn reach(flow: &Flow, workspace: &Workspace) -> Reach {
    let cx = Context::new(flow, Some(workspace));
    let mut out = Reach::new();
    let Some(schemas) = cx.schemas.as_ref() else {
        return out;
    };
    let memo = CheckMemo::one_off();
    let lens = Lens::new(flow, workspace, &cx.index, schemas, &memo);
    for node in flow
        .nodes
        .iter()
        .filter(|n| matches!(n.step, Step::Write { .. }))
    {
        let Some(system) = lens.system_of(node) else {
            continue;
        };
        for (field, class) in lens.fields_written(node) {
            if class.is_personal() {
                out.entry((system.id.clone(), class))
                    .or_default()
                    .insert(field);
            }
        }
    }
    out
}

fn to_list(reach: &Reach, workspace: &Workspace) -> Vec<Exposure> {
    reach
        .iter()
        .map(|((system, class), fields)| Exposure {
            class: *class,
            system: system.clone(),
            system_name: workspace
                .landscape
                .system(system)
                .map_or_else(|| system.to_string(), |s| s.name.clone()),
            fields: fields.iter().cloned().collect(),
        })
        .collect()
}

/// What the change from `old` to `new` does to the personal data each system receives.
pub fn exposure_delta(old: &Flow, new: &Flow, workspace: &Workspace) -> ExposureDelta {
    let (was, now) = (reach(old, workspace), reach(new, workspace));
    let only = |a: &Reach, b: &Reach| -> Reach {
        a.iter()
            .filter(|(k, _)| !b.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    ExposureDelta {
        now_reaches: to_list(&only(&now, &was), workspace),
        no_longer_reaches: to_list(&only(&was, &now), workspace),
    }
}
