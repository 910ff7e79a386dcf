//! Printing check results: compiler-style text for people (via codespan-reporting, with
//! the offending source line) or one JSON document for tools.

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::exit;
use super::spans::span_of;
use crate::governance::{self, Finding, Severity};
use crate::model::Flow;
use crate::store::{LoadError, Position};

/// One file's outcome.
pub struct FileReport {
    pub path: PathBuf,
    /// The file's text, when it could be read as text.
    pub text: Option<String>,
    pub outcome: Outcome,
}

pub enum Outcome {
    Checked {
        flow: Box<Flow>,
        findings: Vec<Finding>,
    },
    Unreadable(LoadError),
}

/// Everything one `switchboard check` found.
#[derive(Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    /// Workspace files (systems, policy, samples, connectors) that could not be loaded.
    pub workspace_problems: Vec<LoadError>,
    /// Things worth saying that are not findings ("no workspace found").
    pub notes: Vec<String>,
}

#[derive(Default, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub unreadable: usize,
}

impl Report {
    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            unreadable: self.workspace_problems.len(),
            ..Counts::default()
        };
        for file in &self.files {
            match &file.outcome {
                Outcome::Unreadable(_) => c.unreadable += 1,
                Outcome::Checked { findings, .. } => {
                    for f in findings {
                        match f.severity {
                            Severity::Error => c.errors += 1,
                            Severity::Warning => c.warnings += 1,
                            Severity::Info => c.infos += 1,
                        }
                    }
                }
            }
        }
        c
    }

    /// Flows checked without a workspace (their structure only).
    pub fn not_fully_checked(&self) -> usize {
        self.files
            .iter()
            .filter(|f| match &f.outcome {
                Outcome::Checked { findings, .. } => findings
                    .iter()
                    .any(|f| f.code == governance::NOT_CHECKED_AGAINST_WORKSPACE),
                Outcome::Unreadable(_) => false,
            })
            .count()
    }

    /// 2 when some input could not be read or fully checked, 1 when a finding is an
    /// error, else 0.
    pub fn exit_code(&self) -> u8 {
        let c = self.counts();
        if c.unreadable > 0 || self.not_fully_checked() > 0 {
            exit::UNREADABLE
        } else if c.errors > 0 {
            exit::FINDINGS
        } else {
            exit::OK
        }
    }
}

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

fn load_error_code(e: &LoadError) -> String {
    serde_json::to_value(e.kind)
        .ok()
        .and_then(|v| v.as_str().map(|s| format!("file-{s}")))
        .unwrap_or_else(|| "file".into())
}

fn emit(
    out: &mut dyn WriteColor,
    files: &SimpleFiles<String, String>,
    diagnostic: &Diagnostic<usize>,
) -> std::io::Result<()> {
    term::emit_to_write_style(out, &term::Config::default(), files, diagnostic)
        .map_err(std::io::Error::other)
}

fn emit_load_error(
    out: &mut dyn WriteColor,
    files: &mut SimpleFiles<String, String>,
    e: &LoadError,
    text: Option<&String>,
) -> std::io::Result<()> {
    let diagnostic = Diagnostic::error()
        .with_code(load_error_code(e))
        .with_message(&e.message);
    match (text, &e.span) {
        (Some(text), Some(span)) => {
            let id = files.add(e.path.display().to_string(), text.clone());
            emit(
                out,
                files,
                &diagnostic.with_label(Label::primary(id, span.clone())),
            )
        }
        _ => {
            emit(out, files, &diagnostic)?;
            let at = e
                .position
                .map(|Position { line, column }| format!(":{line}:{column}"))
                .unwrap_or_default();
            writeln!(out, "  --> {}{at}\n", e.path.display())
        }
    }
}

/// Prints `findings` of `flow` (the file `path` holding `text`) the way a compiler does,
/// each with the line it is about.
pub fn emit_findings(
    out: &mut dyn WriteColor,
    path: &Path,
    text: &str,
    flow: &Flow,
    findings: &[Finding],
) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    let id = files.add(path.display().to_string(), text.to_owned());
    for finding in findings {
        let span = span_of(text, flow, &finding.location);
        let d = Diagnostic::new(severity(finding.severity))
            .with_code(&finding.code)
            .with_message(&finding.message)
            .with_label(Label::primary(id, span))
            .with_notes(
                std::iter::once(format!("help: {}", finding.fix))
                    .chain(finding.impact.map(|i| format!("affects: {}", i.describe())))
                    .collect(),
            );
        emit(out, &files, &d)?;
    }
    Ok(())
}

/// Prints the report the way a compiler does.
pub fn human(report: &Report, out: &mut dyn WriteColor) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    for e in &report.workspace_problems {
        // Read again for the snippet, the same careful way: it may be a pipe or a device.
        let text = crate::store::read_document(&e.path).ok();
        emit_load_error(out, &mut files, e, text.as_ref())?;
    }
    for file in &report.files {
        match &file.outcome {
            Outcome::Unreadable(e) => emit_load_error(out, &mut files, e, file.text.as_ref())?,
            Outcome::Checked { flow, findings } => {
                let text = file.text.as_deref().unwrap_or_default();
                emit_findings(out, &file.path, text, flow, findings)?;
            }
        }
    }
    for note in &report.notes {
        writeln!(out, "note: {note}")?;
    }
    let c = report.counts();
    let checked = report.files.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if c.errors > 0 {
        parts.push(plural(c.errors, "error"));
    }
    if c.warnings > 0 {
        parts.push(plural(c.warnings, "warning"));
    }
    if c.infos > 0 {
        parts.push(plural(c.infos, "note"));
    }
    if c.unreadable > 0 {
        parts.push(format!(
            "{} could not be read",
            plural(c.unreadable, "file")
        ));
    }
    let partial = report.not_fully_checked();
    if partial > 0 {
        parts.push(format!(
            "{} not checked against a workspace",
            plural(partial, "flow")
        ));
    }
    let summary = if parts.is_empty() {
        "no problems found".to_owned()
    } else {
        parts.join(", ")
    };
    writeln!(out, "Checked {}: {summary}.", plural(checked, "flow"))
}

#[derive(Serialize)]
struct JsonReport<'a> {
    files: Vec<JsonFile<'a>>,
    workspace_problems: Vec<JsonLoadError<'a>>,
    notes: &'a [String],
    summary: Counts,
    exit_code: u8,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    flow: Option<&'a str>,
    findings: Vec<JsonFinding<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonLoadError<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonLoadError<'a> {
    path: String,
    kind: crate::store::LoadErrorKind,
    message: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

fn json_error(e: &LoadError) -> JsonLoadError<'_> {
    JsonLoadError {
        path: e.path.display().to_string(),
        kind: e.kind,
        message: &e.message,
        line: e.position.map(|p| p.line),
        column: e.position.map(|p| p.column),
    }
}

/// Prints the report as one JSON document.
pub fn json(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let files = report
        .files
        .iter()
        .map(|file| match &file.outcome {
            Outcome::Unreadable(e) => JsonFile {
                path: file.path.display().to_string(),
                flow: None,
                findings: Vec::new(),
                error: Some(json_error(e)),
            },
            Outcome::Checked { flow, findings } => {
                let text = file.text.as_deref().unwrap_or_default();
                let lines = crate::store::locate::Lines::new(text);
                JsonFile {
                    path: file.path.display().to_string(),
                    flow: Some(flow.id.as_str()),
                    findings: findings
                        .iter()
                        .map(|finding| {
                            let at = lines.position(span_of(text, flow, &finding.location).start);
                            JsonFinding {
                                finding,
                                line: at.line,
                                column: at.column,
                            }
                        })
                        .collect(),
                    error: None,
                }
            }
        })
        .collect();
    let doc = JsonReport {
        files,
        workspace_problems: report.workspace_problems.iter().map(json_error).collect(),
        notes: &report.notes,
        summary: report.counts(),
        exit_code: report.exit_code(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
    writeln!(out)
}
