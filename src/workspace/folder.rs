//! What a loaded workspace folder holds. The type is here, its loading in `mod.rs` and
//! its look-ups in `lookup.rs`, so that those files and the ones that take a workspace
//! (port schemas, …) do not import each other.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::connector::Connector;
use super::policy::Policy;
use super::system::Landscape;
use super::value_maps;
use crate::model::{Approval, Flow, FlowId, Record, SystemId};
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
    /// The sub-flows among them, by id: other flows call these, so they are loaded with
    /// the workspace (see `crate::subflow`).
    pub subflows: BTreeMap<FlowId, Arc<Subflow>>,
    /// Flow files that name a Sub-flow input but do not load (their own check says why).
    pub broken_subflows: Vec<PathBuf>,
    /// How the sub-flows call each other, worked out the first time it is asked for
    /// (`subflow_graph.rs`).
    pub(crate) subflow_graph: std::sync::OnceLock<SubflowGraph>,
    /// Translation tables for LOOKUP, from `value_maps.ron`.
    pub value_maps: value_maps::ValueMaps,
    /// Sample records per (system, object).
    pub samples: BTreeMap<(SystemId, String), Vec<Record>>,
    /// The approvals in `approvals.ron` as written: not yet verified
    /// (`review::approval_state` checks each against the policy's reviewers).
    pub approvals: Vec<Approval>,
    /// What the workspace's systems and policy were when loaded; an approval records them.
    pub sources: Sources,
    /// Files that could not be loaded; the workspace opened without them.
    pub problems: Vec<LoadError>,
    /// The workspace's connector manifests that could not be loaded, by the id they
    /// declare (or their file name): a system using one is not "not installed", its
    /// manifest has an error, already in `problems`.
    pub broken_connectors: BTreeMap<String, PathBuf>,
}

/// Hashes (`sha256:<hex>`, see [`super::source_hash`]) of the `systems.ron` and
/// `policy.ron` a workspace was loaded from: an approval holds only under the systems and
/// policy it was given under.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    pub systems: String,
    /// `none` when the workspace has no policy.ron (the built-in default applies).
    pub policy: String,
}

/// How the workspace's sub-flows call each other.
#[derive(Clone, Debug, Default)]
pub struct SubflowGraph {
    /// How many sub-flows deep calls from each go, itself counted (a circle counts once
    /// round).
    pub depth: BTreeMap<FlowId, usize>,
    /// For each sub-flow from which calls reach a circle: that circle, by name, from where
    /// it was entered round to it again.
    pub circle: BTreeMap<FlowId, Vec<String>>,
}

/// A sub-flow of the workspace and the file it was loaded from.
#[derive(Clone, Debug, PartialEq)]
pub struct Subflow {
    pub flow: Flow,
    pub path: PathBuf,
}

impl Workspace {
    /// The sub-flow `id`, when the workspace has one.
    pub fn subflow(&self, id: &FlowId) -> Option<&Flow> {
        self.subflows.get(id).map(|s| &s.flow)
    }

    /// Puts `flow` (just saved at `path`) in place of the workspace's copy, so flows that
    /// call it are checked and run against what is on disk now; a flow that is no longer
    /// a sub-flow is taken out.
    pub fn put_subflow(&mut self, flow: &Flow, path: PathBuf) {
        self.subflow_graph = std::sync::OnceLock::new();
        self.subflows.retain(|_, s| s.path != path);
        if crate::model::FlowKind::of(flow) == crate::model::FlowKind::Subflow {
            self.subflows.insert(
                flow.id.clone(),
                Arc::new(Subflow {
                    flow: flow.clone(),
                    path,
                }),
            );
        }
    }
}
