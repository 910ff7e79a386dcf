//! Editing flows: the only way the designer changes a flow. A user's action becomes a
//! [`Command`]; applying it returns its inverse, which the [`History`] keeps for undo.
//! Nothing here knows about the GUI, so every edit the designer can make is testable
//! headless.

mod clipboard;
mod command;
mod document;
mod extract;
mod history;
mod insert;
pub mod palette;
pub mod sample_values;
pub mod samples;
mod tidy;

pub use clipboard::{Fragment, fresh_id};
pub use command::{Command, EditError, FlowInfo, PlacedNode};
pub use document::Document;
pub use extract::{Extracted, MakeError, make_subflow};
pub use history::History;
pub use insert::{add_item, connect_via, insert_into_wire, map_aimed_at};
pub use tidy::tidy;
