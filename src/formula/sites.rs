//! Where formulas live in a flow: which settings of which steps hold one, what each must
//! give, and which records it reads. Checks, the mapping preview and the run engine all
//! start here, so they agree on every formula's scope.

use std::borrow::Cow;
use std::collections::VecDeque;

use super::ast::FieldRef;
use super::check::{SchemaScope, Scope, ScopeField};
use crate::model::{Field, FieldType, FlowIndex, Node, NodeId, PortRef, ReadBy, Step, WriteAction};
use crate::workspace::{FlowSchemas, Workspace};

/// What a formula's result must be.
#[derive(Clone, Debug)]
pub enum Expect<'a> {
    /// A condition: TRUE or FALSE.
    Condition,
    /// A value stored in (or compared with) this field: the manifest's own when it fits
    /// as is, a loosened copy when only its type matters.
    Field(Cow<'a, Field>),
}

/// Which records a formula reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reads {
    /// The records arriving at the step.
    Input,
    /// The records of the object being queried (a Read step's query).
    Object,
}

/// One formula of a step.
#[derive(Clone, Debug)]
pub struct Site<'a> {
    /// The setting that holds it, as findings name it: the target field of a mapping, the
    /// case of a branch, or `condition`, `key`, `by`.
    pub field: Cow<'a, str>,
    pub text: &'a str,
    pub expect: Expect<'a>,
    pub reads: Reads,
}

/// The formulas of `node`; `workspace` supplies the fields they must fit.
pub fn sites<'a>(node: &'a Node, workspace: Option<&'a Workspace>) -> Vec<Site<'a>> {
    let object_field = |system, object: &str, name: &str| -> Option<&'a Field> {
        workspace?.object(system, object).ok()?.field(name)
    };
    let key_field = |system, object: &str| -> Option<&'a Field> {
        let o = workspace?.object(system, object).ok()?;
        o.field(&o.key)
    };
    let loose = |f: Option<&Field>| {
        // Keys and match values are compared, not stored: only the type matters.
        Expect::Field(Cow::Owned(f.map_or_else(
            || Field::new("value", FieldType::Text),
            |f| {
                let mut f = f.clone();
                f.required = false;
                f.classification = crate::model::Classification::Public;
                f
            },
        )))
    };
    match &node.step {
        Step::Filter { condition } => vec![Site {
            field: Cow::Borrowed("condition"),
            text: condition,
            expect: Expect::Condition,
            reads: Reads::Input,
        }],
        Step::Branch { cases } => cases
            .iter()
            .map(|c| Site {
                field: Cow::Borrowed(c.port.as_str()),
                text: &c.condition,
                expect: Expect::Condition,
                reads: Reads::Input,
            })
            .collect(),
        Step::Map { target, mappings } => {
            // The target object once for the whole step, not once per mapping.
            let object = workspace.and_then(|w| w.object(&target.system, &target.object).ok());
            // Unknown target fields are reported by the reference checks.
            per_field(mappings, workspace.is_none(), |name| object?.field(name))
        }
        Step::CallSubflow {
            subflow, inputs, ..
        } => {
            let declared = workspace
                .and_then(|w| w.subflow(subflow))
                .and_then(|f| f.subflow_inputs());
            // Inputs the sub-flow does not declare are reported by the call checks.
            per_field(inputs, workspace.is_none(), |name| {
                declared?.iter().find(|f| f.name == name)
            })
        }
        Step::Lookup {
            system,
            object,
            match_field,
            key,
            ..
        } => vec![Site {
            field: Cow::Borrowed("key"),
            text: key,
            expect: loose(object_field(system, object, match_field)),
            reads: Reads::Input,
        }],
        Step::Read { system, object, by } => match by {
            ReadBy::Key(key) => vec![Site {
                field: Cow::Borrowed("by"),
                text: key,
                expect: loose(key_field(system, object)),
                reads: Reads::Input,
            }],
            ReadBy::Query(condition) => vec![Site {
                field: Cow::Borrowed("by"),
                text: condition,
                expect: Expect::Condition,
                reads: Reads::Object,
            }],
            ReadBy::All | ReadBy::ChangedSinceLastRun => Vec::new(),
        },
        Step::Write {
            system,
            object,
            action: WriteAction::Update { key } | WriteAction::Delete { key },
        } => {
            vec![Site {
                field: Cow::Borrowed("key"),
                text: key,
                expect: loose(key_field(system, object)),
                reads: Reads::Input,
            }]
        }
        _ => Vec::new(),
    }
}

/// One site per formula of `formulas` (field → formula), each expected to fit the field
/// `field` finds; a field it does not find is left out, or taken as text when there is no
/// workspace to know fields from (`loose`).
fn per_field<'a>(
    formulas: &'a std::collections::BTreeMap<String, String>,
    loose: bool,
    field: impl Fn(&str) -> Option<&'a Field>,
) -> Vec<Site<'a>> {
    formulas
        .iter()
        .filter_map(|(name, text)| {
            let field = match field(name) {
                Some(f) => Cow::Borrowed(f),
                None if loose => Cow::Owned(Field::new(name.clone(), FieldType::Text)),
                None => return None,
            };
            Some(Site {
                field: Cow::Borrowed(name.as_str()),
                text,
                expect: Expect::Field(field),
                reads: Reads::Input,
            })
        })
        .collect()
}

/// The names a formula of `node` can use: its input's fields (or the queried object's),
/// and the outputs of steps before it, by id or label. Earlier steps are only searched
/// when a formula names one, so checking a long flow stays linear.
pub struct FlowScope<'a> {
    fields: &'a [Field],
    value_maps: &'a crate::workspace::value_maps::ValueMaps,
    index: &'a FlowIndex<'a>,
    schemas: &'a FlowSchemas,
    node: &'a NodeId,
}

pub fn scope<'a>(
    index: &'a FlowIndex<'a>,
    schemas: &'a FlowSchemas,
    workspace: &'a Workspace,
    node: &'a Node,
    reads: &Reads,
) -> FlowScope<'a> {
    let fields: &[Field] = match (reads, &node.step) {
        (Reads::Object, Step::Read { system, object, .. }) => workspace
            .object(system, object)
            .map(|o| o.fields.as_slice())
            .unwrap_or(&[]),
        _ => schemas
            .input(&node.id)
            .map(|s| s.fields.as_slice())
            .unwrap_or(&[]),
    };
    FlowScope {
        fields,
        value_maps: &workspace.value_maps,
        index,
        schemas,
        node: &node.id,
    }
}

impl Scope for FlowScope<'_> {
    fn value_maps(&self) -> Option<Vec<&str>> {
        Some(self.value_maps.keys().map(String::as_str).collect())
    }

    fn field(&self, field: &FieldRef) -> Result<ScopeField, (String, Option<String>)> {
        if field.node.is_none() {
            return SchemaScope {
                fields: self.fields,
                nodes: Vec::new(),
            }
            .field(field);
        }
        let earlier: Vec<(String, String, &[Field])> = ancestors(self.index, self.node)
            .into_iter()
            .filter_map(|id| {
                let step = self.index.node(&id)?;
                let port = step.step.outputs().into_iter().next()?;
                let out = self.schemas.output(&PortRef::new(id, port))?;
                Some((
                    step.id.to_string(),
                    step.label.clone(),
                    out.fields.as_slice(),
                ))
            })
            .collect();
        SchemaScope {
            fields: self.fields,
            nodes: earlier,
        }
        .field(field)
    }
}

/// Every step with a path of wires to `node`, nearest first.
fn ancestors(index: &FlowIndex, node: &NodeId) -> Vec<NodeId> {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut order = Vec::new();
    let mut queue: VecDeque<NodeId> = index
        .wires_into(node)
        .iter()
        .map(|w| w.from.node.clone())
        .collect();
    while let Some(id) = queue.pop_front() {
        if &id == node || !seen.insert(id.clone()) {
            continue;
        }
        queue.extend(index.wires_into(&id).iter().map(|w| w.from.node.clone()));
        order.push(id);
    }
    order
}
