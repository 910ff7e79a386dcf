//! Each step's formulas compiled once before a run, so items are evaluated without
//! parsing or resolving names again.

use std::collections::HashMap;

use crate::formula::preview::CompiledMap;
use crate::formula::sites;
use crate::formula::{Program, analyze};
use crate::model::{Flow, FlowIndex, Node, NodeId};
use crate::workspace::{FlowSchemas, Workspace};

/// One step's compiled formulas.
pub struct CompiledStep {
    /// By setting (`condition`, `key`, `by`, a branch case's port).
    pub programs: HashMap<String, Program>,
    /// Settings whose formula does not compile, with why (the step fails on every item).
    pub broken: Vec<String>,
    pub map: Option<CompiledMap>,
    /// Other steps whose outputs the formulas read.
    pub reads_nodes: Vec<String>,
}

pub fn compile(flow: &Flow, workspace: &Workspace) -> HashMap<NodeId, CompiledStep> {
    let index = FlowIndex::new(flow);
    let schemas = FlowSchemas::infer(flow, workspace);
    flow.nodes
        .iter()
        .map(|node| {
            (
                node.id.clone(),
                compile_step(workspace, &index, &schemas, node),
            )
        })
        .collect()
}

fn compile_step(
    workspace: &Workspace,
    index: &FlowIndex,
    schemas: &FlowSchemas,
    node: &Node,
) -> CompiledStep {
    let mut step = CompiledStep {
        programs: HashMap::new(),
        broken: Vec::new(),
        map: None,
        reads_nodes: Vec::new(),
    };
    if matches!(node.step, crate::model::Step::Map { .. }) {
        match CompiledMap::with(index, schemas, workspace, &node.id) {
            Ok(map) => {
                for column in &map.columns {
                    if let Some(problem) = column
                        .problems
                        .iter()
                        .find(|p| p.level == crate::formula::Level::Error)
                    {
                        step.broken.push(format!(
                            "the formula for {}: {}",
                            column.field.name, problem.message
                        ));
                    }
                }
                step.reads_nodes.extend(map.node_refs());
                step.map = Some(map);
            }
            Err(e) => step.broken.push(e.to_string()),
        }
        return step;
    }
    for site in sites::sites(node, Some(workspace)) {
        let scope = sites::scope(index, schemas, workspace, node, &site.reads);
        let analysis = analyze(site.text, &scope);
        match analysis.program() {
            Some(program) => {
                step.reads_nodes.extend(program.node_refs());
                step.programs
                    .insert(site.field.to_string(), program.clone());
            }
            None => {
                let why = analysis
                    .errors()
                    .next()
                    .map_or_else(|| "it does not compile".to_owned(), |p| p.message.clone());
                step.broken
                    .push(format!("{}: {why}", setting_words(&site.field)));
            }
        }
    }
    step.reads_nodes.sort();
    step.reads_nodes.dedup();
    step
}

/// A step's setting as the user knows it: `by` is "the formula choosing the records",
/// a branch case's port is "the condition of path parks".
pub fn setting_words(setting: &str) -> String {
    match setting {
        "condition" => "the condition".into(),
        "key" => "the key formula".into(),
        "by" => "the formula choosing the records".into(),
        "list" => "the list to go through".into(),
        port => format!("the condition of path {port}"),
    }
}
