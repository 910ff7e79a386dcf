//! What a call hands its sub-flow, in data classes: each declared input raised to the
//! class of what the call's formula computes it from. A sub-flow declaring its input as
//! merely internal still receives an e-mail address when a caller hands it one, and
//! gives it back through its outputs.
//!
//! The checks use this twice: the port schemas of a caller (`Raiser`, so what comes back
//! out of a call carries the classes of what went in) and the rule that checks each
//! sub-flow as its callers use it (`rules/through_calls.rs`).
//!
//! Distinct ways of raising a sub-flow's inputs are worked out once each, and only so
//! many: past [`PATTERNS`] in one check, every input of a sub-flow is raised to the
//! highest class handed to any of them. That errs on the side of finding too much, and
//! keeps a workspace built to have exponentially many ways (inputs swapped at every level)
//! from taking the check with it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::formula::analyze;
use crate::formula::check::Scope;
use crate::formula::sites::{self, Reads};
use crate::model::{Classification, Flow, FlowId, FlowIndex, Node, PortId, Step, Trigger};
use crate::workspace::{CallOutputs, FlowSchemas, PortSchema, Workspace};

/// How many ways of raising sub-flows' inputs one check works out exactly.
pub const PATTERNS: usize = 64;

/// The classes each declared input of sub-flow `sub` gets from a call with `inputs`
/// (field → formula) read in `scope` (the call's): the declared class, or higher.
pub fn classes_handed(
    sub: &Flow,
    inputs: &std::collections::BTreeMap<String, String>,
    scope: &dyn Scope,
) -> Vec<Classification> {
    sub.subflow_inputs()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            let handed = inputs
                .get(&f.name)
                .map_or(Classification::Public, |t| analyze(t, scope).classification);
            handed.max(f.classification)
        })
        .collect()
}

/// Past `PATTERNS` distinct ways, all inputs at the highest class among them.
pub fn coarsened(classes: Vec<Classification>, seen: usize) -> Vec<Classification> {
    if seen < PATTERNS {
        return classes;
    }
    let top = classes
        .iter()
        .copied()
        .max()
        .unwrap_or(Classification::Public);
    vec![top; classes.len()]
}

/// `sub` with its declared inputs at `classes` (in declaration order); `None` when that
/// changes nothing.
pub fn raised(sub: &Flow, classes: &[Classification]) -> Option<Flow> {
    let mut handed = sub.clone();
    let mut changed = false;
    for node in &mut handed.nodes {
        if let Step::Trigger(Trigger::SubflowInput { fields }) = &mut node.step {
            for (field, class) in fields.iter_mut().zip(classes) {
                if *class > field.classification {
                    field.classification = *class;
                    field.guessed = false;
                    changed = true;
                }
            }
        }
    }
    changed.then_some(handed)
}

type Outputs = Vec<(PortId, Arc<PortSchema>)>;

/// What each way of handing data to a sub-flow gives back, shared by a check's raisers.
type Known = Rc<RefCell<HashMap<(FlowId, Vec<Classification>), Rc<Outputs>>>>;

/// A caller's port schemas with what comes back out of each call: the sub-flow's output
/// fields, each at least as sensitive as what reached that output inside the sub-flow as
/// this call uses it.
pub struct Raiser<'w> {
    workspace: &'w Workspace,
    depth: usize,
    memo: Known,
}

impl<'w> Raiser<'w> {
    pub fn new(workspace: &'w Workspace) -> Raiser<'w> {
        Raiser {
            workspace,
            depth: 0,
            memo: Rc::default(),
        }
    }
}

impl CallOutputs for Raiser<'_> {
    fn outputs(&self, call: &Node, index: &FlowIndex, schemas: &FlowSchemas) -> Option<Outputs> {
        let Step::CallSubflow {
            subflow, inputs, ..
        } = &call.step
        else {
            return None;
        };
        if self.depth >= crate::subflow::MAX_DEPTH {
            return None;
        }
        let sub = self.workspace.subflow(subflow)?;
        let seen = self.memo.borrow().len();
        let scope = sites::scope(index, schemas, self.workspace, call, &Reads::Input);
        let classes = coarsened(classes_handed(sub, inputs, &scope), seen);
        let key = (subflow.clone(), classes.clone());
        if let Some(done) = self.memo.borrow().get(&key) {
            return Some(done.to_vec());
        }
        // Marked with the declared outputs first: a circle of calls ends here.
        let declared: Outputs = sub
            .subflow_outputs()
            .map(|(port, fields)| {
                let schema = PortSchema {
                    origin: None,
                    fields: fields.to_vec(),
                };
                (port.clone(), Arc::new(schema))
            })
            .collect();
        self.memo
            .borrow_mut()
            .insert(key.clone(), Rc::new(declared.clone()));
        let Some(handed) = raised(sub, &classes) else {
            return Some(declared);
        };
        let index = FlowIndex::new(&handed);
        let inner = Raiser {
            workspace: self.workspace,
            depth: self.depth + 1,
            memo: self.memo.clone(),
        };
        let schemas = FlowSchemas::infer_through(&handed, self.workspace, &index, Some(&inner));
        let outputs: Outputs = handed
            .nodes
            .iter()
            .filter_map(|n| match &n.step {
                Step::SubflowOutput { port, fields } => Some((n, port, fields)),
                _ => None,
            })
            .map(|(node, port, fields)| {
                let arriving = schemas.input(&node.id);
                let fields = fields
                    .iter()
                    .map(|f| {
                        let mut f = f.clone();
                        if let Some(came) = arriving.and_then(|a| a.field(&f.name)) {
                            f.classification = f.classification.max(came.classification);
                        }
                        f
                    })
                    .collect();
                let schema = PortSchema {
                    origin: None,
                    fields,
                };
                (port.clone(), Arc::new(schema))
            })
            .collect();
        self.memo.borrow_mut().insert(key, Rc::new(outputs.clone()));
        Some(outputs)
    }
}
