//! Adding or updating one system in `systems.ron` as text, so that every comment and
//! every line a person wrote elsewhere in the file stays as it was. A new system goes
//! at the end of the list in canonical form; an existing one gets only its `connector`
//! and `endpoints` replaced (its owner, classes and budget are people's decisions). The
//! result is parsed again before it is written: an edit that would not read back is
//! refused.

use super::system::{Landscape, System};
use crate::store;

/// `text` (a `systems.ron`) with `system` added, or its connector and endpoints updated.
/// Says whether it was added.
pub fn upsert(text: &str, system: &System) -> Result<(String, bool), String> {
    let path = std::path::Path::new(super::SYSTEMS_FILE);
    let landscape: Landscape = store::parse(path, text).map_err(|e| e.to_string())?;
    let tokens = scan(text)?;
    let list = value_of_key(&tokens, text, 1, "systems")
        .ok_or("systems.ron has no `systems: [...]` list")?;
    let exists = landscape.systems.iter().any(|s| s.id == system.id);
    let edited = if exists {
        update(text, &tokens, list, system)?
    } else {
        append(text, &tokens, list, system)?
    };
    let reread: Landscape = store::parse(path, &edited).map_err(|e| {
        format!("the edited systems.ron would not read back ({e}); nothing was written")
    })?;
    let ok = reread.systems.len() == landscape.systems.len() + usize::from(!exists)
        && reread
            .systems
            .iter()
            .find(|s| s.id == system.id)
            .is_some_and(|s| s.connector == system.connector && s.endpoints == system.endpoints);
    if !ok {
        return Err(
            "the edit of systems.ron did not come out as intended; nothing was written".into(),
        );
    }
    Ok((edited, !exists))
}

fn append(
    text: &str,
    tokens: &[Tok],
    list: (usize, usize),
    system: &System,
) -> Result<String, String> {
    let (open, close) = list;
    let entry_indent =
        indent_of_first_entry(text, tokens, open, close).unwrap_or_else(|| "        ".into());
    let body = store::to_canonical(system).map_err(|e| e.to_string())?;
    let body: Vec<String> = body
        .trim_end()
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{entry_indent}{l}")
            }
        })
        .collect();
    // Does the last entry end with a comma already?
    let last = (close > open + 1).then(|| &tokens[close - 1]);
    let needs_comma = last.is_some_and(|t| t.kind != Kind::Comma);
    let close_at = tokens[close].start;
    let line_start = text[..close_at].rfind('\n').map_or(0, |i| i + 1);
    let before_close = &text[line_start..close_at];
    let mut out = String::with_capacity(text.len() + 512);
    let insert_at = if before_close.trim().is_empty() {
        line_start
    } else {
        close_at
    };
    let mut head = text[..insert_at].to_owned();
    if needs_comma && let Some(last) = last {
        head.insert(last.end, ',');
    }
    out.push_str(&head);
    if insert_at == close_at {
        out.push('\n');
    }
    out.push_str(&body.join("\n"));
    out.push_str(",\n");
    out.push_str(&text[insert_at..]);
    Ok(out)
}

fn update(
    text: &str,
    tokens: &[Tok],
    list: (usize, usize),
    system: &System,
) -> Result<String, String> {
    let (open, close) = list;
    let depth = tokens[open].depth + 1;
    // Each entry is a `(` at the list's inner depth; find the one whose `id` matches.
    for (i, t) in tokens.iter().enumerate().take(close).skip(open + 1) {
        if t.depth != depth || t.kind != Kind::Open('(') {
            continue;
        }
        let end = matching(tokens, i).ok_or("systems.ron has an unclosed `(`")?;
        let inner = &tokens[i..=end];
        let Some((a, b)) = value_of_key(inner, text, depth, "id") else {
            continue;
        };
        let written = &text[inner[a].start..inner[b].end];
        if written.trim_matches('"') != system.id.as_str() {
            continue;
        }
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        for (key, value) in [
            ("connector", format!("{:?}", system.connector)),
            (
                "endpoints",
                endpoints_text(system, &indent_at(text, tokens[i].start)),
            ),
        ] {
            let (a, b) = value_of_key(inner, text, depth, key).ok_or(format!(
                "the system `{}` in systems.ron has no `{key}`",
                system.id
            ))?;
            edits.push((inner[a].start, inner[b].end, value));
        }
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        let mut out = text.to_owned();
        for (start, end, value) in edits {
            out.replace_range(start..end, &value);
        }
        return Ok(out);
    }
    Err(format!(
        "the system `{}` was not found in systems.ron's list",
        system.id
    ))
}

fn endpoints_text(system: &System, entry_indent: &str) -> String {
    let mut out = String::from("{\n");
    for (env, url) in &system.endpoints {
        out.push_str(&format!("{entry_indent}        {env:?}: {url:?},\n"));
    }
    out.push_str(&format!("{entry_indent}    }}"));
    out
}

fn indent_at(text: &str, at: usize) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect()
}

fn indent_of_first_entry(text: &str, tokens: &[Tok], open: usize, close: usize) -> Option<String> {
    let depth = tokens[open].depth + 1;
    let first = tokens[open + 1..close]
        .iter()
        .find(|t| t.depth == depth && t.kind == Kind::Open('('))?;
    Some(indent_at(text, first.start))
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Open(char),
    Close(char),
    Colon,
    Comma,
    /// An identifier, string, number or other value.
    Other,
}

#[derive(Clone, Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Brackets around it (an opening bracket counts itself).
    depth: usize,
}

/// The tokens of a RON text that matter for finding keys and values: brackets, colons,
/// commas and whole values; comments and string contents are skipped.
fn scan(text: &str) -> Result<Vec<Tok>, String> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let mut level = 0;
                while i < bytes.len() {
                    if text[i..].starts_with("/*") {
                        level += 1;
                        i += 2;
                    } else if text[i..].starts_with("*/") {
                        level -= 1;
                        i += 2;
                        if level == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                tokens.push(Tok {
                    kind: Kind::Other,
                    start,
                    end: i.min(bytes.len()),
                    depth,
                });
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                tokens.push(Tok {
                    kind: Kind::Open(c as char),
                    start,
                    end: i + 1,
                    depth,
                });
            }
            b')' | b']' | b'}' => {
                tokens.push(Tok {
                    kind: Kind::Close(c as char),
                    start,
                    end: i + 1,
                    depth,
                });
                depth = depth
                    .checked_sub(1)
                    .ok_or("systems.ron closes a bracket it never opened")?;
            }
            b':' => tokens.push(Tok {
                kind: Kind::Colon,
                start,
                end: i + 1,
                depth,
            }),
            b',' => tokens.push(Tok {
                kind: Kind::Comma,
                start,
                end: i + 1,
                depth,
            }),
            c if c.is_ascii_whitespace() => {}
            _ => {
                while i < bytes.len() && !b"()[]{}:,\"/ \t\r\n".contains(&bytes[i]) {
                    i += 1;
                }
                tokens.push(Tok {
                    kind: Kind::Other,
                    start,
                    end: i,
                    depth,
                });
                continue;
            }
        }
        i += 1;
    }
    Ok(tokens)
}

/// The index of the bracket closing the one opened at `open`.
fn matching(tokens: &[Tok], open: usize) -> Option<usize> {
    let depth = tokens[open].depth;
    tokens[open + 1..]
        .iter()
        .position(|t| matches!(t.kind, Kind::Close(_)) && t.depth == depth)
        .map(|p| open + 1 + p)
}

/// The first and last token of the value of `key` written at bracket depth `depth`.
fn value_of_key(tokens: &[Tok], text: &str, depth: usize, key: &str) -> Option<(usize, usize)> {
    let at = tokens.windows(2).position(|w| {
        w[0].depth == depth
            && w[0].kind == Kind::Other
            && &text[w[0].start..w[0].end] == key
            && w[1].kind == Kind::Colon
    })?;
    let first = at + 2;
    let t = tokens.get(first)?;
    let last = match t.kind {
        Kind::Open(_) => matching(tokens, first)?,
        _ => {
            // A value like `Some((team: …))`: a name then a bracket.
            match tokens.get(first + 1) {
                Some(next) if matches!(next.kind, Kind::Open(_)) && next.start == t.end => {
                    matching(tokens, first + 1)?
                }
                _ => first,
            }
        }
    };
    Some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SystemId;
    use crate::workspace::SystemKind;
    use std::collections::BTreeMap;

    const TEXT: &str = r#"// Our systems. Keep this comment.
(
    format: 1,
    systems: [
        (
            id: "crm", // the sales one
            name: "CRM",
            kind: Crm,
            owner: Some((team: "Sales", contact: "s@x.example")),
            connector: "crm",
            endpoints: {
                "production": "https://crm.example/api",
            },
        )
    ],
)
"#;

    fn system(id: &str, url: &str) -> System {
        System {
            id: SystemId::new(id).unwrap(),
            name: "Pets".into(),
            kind: SystemKind::Other,
            owner: None,
            connector: id.into(),
            endpoints: BTreeMap::from([("production".to_owned(), url.to_owned())]),
            system_of_record: vec![],
            approved_classes: vec![],
            api_calls_per_day: None,
            tags: vec![],
            credential: None,
            feeds: None,
            objects: vec![],
        }
    }

    #[test]
    fn a_new_system_is_appended_and_comments_stay() {
        let (out, added) = upsert(TEXT, &system("pets", "https://pets.example/v1")).unwrap();
        assert!(added);
        assert!(out.starts_with("// Our systems. Keep this comment."));
        assert!(out.contains("// the sales one"));
        assert!(
            out.contains("        ),\n        (\n            id: \"pets\","),
            "{out}"
        );
    }

    #[test]
    fn an_existing_system_keeps_its_owner_and_gets_new_endpoints() {
        let mut crm = system("crm", "https://new.example/api");
        crm.connector = "crm2".into();
        let (out, added) = upsert(TEXT, &crm).unwrap();
        assert!(!added);
        assert!(out.contains(r#"owner: Some((team: "Sales""#));
        assert!(
            out.contains(r#""production": "https://new.example/api","#),
            "{out}"
        );
        assert!(out.contains(r#"connector: "crm2","#));
        assert!(out.contains("// the sales one"));
        assert!(!out.contains("crm.example/api"));
    }
}
