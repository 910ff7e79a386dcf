//! A reviewer's approval as the workspace's `approvals.ron` keeps it: which flow, the
//! hashes of what was approved and of the systems and policy it was checked against, who,
//! when, why, and the reviewer's SSH signature over all of that. Plain data: hashing,
//! signing and verifying are `review::approval`'s.

use serde::{Deserialize, Serialize};

use super::FlowId;

/// The format of `approvals.ron` this build writes.
pub const APPROVALS_FORMAT: u32 = 1;

/// One approval: one line of `approvals.ron`.
///
/// Field order here is the order on the line and in the signed message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub flow: FlowId,
    /// `sha256:<hex>` of the flow's canonical content without layout and samples.
    pub content: String,
    /// `sha256:<hex>` of the workspace's `systems.ron` when it was approved.
    pub systems: String,
    /// `sha256:<hex>` of the `policy.ron` it was checked against (`none` without one).
    pub policy: String,
    pub reviewer: String,
    pub email: String,
    /// RFC 3339, UTC (`2026-12-05T14:03:00Z`).
    pub time: String,
    #[serde(default)]
    pub comment: String,
    /// The SSH signature (`ssh-keygen -Y sign` format, namespace `switchboard-approval`),
    /// its base64 body on one line, without the armour lines.
    pub signature: String,
}

/// The whole `approvals.ron` file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalsFile {
    pub format: u32,
    #[serde(default)]
    pub approvals: Vec<Approval>,
}
