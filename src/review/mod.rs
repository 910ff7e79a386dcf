//! Reviewing a change to a flow: what differs between two versions, said in the flow's
//! own terms (steps, mappings, connections, details), matched by step id so a rename is a
//! rename and not a removal plus an addition. Recovery uses it to tell a user what unsaved
//! work holds before they recover or discard it.

mod diff;

pub use diff::{Change, FlowChanges, changes};
