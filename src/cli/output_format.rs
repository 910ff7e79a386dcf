//! The output formats of `check`: for people, for tools, for code scanning in CI.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    /// For people: file:line:col, severity, code, message and help, with the source line.
    #[default]
    Human,
    /// One JSON document, for tools.
    Json,
    /// SARIF 2.1.0, for code scanning in CI.
    Sarif,
}
