//! A findings report a reviewer can read without the app: Markdown, one section per flow
//! with what it moves and its findings as a roadmap (security first, then severity, then
//! impact), after a summary of the whole workspace.

use std::fmt::Write;

use super::{Finding, Severity, check_flow, check_workspace, sort_findings};
use crate::model::Flow;
use crate::words;
use crate::workspace::Workspace;

/// The report of `flows` in `workspace`, titled with the workspace's folder name.
pub fn markdown(flows: &[&Flow], workspace: &Workspace, title: &str) -> String {
    let mut per_flow: Vec<Vec<Finding>> = flows
        .iter()
        .map(|f| check_flow(f, Some(workspace)))
        .collect();
    for (i, finding) in check_workspace(flows, workspace) {
        per_flow[i].push(finding);
    }
    per_flow.iter_mut().for_each(|f| sort_findings(f));

    let count = |s: Severity| {
        per_flow
            .iter()
            .flatten()
            .filter(|f| f.severity == s)
            .count()
    };
    let mut out = String::new();
    let _ = writeln!(out, "# Integration findings: {title}\n");
    let _ = writeln!(
        out,
        "{}, {}, {}, {}. Errors block approval; each finding says what to do.\n",
        words::count(flows.len(), "flow", "flows"),
        words::count(count(Severity::Error), "error", "errors"),
        words::count(count(Severity::Warning), "warning", "warnings"),
        words::count(count(Severity::Info), "note", "notes")
    );
    let _ = writeln!(out, "| Flow | Owner | Data element | Errors | Warnings |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    let mut order: Vec<usize> = (0..flows.len()).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(
                per_flow[i]
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count(),
            ),
            flows[i].name.clone(),
        )
    });
    for &i in &order {
        let flow = flows[i];
        let errors = per_flow[i]
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let warnings = per_flow[i]
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {errors} | {warnings} |",
            cell(&flow.name),
            cell(
                &flow
                    .owner
                    .as_ref()
                    .map_or_else(|| "(none)".to_owned(), |o| o.team.clone())
            ),
            cell(flow.catalog.data_element.as_deref().unwrap_or("(not said)")),
        );
    }
    for &i in &order {
        let flow = flows[i];
        let _ = writeln!(out, "\n## {} (`{}`)\n", flow.name, flow.id);
        if !flow.description.is_empty() {
            let _ = writeln!(out, "{}\n", flow.description);
        }
        if let Some(impact) = super::impact_of(flow) {
            let _ = writeln!(out, "Moves {}.\n", impact.describe());
        }
        if per_flow[i].is_empty() {
            let _ = writeln!(out, "No findings.");
            continue;
        }
        for f in &per_flow[i] {
            let _ = writeln!(
                out,
                "- **{}** `{}`: {}.  \n  *What to do:* {}",
                f.severity.label(),
                f.code,
                f.message,
                f.fix
            );
        }
    }
    out
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
