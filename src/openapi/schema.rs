//! JSON Schema (as OpenAPI 2.0, 3.0 and 3.1 write it) to Switchboard fields: types and
//! string formats, enums as picklists, arrays and nested objects, required and read-only
//! properties; `allOf` merged, `oneOf`/`anyOf` as the union of their properties, 3.0
//! `nullable` and 3.1 type arrays (`["string", "null"]`), keys written beside a `$ref`
//! (they override what it points at). A schema that contains itself is expanded once;
//! the inner copy is a nested record without fields, said in its description.

use indexmap::IndexMap;

use super::document::Node;
use super::spec::Spec;
use crate::model::{Field, FieldType};

/// Nested objects deeper than this are kept as records without fields.
const MAX_NESTING: usize = 8;

/// The properties of an object schema, gathered through `allOf`/`oneOf`/`anyOf`.
#[derive(Default)]
struct Properties<'a> {
    props: IndexMap<&'a str, &'a Node>,
    required: Vec<&'a str>,
}

/// What a property schema says besides its type.
#[derive(Default)]
struct Facts {
    read_only: bool,
    description: String,
}

pub(super) struct Schemas<'s, 'a> {
    pub spec: &'s Spec<'a>,
}

impl<'a> Schemas<'_, 'a> {
    /// The fields of an object schema (a record), in the description's order.
    pub fn fields(&self, schema: &'a Node, at: &str) -> Vec<Field> {
        let mut stack = Vec::new();
        self.fields_in(schema, at, 0, &mut stack)
    }

    /// The schema of the records an answer holds: the items of a bare array, or of the
    /// one list an envelope object holds (`{"items": […], "links": […]}`), with that
    /// list's name; the object itself otherwise.
    pub fn record_schema(&self, schema: &'a Node, at: &str) -> Option<(&'a Node, Option<String>)> {
        let (schema, _) = self.spec.resolve(schema, at)?;
        if is_array(schema) {
            return Some((self.spec.resolve(schema.get("items")?, at)?.0, None));
        }
        let mut gathered = Properties::default();
        self.gather(schema, at, &mut gathered, true, 0);
        let lists: Vec<(&str, &Node)> = gathered
            .props
            .iter()
            .filter_map(|(name, prop)| {
                let (prop, _) = self.spec.resolve(prop, at)?;
                is_array(prop).then_some((*name, prop))
            })
            .collect();
        let envelope = match lists.as_slice() {
            [(name, list)] => Some((*name, *list)),
            _ => lists
                .iter()
                .find(|(name, _)| ENVELOPE_KEYS.contains(name))
                .copied(),
        };
        if let Some((name, list)) = envelope
            && let Some(items) = list.get("items")
            && let Some((items, _)) = self.spec.resolve(items, at)
            && !gathered.props.contains_key("id")
        {
            return Some((items, Some(name.to_owned())));
        }
        // `{"result": {…}}`: one record wrapped in an object of one property.
        if gathered.props.len() == 1
            && let Some((name, inner)) = gathered.props.iter().next()
            && ENVELOPE_KEYS.contains(name)
            && let Some((inner, _)) = self.spec.resolve(inner, at)
            && is_object(inner)
        {
            return Some((inner, Some((*name).to_owned())));
        }
        Some((schema, None))
    }

    fn fields_in(
        &self,
        schema: &'a Node,
        at: &str,
        depth: usize,
        stack: &mut Vec<&'a str>,
    ) -> Vec<Field> {
        let mut gathered = Properties::default();
        self.gather(schema, at, &mut gathered, true, 0);
        gathered
            .props
            .iter()
            .map(|(name, prop)| {
                let (field_type, facts) = self.field_type(prop, at, depth, stack);
                let mut field = Field::new(*name, field_type);
                field.required = gathered.required.contains(name);
                field.read_only = facts.read_only;
                field.description = facts.description;
                field
            })
            .collect()
    }

    /// Collects the properties of `schema` and of everything it is made of.
    fn gather(
        &self,
        schema: &'a Node,
        at: &str,
        into: &mut Properties<'a>,
        required: bool,
        hops: usize,
    ) {
        if hops > MAX_NESTING * 4 || !self.spec.read_schema() {
            return;
        }
        let Some((schema, _)) = self.spec.resolve(schema, at) else {
            return;
        };
        for (name, prop) in schema.entries("properties") {
            into.props.entry(name.as_str()).or_insert(prop);
        }
        if required {
            into.required
                .extend(schema.items("required").iter().filter_map(Node::as_str));
        }
        for part in schema.items("allOf") {
            self.gather(part, at, into, required, hops + 1);
        }
        // Any one of these may come: their properties may all appear, none is required.
        for key in ["oneOf", "anyOf"] {
            for part in schema.items(key) {
                self.gather(part, at, into, false, hops + 1);
            }
        }
    }

    fn field_type(
        &self,
        original: &'a Node,
        at: &str,
        depth: usize,
        stack: &mut Vec<&'a str>,
    ) -> (FieldType, Facts) {
        let mut facts = Facts {
            read_only: original.flag("readOnly"),
            description: describe(original),
        };
        if !self.spec.read_schema() {
            return (FieldType::Text, facts);
        }
        let Some((schema, name)) = self.spec.resolve(original, at) else {
            return (FieldType::Text, facts);
        };
        facts.read_only |= schema.flag("readOnly");
        if facts.description.is_empty() {
            facts.description = describe(schema);
        }
        if let Some(name) = name
            && stack.contains(&name)
        {
            facts.description = join(
                &facts.description,
                &format!("a {name} inside a {name}: its fields are not listed again"),
            );
            return (FieldType::Record(Vec::new()), facts);
        }
        if let Some(name) = name {
            stack.push(name);
        }
        let ty = self.type_of(schema, at, depth, stack);
        if name.is_some() {
            stack.pop();
        }
        (ty, facts)
    }

    fn type_of(
        &self,
        schema: &'a Node,
        at: &str,
        depth: usize,
        stack: &mut Vec<&'a str>,
    ) -> FieldType {
        match declared_type(schema).as_deref() {
            Some("string") => string_type(schema),
            Some("integer") => FieldType::Integer,
            Some("number") => FieldType::Number,
            Some("boolean") => FieldType::Boolean,
            Some("array") => {
                let inner = match schema.get("items") {
                    Some(items) => self.field_type(items, at, depth + 1, stack).0,
                    None => FieldType::Text,
                };
                FieldType::List(Box::new(inner))
            }
            Some("object") => self.record(schema, at, depth, stack),
            Some(_) => FieldType::Text,
            None => self.untyped(schema, at, depth, stack),
        }
    }

    /// A schema without `type`: an object when it has properties or is made of parts
    /// that do; the one type all of its alternatives share; text otherwise.
    fn untyped(
        &self,
        schema: &'a Node,
        at: &str,
        depth: usize,
        stack: &mut Vec<&'a str>,
    ) -> FieldType {
        if schema.get("properties").is_some() {
            return self.record(schema, at, depth, stack);
        }
        if schema.get("enum").is_some() {
            return string_type(schema);
        }
        let parts: Vec<&Node> = ["allOf", "oneOf", "anyOf"]
            .iter()
            .flat_map(|k| schema.items(k))
            .filter(|part| {
                self.spec
                    .resolve(part, at)
                    .is_some_and(|(p, _)| declared_type(p).as_deref() != Some("null"))
            })
            .collect();
        if parts.is_empty() {
            return FieldType::Text;
        }
        let types: Vec<FieldType> = parts
            .iter()
            .map(|part| self.field_type(part, at, depth, stack).0)
            .collect();
        if types.iter().any(|t| matches!(t, FieldType::Record(_))) {
            return self.record(schema, at, depth, stack);
        }
        if types.windows(2).all(|w| w[0] == w[1]) {
            return types.into_iter().next().unwrap_or(FieldType::Text);
        }
        FieldType::Text
    }

    fn record(
        &self,
        schema: &'a Node,
        at: &str,
        depth: usize,
        stack: &mut Vec<&'a str>,
    ) -> FieldType {
        if depth >= MAX_NESTING {
            return FieldType::Record(Vec::new());
        }
        FieldType::Record(self.fields_in(schema, at, depth + 1, stack))
    }
}

/// Body keys that hold the records of an answer.
const ENVELOPE_KEYS: [&str; 7] = [
    "items", "data", "records", "results", "result", "value", "entries",
];

/// The schema's type, without `null` (3.1's `["string", "null"]` is a string); several
/// types at once are text.
fn declared_type(schema: &Node) -> Option<String> {
    match schema.get("type")? {
        Node::Text(t) => Some(t.clone()),
        Node::List(types) => {
            let real: Vec<&str> = types
                .iter()
                .filter_map(Node::as_str)
                .filter(|t| *t != "null")
                .collect();
            match real.as_slice() {
                [one] => Some((*one).to_owned()),
                [] => Some("null".into()),
                _ => Some("string".into()),
            }
        }
        _ => None,
    }
}

fn string_type(schema: &Node) -> FieldType {
    if let Some(Node::List(choices)) = schema.get("enum") {
        let choices: Vec<String> = choices.iter().filter_map(Node::scalar_text).collect();
        if !choices.is_empty() {
            return FieldType::Picklist(choices);
        }
    }
    match schema.str("format") {
        Some("date") => FieldType::Date,
        Some("date-time") => FieldType::DateTime,
        Some("email") => FieldType::Email,
        _ => FieldType::Text,
    }
}

fn is_array(schema: &Node) -> bool {
    declared_type(schema).as_deref() == Some("array")
}

fn is_object(schema: &Node) -> bool {
    declared_type(schema).as_deref() == Some("object") || schema.get("properties").is_some()
}

/// A property's description, on one line and short enough for the inspector.
fn describe(schema: &Node) -> String {
    let text = schema
        .str("description")
        .or_else(|| schema.str("title"))
        .unwrap_or_default();
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = match one_line.find(". ") {
        Some(end) => &one_line[..=end],
        None => one_line.as_str(),
    };
    crate::words::clip(first, 160)
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a} ({b})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::document::parse;

    fn fields_of(yaml: &str, schema: &str) -> Vec<Field> {
        let doc = parse(yaml).unwrap();
        let spec = Spec::new(&doc, yaml);
        let schemas = Schemas { spec: &spec };
        let node = doc
            .get("components")
            .unwrap()
            .get("schemas")
            .unwrap()
            .get(schema)
            .unwrap();
        schemas.fields(node, "test")
    }

    #[test]
    fn types_formats_enums_and_nullable_read_as_fields() {
        let yaml = r#"
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string}
        born: {type: string, format: date}
        seen: {type: [string, "null"], format: date-time}
        email: {type: string, format: email, nullable: true}
        status: {type: string, enum: [available, sold], default: 7}
        tags: {type: array, items: {type: string}}
        owner: {type: object, properties: {name: {type: string}}}
"#;
        let fields = fields_of(yaml, "Pet");
        let ty = |n: &str| {
            fields
                .iter()
                .find(|f| f.name == n)
                .unwrap()
                .field_type
                .clone()
        };
        assert_eq!(ty("id"), FieldType::Integer);
        assert!(fields[0].read_only);
        assert!(fields[1].required && !fields[0].required);
        assert_eq!(ty("born"), FieldType::Date);
        assert_eq!(ty("seen"), FieldType::DateTime);
        assert_eq!(ty("email"), FieldType::Email);
        assert_eq!(
            ty("status"),
            FieldType::Picklist(vec!["available".into(), "sold".into()])
        );
        assert_eq!(ty("tags"), FieldType::List(Box::new(FieldType::Text)));
        assert!(matches!(ty("owner"), FieldType::Record(f) if f[0].name == "name"));
    }

    #[test]
    fn all_of_merges_and_a_recursive_schema_stops_once() {
        let yaml = r##"
components:
  schemas:
    New: {type: object, required: [name], properties: {name: {type: string}}}
    Pet:
      allOf:
        - $ref: '#/components/schemas/New'
        - {required: [id], properties: {id: {type: integer}}}
    Category:
      type: object
      properties:
        name: {type: string}
        parent: {$ref: '#/components/schemas/Category', description: The one above}
"##;
        let pet = fields_of(yaml, "Pet");
        assert_eq!(
            pet.iter()
                .map(|f| (f.name.as_str(), f.required))
                .collect::<Vec<_>>(),
            [("name", true), ("id", true)]
        );
        let category = fields_of(yaml, "Category");
        let parent = &category[1];
        assert!(
            matches!(&parent.field_type, FieldType::Record(inner) if inner.iter().any(|f| f.name == "parent"))
        );
        assert!(
            parent.description.starts_with("The one above"),
            "{}",
            parent.description
        );
    }
}
