//! Reviewing a change to a flow: what differs between two versions, said in the flow's
//! own terms (steps, settings, mappings, connections, catalog details), matched by step
//! id so a rename is a rename and not a removal plus an addition; what the change does to
//! the governance findings and to which systems receive personal data; and reading an
//! earlier version out of git. Recovery uses the difference to tell a user what unsaved
//! work holds before they recover or discard it; `switchboard diff` prints all of it.
//! Approvals (`approval`): signed by a reviewer the policy names, bound to the flow's
//! content and the workspace's systems and policy.

pub mod approval;
mod change;
mod compare;
mod diff;
mod exposure;
mod git;
mod governance_delta;
mod settings;

pub use approval::{ApprovalState, Status as ApprovalStatus, approval_state};
pub use change::{Change, code};
pub use compare::{Comparison, compare};
pub use diff::{FlowChanges, changes};
pub use exposure::{Exposure, ExposureDelta, exposure, exposure_delta};
pub use git::{GitError, read_at_revision};
pub use governance_delta::{FindingsDelta, findings_delta, findings_of};
pub use settings::{Setting, settings};
