//! Where a finding's [`Location`] sits in the flow file's text, so the CLI can print
//! `file:line:col` and the source line. The model keeps no spans; this finds them again
//! with the store's scanner, falling back to the enclosing node or the top of the file.

use std::ops::Range;

use crate::governance::Location;
use crate::model::{Flow, Wire};
use crate::store::locate::Scan;

/// Byte range in `text` that `location` refers to, always on character boundaries.
pub fn span_of(text: &str, flow: &Flow, location: &Location) -> Range<usize> {
    let span = raw_span_of(text, flow, location);
    let floor = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = floor(span.start);
    start..floor(span.end).max(start)
}

fn raw_span_of(text: &str, flow: &Flow, location: &Location) -> Range<usize> {
    let scan = Scan::new(text);
    let first_line =
        |start: usize| start..text[start..].find('\n').map_or(text.len(), |i| start + i);
    let node_item = |id: &crate::model::NodeId| {
        let index = flow.nodes.iter().position(|n| &n.id == id)?;
        scan.top_level_list_items("nodes").get(index).cloned()
    };
    let fallback = || scan.top_level_field("name").map_or(0..0, first_line);
    match location {
        Location::Flow => fallback(),
        Location::Catalog { field } => scan
            .top_level_field("catalog")
            .map(|at| {
                let rest = at..text.len();
                scan.field_in(&rest, field).unwrap_or(at)
            })
            .map_or_else(fallback, first_line),
        Location::Node { node } => match node_item(node) {
            Some(item) => scan
                .field_in(&item, "id")
                .map_or(item.start..item.start + 1, first_line),
            None => fallback(),
        },
        Location::Field { node, field } => match node_item(node) {
            Some(item) => scan
                .string_in(&item, field)
                .or_else(|| scan.field_in(&item, field).map(first_line))
                .unwrap_or_else(|| {
                    scan.field_in(&item, "id")
                        .map_or(item.start..item.start + 1, first_line)
                }),
            None => fallback(),
        },
        Location::Formula { node, field, span } => match node_item(node) {
            Some(item) => {
                let key = scan
                    .string_in(&item, field)
                    .or_else(|| scan.field_in(&item, field).map(|a| a..a));
                match key {
                    // The formula is the next string literal after its key.
                    Some(key) => scan
                        .string_in_after(&item, key.end)
                        .map(|lit| {
                            let raw = &text[lit.clone()];
                            lit.start + raw_offset(raw, span.start)
                                ..lit.start + raw_offset(raw, span.end)
                        })
                        .unwrap_or(key),
                    None => item.start..item.start + 1,
                }
            }
            None => fallback(),
        },
        Location::Wire { wire } => scan
            .top_level_list_items("wires")
            .into_iter()
            .find(|item| {
                text[item.clone()]
                    .trim()
                    .strip_prefix('"')
                    .and_then(|s| s.strip_suffix('"'))
                    .and_then(|s| s.parse::<Wire>().ok())
                    .is_some_and(|w| &w == wire)
            })
            .unwrap_or_else(|| {
                scan.top_level_field("wires")
                    .map_or_else(fallback, first_line)
            }),
    }
}

/// Where byte `content` of a string literal's decoded text sits in the literal as
/// written (`raw`, quotes included): RON escapes such as `\"` take more room in the file
/// than in the text they stand for.
fn raw_offset(raw: &str, content: usize) -> usize {
    if let Some(after_r) = raw.strip_prefix('r') {
        // A raw string: r#"…"# holds its text as it is.
        let hashes = after_r.chars().take_while(|&c| c == '#').count();
        return (1 + hashes + 1 + content).min(raw.len());
    }
    let mut decoded = 0;
    let mut i = 1; // after the opening quote
    let bytes = raw.as_bytes();
    while i < raw.len().saturating_sub(1) && decoded < content {
        if bytes[i] == b'\\' {
            let rest = &raw[i + 1..];
            if let Some(hex) = rest.strip_prefix("u{") {
                let close = hex.find('}').unwrap_or(hex.len());
                let ch = u32::from_str_radix(&hex[..close], 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('?');
                decoded += ch.len_utf8();
                i += 1 + 2 + close + 1;
            } else if rest.starts_with('x') {
                decoded += 1;
                i += 4;
            } else {
                decoded += 1;
                i += 2;
            }
        } else {
            let width = raw[i..].chars().next().map_or(1, char::len_utf8);
            decoded += width;
            i += width;
        }
    }
    i.min(raw.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeId;

    #[test]
    fn formula_spans_step_over_escapes_in_the_file() {
        let raw = r#""Type & \": \" & Subjct""#;
        let formula = "Type & \": \" & Subjct";
        let at = formula.find("Subjct").expect("in formula");
        assert_eq!(&raw[raw_offset(raw, at)..raw_offset(raw, at + 6)], "Subjct");
        let raw = r#""caf\u{e9} & X""#;
        let formula = "café & X";
        let at = formula.find('X').expect("in formula");
        assert_eq!(&raw[raw_offset(raw, at)..raw_offset(raw, at + 1)], "X");
    }

    #[test]
    fn formula_spans_inside_multibyte_text_stay_on_character_boundaries() {
        let text = "(format: 1, id: \"f\", name: \"x\", nodes: [(id: \"m\", label: \"M\", step: Filter(condition: \"Stadt = \\\"Zürich\\\"\"))])";
        let flow =
            crate::store::parse_flow(std::path::Path::new("f.flow.ron"), text).expect("parses");
        for start in 0..20 {
            let location = Location::Formula {
                node: NodeId::new("m").expect("id"),
                field: "condition".into(),
                span: start..start + 1,
            };
            let span = span_of(text, &flow, &location);
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            assert!(span.start <= span.end && span.end <= text.len());
        }
    }
}
