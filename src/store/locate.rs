//! Finding places in a RON text: byte offset → line and column, and a small token scanner
//! that finds a top-level field, the items of a top-level list, or a string literal inside
//! a range. ron's deserializer does not keep spans, so load validation (duplicate ids,
//! wires to nowhere) and the CLI's `file:line:col` output locate things here instead.
//!
//! The scanner understands strings (with escapes), raw strings, nested block comments and
//! line comments, so brackets and quotes inside text never confuse it.

use std::ops::Range;

/// A position for people: 1-based line, 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Turns byte offsets into positions.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    Comma,
    Colon,
    Str,
    Word,
}

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    range: Range<usize>,
    depth: usize,
}

/// The tokens of a RON text with their bracket depth. Stops quietly at anything it does
/// not understand: callers only use it to point at places in text that already parsed.
fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        match b {
            b'(' | b'[' | b'{' => {
                out.push(Token {
                    kind: Kind::Open,
                    range: i..i + 1,
                    depth,
                });
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                out.push(Token {
                    kind: Kind::Close,
                    range: i..i + 1,
                    depth,
                });
                i += 1;
            }
            b',' => {
                out.push(Token {
                    kind: Kind::Comma,
                    range: i..i + 1,
                    depth,
                });
                i += 1;
            }
            b':' => {
                out.push(Token {
                    kind: Kind::Colon,
                    range: i..i + 1,
                    depth,
                });
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let mut nesting = 0usize;
                while i < bytes.len() {
                    if bytes[i..].starts_with(b"/*") {
                        nesting += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        nesting -= 1;
                        i += 2;
                        if nesting == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                out.push(Token {
                    kind: Kind::Str,
                    range: start..i,
                    depth,
                });
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                let hashes = bytes[i + 1..].iter().take_while(|&&c| c == b'#').count();
                let open = i + 1 + hashes;
                if bytes.get(open) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let mut close = "\"".to_owned();
                close.push_str(&"#".repeat(hashes));
                i = match text[open + 1..].find(&close) {
                    Some(at) => open + 1 + at + close.len(),
                    None => bytes.len(),
                };
                out.push(Token {
                    kind: Kind::Str,
                    range: start..i,
                    depth,
                });
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':' | b'"'
                    )
                    && !bytes[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                out.push(Token {
                    kind: Kind::Word,
                    range: start..i,
                    depth,
                });
            }
        }
    }
    out
}

/// Finds places in one RON document.
pub struct Scan<'a> {
    text: &'a str,
    tokens: Vec<Token>,
}

impl<'a> Scan<'a> {
    pub fn new(text: &'a str) -> Scan<'a> {
        Scan {
            text,
            tokens: tokens(text),
        }
    }

    /// Index of the token naming field `name` at `depth` inside `within`.
    fn field_token(&self, name: &str, depth: usize, within: &Range<usize>) -> Option<usize> {
        self.tokens.windows(2).position(|pair| {
            pair[0].kind == Kind::Word
                && pair[0].depth == depth
                && within.contains(&pair[0].range.start)
                && &self.text[pair[0].range.clone()] == name
                && pair[1].kind == Kind::Colon
        })
    }

    /// Byte offset of the top-level struct field `name` (`nodes`, `catalog`…).
    pub fn top_level_field(&self, name: &str) -> Option<usize> {
        self.field_token(name, 1, &(0..self.text.len()))
            .map(|i| self.tokens[i].range.start)
    }

    /// Byte ranges of the items of the top-level list field `name`, in file order.
    pub fn top_level_list_items(&self, name: &str) -> Vec<Range<usize>> {
        let Some(field) = self.field_token(name, 1, &(0..self.text.len())) else {
            return Vec::new();
        };
        let open = field + 2;
        if self.tokens.get(open).map(|t| t.kind) != Some(Kind::Open) {
            return Vec::new();
        }
        let mut items = Vec::new();
        let mut current: Option<usize> = None;
        for token in &self.tokens[open + 1..] {
            match (token.depth, token.kind) {
                // The list's own closing bracket sits back at the field's depth.
                (1, Kind::Close) => {
                    if let Some(start) = current.take() {
                        items.push(start..token.range.start);
                    }
                    break;
                }
                (2, Kind::Comma) => {
                    if let Some(start) = current.take() {
                        items.push(start..token.range.start);
                    }
                }
                _ => {
                    if current.is_none() {
                        current = Some(token.range.start);
                    }
                }
            }
        }
        items
    }

    /// The first field named `name` (at any depth) inside `within`.
    pub fn field_in(&self, within: &Range<usize>, name: &str) -> Option<usize> {
        self.tokens
            .windows(2)
            .find(|pair| {
                pair[0].kind == Kind::Word
                    && within.contains(&pair[0].range.start)
                    && &self.text[pair[0].range.clone()] == name
                    && pair[1].kind == Kind::Colon
            })
            .map(|pair| pair[0].range.start)
    }

    /// The first string literal inside `within` whose content is `content`.
    pub fn string_in(&self, within: &Range<usize>, content: &str) -> Option<Range<usize>> {
        self.tokens
            .iter()
            .find(|t| {
                t.kind == Kind::Str
                    && within.contains(&t.range.start)
                    && string_content(&self.text[t.range.clone()]) == Some(content)
            })
            .map(|t| t.range.clone())
    }
}

impl Scan<'_> {
    /// The byte range of the value of the first field named `name` inside `within`: a
    /// word or string, a bracketed value, or a word and its brackets (`Some((…))`).
    pub fn value_of(&self, within: &Range<usize>, name: &str) -> Option<Range<usize>> {
        let at = self.tokens.windows(2).position(|pair| {
            pair[0].kind == Kind::Word
                && within.contains(&pair[0].range.start)
                && &self.text[pair[0].range.clone()] == name
                && pair[1].kind == Kind::Colon
        })?;
        let first = at + 2;
        let value = self.tokens.get(first)?;
        let open = match self.tokens.get(first + 1) {
            _ if value.kind == Kind::Open => first,
            Some(next) if next.kind == Kind::Open && next.range.start == value.range.end => {
                first + 1
            }
            _ => return Some(value.range.clone()),
        };
        let close = self.closing(open)?;
        Some(value.range.start..self.tokens[close].range.end)
    }

    /// Where the top-level list field `name` closes, and — when its last item has no
    /// comma after it — where that item's last token ends (where a comma must go before
    /// another item is added).
    pub fn top_level_list_end(&self, name: &str) -> Option<(usize, Option<usize>)> {
        let field = self.field_token(name, 1, &(0..self.text.len()))?;
        let open = field + 2;
        if self.tokens.get(open).map(|t| t.kind) != Some(Kind::Open) {
            return None;
        }
        let close = self.closing(open)?;
        let before = &self.tokens[close - 1];
        let comma_at = (close - 1 > open && before.kind != Kind::Comma).then_some(before.range.end);
        Some((self.tokens[close].range.start, comma_at))
    }

    /// The index of the token closing the bracket opened at index `open`.
    fn closing(&self, open: usize) -> Option<usize> {
        let depth = self.tokens[open].depth;
        self.tokens[open + 1..]
            .iter()
            .position(|t| t.kind == Kind::Close && t.depth == depth)
            .map(|p| open + 1 + p)
    }

    /// The first string literal inside `within` that starts at or after `offset`.
    pub fn string_in_after(&self, within: &Range<usize>, offset: usize) -> Option<Range<usize>> {
        self.tokens
            .iter()
            .find(|t| {
                t.kind == Kind::Str && t.range.start >= offset && within.contains(&t.range.start)
            })
            .map(|t| t.range.clone())
    }
}

/// The content of a plain string literal without escapes (enough for names and ids).
fn string_content(literal: &str) -> Option<&str> {
    literal.strip_prefix('"')?.strip_suffix('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"(
    format: 1,
    id: "x",
    // a comment with ( brackets "and quotes"
    nodes: [
        (id: "a", label: "A (first)", step: Note(text: "]")),
        (id: "b", label: "B", step: Filter(condition: "Name = \"x\"")),
    ],
    wires: ["a -> b"],
)"#;

    #[test]
    fn finds_top_level_list_items_despite_brackets_in_text() {
        let scan = Scan::new(TEXT);
        let nodes = scan.top_level_list_items("nodes");
        assert_eq!(nodes.len(), 2);
        assert!(TEXT[nodes[1].clone()].starts_with("(id: \"b\""));
        let wires = scan.top_level_list_items("wires");
        assert_eq!(&TEXT[wires[0].clone()], "\"a -> b\"");
    }

    #[test]
    fn positions_are_one_based_lines_and_char_columns() {
        let lines = Lines::new("ab\nçd\n");
        assert_eq!(lines.position(0), Position { line: 1, column: 1 });
        assert_eq!(lines.position(3), Position { line: 2, column: 1 });
        assert_eq!(lines.position(5), Position { line: 2, column: 2 });
    }

    #[test]
    fn finds_fields_and_strings_within_a_range() {
        let scan = Scan::new(TEXT);
        let nodes = scan.top_level_list_items("nodes");
        let at = scan.field_in(&nodes[1], "condition").expect("field");
        assert!(TEXT[at..].starts_with("condition"));
        assert!(scan.string_in(&nodes[0], "a").is_some());
        assert!(scan.string_in(&nodes[1], "a").is_none());
        assert!(scan.top_level_field("wires").is_some());
        assert!(scan.top_level_field("label").is_none());
    }
}
