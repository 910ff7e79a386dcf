//! The description being imported, with its `$ref`s followed: JSON pointers into the
//! same file (`#/components/schemas/Pet`, `#/paths/~1pets/get/responses/200`,
//! `…/allOf/0`, percent-escapes), chains of references, and references that lead
//! nowhere — each of those becomes one located note, and the import goes on without it.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use super::document::Node;
use super::note::{Note, NoteKind};

/// The most references followed from one place: a chain longer than this is a loop.
const MAX_HOPS: usize = 32;
/// The most schemas read in one import. The 3 MB description of 625 operations that
/// `benches/import.rs` generates stays well under it;
/// one built so that every schema refers to several others, each of which does the same,
/// would need more than the universe has time for.
const MAX_SCHEMA_READS: usize = 1_000_000;
/// Bad references past this many are still noted, without the line (finding it reads
/// the whole text once per reference).
const MAX_LOCATED: usize = 200;

pub(super) struct Spec<'a> {
    pub root: &'a Node,
    text: &'a str,
    notes: RefCell<Vec<Note>>,
    reported: RefCell<HashSet<String>>,
    schema_reads: Cell<usize>,
}

impl<'a> Spec<'a> {
    pub fn new(root: &'a Node, text: &'a str) -> Spec<'a> {
        Spec {
            root,
            text,
            notes: RefCell::new(Vec::new()),
            reported: RefCell::new(HashSet::new()),
            schema_reads: Cell::new(0),
        }
    }

    /// Swagger 2.0 (`swagger: "2.0"`) rather than OpenAPI 3.
    pub fn is_swagger2(&self) -> bool {
        self.root.get("swagger").is_some()
    }

    /// `node` with its references followed, and the name of the last thing referred to
    /// (`Pet` for `#/components/schemas/Pet`). `None` when a reference leads nowhere
    /// (already noted, located by `at`).
    pub fn resolve(&self, mut node: &'a Node, at: &str) -> Option<(&'a Node, Option<&'a str>)> {
        let mut name = None;
        for _ in 0..MAX_HOPS {
            let Some(reference) = node.str("$ref") else {
                return Some((node, name));
            };
            match self.pointer(reference) {
                Ok(target) => {
                    name = reference.rsplit('/').next();
                    node = target;
                }
                Err(why) => {
                    self.bad_reference(reference, at, &why);
                    return None;
                }
            }
        }
        self.bad_reference(
            node.str("$ref").unwrap_or_default(),
            at,
            "it refers to itself through a chain of references",
        );
        None
    }

    /// The node a local reference points at.
    fn pointer(&self, reference: &str) -> Result<&'a Node, String> {
        let Some(pointer) = reference.strip_prefix('#') else {
            return Err("it points into another file, which the import does not read (copy that part into this description)".into());
        };
        let mut node = self.root;
        for raw in pointer.split('/').skip(1) {
            let segment = unescape(raw);
            node = match node {
                Node::Map(map) => map.get(&segment),
                Node::List(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            }
            .ok_or_else(|| format!("there is no `{segment}` at that place in the description"))?;
        }
        Ok(node)
    }

    fn bad_reference(&self, reference: &str, at: &str, why: &str) {
        if !self
            .reported
            .borrow_mut()
            .insert(format!("{reference}\u{0}{at}"))
        {
            return;
        }
        let line = if self.reported.borrow().len() <= MAX_LOCATED {
            self.line_of(reference)
        } else {
            None
        };
        self.note(Note {
            kind: NoteKind::LeftOut,
            line,
            at: at.to_owned(),
            message: format!("the reference `{reference}` cannot be followed: {why}; what it describes is left out"),
        });
    }

    /// The line a reference is first written on, for the message.
    fn line_of(&self, reference: &str) -> Option<usize> {
        let quoted = [
            format!("\"{reference}\""),
            format!("'{reference}'"),
            format!(" {reference}\n"),
        ];
        let offset = quoted
            .iter()
            .filter_map(|q| self.text.find(q.as_str()))
            .min()?;
        Some(self.text[..offset].matches('\n').count() + 1)
    }

    /// Counts one schema read; false once the import has read [`MAX_SCHEMA_READS`]
    /// (said once, as something left out).
    pub fn read_schema(&self) -> bool {
        let reads = self.schema_reads.get() + 1;
        self.schema_reads.set(reads);
        if reads == MAX_SCHEMA_READS {
            self.left_out(
                "schemas",
                format!("the description's schemas refer to each other so many times over that reading them would not end ({MAX_SCHEMA_READS} schemas read): the fields beyond that are imported as text"),
            );
        }
        reads < MAX_SCHEMA_READS
    }

    pub fn note(&self, note: Note) {
        self.notes.borrow_mut().push(note);
    }

    pub fn left_out(&self, at: impl Into<String>, message: impl Into<String>) {
        self.note(Note {
            kind: NoteKind::LeftOut,
            line: None,
            at: at.into(),
            message: message.into(),
        });
    }

    pub fn info(&self, at: impl Into<String>, message: impl Into<String>) {
        self.note(Note {
            kind: NoteKind::Info,
            line: None,
            at: at.into(),
            message: message.into(),
        });
    }

    pub fn into_notes(self) -> Vec<Note> {
        self.notes.into_inner()
    }
}

/// A pointer segment as written in a reference: percent-escapes (`application%2Fjson`),
/// then `~1` for `/` and `~0` for `~` (RFC 6901, in that order).
fn unescape(raw: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    decoded.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::document::parse;

    #[test]
    fn pointers_unescape_and_walk_lists() {
        let doc = parse(
            r##"{"paths": {"/a/{id}": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"allOf": [{"type": "string"}]}}}}}}}},
                "x": {"$ref": "#/paths/~1a~1%7Bid%7D/get/responses/200/content/application~1json/schema/allOf/0"}}"##,
        )
        .unwrap();
        let spec = Spec::new(&doc, "");
        let (node, name) = spec.resolve(doc.get("x").unwrap(), "x").unwrap();
        assert_eq!(node.str("type"), Some("string"));
        assert_eq!(name, Some("0"));
    }

    #[test]
    fn a_reference_loop_and_a_missing_target_are_one_note_each() {
        let doc =
            parse(r##"{"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}, "c": {"$ref": "#/nope"}}"##)
                .unwrap();
        let spec = Spec::new(
            &doc,
            r##"{"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}, "c": {"$ref": "#/nope"}}"##,
        );
        assert!(spec.resolve(doc.get("a").unwrap(), "a").is_none());
        assert!(spec.resolve(doc.get("c").unwrap(), "c").is_none());
        assert!(spec.resolve(doc.get("c").unwrap(), "c").is_none());
        let notes = spec.into_notes();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[1].message.contains("#/nope"));
        assert_eq!(notes[1].line, Some(1));
    }
}
