//! What a formula can name: the fields of the records on its step's input (nested
//! records and lists included), the outputs of earlier steps, and the workspace's value
//! maps. The checker asks a [`Scope`]; a step in a flow gets a `sites::FlowScope`, tests
//! and the preview of a lone record a [`SchemaScope`].

use super::ast::{FieldRef, NodeQualifier};
use super::types::Type;
use crate::model::{Classification, Field, FieldType};

/// A field a formula can read.
#[derive(Clone, Debug, PartialEq)]
pub struct ScopeField {
    pub ty: Type,
    pub required: bool,
    pub classification: Classification,
    /// The id of the step whose output holds it, when the formula named one.
    pub node: Option<String>,
}

/// The names a formula can use: the fields of its step's input and of earlier steps.
pub trait Scope {
    /// Resolves a field reference, or says why not (with "did you mean" where it can).
    /// Called once per field reference while checking.
    fn field(&self, field: &FieldRef) -> Result<ScopeField, (String, Option<String>)>;

    /// The names of the workspace's value maps, for checking LOOKUP's table; `None` when
    /// this scope does not know them (then LOOKUP is checked when it runs).
    fn value_maps(&self) -> Option<Vec<&str>> {
        None
    }
}

/// The fields of one record schema, plus earlier steps by id and label.
pub struct SchemaScope<'a> {
    pub fields: &'a [Field],
    /// (id, label, output fields) of steps a formula may name.
    pub nodes: Vec<(String, String, &'a [Field])>,
}

impl Scope for SchemaScope<'_> {
    fn field(&self, field: &FieldRef) -> Result<ScopeField, (String, Option<String>)> {
        let (fields, node) = match &field.node {
            None => (self.fields, None),
            Some(q) => {
                let found = self.nodes.iter().find(|(id, label, _)| match q {
                    NodeQualifier::Id(x) => x == id,
                    NodeQualifier::Label(x) => x == label || x.eq_ignore_ascii_case(label),
                });
                match found {
                    Some((id, _, fields)) => (*fields, Some(id.clone())),
                    None => {
                        let name = match q {
                            NodeQualifier::Id(x) | NodeQualifier::Label(x) => x.clone(),
                        };
                        let known: Vec<&str> =
                            self.nodes.iter().map(|(_, l, _)| l.as_str()).collect();
                        return Err((
                            format!("there is no earlier step called '{name}'"),
                            suggestion(&name, &known),
                        ));
                    }
                }
            }
        };
        let mut current = fields;
        let mut found: Option<&Field> = None;
        // A path through a list of records gives the list of that field: LineItems.Quantity.
        let mut through_list = false;
        for (depth, name) in field.path.iter().enumerate() {
            if depth > 0 {
                match found.map(|f| &f.field_type) {
                    Some(FieldType::Record(inner)) => current = inner,
                    Some(FieldType::List(item)) if matches!(**item, FieldType::Record(_)) => {
                        through_list = true;
                        if let FieldType::Record(inner) = &**item {
                            current = inner;
                        }
                    }
                    _ => {
                        let parent = field.path[..depth].join(".");
                        return Err((
                            format!(
                                "{parent} has no fields inside it, so {parent}.{name} means nothing"
                            ),
                            None,
                        ));
                    }
                }
            }
            found = current
                .iter()
                .find(|f| &f.name == name)
                .or_else(|| current.iter().find(|f| f.name.eq_ignore_ascii_case(name)));
            if found.is_none() {
                let known: Vec<&str> = current.iter().map(|f| f.name.as_str()).collect();
                let whole = field.path[..=depth].join(".");
                return Err((
                    format!("there is no field called {whole} here"),
                    suggestion(name, &known),
                ));
            }
        }
        let field_def = found.ok_or_else(|| ("an empty field name".to_owned(), None))?;
        let ty = Type::of_field(&field_def.field_type);
        Ok(ScopeField {
            ty: if through_list {
                Type::List(Box::new(ty))
            } else {
                ty
            },
            required: field_def.required,
            classification: field_def.classification,
            node,
        })
    }
}

/// "Did you mean Email?" when a known name is close to `wrong`.
pub fn suggestion(wrong: &str, known: &[&str]) -> Option<String> {
    closest(wrong, known).map(|name| format!("Did you mean {name}?"))
}

/// The known name closest to `wrong`, when one is close enough to be what was meant.
pub fn closest<'a>(wrong: &str, known: &[&'a str]) -> Option<&'a str> {
    let wrong = wrong.to_lowercase();
    // Systems prefix their fields: `Email` is `CustomerEmail` on a sale. One known name
    // that ends with the whole of what was written is what was meant.
    if wrong.chars().count() >= 3 {
        let mut ending = known
            .iter()
            .filter(|k| k.len() > wrong.len() && k.to_lowercase().ends_with(&wrong));
        if let (Some(only), None) = (ending.next(), ending.next()) {
            return Some(only);
        }
    }
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&wrong, &k.to_lowercase()), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}
