//! How `switchboard diff` prints a comparison: plain text for a terminal, Markdown for a
//! pull request, JSON with stable keys for tools. All three say the same; every sentence
//! comes from the review layer, in words (no arrows).

use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

use crate::governance::{Finding, Location};
use crate::model::Flow;
use crate::review::{Change, Comparison, Exposure};
use crate::words;

/// What is printed: the comparison and where its versions and workspace come from.
pub struct DiffReport<'a> {
    pub old_name: String,
    pub new_name: String,
    pub old: &'a Flow,
    pub new: &'a Flow,
    /// The workspace both versions were checked against.
    pub workspace: Option<PathBuf>,
    pub notes: Vec<String>,
    pub comparison: Comparison,
}

/// Where a finding points, named as a reviewer knows it: the step's label.
fn place(finding: &Finding, flow: &Flow) -> String {
    let step = |id| {
        flow.node(id)
            .map_or_else(|| format!("step {id}"), |n| format!("step “{}”", n.label))
    };
    match &finding.location {
        Location::Flow => "the flow".into(),
        Location::Catalog { field } => format!("catalog detail {field}"),
        Location::Node { node } => step(node),
        Location::Field { node, field } | Location::Formula { node, field, .. } => {
            format!("{}, {field}", step(node))
        }
        Location::Wire { wire } => format!("wire {wire}"),
    }
}

/// The findings delta in the order both text forms show it, each group with the version
/// its findings belong to (resolved ones are the old version's).
fn finding_groups<'r>(r: &'r DiffReport) -> [(&'static str, &'r Vec<Finding>, &'r Flow); 3] {
    let f = &r.comparison.findings;
    [
        ("New findings", &f.new, r.new),
        ("Resolved", &f.resolved, r.old),
        ("Still open", &f.still_open, r.new),
    ]
}

fn finding_line(f: &Finding, flow: &Flow) -> String {
    format!(
        "{}[{}] on {}: {}",
        f.severity.label(),
        f.code,
        place(f, flow),
        f.message
    )
}

/// Plain text for a terminal.
pub fn human(r: &DiffReport, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "Comparing {} with {}", r.old_name, r.new_name)?;
    let changes = &r.comparison.changes;
    writeln!(out)?;
    if changes.same_content() {
        // Layout and sample records (test data) only, or nothing at all.
        let lines = changes.lines();
        if lines.is_empty() {
            writeln!(out, "The two versions are the same.")?;
        } else {
            writeln!(
                out,
                "No change to what the flow does; only: {}.",
                lines.join("; ")
            )?;
        }
    } else {
        writeln!(
            out,
            "What changed ({}):",
            words::count(changes.content.len(), "change", "changes")
        )?;
        for line in changes.lines() {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;
    match &r.workspace {
        Some(dir) => writeln!(
            out,
            "Governance (checked against the workspace {}):",
            dir.display()
        )?,
        None => writeln!(out, "Governance (structure only):")?,
    }
    let groups = finding_groups(r);
    for (title, list, flow) in groups {
        writeln!(out, "  {title}: {}", list.len())?;
        for finding in list {
            writeln!(out, "    {}", finding_line(finding, flow))?;
        }
    }
    if let Some(exposure) = &r.comparison.exposure {
        writeln!(out)?;
        writeln!(out, "Data exposure:")?;
        if exposure.is_empty() {
            writeln!(out, "  No change in which systems receive personal data.")?;
        }
        for e in &exposure.now_reaches {
            writeln!(out, "  {}", e.describe("now reaches"))?;
        }
        for e in &exposure.no_longer_reaches {
            writeln!(out, "  {}", e.describe("no longer reaches"))?;
        }
    }
    for note in &r.notes {
        writeln!(out)?;
        writeln!(out, "note: {note}")?;
    }
    Ok(())
}

/// A table cell: one line, no column breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Markdown fit to paste into a pull request.
pub fn markdown(r: &DiffReport, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "## Changes to “{}”", cell(&r.new.name))?;
    writeln!(out)?;
    writeln!(
        out,
        "Compared `{}` with `{}`.",
        cell(&r.old_name),
        cell(&r.new_name)
    )?;
    writeln!(out)?;
    writeln!(out, "### What changed")?;
    writeln!(out)?;
    let changes = &r.comparison.changes;
    if changes.same_content() && changes.lines().is_empty() {
        writeln!(out, "The two versions are the same.")?;
    } else if changes.same_content() {
        writeln!(
            out,
            "No change to what the flow does; only: {}.",
            cell(&changes.lines().join("; "))
        )?;
    } else {
        writeln!(out, "| Step | Change |")?;
        writeln!(out, "| --- | --- |")?;
        for c in &changes.content {
            let step = c.step_label().map_or_else(|| "(flow)".to_owned(), cell);
            writeln!(out, "| {step} | {} |", cell(&c.detail()))?;
        }
    }
    if let Some(moves) = changes.moves_line().filter(|_| !changes.same_content()) {
        writeln!(out)?;
        writeln!(
            out,
            "Layout only (no change to what the flow does): {moves}."
        )?;
    }
    markdown_findings(r, out)?;
    if let Some(exposure) = &r.comparison.exposure {
        writeln!(out)?;
        writeln!(out, "### Data exposure")?;
        writeln!(out)?;
        if exposure.is_empty() {
            writeln!(out, "No change in which systems receive personal data.")?;
        }
        let item = |e: &Exposure, verb: &str| {
            format!(
                "- **{}** {verb} **{}** ({})",
                e.class.label(),
                cell(&e.system_name),
                cell(&e.fields.join(", "))
            )
        };
        for e in &exposure.now_reaches {
            writeln!(out, "{}", item(e, "now reaches"))?;
        }
        for e in &exposure.no_longer_reaches {
            writeln!(out, "{}", item(e, "no longer reaches"))?;
        }
    }
    for note in &r.notes {
        writeln!(out)?;
        writeln!(out, "> {}", cell(note))?;
    }
    Ok(())
}

fn markdown_findings(r: &DiffReport, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(out, "### Governance")?;
    writeln!(out)?;
    match &r.workspace {
        Some(dir) => writeln!(
            out,
            "Checked against the workspace `{}`.",
            cell(&dir.display().to_string())
        )?,
        None => writeln!(out, "Checked for structure only (no workspace).")?,
    }
    let groups = finding_groups(r);
    for (title, list, flow) in groups {
        writeln!(out)?;
        if list.is_empty() {
            writeln!(out, "**{title}:** none")?;
            continue;
        }
        writeln!(out, "**{title}:** {}", list.len())?;
        writeln!(out)?;
        writeln!(out, "| Severity | Rule | Where | Finding |")?;
        writeln!(out, "| --- | --- | --- | --- |")?;
        for finding in list {
            writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                finding.severity.label(),
                finding.code,
                cell(&place(finding, flow)),
                cell(&finding.message)
            )?;
        }
    }
    Ok(())
}

/// One change in JSON: its data and its sentence.
#[derive(Serialize)]
struct JsonChange<'a> {
    #[serde(flatten)]
    change: &'a Change,
    text: String,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    old: &'a str,
    new: &'a str,
    same_content: bool,
    changes: Vec<JsonChange<'a>>,
    moved: usize,
    workspace: Option<String>,
    findings: &'a crate::review::FindingsDelta,
    exposure: &'a Option<crate::review::ExposureDelta>,
    notes: &'a [String],
}

/// One JSON document with stable keys.
pub fn json(r: &DiffReport, out: &mut dyn Write) -> std::io::Result<()> {
    let c = &r.comparison;
    let report = JsonReport {
        old: &r.old_name,
        new: &r.new_name,
        same_content: c.changes.same_content(),
        changes: c
            .changes
            .content
            .iter()
            .map(|change| JsonChange {
                change,
                text: change.text(),
            })
            .collect(),
        moved: c.changes.moved,
        workspace: r.workspace.as_ref().map(|p| p.display().to_string()),
        findings: &c.findings,
        exposure: &c.exposure,
        notes: &r.notes,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
