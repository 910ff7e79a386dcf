//! What a loaded workspace folder holds. The type is here, its loading in `mod.rs` and
//! its look-ups in `lookup.rs`, so that those files and the ones that take a workspace
//! (port schemas, …) do not import each other.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::connector::Connector;
use super::policy::Policy;
use super::system::Landscape;
use super::value_maps;
use crate::model::{Record, SystemId};
use crate::store::LoadError;

/// Everything a workspace folder holds except the flows themselves, which are loaded one
/// by one (see [`Workspace::flow_paths`]) so a broken flow never hides the others.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub landscape: Landscape,
    /// Connector id → manifest: the built-in ones, then the workspace's own.
    pub connectors: BTreeMap<String, Connector>,
    /// The default policy with the workspace's `policy.ron` laid over it.
    pub policy: Policy,
    /// `*.flow.ron` files in the folder, sorted.
    pub flow_paths: Vec<PathBuf>,
    /// Translation tables for LOOKUP, from `value_maps.ron`.
    pub value_maps: value_maps::ValueMaps,
    /// Sample records per (system, object).
    pub samples: BTreeMap<(SystemId, String), Vec<Record>>,
    /// Files that could not be loaded; the workspace opened without them.
    pub problems: Vec<LoadError>,
}
