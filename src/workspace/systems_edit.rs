//! Adding or updating one system in `systems.ron` as text, so that every comment and
//! every line a person wrote elsewhere in the file stays as it was. A new system goes
//! at the end of the list in canonical form; an existing one gets only its `connector`
//! and `endpoints` replaced (its owner, classes and budget are people's decisions). The
//! result is parsed again before it is written: an edit that would not read back is
//! refused. The places are found with the same RON scanner that locates findings
//! (`store::locate::Scan`).

use super::system::{Landscape, System};
use crate::store;
use crate::store::locate::Scan;

/// `text` (a `systems.ron`) with `system` added, or its connector and endpoints updated.
/// Says whether it was added.
pub fn upsert(text: &str, system: &System) -> Result<(String, bool), String> {
    let path = std::path::Path::new(super::SYSTEMS_FILE);
    let landscape: Landscape = store::parse(path, text).map_err(|e| e.to_string())?;
    let scan = Scan::new(text);
    let exists = landscape.systems.iter().any(|s| s.id == system.id);
    let edited = if exists {
        update(text, &scan, system)?
    } else {
        append(text, &scan, system)?
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

fn append(text: &str, scan: &Scan, system: &System) -> Result<String, String> {
    let (close, comma_at) = scan
        .top_level_list_end("systems")
        .ok_or("systems.ron has no `systems: [...]` list")?;
    let entry_indent = scan.top_level_list_items("systems").first().map_or_else(
        || "        ".to_owned(),
        |first| indent_at(text, first.start),
    );
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
    // A line of its own before the closing bracket when it sits alone on its line.
    let line_start = text[..close].rfind('\n').map_or(0, |i| i + 1);
    let alone = text[line_start..close].trim().is_empty();
    let insert_at = if alone { line_start } else { close };
    let mut out = String::with_capacity(text.len() + 512);
    match comma_at {
        Some(at) => {
            out.push_str(&text[..at]);
            out.push(',');
            out.push_str(&text[at..insert_at]);
        }
        None => out.push_str(&text[..insert_at]),
    }
    if !alone {
        out.push('\n');
    }
    out.push_str(&body.join("\n"));
    out.push_str(",\n");
    out.push_str(&text[insert_at..]);
    Ok(out)
}

fn update(text: &str, scan: &Scan, system: &System) -> Result<String, String> {
    let item = scan
        .top_level_list_items("systems")
        .into_iter()
        .find(|item| {
            scan.value_of(item, "id")
                .is_some_and(|id| text[id].trim_matches('"') == system.id.as_str())
        })
        .ok_or_else(|| {
            format!(
                "the system `{}` was not found in systems.ron's list",
                system.id
            )
        })?;
    let indent = indent_at(text, item.start);
    let mut edits = Vec::new();
    for (key, value) in [
        ("connector", format!("{:?}", system.connector)),
        ("endpoints", endpoints_text(system, &indent)),
    ] {
        let range = scan
            .value_of(&item, key)
            .ok_or_else(|| format!("the system `{}` in systems.ron has no `{key}`", system.id))?;
        edits.push((range, value));
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_owned();
    for (range, value) in edits {
        out.replace_range(range, &value);
    }
    Ok(out)
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
    fn raw_strings_and_a_comment_after_the_last_entry_are_read_as_ron() {
        let text = TEXT
            .replace(r#"name: "CRM","#, r##"name: r#"The "old" CRM ) ] ,"#,"##)
            .replace("        )\n    ],", "        ) // the last one\n    ],");
        let (out, added) = upsert(&text, &system("pets", "https://pets.example/v1")).unwrap();
        assert!(added);
        assert!(
            out.contains("        ), // the last one\n        (\n"),
            "{out}"
        );
        assert!(out.contains(r##"r#"The "old" CRM ) ] ,"#"##));
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
