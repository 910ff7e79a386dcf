//! Upgrading flow files written in older formats. One file per step (`v0.rs` reads format
//! 0 and turns it into format 1); a file goes through every step from its version to
//! [`FORMAT_VERSION`]. A file from a newer version is refused, naming both versions,
//! rather than half-read.
//!
//! Each step owns a frozen copy of the shape it reads. When a future format changes a type
//! the older shapes still borrow from the model, freeze that type into the step first.

mod v0;

use std::path::Path;

use super::error::{LoadError, LoadErrorKind};
use super::ron_text;
use crate::model::{FORMAT_VERSION, Flow};

/// Parses `text`, written in format `version`, into the current model.
pub fn parse_any_version(path: &Path, text: &str, version: u32) -> Result<Flow, LoadError> {
    match version {
        0 => v0::parse(path, text).map(v0::upgrade),
        FORMAT_VERSION => ron_text::parse(path, text),
        newer => Err(LoadError::new(
            path,
            LoadErrorKind::NewerFormat,
            format!(
                "this flow was saved by a newer Switchboard (file format {newer}); this version reads formats 0 to {FORMAT_VERSION}. Update Switchboard to open it"
            ),
        )
        .at(text, format_field(text))),
    }
}

/// Where the `format` field is, so a refusal points at the number it refuses.
fn format_field(text: &str) -> usize {
    super::locate::Scan::new(text)
        .top_level_field("format")
        .unwrap_or(0)
}
