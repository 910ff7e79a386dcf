//! What a Map step makes of records, cell by cell: the mapping preview the designer shows
//! as a table and `switchboard map` streams. A cell that fails shows its own error; the
//! others in its row still show their values. Also the auto-map suggestion.

use std::borrow::Cow;
use std::collections::HashMap;

pub use super::automap::automap;
use super::check::{Level, Problem, analyze};
use super::eval::{Env, EvalError, Inputs, Program, Slot};
use super::sites::{self, Reads};
use super::types::Type;
use super::value::Value;
use crate::model::{Field, Flow, FlowIndex, NodeId, Record, Step};
use crate::workspace::{FlowSchemas, Workspace};

/// One target field of the map: its definition and its formula, checked.
#[derive(Clone, Debug)]
pub struct Column {
    pub field: Field,
    /// The formula, or `None` when the field is not mapped (shown for required fields).
    pub formula: Option<String>,
    pub problems: Vec<Problem>,
    program: Option<Program>,
}

/// One cell of the preview.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Value(Value),
    /// Evaluating this cell's formula failed on this record.
    Error(EvalError),
    /// The formula has errors, so it was not evaluated (see the column's problems).
    NotChecked,
    /// A required field with no formula.
    Unmapped,
}

/// A Map step compiled once, ready to run over any number of records.
#[derive(Clone, Debug)]
pub struct CompiledMap {
    pub columns: Vec<Column>,
    /// The input fields every formula reads, each with the type it is read as, in slot
    /// order; `None` when a formula reads a nested path or another step's output.
    slots: Option<Vec<(String, Type)>>,
}

/// Why a map cannot be compiled at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    #[error("the flow has no step with the id `{0}`")]
    NoSuchNode(String),
    #[error("the step `{0}` is a {1} step, not a Map step")]
    NotAMap(String, &'static str),
    #[error("{0}")]
    UnknownTarget(String),
}

impl CompiledMap {
    /// Checks and compiles every mapping of the Map step `node` in `flow`.
    pub fn new(flow: &Flow, workspace: &Workspace, node: &NodeId) -> Result<CompiledMap, MapError> {
        let index = FlowIndex::new(flow);
        let schemas = FlowSchemas::infer(flow, workspace);
        CompiledMap::with(&index, &schemas, workspace, node)
    }

    /// [`CompiledMap::new`] with the flow's index and port schemas already built (a test
    /// run compiles every Map step of a flow, and infers the schemas once for all).
    pub fn with(
        index: &FlowIndex,
        schemas: &FlowSchemas,
        workspace: &Workspace,
        node: &NodeId,
    ) -> Result<CompiledMap, MapError> {
        let step = index
            .node(node)
            .ok_or_else(|| MapError::NoSuchNode(node.to_string()))?;
        let Step::Map { target, mappings } = &step.step else {
            return Err(MapError::NotAMap(node.to_string(), step.step.kind_name()));
        };
        let object = workspace
            .object(&target.system, &target.object)
            .map_err(|e| MapError::UnknownTarget(e.to_string()))?;
        let scope = sites::scope(index, schemas, workspace, step, &Reads::Input);
        let mut columns: Vec<Column> = object
            .fields
            .iter()
            .filter(|f| f.required || mappings.contains_key(&f.name))
            .map(|field| match mappings.get(&field.name) {
                Some(text) => {
                    let mut analysis = analyze(text, &scope);
                    if analysis.errors().next().is_none() {
                        analysis.check_target(text, field);
                    }
                    let program = analysis.program().cloned();
                    Column {
                        field: field.clone(),
                        formula: Some(text.clone()),
                        problems: analysis.problems,
                        program,
                    }
                }
                None => Column {
                    field: field.clone(),
                    formula: None,
                    problems: Vec::new(),
                    program: None,
                },
            })
            .collect();
        let mut slots = Vec::new();
        let bound = columns
            .iter_mut()
            .filter_map(|c| c.program.as_mut())
            .fold(true, |all, p| all & p.bind_slots(&mut slots));
        Ok(CompiledMap {
            columns,
            slots: bound.then_some(slots),
        })
    }

    /// The input fields a reader fills for [`CompiledMap::run_slots`], in order, each with
    /// the type its formulas read it as; `None` when that path is not available (a formula
    /// reads a nested field or another step's output) and [`CompiledMap::run`] is needed.
    pub fn slots(&self) -> Option<&[(String, Type)]> {
        self.slots.as_deref()
    }

    /// Evaluates every checked formula over one record given as slots (see
    /// [`CompiledMap::slots`]), handing each column's result to `cell` in column order.
    /// Columns without a checked formula are skipped. A constant or a field passed
    /// through comes back borrowed, so nothing is copied that need not be. `cell` gets the
    /// column's index in [`CompiledMap::columns`] too.
    pub fn run_slots<'a>(
        &'a self,
        slots: &'a [Slot],
        env: &'a Env,
        mut cell: impl FnMut(usize, &'a Column, Result<Cow<'a, Value>, EvalError>),
    ) {
        for (i, column) in self.columns.iter().enumerate() {
            if let Some(program) = &column.program {
                cell(i, column, program.eval_slots(slots, env));
            }
        }
    }

    /// The output cells for one input record, in column order.
    pub fn run(&self, record: &Record, nodes: &HashMap<String, Record>, env: &Env) -> Vec<Cell> {
        let inputs = Inputs { record, nodes };
        self.columns
            .iter()
            .map(|column| match (&column.program, &column.formula) {
                (Some(program), _) => match program.eval(&inputs, env) {
                    Ok(v) => Cell::Value(v),
                    Err(e) => Cell::Error(e),
                },
                (None, Some(_)) => Cell::NotChecked,
                (None, None) => Cell::Unmapped,
            })
            .collect()
    }

    /// The preview table: one row of cells per input record.
    pub fn preview(&self, records: &[Record], env: &Env) -> Vec<Vec<Cell>> {
        let nodes = HashMap::new();
        records.iter().map(|r| self.run(r, &nodes, env)).collect()
    }

    /// The top-level fields of the input records the formulas read: a reader may skip the
    /// rest of each record.
    pub fn reads(&self) -> std::collections::BTreeSet<String> {
        self.columns
            .iter()
            .filter_map(|c| c.program.as_ref())
            .flat_map(Program::input_fields)
            .collect()
    }

    /// The ids of other steps the formulas read.
    pub fn node_refs(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .columns
            .iter()
            .filter_map(|c| c.program.as_ref())
            .flat_map(Program::node_refs)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether any formula has an error (the preview then shows those columns unevaluated).
    pub fn has_errors(&self) -> bool {
        self.columns
            .iter()
            .any(|c| c.problems.iter().any(|p| p.level == Level::Error))
    }
}
