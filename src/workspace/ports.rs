//! The record schema on every port of a flow, derived before anything runs from the
//! connector manifests: what a trigger emits, what a lookup adds, what a map builds.
//!
//! Formulas are type-checked against these schemas, the canvas colours pins by them and
//! structural checks compare them across wires. Unknown systems or objects give an empty
//! schema here; the reference checks report them.

use rustc_hash::FxHashMap;
use std::sync::Arc;

use super::Workspace;
use crate::model::{
    Field, FieldType, Flow, FlowIndex, Node, NodeId, ObjectRef, PortRef, Step, SystemId, Trigger,
};

/// The records on one port.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PortSchema {
    /// The system object these records are (or were mapped to), if they are one.
    pub origin: Option<ObjectRef>,
    pub fields: Vec<Field>,
}

impl PortSchema {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// The schemas of one flow's ports. Schemas are shared: a filter or branch passes its
/// input's schema on, and every step on the same object uses one copy of its fields, so
/// inferring a long flow allocates per lookup and map, not per node.
#[derive(Clone, Debug, Default)]
pub struct FlowSchemas {
    outputs: FxHashMap<PortRef, Arc<PortSchema>>,
    inputs: FxHashMap<NodeId, Arc<PortSchema>>,
}

impl FlowSchemas {
    /// Derives every port's schema. Nodes are visited in wire order from the trigger;
    /// nodes on a cycle or fed by nothing see an empty input.
    pub fn infer(flow: &Flow, workspace: &Workspace) -> FlowSchemas {
        FlowSchemas::infer_indexed(flow, workspace, &FlowIndex::new(flow))
    }

    /// [`FlowSchemas::infer`] with the flow's index already built (the checks build one).
    pub fn infer_indexed(flow: &Flow, workspace: &Workspace, index: &FlowIndex) -> FlowSchemas {
        FlowSchemas::infer_through(flow, workspace, index, None)
    }

    /// [`FlowSchemas::infer_indexed`], a call's outputs given by `calls` when it knows
    /// them (the checks work out what a call hands its sub-flow and so what comes back);
    /// else they are the sub-flow's declared output fields.
    pub fn infer_through(
        flow: &Flow,
        workspace: &Workspace,
        index: &FlowIndex,
        calls: Option<&dyn CallOutputs>,
    ) -> FlowSchemas {
        let mut objects = ObjectSchemas {
            workspace,
            cache: FxHashMap::default(),
            lookups: FxHashMap::default(),
            made_by: FxHashMap::default(),
            maps: FxHashMap::default(),
        };
        let empty = Arc::new(PortSchema::default());
        // Sized up front: growing a map rehashes every id in it again.
        let capacity = flow.nodes.len() + flow.nodes.len() / 4;
        let mut schemas = FlowSchemas {
            outputs: FxHashMap::with_capacity_and_hasher(capacity, Default::default()),
            inputs: FxHashMap::with_capacity_and_hasher(flow.nodes.len(), Default::default()),
        };
        for node in topological_order_indexed(index) {
            let input = index
                .wires_into(&node.id)
                .iter()
                .find_map(|w| schemas.outputs.get(&w.from).cloned())
                .unwrap_or_else(|| empty.clone());
            let outputs = node.step.outputs();
            if let Step::CallSubflow { subflow, .. } = &node.step {
                // Each output of a call carries the records of the sub-flow's output of
                // that name.
                // The call's own input first: its formulas are read against it.
                schemas.inputs.insert(node.id.clone(), input.clone());
                let known = calls.and_then(|c| c.outputs(node, index, &schemas));
                for port in outputs {
                    let out = known
                        .as_ref()
                        .and_then(|k| k.iter().find(|(p, _)| *p == port))
                        .map(|(_, schema)| schema.clone())
                        .unwrap_or_else(|| call_output(workspace, subflow, &port));
                    schemas
                        .outputs
                        .insert(PortRef::new(node.id.clone(), port), out);
                }
            } else if !outputs.is_empty() {
                // Every output of a node carries the same records (a branch only routes them).
                let out = output_schema(node, &input, &mut objects);
                for port in outputs {
                    schemas
                        .outputs
                        .insert(PortRef::new(node.id.clone(), port), out.clone());
                }
            }
            if !node.step.inputs().is_empty() {
                schemas.inputs.insert(node.id.clone(), input);
            }
        }
        schemas
    }

    pub fn output(&self, port: &PortRef) -> Option<&PortSchema> {
        self.outputs.get(port).map(Arc::as_ref)
    }

    /// The schema arriving at a node's input.
    pub fn input(&self, node: &NodeId) -> Option<&PortSchema> {
        self.inputs.get(node).map(Arc::as_ref)
    }
}

/// Each system object's schema, built once per inference, and the schemas derived from
/// them: a long flow looks up the same object into the same records again and again,
/// and maps onto the same fields, so each distinct result is built once and shared.
struct ObjectSchemas<'a> {
    workspace: &'a Workspace,
    cache: FxHashMap<(&'a SystemId, &'a str), Arc<PortSchema>>,
    /// A lookup's output by (its input schema, system, object, field it fills). The input
    /// is named by address: every schema stays alive in `FlowSchemas` while inferring.
    lookups: FxHashMap<(*const PortSchema, &'a SystemId, &'a str, &'a str), Arc<PortSchema>>,
    /// What made each lookup output: looking up the same object into the same field
    /// again gives the same records, so a chain of such lookups shares one schema.
    made_by: FxHashMap<*const PortSchema, (&'a SystemId, &'a str, &'a str)>,
    /// A map's output by (target system, object, the fields it maps).
    maps: FxHashMap<(&'a SystemId, &'a str, Vec<&'a str>), Arc<PortSchema>>,
}

impl<'a> ObjectSchemas<'a> {
    fn get(&mut self, system: &'a SystemId, object: &'a str) -> Arc<PortSchema> {
        let workspace = self.workspace;
        self.cache
            .entry((system, object))
            .or_insert_with(|| {
                let fields = workspace
                    .object(system, object)
                    .map(|o| o.fields.clone())
                    .unwrap_or_default();
                Arc::new(PortSchema {
                    origin: Some(ObjectRef {
                        system: system.clone(),
                        object: object.to_owned(),
                    }),
                    fields,
                })
            })
            .clone()
    }
}

fn output_schema<'a>(
    node: &'a Node,
    input: &Arc<PortSchema>,
    objects: &mut ObjectSchemas<'a>,
) -> Arc<PortSchema> {
    let own = |fields: &[Field]| {
        Arc::new(PortSchema {
            origin: None,
            fields: fields.to_vec(),
        })
    };
    match &node.step {
        Step::Trigger(Trigger::RecordEvent { system, object, .. })
        | Step::Read { system, object, .. }
        | Step::Write { system, object, .. } => objects.get(system, object),
        Step::Trigger(Trigger::Webhook { payload, .. }) => own(payload),
        Step::Trigger(Trigger::Manual { inputs }) => own(inputs),
        Step::Trigger(Trigger::SubflowInput { fields }) => own(fields),
        Step::Trigger(Trigger::Schedule(_))
        | Step::Note { .. }
        | Step::SubflowOutput { .. }
        | Step::CallSubflow { .. } => Arc::default(),
        Step::Filter { .. } | Step::Branch { .. } => input.clone(),
        Step::Lookup {
            system,
            object,
            into,
            ..
        } => {
            let job = (system, object.as_str(), into.as_str());
            if objects.made_by.get(&Arc::as_ptr(input)) == Some(&job) {
                return input.clone();
            }
            let key = (Arc::as_ptr(input), system, object.as_str(), into.as_str());
            if let Some(done) = objects.lookups.get(&key) {
                return done.clone();
            }
            let found = objects.get(system, object);
            let mut fields: Vec<Field> = input
                .fields
                .iter()
                .filter(|f| &f.name != into)
                .cloned()
                .collect();
            fields.push(Field::new(
                into.clone(),
                FieldType::Record(found.fields.clone()),
            ));
            let out = Arc::new(PortSchema {
                origin: input.origin.clone(),
                fields,
            });
            objects.lookups.insert(key, out.clone());
            objects.made_by.insert(Arc::as_ptr(&out), job);
            out
        }
        Step::Map { target, mappings } => {
            let key = (
                &target.system,
                target.object.as_str(),
                mappings.keys().map(String::as_str).collect::<Vec<_>>(),
            );
            if let Some(done) = objects.maps.get(&key) {
                return done.clone();
            }
            let full = objects.get(&target.system, &target.object);
            let out = Arc::new(PortSchema {
                origin: full.origin.clone(),
                fields: full
                    .fields
                    .iter()
                    .filter(|f| mappings.contains_key(&f.name))
                    .cloned()
                    .collect(),
            });
            objects.maps.insert(key, out.clone());
            out
        }
        // Each list entry becomes an item; the record it came from stays reachable as `Parent`.
        // Without a list there are no items, and no fields: were `Parent` kept, each For
        // each of a chain without lists would nest the one before it, as deep as the
        // chain is long.
        Step::ForEach { list } => {
            let mut fields = match input.field(list).map(|f| &f.field_type) {
                Some(FieldType::List(inner)) => match inner.as_ref() {
                    FieldType::Record(fields) => fields.clone(),
                    other => vec![Field::new("Value", other.clone())],
                },
                _ => return Arc::default(),
            };
            fields.push(Field::new(
                "Parent",
                FieldType::Record(input.fields.clone()),
            ));
            Arc::new(PortSchema {
                origin: None,
                fields,
            })
        }
    }
}

/// What comes out of a call, by output port, given the schemas of the steps before it
/// (`schemas` holds every step the call comes after).
pub trait CallOutputs {
    fn outputs(
        &self,
        call: &Node,
        index: &FlowIndex,
        schemas: &FlowSchemas,
    ) -> Option<Vec<(crate::model::PortId, Arc<PortSchema>)>>;
}

/// The records leaving a call of `subflow` through `port`: the fields that sub-flow's
/// output of that name declares (none when there is no such sub-flow or output; the call
/// checks say so).
fn call_output(
    workspace: &Workspace,
    subflow: &crate::model::FlowId,
    port: &crate::model::PortId,
) -> Arc<PortSchema> {
    let fields = workspace
        .subflow(subflow)
        .and_then(|flow| {
            flow.nodes.iter().find_map(|n| match &n.step {
                Step::SubflowOutput { port: p, fields } if p == port => Some(fields.clone()),
                _ => None,
            })
        })
        .unwrap_or_default();
    Arc::new(PortSchema {
        origin: None,
        fields,
    })
}

/// Nodes in an order where every node comes after the nodes feeding it (Kahn's
/// algorithm); nodes on cycles come last, in file order.
pub fn topological_order(flow: &Flow) -> Vec<&Node> {
    order_by(flow, &crate::model::successors_of(flow))
}

/// [`topological_order`] on an index already built.
pub fn topological_order_indexed<'a>(index: &FlowIndex<'a>) -> Vec<&'a Node> {
    order_by(index.flow, index.successors())
}

fn order_by<'a>(flow: &'a Flow, next: &[Vec<usize>]) -> Vec<&'a Node> {
    let mut indegree = vec![0usize; flow.nodes.len()];
    for &to in next.iter().flatten() {
        indegree[to] += 1;
    }
    let mut ready: std::collections::VecDeque<usize> = (0..flow.nodes.len())
        .filter(|&i| indegree[i] == 0)
        .collect();
    let mut order = Vec::with_capacity(flow.nodes.len());
    let mut placed = vec![false; flow.nodes.len()];
    while let Some(i) = ready.pop_front() {
        order.push(i);
        placed[i] = true;
        for &j in &next[i] {
            indegree[j] -= 1;
            if indegree[j] == 0 {
                ready.push_back(j);
            }
        }
    }
    order.extend((0..flow.nodes.len()).filter(|&i| !placed[i]));
    order.into_iter().map(|i| &flow.nodes[i]).collect()
}
