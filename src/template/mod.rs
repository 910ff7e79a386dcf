//! Templates: flows to start from, with placeholders for the systems they connect. A
//! template is a flow whose system ids are placeholder names (`crm`, `erp`), each
//! declared with the kind of system it stands for; instantiating it puts the workspace's
//! systems in their place. Templates ship in `assets/templates/` and a workspace adds its
//! own in `templates/NAME.template.ron`; "save as template" ([`from_flow`]) turns a flow
//! into one, its systems becoming placeholders.

mod from_flow;
mod shape;

pub use from_flow::from_flow;
pub use shape::{Placeholder, TEMPLATE_FORMAT, Template, for_each_system};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::model::{Flow, FlowId, SystemId};
use crate::workspace::Workspace;

/// A template file's name ends so: `won-deal-to-erp.template.ron`.
pub const TEMPLATE_SUFFIX: &str = ".template.ron";
/// Where a workspace keeps its own templates.
pub const TEMPLATES_DIR: &str = "templates";

/// The templates that ship with Switchboard: the stories it is built for.
const SHIPPED: &[(&str, &str)] = &[
    (
        "won-deal-to-erp-reservation",
        include_str!("../../assets/templates/won-deal-to-erp-reservation.template.ron"),
    ),
    (
        "marketing-lead-to-crm-lead",
        include_str!("../../assets/templates/marketing-lead-to-crm-lead.template.ron"),
    ),
    (
        "nightly-stock-copy-to-crm",
        include_str!("../../assets/templates/nightly-stock-copy-to-crm.template.ron"),
    ),
    (
        "request-to-service-desk",
        include_str!("../../assets/templates/request-to-service-desk.template.ron"),
    ),
    (
        "pos-sale-to-crm-contact",
        include_str!("../../assets/templates/pos-sale-to-crm-contact.template.ron"),
    ),
    (
        "nightly-pos-sales-to-reporting",
        include_str!("../../assets/templates/nightly-pos-sales-to-reporting.template.ron"),
    ),
];

/// A template by name, and where it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    pub name: String,
    /// `None` for a shipped template.
    pub path: Option<PathBuf>,
    pub template: Template,
}

/// The shipped templates and the workspace's own (a workspace template of the same name
/// replaces a shipped one), sorted by name; files that could not be read, with why.
pub fn all(workspace_root: Option<&Path>) -> (Vec<Named>, Vec<String>) {
    let mut by_name: BTreeMap<String, Named> = BTreeMap::new();
    let mut problems = Vec::new();
    for (name, text) in SHIPPED {
        match ron::from_str::<Template>(text) {
            Ok(template) => {
                by_name.insert(
                    (*name).into(),
                    Named {
                        name: (*name).into(),
                        path: None,
                        template,
                    },
                );
            }
            Err(e) => problems.push(format!("the shipped template {name} is broken: {e}")),
        }
    }
    if let Some(root) = workspace_root {
        for path in own_template_files(root) {
            let name = path
                .file_name()
                .map(|n| {
                    n.to_string_lossy()
                        .trim_end_matches(TEMPLATE_SUFFIX)
                        .to_owned()
                })
                .unwrap_or_default();
            match crate::store::load_document::<Template>(&path) {
                Ok(template) => {
                    by_name.insert(
                        name.clone(),
                        Named {
                            name,
                            path: Some(path),
                            template,
                        },
                    );
                }
                Err(e) => problems.push(e.to_string()),
            }
        }
    }
    (by_name.into_values().collect(), problems)
}

fn own_template_files(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join(TEMPLATES_DIR)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().ends_with(TEMPLATE_SUFFIX))
        })
        .collect();
    files.sort();
    files
}

/// Which system of `workspace` each placeholder stands for: the one given in `chosen`
/// (by placeholder name), else the workspace's only system of that kind. Every problem
/// is said, each in a line.
pub fn choose_systems(
    template: &Template,
    workspace: &Workspace,
    chosen: &BTreeMap<String, String>,
) -> Result<BTreeMap<SystemId, SystemId>, Vec<String>> {
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    for unknown in chosen.keys().filter(|k| {
        !template
            .placeholders
            .iter()
            .any(|p| p.name.as_str() == k.as_str())
    }) {
        let names: Vec<&str> = template
            .placeholders
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        problems.push(format!(
            "the template has no placeholder {unknown} (it has {})",
            names.join(", ")
        ));
    }
    for p in &template.placeholders {
        let of_kind: Vec<&crate::workspace::System> = workspace
            .landscape
            .systems
            .iter()
            .filter(|s| s.kind == p.kind)
            .collect();
        let ids = || {
            of_kind
                .iter()
                .map(|s| s.id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match chosen.get(p.name.as_str()) {
            Some(value) => match of_kind.iter().find(|s| s.id.as_str() == value) {
                Some(s) => {
                    out.insert(p.name.clone(), s.id.clone());
                }
                None => problems.push(format!(
                    "{} ({}) must be a {} system of the workspace: {value} is not one; the workspace has {}",
                    p.name,
                    p.label,
                    p.kind.words(),
                    if of_kind.is_empty() { "none".into() } else { ids() }
                )),
            },
            None if of_kind.len() == 1 => {
                out.insert(p.name.clone(), of_kind[0].id.clone());
            }
            None if of_kind.is_empty() => problems.push(format!(
                "{} ({}) needs a {} system, and the workspace has none: add one to systems.ron",
                p.name,
                p.label,
                p.kind.words()
            )),
            None => problems.push(format!(
                "{} ({}): the workspace has several {} systems, {}; say which with --set {}=ID",
                p.name,
                p.label,
                p.kind.words(),
                ids(),
                p.name
            )),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The template's flow with `systems` in the placeholders' places, as flow `id`.
pub fn instantiate(
    template: &Template,
    systems: &BTreeMap<SystemId, SystemId>,
    id: FlowId,
) -> Flow {
    let mut flow = template.flow.clone();
    flow.id = id;
    for_each_system(&mut flow, |system| {
        if let Some(chosen) = systems.get(system) {
            *system = chosen.clone();
        }
    });
    flow
}
