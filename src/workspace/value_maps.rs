//! Value maps: small translation tables a workspace defines once and formulas use with
//! LOOKUP(value, "table"), such as CRM opportunity stage → ERP order status. They live in
//! the workspace's optional `value_maps.ron`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Table name → (value → translated value).
pub type ValueMaps = BTreeMap<String, BTreeMap<String, String>>;

/// The contents of `value_maps.ron`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueMapsFile {
    pub format: u32,
    pub maps: ValueMaps,
}
