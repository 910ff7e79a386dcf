//! The record schema on every port of a flow, derived before anything runs from the
//! connector manifests: what a trigger emits, what a lookup adds, what a map builds.
//!
//! Formulas are type-checked against these schemas, the canvas colours pins by them and
//! structural checks compare them across wires. Unknown systems or objects give an empty
//! schema here; the reference checks report them.

use std::collections::HashMap;

use super::Workspace;
use crate::model::{
    Field, FieldType, Flow, FlowIndex, Node, NodeId, ObjectRef, PortRef, Step, Trigger,
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

    fn of_object(workspace: &Workspace, origin: ObjectRef) -> PortSchema {
        let fields = workspace
            .object(&origin.system, &origin.object)
            .map(|o| o.fields.clone())
            .unwrap_or_default();
        PortSchema {
            origin: Some(origin),
            fields,
        }
    }
}

/// The schemas of one flow's ports.
#[derive(Clone, Debug, Default)]
pub struct FlowSchemas {
    outputs: HashMap<PortRef, PortSchema>,
    inputs: HashMap<NodeId, PortSchema>,
}

impl FlowSchemas {
    /// Derives every port's schema. Nodes are visited in wire order from the trigger;
    /// nodes on a cycle or fed by nothing see an empty input.
    pub fn infer(flow: &Flow, workspace: &Workspace) -> FlowSchemas {
        let index = FlowIndex::new(flow);
        let mut schemas = FlowSchemas::default();
        for node in topological_order(flow) {
            let input = index
                .wires_into(&node.id)
                .iter()
                .find_map(|w| schemas.outputs.get(&w.from).cloned())
                .unwrap_or_default();
            // Every output of a node carries the same records (a branch only routes them).
            let out = output_schema(node, &input, workspace);
            for port in node.step.outputs() {
                schemas
                    .outputs
                    .insert(PortRef::new(node.id.clone(), port), out.clone());
            }
            if !node.step.inputs().is_empty() {
                schemas.inputs.insert(node.id.clone(), input);
            }
        }
        schemas
    }

    pub fn output(&self, port: &PortRef) -> Option<&PortSchema> {
        self.outputs.get(port)
    }

    /// The schema arriving at a node's input.
    pub fn input(&self, node: &NodeId) -> Option<&PortSchema> {
        self.inputs.get(node)
    }
}

fn output_schema(node: &Node, input: &PortSchema, workspace: &Workspace) -> PortSchema {
    let object = |system: &crate::model::SystemId, object: &str| {
        PortSchema::of_object(
            workspace,
            ObjectRef {
                system: system.clone(),
                object: object.to_owned(),
            },
        )
    };
    match &node.step {
        Step::Trigger(Trigger::RecordEvent {
            system, object: o, ..
        }) => object(system, o),
        Step::Trigger(Trigger::Webhook { payload, .. }) => PortSchema {
            origin: None,
            fields: payload.clone(),
        },
        Step::Trigger(Trigger::Manual { inputs }) => PortSchema {
            origin: None,
            fields: inputs.clone(),
        },
        Step::Trigger(Trigger::Schedule(_)) => PortSchema::default(),
        Step::Read {
            system, object: o, ..
        }
        | Step::Write {
            system, object: o, ..
        } => object(system, o),
        Step::Lookup {
            system,
            object: o,
            into,
            ..
        } => {
            let found = object(system, o);
            let mut fields: Vec<Field> = input
                .fields
                .iter()
                .filter(|f| &f.name != into)
                .cloned()
                .collect();
            fields.push(Field::new(into.clone(), FieldType::Record(found.fields)));
            PortSchema {
                origin: input.origin.clone(),
                fields,
            }
        }
        Step::Map { target, mappings } => {
            let full = PortSchema::of_object(workspace, target.clone());
            PortSchema {
                origin: full.origin,
                fields: full
                    .fields
                    .into_iter()
                    .filter(|f| mappings.contains_key(&f.name))
                    .collect(),
            }
        }
        Step::Filter { .. } | Step::Branch { .. } => input.clone(),
        // Each list entry becomes an item; the record it came from stays reachable as `Parent`.
        Step::ForEach { list } => {
            let mut fields = match input.field(list).map(|f| &f.field_type) {
                Some(FieldType::List(inner)) => match inner.as_ref() {
                    FieldType::Record(fields) => fields.clone(),
                    other => vec![Field::new("Value", other.clone())],
                },
                _ => Vec::new(),
            };
            fields.push(Field::new(
                "Parent",
                FieldType::Record(input.fields.clone()),
            ));
            PortSchema {
                origin: None,
                fields,
            }
        }
        Step::Note { .. } => PortSchema::default(),
    }
}

/// Nodes in an order where every node comes after the nodes feeding it (Kahn's
/// algorithm); nodes on cycles come last, in file order.
pub fn topological_order(flow: &Flow) -> Vec<&Node> {
    let index: HashMap<&NodeId, usize> = flow
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (&n.id, i))
        .collect();
    let mut indegree = vec![0usize; flow.nodes.len()];
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); flow.nodes.len()];
    for wire in &flow.wires {
        if let (Some(&from), Some(&to)) = (index.get(&wire.from.node), index.get(&wire.to.node)) {
            indegree[to] += 1;
            next[from].push(to);
        }
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
