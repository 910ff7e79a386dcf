//! An API description read into one generic tree, whatever it was written in. JSON goes
//! through serde_json; YAML through yaml-rust2's event parser, driven here with an
//! explicit stack (its own loader recurses once per nesting level and clones an anchor
//! at every alias). Keys keep the author's order, so the manifest lists fields as the
//! description does.
//!
//! Untrusted input is bounded: at most [`MAX_DEPTH`] levels of nesting and
//! [`MAX_NODES`] values after aliases expand, so a "billion laughs" file is refused with
//! a message instead of filling the memory. YAML is read with the 1.2 core schema:
//! `2024-01-31` stays text (a description's example dates must not turn into dates), and
//! only `true`/`false`, `null`/`~` and numbers are anything else.

use indexmap::IndexMap;
use std::fmt;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// The deepest nesting a description may have. Real ones stay under 40.
pub const MAX_DEPTH: usize = 256;
/// The most values a description may hold once YAML aliases are expanded. A 3 MB
/// description holds about 150,000.
pub const MAX_NODES: usize = 4_000_000;

/// One value of the description.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    /// A number as written (`1.50`, `1e3`): kept as text, since only defaults and
    /// limits are numbers and none is computed with.
    Number(String),
    Text(String),
    List(Vec<Node>),
    Map(IndexMap<String, Node>),
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(map) => map.get(key),
            _ => None,
        }
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Text(t) => Some(t),
            _ => None,
        }
    }

    /// True for `true`, and for the text "true" some hand-written descriptions use.
    pub fn flag(&self, key: &str) -> bool {
        match self.get(key) {
            Some(Node::Bool(b)) => *b,
            Some(Node::Text(t)) => t.eq_ignore_ascii_case("true"),
            _ => false,
        }
    }

    pub fn map(&self) -> Option<&IndexMap<String, Node>> {
        match self {
            Node::Map(map) => Some(map),
            _ => None,
        }
    }

    pub fn entries(&self, key: &str) -> impl Iterator<Item = (&String, &Node)> {
        self.get(key).and_then(Node::map).into_iter().flatten()
    }

    pub fn items(&self, key: &str) -> &[Node] {
        match self.get(key) {
            Some(Node::List(items)) => items,
            _ => &[],
        }
    }

    /// The value as text when it is a scalar: `"x"`, `3`, `true`.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Text(t) | Node::Number(t) => Some(t.clone()),
            Node::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Why a description could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line, when the parser knows it.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Reads a description written in JSON (it starts with `{`) or YAML.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        parse_json(text)
    } else {
        parse_yaml(text)
    }
}

fn parse_json(text: &str) -> Result<Node, SyntaxError> {
    // serde_json's recursion limit (128 levels) bounds the depth.
    serde_json::from_str(text).map_err(|e| SyntaxError {
        line: Some(e.line()),
        message: format!("this is not valid JSON: {e}"),
    })
}

/// JSON straight into a [`Node`], keys in the file's order (serde_json's own map sorts
/// them unless a crate-wide feature is switched on that would change every other map).
impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

/// With serde_json's `arbitrary_precision` (on for exact decimals in records) a number
/// arrives as a one-entry map under this key, holding the number's text.
const JSON_NUMBER_KEY: &str = "$serde_json::private::Number";

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Node, E> {
        Ok(Node::Number(n.to_string()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Node, E> {
        Ok(Node::Number(n.to_string()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Node, E> {
        Ok(Node::Number(n.to_string()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Node, E> {
        Ok(Node::Text(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Node, E> {
        Ok(Node::Text(s))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        let mut map = IndexMap::new();
        while let Some(key) = access.next_key::<String>()? {
            if key == JSON_NUMBER_KEY && map.is_empty() {
                return Ok(Node::Number(access.next_value::<String>()?));
            }
            let value: Node = access.next_value()?;
            map.insert(key, value);
        }
        Ok(Node::Map(map))
    }
}

fn parse_yaml(text: &str) -> Result<Node, SyntaxError> {
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder::default();
    loop {
        let (event, mark) = parser.next_token().map_err(|e| SyntaxError {
            line: Some(e.marker().line()),
            message: format!("this is not valid YAML: {}", e.info()),
        })?;
        match event {
            Event::StreamEnd => break,
            Event::DocumentEnd if builder.root.is_some() => break,
            _ => {}
        }
        builder.on(event).map_err(|message| SyntaxError {
            line: Some(mark.line()),
            message,
        })?;
    }
    builder.root.ok_or_else(|| SyntaxError {
        line: None,
        message: "the file is empty".into(),
    })
}

/// A collection being filled: a list, or a map and the key waiting for its value.
enum Open {
    List(Vec<Node>, usize),
    Map(IndexMap<String, Node>, Option<String>, usize),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: std::collections::HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    nodes: usize,
}

impl Builder {
    fn on(&mut self, event: Event) -> Result<(), String> {
        match event {
            Event::Scalar(text, style, anchor, _) => {
                let node = scalar(text, style);
                self.count(1)?;
                self.anchor(anchor, &node, 1);
                self.push(node)
            }
            Event::Alias(id) => {
                let (node, size) = self.anchors.get(&id).cloned().ok_or_else(|| {
                    format!(
                        "an alias (*) refers to an anchor (&) that is not defined (number {id})"
                    )
                })?;
                self.count(size)?;
                self.push(node)
            }
            Event::SequenceStart(anchor, _) => self.open(Open::List(Vec::new(), anchor)),
            Event::MappingStart(anchor, _) => self.open(Open::Map(IndexMap::new(), None, anchor)),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            _ => Ok(()),
        }
    }

    fn count(&mut self, n: usize) -> Result<(), String> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(format!(
                "the description grows past {MAX_NODES} values once its YAML aliases (*) are expanded: it is either not an API description or built to exhaust the memory"
            ));
        }
        Ok(())
    }

    fn open(&mut self, open: Open) -> Result<(), String> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!(
                "the description is nested more than {MAX_DEPTH} levels deep"
            ));
        }
        self.count(1)?;
        self.stack.push(open);
        Ok(())
    }

    fn close(&mut self) -> Result<(), String> {
        let (node, anchor) = match self.stack.pop() {
            Some(Open::List(items, anchor)) => (Node::List(items), anchor),
            Some(Open::Map(map, _, anchor)) => (Node::Map(map), anchor),
            None => return Err("a list or map closes that was never opened".into()),
        };
        // The size of what an alias of it would add: counted once, remembered with it.
        let size = if anchor == 0 { 1 } else { size_of(&node) };
        self.anchor(anchor, &node, size);
        self.push(node)
    }

    fn anchor(&mut self, anchor: usize, node: &Node, size: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
    }

    fn push(&mut self, node: Node) -> Result<(), String> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Open::List(items, _)) => {
                items.push(node);
                Ok(())
            }
            Some(Open::Map(map, key, _)) => match key.take() {
                None => {
                    let text = node.scalar_text().ok_or(
                        "a map key is itself a list or map, which no API description uses",
                    )?;
                    *key = Some(text);
                    Ok(())
                }
                Some(k) => {
                    // YAML merge keys (`<<: *defaults`) lay the anchored map under this one.
                    if k == "<<"
                        && let Node::Map(merged) = node
                    {
                        for (mk, mv) in merged {
                            map.entry(mk).or_insert(mv);
                        }
                    } else {
                        map.insert(k, node);
                    }
                    Ok(())
                }
            },
        }
    }
}

fn size_of(node: &Node) -> usize {
    let mut size = 0;
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        size += 1;
        match n {
            Node::List(items) => todo.extend(items),
            Node::Map(map) => todo.extend(map.values()),
            _ => {}
        }
    }
    size
}

/// A plain scalar read with YAML 1.2's core schema; quoted and block scalars are text.
fn scalar(text: String, style: TScalarStyle) -> Node {
    if style != TScalarStyle::Plain {
        return Node::Text(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Node::Null,
        "true" | "True" | "TRUE" => Node::Bool(true),
        "false" | "False" | "FALSE" => Node::Bool(false),
        t if is_yaml_number(t) => Node::Number(text),
        _ => Node::Text(text),
    }
}

fn is_yaml_number(t: &str) -> bool {
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty() {
        return false;
    }
    if let Some(hex) = digits.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = digits.strip_prefix("0o") {
        return !oct.is_empty() && oct.chars().all(|c| c.is_digit(8));
    }
    if matches!(digits, ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    t.parse::<f64>().is_ok()
        && digits
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_dates_stay_text_and_keys_keep_their_order() {
        let doc = parse("b: 2024-01-31\na: 3\nc: '7'\nd: true\ne: ~\n200: ok\n").unwrap();
        let map = doc.map().unwrap();
        assert_eq!(
            map.keys().collect::<Vec<_>>(),
            ["b", "a", "c", "d", "e", "200"]
        );
        assert_eq!(doc.get("b"), Some(&Node::Text("2024-01-31".into())));
        assert_eq!(doc.get("a"), Some(&Node::Number("3".into())));
        assert_eq!(doc.get("c"), Some(&Node::Text("7".into())));
        assert_eq!(doc.get("d"), Some(&Node::Bool(true)));
        assert_eq!(doc.get("e"), Some(&Node::Null));
    }

    #[test]
    fn anchors_aliases_and_merge_keys_expand() {
        let doc = parse("base: &b {x: 1, y: 2}\ncopy: *b\nmerged:\n  <<: *b\n  y: 3\n").unwrap();
        assert_eq!(doc.get("copy"), doc.get("base"));
        let merged = doc.get("merged").unwrap();
        assert_eq!(merged.get("x"), Some(&Node::Number("1".into())));
        assert_eq!(merged.get("y"), Some(&Node::Number("3".into())));
    }

    #[test]
    fn a_billion_laughs_is_refused_not_expanded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("aliases"), "{e}");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let text = "[".repeat(100_000);
        assert!(parse(&text).is_err());
        let json = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&format!("{{\"a\": {json}}}")).is_err());
    }

    #[test]
    fn syntax_errors_say_the_line() {
        let e = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.line.is_some(), "{e}");
        let e = parse("{\n\"a\": 1,\n}").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }
}
