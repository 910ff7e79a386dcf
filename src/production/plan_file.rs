//! The plan file: what `switchboard plan` writes and `switchboard apply` reads (JSON).

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

use crate::model::{Record, Value, WriteAction};

/// The plan file's format; a newer one is refused by name.
pub const PLAN_FORMAT: u32 = 1;

/// What `switchboard plan` writes: everything `apply` needs to send the writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub format: u32,
    /// The Switchboard version that made it.
    pub switchboard: String,
    pub flow: String,
    /// `sha256:<hex>` of the flow's content, as approvals bind to it.
    pub flow_hash: String,
    /// The workspace whose systems the writes go to (`apply --workspace` may say another,
    /// such as an exported bundle).
    pub workspace: PathBuf,
    /// Where the reads came from: `samples` or `live`.
    pub reads: String,
    /// Which endpoint of each system the reads went to (`--environment`), and the writes
    /// go to unless `apply` is told otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// What TODAY() and NOW() gave.
    pub now: String,
    pub writes: Vec<PlannedWrite>,
}

/// One write, fully worked out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedWrite {
    /// Its idempotency key.
    pub key: String,
    /// The trigger record it comes from: `{id}/{content hash}` (see [`super::Event`]).
    pub event: String,
    pub step: String,
    pub system: String,
    pub object: String,
    pub action: WriteAction,
    pub record: Record,
    /// The value of the step's key formula (updates and deletes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_key: Option<Value>,
}
