//! Flow files: read any supported format, check the file is self-consistent, write the
//! canonical form.
//!
//! Canonical means: fields in model order, wires sorted, layout keyed and sorted by node
//! id, mappings sorted, one item per line. Load → save of a canonical file gives the same
//! bytes, so a diff shows exactly what a user changed.

use std::collections::HashSet;
use std::path::Path;

use super::error::{LoadError, LoadErrorKind};
use super::locate::Scan;
use super::stamp::FileStamp;
use super::{atomic, migrate, ron_text, text};
use crate::model::{Flow, FlowIndex, FlowKind, NodeId};

/// Reads and validates the flow at `path`.
pub fn load_flow(path: &Path) -> Result<Flow, LoadError> {
    load_flow_stamped(path).map(|(flow, _)| flow)
}

/// Reads and validates the flow at `path`, with the stamp of the bytes it was read from.
pub fn load_flow_stamped(path: &Path) -> Result<(Flow, FileStamp), LoadError> {
    let text = text::read_document(path)?;
    let flow = parse_flow(path, &text)?;
    Ok((flow, FileStamp::of_bytes(text.as_bytes())))
}

/// Parses a flow from `text` (the contents of `path`, which is only used in messages).
pub fn parse_flow(path: &Path, text: &str) -> Result<Flow, LoadError> {
    let version = format_version(path, text)?;
    let mut flow = migrate::parse_any_version(path, text, version)?;
    validate(path, text, &flow)?;
    canonicalize(&mut flow);
    Ok(flow)
}

/// The flow's canonical text.
pub fn flow_to_string(flow: &Flow) -> Result<String, ron::Error> {
    if is_canonical(flow) {
        // The usual case; cloning a large flow costs a fifth of writing it.
        return ron_text::to_canonical(flow);
    }
    let mut flow = flow.clone();
    canonicalize(&mut flow);
    ron_text::to_canonical(&flow)
}

/// Whether [`canonicalize`] would leave `flow` unchanged.
fn is_canonical(flow: &Flow) -> bool {
    let wires_sorted_and_unique = flow.wires.windows(2).all(|pair| pair[0] < pair[1]);
    let ids: HashSet<&NodeId> = flow.nodes.iter().map(|n| &n.id).collect();
    wires_sorted_and_unique
        && flow.layout.0.keys().all(|id| ids.contains(id))
        && flow.kind == FlowKind::of(flow)
}

/// Saves `flow` to `path` canonically and atomically; returns the stamp of what it wrote.
pub fn save_flow(path: &Path, flow: &Flow) -> std::io::Result<FileStamp> {
    let text = flow_to_string(flow).map_err(std::io::Error::other)?;
    atomic::write_atomic(path, text.as_bytes())?;
    Ok(FileStamp::of_bytes(text.as_bytes()))
}

/// Saves `flow` as a new file at `path`, never replacing one: when a file exists there
/// (even one another program created a moment ago) the error is
/// [`std::io::ErrorKind::AlreadyExists`] and nothing is written.
pub fn create_flow(path: &Path, flow: &Flow) -> std::io::Result<FileStamp> {
    let text = flow_to_string(flow).map_err(std::io::Error::other)?;
    atomic::create_atomic(path, text.as_bytes())?;
    Ok(FileStamp::of_bytes(text.as_bytes()))
}

/// Puts a flow in canonical order: wires sorted and unique, no layout entries for nodes
/// that no longer exist.
pub fn canonicalize(flow: &mut Flow) {
    // Files written by Switchboard are already sorted; checking is cheaper than sorting.
    if !flow.wires.is_sorted() {
        flow.wires.sort();
    }
    flow.wires.dedup();
    let ids: HashSet<&NodeId> = flow.nodes.iter().map(|n| &n.id).collect();
    flow.layout.0.retain(|id, _| ids.contains(id));
    // The kind follows from the trigger: a file says what the flow is.
    flow.kind = FlowKind::of(flow);
}

/// Reads the `format` number, cheaply when it comes first as in every canonical file.
fn format_version(path: &Path, text: &str) -> Result<u32, LoadError> {
    if let Some(v) = leading_format(text) {
        return Ok(v);
    }
    #[derive(serde::Deserialize)]
    struct Header {
        #[serde(default, deserialize_with = "present")]
        format: Option<u32>,
    }
    fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        <u32 as serde::Deserialize>::deserialize(d).map(Some)
    }
    let header: Header = ron_text::parse(path, text)?;
    header.format.ok_or_else(|| {
        LoadError::new(
            path,
            LoadErrorKind::Syntax,
            "the field `format` is missing: every flow file starts with `format: 1`",
        )
        .at(text, 0)
    })
}

/// `(` then `format: N` at the very start, allowing whitespace and line comments.
fn leading_format(text: &str) -> Option<u32> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if rest.starts_with("//") {
            rest = rest.split_once('\n').map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let rest = rest.strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("format")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits: &str = &rest[..rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len())];
    let after = rest[digits.len()..].trim_start();
    if !(after.starts_with(',') || after.starts_with(')')) {
        return None;
    }
    digits.parse().ok()
}

/// What serde cannot see: ids unique, wires joining ports that exist.
fn validate(path: &Path, text: &str, flow: &Flow) -> Result<(), LoadError> {
    // The scanner only runs when something is wrong: it is there to say where.
    let scan = || Scan::new(text);
    let invalid = |message: String| LoadError::new(path, LoadErrorKind::Invalid, message);

    let index = FlowIndex::new(flow);
    for (i, node) in flow.nodes.iter().enumerate() {
        // The index keeps the first node of each id; any other is a duplicate.
        if !index
            .node(&node.id)
            .is_some_and(|first| std::ptr::eq(first, node))
        {
            let scan = scan();
            let items = scan.top_level_list_items("nodes");
            let at = items
                .get(i)
                .and_then(|item| scan.field_in(item, "id"))
                .or_else(|| scan.top_level_field("nodes"))
                .unwrap_or(0);
            return Err(invalid(format!(
                "two nodes have the id `{}`: give this one an id of its own",
                node.id
            ))
            .at(text, at));
        }
    }

    for (i, wire) in flow.wires.iter().enumerate() {
        let problem = [(&wire.from, false), (&wire.to, true)]
            .into_iter()
            .find_map(|(end, input)| {
                let side = if input { "to" } else { "from" };
                match index.node(&end.node) {
                    None => Some(format!(
                        "the wire `{wire}` goes {side} the node `{}`, which does not exist: remove the wire or add the node",
                        end.node
                    )),
                    Some(node) if !index.has_port(end, input) => {
                        let ports = if input { node.step.inputs() } else { node.step.outputs() };
                        let kind = if input { "input" } else { "output" };
                        let ports = if ports.is_empty() {
                            format!("a {} node has no {kind}s", node.step.kind_name())
                        } else {
                            format!(
                                "its {kind}s are {}",
                                ports.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                            )
                        };
                        Some(format!(
                            "the wire `{wire}` uses {kind} `{}` of node `{}`, which has no such {kind}: {ports}",
                            end.port, end.node
                        ))
                    }
                    Some(_) => None,
                }
            });
        if let Some(message) = problem {
            let scan = scan();
            let at = scan
                .top_level_list_items("wires")
                .get(i)
                .map(|r| r.start)
                .or_else(|| scan.top_level_field("wires"))
                .unwrap_or(0);
            return Err(invalid(message).at(text, at));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_number_is_read_without_parsing_the_whole_file() {
        assert_eq!(leading_format("(\n    format: 1,\n    id: \"x\""), Some(1));
        assert_eq!(leading_format("// note\n(format: 12)"), Some(12));
        assert_eq!(leading_format("(id: \"x\", format: 1)"), None);
        assert_eq!(leading_format("(format: 1x)"), None);
    }
}
