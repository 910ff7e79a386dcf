//! Reviewing a change to a flow: what differs between two versions, said in the flow's
//! own terms (steps, mappings, connections, details), matched by step id so a rename is a
//! rename and not a removal plus an addition. Recovery uses it to tell a user what unsaved
//! work holds before they recover or discard it. Approvals (`approval`): signed by a
//! reviewer the policy names, bound to the flow's content and the workspace's systems and
//! policy.

pub mod approval;
mod diff;

pub use approval::{ApprovalState, Status as ApprovalStatus, approval_state};
pub use diff::{Change, FlowChanges, changes};
