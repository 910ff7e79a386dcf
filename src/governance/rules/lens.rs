//! What rules see of a flow: its steps and wires, the workspace's registry, and the data
//! each step reads or writes, with every field's data class — for mapped fields the more
//! sensitive of the target field's class and the class of what its formula is computed
//! from.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::formula::sites::{self, Reads};
use crate::governance::CheckMemo;
use crate::model::{Classification, Field, Flow, FlowIndex, Node, NodeId, Step};
use crate::workspace::{FlowSchemas, System, Workspace};

pub struct Lens<'a> {
    pub flow: &'a Flow,
    pub workspace: &'a Workspace,
    pub index: &'a FlowIndex<'a>,
    pub schemas: &'a FlowSchemas,
    /// What each Write step sends, worked out once: several rules ask, and each answer
    /// means analysing the formulas of the Map that feeds it.
    written: RefCell<FxHashMap<NodeId, Vec<(String, Classification)>>>,
    /// What earlier checks of the flow kept (a fresh one for a one-off check).
    pub memo: &'a CheckMemo,
    /// The whole check of a flow, for rules that check the sub-flows a flow calls as
    /// this flow uses them (handed in, so the rules do not import the checks they are
    /// part of).
    pub check: Option<CheckFlow>,
}

/// The whole check of one flow (`governance::check_flow`).
pub type CheckFlow = fn(&Flow, Option<&Workspace>) -> Vec<crate::governance::Finding>;

impl<'a> Lens<'a> {
    pub fn new(
        flow: &'a Flow,
        workspace: &'a Workspace,
        index: &'a FlowIndex<'a>,
        schemas: &'a FlowSchemas,
        memo: &'a CheckMemo,
    ) -> Lens<'a> {
        Lens {
            flow,
            workspace,
            index,
            schemas,
            written: RefCell::default(),
            memo,
            check: None,
        }
    }

    /// The system a step works with, when it has one and the registry knows it.
    pub fn system_of(&self, node: &Node) -> Option<&'a System> {
        let (id, _) = node.step.system_object()?;
        self.workspace.landscape.system(id)
    }

    /// What to add to a finding about the classes of `names` when some of them were
    /// guessed by a connector import: where to confirm them. Empty when none was.
    pub fn guessed_note(&self, node: &Node, names: &[String]) -> String {
        let Some((system, object)) = node.step.system_object() else {
            return String::new();
        };
        let Ok(object) = self.workspace.object(system, object) else {
            return String::new();
        };
        let mut guessed = Vec::new();
        crate::model::visit_fields(&object.fields, "", &mut |name, f| {
            if f.guessed {
                guessed.push(name.to_owned());
            }
        });
        let named: Vec<&String> = guessed.iter().filter(|g| names.contains(g)).collect();
        if named.is_empty() {
            return String::new();
        }
        let connector = self
            .system_of(node)
            .map_or_else(String::new, |s| s.connector.clone());
        format!(
            " The class of {} was guessed from the field name — confirm it in connectors/{connector}.ron.",
            some_names(&named.into_iter().cloned().collect::<Vec<_>>())
        )
    }

    /// "the Sidewalk POS 'Sale taken at the till' step".
    pub fn describe(&self, node: &Node) -> String {
        let system = self
            .system_of(node)
            .map(|s| format!("{} ", s.name))
            .unwrap_or_default();
        format!("the {system}'{}' step", node.label.trim())
    }

    /// The fields a step brings into the flow from its system (triggers, reads and
    /// lookups fetch whole records), nested fields included, with their classes.
    pub fn fields_read(&self, node: &Node) -> Vec<(String, Classification)> {
        let (system, object) = match &node.step {
            Step::Trigger(_) | Step::Read { .. } | Step::Lookup { .. } => {
                match node.step.system_object() {
                    Some(so) => so,
                    None => return Vec::new(),
                }
            }
            _ => return Vec::new(),
        };
        let Ok(object) = self.workspace.object(system, object) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        flatten(&object.fields, "", &mut out);
        out
    }

    /// The fields a Write step sends to its system, with the class of the data in each:
    /// through a Map, what each formula is computed from counts as well.
    pub fn fields_written(&self, node: &Node) -> Vec<(String, Classification)> {
        if !matches!(node.step, Step::Write { .. }) {
            return Vec::new();
        }
        if let Some(known) = self.written.borrow().get(&node.id) {
            return known.clone();
        }
        let fields = self.work_out_fields_written(node);
        self.written
            .borrow_mut()
            .insert(node.id.clone(), fields.clone());
        fields
    }

    fn work_out_fields_written(&self, node: &Node) -> Vec<(String, Classification)> {
        let mut classes: BTreeMap<String, Classification> = BTreeMap::new();
        for wire in self.index.wires_into(&node.id) {
            let Some(source) = self.index.node(&wire.from.node) else {
                continue;
            };
            match &source.step {
                Step::Map { .. } => {
                    for site in sites::sites(source, Some(self.workspace)) {
                        let scope = sites::scope(
                            self.index,
                            self.schemas,
                            self.workspace,
                            source,
                            &Reads::Input,
                        );
                        let computed = self.memo.formulas.analyze(site.text, &scope).classification;
                        let target = match &site.expect {
                            sites::Expect::Field(f) => f.classification,
                            sites::Expect::Condition => Classification::Public,
                        };
                        let entry = classes
                            .entry(site.field.to_string())
                            .or_insert(Classification::Public);
                        *entry = (*entry).max(computed).max(target);
                    }
                }
                _ => {
                    if let Some(schema) = self.schemas.output(&wire.from) {
                        let mut flat = Vec::new();
                        flatten(&schema.fields, "", &mut flat);
                        for (name, class) in flat {
                            let entry = classes.entry(name).or_insert(Classification::Public);
                            *entry = (*entry).max(class);
                        }
                    }
                }
            }
        }
        classes.into_iter().collect()
    }
}

fn flatten(fields: &[Field], prefix: &str, out: &mut Vec<(String, Classification)>) {
    crate::model::visit_fields(fields, prefix, &mut |name, f| {
        out.push((name.to_owned(), f.classification));
    });
}

/// "CustomerEmail, CustomerPhone, CardLast4 and 3 more".
pub fn some_names(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1..=3 => {
            let v: Vec<&str> = names.iter().map(String::as_str).collect();
            crate::governance::structure::list_names(&v)
        }
        n => format!(
            "{}, {}, {} and {} more",
            names[0],
            names[1],
            names[2],
            n - 3
        ),
    }
}

/// "PII and PCI".
pub fn class_names(classes: &[Classification]) -> String {
    let mut sorted: Vec<Classification> = classes.to_vec();
    sorted.sort();
    sorted.dedup();
    let v: Vec<&str> = sorted.iter().map(|c| c.label()).collect();
    crate::governance::structure::list_names(&v)
}

/// "Retail Operations (retail-ops@riverton.example)", or IT when nobody owns it.
pub fn who_to_ask(system: &System) -> String {
    match &system.owner {
        Some(o) if !o.contact.is_empty() => format!("{} ({})", o.team, o.contact),
        Some(o) => o.team.clone(),
        None => "IT".into(),
    }
}
