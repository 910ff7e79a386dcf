//! SARIF 2.1.0 output, so CI code scanning shows findings on the lines of the flow files
//! they are about. Rules carry their title and explanation where the governance registry
//! has them; a finding's fix travels in the message and in `properties.fix`.

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;

use super::report::{Outcome, Report};
use super::spans::span_of;
use crate::governance::{Finding, Impact, Severity, rules};
use crate::store::LoadError;
use crate::store::locate::Lines;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a SARIF artifact URI: relative as given, with forward slashes.
fn uri(path: &std::path::Path) -> String {
    let text = path.display().to_string().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

fn rule_descriptor(code: &str, severity: Severity) -> Value {
    let (title, explanation) = rules::all()
        .iter()
        .find(|r| r.code() == code)
        .map(|r| (r.title(), r.explanation()))
        .or_else(|| {
            rules::workspace_rules()
                .iter()
                .find(|r| r.code() == code)
                .map(|r| (r.title(), r.explanation()))
        })
        .unwrap_or((code, ""));
    let mut rule = json!({
        "id": code,
        "name": code,
        "shortDescription": {"text": title},
        "defaultConfiguration": {"level": level(severity)},
    });
    if !explanation.is_empty() {
        rule["fullDescription"] = json!({"text": explanation});
        rule["help"] = json!({"text": explanation});
    }
    rule
}

fn result(
    code: &str,
    severity: Severity,
    message: String,
    uri: String,
    line: usize,
    column: usize,
    fix: Option<&str>,
) -> Value {
    let mut r = json!({
        "ruleId": code,
        "level": level(severity),
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {"startLine": line.max(1), "startColumn": column.max(1)},
            }
        }],
    });
    if let Some(fix) = fix {
        r["properties"] = json!({"fix": fix});
    }
    r
}

/// Adds what a finding affects as a property (`records_per_month`), for sorting in CI.
fn with_impact(mut result: Value, impact: Option<&Impact>) -> Value {
    if let Some(i) = impact {
        result["properties"]["records_per_month"] = json!(i.records_per_month);
    }
    result
}

fn load_error_result(e: &LoadError) -> Value {
    let (line, column) = e.position.map_or((1, 1), |p| (p.line, p.column));
    let code = serde_json::to_value(e.kind)
        .ok()
        .and_then(|v| v.as_str().map(|s| format!("file-{s}")))
        .unwrap_or_else(|| "file".into());
    result(
        &code,
        Severity::Error,
        e.message.clone(),
        uri(&e.path),
        line,
        column,
        None,
    )
}

/// Prints the report as one SARIF 2.1.0 log.
pub fn sarif(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut results = Vec::new();
    let mut rules_used: BTreeMap<String, Severity> = BTreeMap::new();
    for e in &report.workspace_problems {
        results.push(load_error_result(e));
    }
    for file in &report.files {
        match &file.outcome {
            Outcome::Unreadable(e) => results.push(load_error_result(e)),
            Outcome::Checked { flow, findings } => {
                let text = file.text.as_deref().unwrap_or_default();
                let lines = Lines::new(text);
                for Finding {
                    code,
                    severity,
                    location,
                    message,
                    fix,
                    impact,
                } in findings
                {
                    let at = lines.position(span_of(text, flow, location).start);
                    rules_used.entry(code.clone()).or_insert(*severity);
                    results.push(with_impact(
                        result(
                            code,
                            *severity,
                            format!("{message}. {fix}"),
                            uri(&file.path),
                            at.line,
                            at.column,
                            Some(fix),
                        ),
                        impact.as_ref(),
                    ));
                }
            }
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "switchboard",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules_used.iter().map(|(code, severity)| rule_descriptor(code, *severity)).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::other)?;
    writeln!(out)
}
