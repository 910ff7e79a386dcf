//! Files: RON read and write. Canonical pretty output, format versions and migrations,
//! atomic saves, and load errors that name the file, line and column and say in plain
//! words what was expected. Loading never panics, whatever the bytes.

mod atomic;
mod error;
mod flow_file;
pub mod locate;
mod migrate;
mod ron_text;
mod stamp;
mod text;

pub use atomic::{create_atomic, process_ended, write_atomic, write_private};
pub use error::{LoadError, LoadErrorKind, Position};
pub use flow_file::{
    canonicalize, create_flow, flow_to_string, load_flow, load_flow_stamped, parse_flow, save_flow,
};
pub use ron_text::{MAX_NESTING, parse, to_canonical};
pub use stamp::FileStamp;
pub use text::{
    MAX_DOCUMENT_BYTES, has_byte_order_mark, read_bytes, read_document, text_from_bytes,
};

use serde::de::DeserializeOwned;
use std::path::Path;

/// Reads and parses any RON document (systems, policy, manifests, samples).
pub fn load_document<T: DeserializeOwned>(path: &Path) -> Result<T, LoadError> {
    let text = read_document(path)?;
    parse(path, &text)
}
