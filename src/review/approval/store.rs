//! Where approvals are kept: `approvals.ron` in the workspace (canonical: sorted by flow id
//! then time, one approval per line, so two reviewers' approvals diff and merge as two
//! lines), and a copy of each approved version in `.approved/<flow id>/<hash>.flow.ron`,
//! so "compare with the last approved version" works without git.

use std::path::{Path, PathBuf};

use super::hash;
use crate::model::{APPROVALS_FORMAT, Approval, Flow};
use crate::store;
use crate::workspace::{APPROVALS_FILE, APPROVED_DIR, Workspace};

/// Why an approval could not be written down.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("the approval could not be written: {0}")]
    Format(#[from] ron::Error),
    #[error("the approval could not be saved ({why}): {path}")]
    Io { why: std::io::Error, path: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SaveError + '_ {
    move |why| SaveError::Io {
        why,
        path: path.display().to_string(),
    }
}

/// The canonical text of `approvals.ron` holding `approvals`.
pub fn approvals_text(approvals: &[Approval]) -> Result<String, ron::Error> {
    let mut sorted: Vec<&Approval> = approvals.iter().collect();
    sorted.sort_by(|a, b| {
        (a.flow.as_str(), &a.time, &a.signature).cmp(&(b.flow.as_str(), &b.time, &b.signature))
    });
    let line = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .compact_structs(true)
        .escape_strings(true);
    let mut text = format!("(\n    format: {APPROVALS_FORMAT},\n    approvals: [\n");
    for approval in sorted {
        text.push_str("        ");
        text.push_str(&ron::ser::to_string_pretty(approval, line.clone())?);
        text.push_str(",\n");
    }
    text.push_str("    ],\n)\n");
    Ok(text)
}

/// Adds `approval` to the workspace's `approvals.ron` (written atomically, canonically).
pub fn add_approval(workspace: &Workspace, approval: Approval) -> Result<PathBuf, SaveError> {
    let path = workspace.root.join(APPROVALS_FILE);
    let mut all = workspace.approvals.clone();
    all.push(approval);
    store::write_atomic(&path, approvals_text(&all)?.as_bytes()).map_err(io(&path))?;
    Ok(path)
}

/// Where the approved version of `flow` with content hash `content` is kept.
pub fn approved_copy_path(root: &Path, flow: &str, content: &str) -> PathBuf {
    root.join(APPROVED_DIR).join(flow).join(format!(
        "{}{}",
        hash::hex_of(content),
        crate::workspace::FLOW_SUFFIX
    ))
}

/// Keeps a copy of `flow` (whose content hash is `content`) as approved. A copy already
/// there is the same content (same hash) and is kept as it is.
pub fn keep_approved_copy(root: &Path, flow: &Flow, content: &str) -> Result<PathBuf, SaveError> {
    let path = approved_copy_path(root, flow.id.as_str(), content);
    if path.exists() {
        return Ok(path);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let text = store::flow_to_string(flow)?;
    match store::create_atomic(&path, text.as_bytes()) {
        Ok(()) => Ok(path),
        // Another approval of the same content got there first: same bytes that matter.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(path),
        Err(e) => Err(io(&path)(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FlowId;

    fn approval(flow: &str, time: &str) -> Approval {
        Approval {
            flow: FlowId::new(flow).expect("slug"),
            content: "sha256:aa".into(),
            systems: "sha256:bb".into(),
            policy: "none".into(),
            reviewer: "Ana Ruiz".into(),
            email: "ana@example.com".into(),
            time: time.into(),
            comment: "Looks \"right\",\nsecond line".into(),
            signature: "U1NIU0lH".into(),
        }
    }

    #[test]
    fn approvals_are_sorted_one_per_line_and_read_back() {
        let all = [
            approval("b", "2026-01-01T00:00:00Z"),
            approval("a", "2026-02-01T00:00:00Z"),
            approval("a", "2026-01-01T00:00:00Z"),
        ];
        let text = approvals_text(&all).expect("writes");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 8, "{text}");
        assert!(
            lines[3].contains("flow: \"a\"") && lines[3].contains("2026-01"),
            "{text}"
        );
        assert!(
            lines[4].contains("2026-02") && lines[5].contains("flow: \"b\""),
            "{text}"
        );
        let back: crate::model::ApprovalsFile =
            store::parse(Path::new("approvals.ron"), &text).expect("parses");
        assert_eq!(back.approvals.len(), 3);
        assert_eq!(back.approvals[0], all[2]);
        assert_eq!(approvals_text(&back.approvals).expect("writes"), text);
    }
}
