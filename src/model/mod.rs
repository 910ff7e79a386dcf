//! The flow model: plain data that says what an integration does, with no knowledge of
//! files, screens or networks.
//!
//! A [`Flow`] is a set of [`Node`]s joined by [`Wire`]s, plus the catalog metadata that
//! governance needs and a [`Layout`] that only the canvas cares about. Everything is keyed
//! by stable ids ([`NodeId`], [`SystemId`], …), never by position or label, so renaming a
//! node or reordering the file never changes what a flow means.

mod approval;
mod flow;
mod ids;
mod index;
mod schema;
mod severity;
mod step;
pub mod synthetic;
mod value;
mod wire;

pub use approval::{APPROVALS_FORMAT, Approval, ApprovalsFile};
pub use flow::{Catalog, FORMAT_VERSION, Flow, FlowKind, Frequency, Layout, Owner, Pos, SyncType};
pub use ids::{FlowId, IdError, NodeId, PortId, SystemId, slugify};
pub use index::{FlowIndex, successors_of};
pub use schema::{Classification, Field, FieldType, ObjectRef, visit_fields};
pub use severity::Severity;
pub use step::{
    BranchCase, Node, ReadBy, RecordEvent, Schedule, Step, Trigger, Weekday, WriteAction,
};
pub(crate) use value::number_from_text;
pub use value::{Record, Value};
pub use wire::{PortRef, Wire, WireParseError};
