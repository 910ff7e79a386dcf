//! Parsing RON documents with errors a business user can act on.
//!
//! ron's messages speak of enums, variants and structs; ours speak of node kinds, fields
//! and flows, and always say where. The recursion limit keeps deeply nested input from
//! exhausting the stack.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

use super::error::{LoadError, LoadErrorKind};

/// Deepest nesting a document may have; real flows stay under 12.
pub const MAX_NESTING: usize = 64;

fn options() -> ron::Options {
    ron::Options::default().with_recursion_limit(MAX_NESTING)
}

/// Parses `text` (the contents of `path`) as a `T`.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, LoadError> {
    options()
        .from_str(text)
        .map_err(|e| from_ron(path, text, &e))
}

/// Writes `value` in Switchboard's canonical RON layout: four-space indents, one field or
/// list item per line, short tuples (positions) inline, no struct names, trailing commas.
pub fn to_canonical<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ".to_owned())
        .new_line("\n".to_owned())
        .struct_names(false)
        .separate_tuple_members(false);
    let mut text = options().to_string_pretty(value, config)?;
    text.push('\n');
    Ok(text)
}

/// Converts a ron error into a located, plain-words load error.
pub fn from_ron(path: &Path, text: &str, e: &ron::error::SpannedError) -> LoadError {
    let kind = match e.code {
        ron::Error::Utf8Error(_) => LoadErrorKind::Encoding,
        _ => LoadErrorKind::Syntax,
    };
    let error = LoadError::new(path, kind, plain_words(&e.code));
    match offset_of(text, e.span.start.line, e.span.start.col) {
        Some(offset) => match name_before(text, offset, &e.code) {
            Some(name) => {
                let mut error = error.at(text, name.start);
                error.span = Some(name);
                error
            }
            None => error.at(text, offset),
        },
        None => error,
    }
}

/// ron reports an unknown variant or field after reading past it; point at the name itself.
fn name_before(text: &str, offset: usize, code: &ron::Error) -> Option<std::ops::Range<usize>> {
    let found = match code {
        ron::Error::NoSuchEnumVariant { found, .. }
        | ron::Error::NoSuchStructField { found, .. } => found,
        _ => return None,
    };
    // ron's position is at the name or just past it.
    let before = text.get(..(offset + found.len()).min(text.len()))?;
    let mut search = before;
    while let Some(at) = search.rfind(found.as_str()) {
        let is_word_start = !before[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        let is_word_end = !before[at + found.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if is_word_start && is_word_end {
            return Some(at..at + found.len());
        }
        search = &before[..at];
    }
    None
}

/// Byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let rest = &text[line_start..];
    let within = rest
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

/// What a Rust type name means to a user.
fn thing(outer: &Option<String>) -> String {
    match outer.as_deref() {
        Some("Step") => "node kind".into(),
        Some("Trigger") => "trigger kind".into(),
        Some("FieldType") => "field type".into(),
        Some("Classification") => "data class".into(),
        Some("WriteAction") => "write action".into(),
        Some("ReadBy") => "read mode".into(),
        Some("RecordEvent") => "record event".into(),
        Some("Frequency") => "update frequency".into(),
        Some("SyncType") => "synchronisation type".into(),
        Some("SystemKind") => "system kind".into(),
        Some("Level") => "severity".into(),
        Some("Forbidden") => "kind of custom rule".into(),
        Some("Transport") => "transport".into(),
        Some("AuthScheme") => "authentication scheme".into(),
        Some("CredentialRef") => "credential reference (Env, Keyring or None)".into(),
        Some("Pagination") => "pagination style".into(),
        Some("OperationKind") => "operation".into(),
        Some("Via") => "way of calling (Http, Webhook, File or Sql)".into(),
        Some("HttpMethod") => "HTTP method".into(),
        Some("FileFormat") => "file format".into(),
        Some("Schedule") => "schedule".into(),
        Some("Weekday") => "day of the week".into(),
        Some("Protocol") => "method".into(),
        Some(other) => format!("`{other}` value"),
        None => "value".into(),
    }
}

fn owner(outer: &Option<String>) -> String {
    match outer.as_deref() {
        Some("Flow") => " in the flow".into(),
        Some("Node") => " in this node".into(),
        Some("Catalog") => " in the catalog section".into(),
        Some("Landscape") => " in the systems file".into(),
        Some("System") => " in this system".into(),
        Some("Field") => " in this field".into(),
        Some(other) => format!(" in `{other}`"),
        None => String::new(),
    }
}

fn one_of(expected: &[&str]) -> String {
    match expected {
        [] => "nothing is allowed here".into(),
        [only] => format!("expected `{only}`"),
        _ => format!(
            "expected one of {}",
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn plain_words(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            format!("unknown {} `{found}`: {}", thing(outer), one_of(expected))
        }
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            format!(
                "unknown field `{found}`{}: {}",
                owner(outer),
                one_of(expected)
            )
        }
        E::MissingStructField { field, outer } => {
            format!("the field `{field}` is missing{}", owner(outer))
        }
        E::DuplicateStructField { field, outer } => {
            format!("the field `{field}` appears twice{}", owner(outer))
        }
        E::InvalidValueForType { expected, found } => {
            format!("expected {expected} here, but found {found}")
        }
        E::ExpectedDifferentLength { expected, found } => {
            format!("expected {expected} here, but found {found} items")
        }
        E::Eof => "the file ends too early: something is not closed (a bracket, a quote)".into(),
        E::ExceededRecursionLimit => format!(
            "the document is nested more than {MAX_NESTING} levels deep; no Switchboard file is"
        ),
        E::ExpectedComma => "expected a comma between these two items".into(),
        E::ExpectedStringEnd => "this text is not closed with a `\"`".into(),
        E::ExpectedString => "expected text in double quotes here".into(),
        E::ExpectedInteger => "expected a whole number here".into(),
        E::ExpectedFloat => "expected a number here".into(),
        E::ExpectedBoolean => "expected `true` or `false` here".into(),
        E::ExpectedArray => "expected a list `[ … ]` here".into(),
        E::ExpectedArrayEnd => "expected `]` to close the list".into(),
        E::ExpectedMap => "expected `{ … }` here".into(),
        E::ExpectedMapEnd => "expected `}` to close this map".into(),
        E::ExpectedMapColon => "expected `:` after the key".into(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => "expected `( … )` here".into(),
        E::ExpectedStructLikeEnd => "expected `)` to close this".into(),
        E::ExpectedOption => "expected `Some(…)` or `None` here".into(),
        E::TrailingCharacters => "unexpected text after the end of the document".into(),
        E::UnexpectedChar(c) => format!("unexpected character `{}`", c.escape_debug()),
        E::UnclosedBlockComment => "a `/*` comment is never closed".into(),
        E::Utf8Error(_) => "the file is not valid UTF-8 text here".into(),
        E::Message(m) => m.clone(),
        other => other.to_string(),
    }
}
