//! A workspace: one folder holding `systems.ron` (the landscape), an optional
//! `policy.ron`, an optional `approvals.ron`, the `*.flow.ron` files and `samples/` (records per system object for
//! offline test runs), plus the connector manifests that describe how systems are reached.
//!
//! Loading is forgiving where it can be: only a missing or unreadable `systems.ron` stops
//! it. A broken sample, policy or custom connector becomes a [`LoadError`] in
//! [`Workspace::problems`] and the rest of the workspace still opens.

pub mod builtin;
pub mod connector;
mod folder;
mod lookup;
pub mod policy;
pub mod ports;
pub mod samples;
mod subflow_graph;
pub mod system;
pub mod systems_edit;
pub mod value_maps;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::model::{FlowId, FlowKind, Record, SystemId};
use crate::store::{self, LoadError, LoadErrorKind};
pub use connector::{Connector, Object, OperationKind, Protocol};
pub use folder::{Sources, Subflow, SubflowGraph, Workspace};
pub use lookup::Unresolved;
pub use policy::Policy;
pub use ports::{CallOutputs, FlowSchemas, PortSchema};
pub use system::{Landscape, System, SystemKind, Transport};

pub const SYSTEMS_FILE: &str = "systems.ron";
pub const POLICY_FILE: &str = "policy.ron";
pub const FLOW_SUFFIX: &str = ".flow.ron";
pub const SAMPLES_DIR: &str = "samples";
pub const CONNECTORS_DIR: &str = "connectors";
pub const VALUE_MAPS_FILE: &str = "value_maps.ron";
pub const APPROVALS_FILE: &str = "approvals.ron";
/// Where the approved versions of flows are kept: `.approved/<flow id>/<hash>.flow.ron`.
pub const APPROVED_DIR: &str = ".approved";
/// The `policy` hash of an approval given in a workspace without a policy.ron.
pub const NO_POLICY: &str = "none";

/// The hash an approval records of `systems.ron` or `policy.ron`: SHA-256 of the text as
/// written, with Windows line ends read as Unix ones so a checkout on another system does
/// not make every approval stale.
pub fn source_hash(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    format!(
        "sha256:{}",
        store::FileStamp::of_bytes(text.as_bytes()).as_str()
    )
}

impl Workspace {
    /// Loads the workspace in folder `root`: reads its files ([`Files::read`]), then
    /// parses them ([`Workspace::from_files`]).
    pub fn load(root: &Path) -> Result<Workspace, LoadError> {
        let files = Files::read(root)?;
        let (systems_path, systems_text) = files.systems.clone();
        let mut workspace = Workspace::from_files(files)?;
        let links = link_problems(&workspace, &systems_path, &systems_text);
        workspace.problems.extend(links);
        Ok(workspace)
    }

    /// Builds the workspace from files already read. Touches neither the disk nor the
    /// network, so anything a workspace folder can hold can be fed to it (the fuzz target
    /// `workspace` does).
    pub fn from_files(files: Files) -> Result<Workspace, LoadError> {
        let Files {
            root,
            systems: (systems_path, systems_text),
            policy,
            value_maps,
            approvals,
            connectors,
            samples,
            flow_paths,
            subflows,
            mut problems,
        } = files;
        let sources = Sources {
            systems: source_hash(&systems_text),
            policy: policy
                .as_ref()
                .map_or_else(|| NO_POLICY.to_owned(), |(_, text)| source_hash(text)),
        };
        let landscape: Landscape = store::parse(&systems_path, &systems_text)?;
        let mut broken_connectors = BTreeMap::new();
        let connectors = parse_connectors(connectors, &mut problems, &mut broken_connectors);
        let policy = parse_policy(policy, &landscape, &mut problems);
        let samples = samples::parse_all(samples, &mut problems);
        let value_maps = parse_value_maps(value_maps, &mut problems);
        let approvals = parse_approvals(approvals, &mut problems);
        let mut broken_subflows = Vec::new();
        let subflows = parse_subflows(subflows, &mut problems, &mut broken_subflows);
        problems.extend(registry_problems(
            &systems_path,
            &systems_text,
            &landscape,
            (&connectors, &broken_connectors),
        ));
        Ok(Workspace {
            root,
            landscape,
            connectors,
            policy,
            flow_paths,
            subflows,
            broken_subflows,
            subflow_graph: OnceLock::new(),
            value_maps,
            samples,
            approvals,
            sources,
            problems,
            broken_connectors,
        })
    }

    /// Sample records of `object` in `system`; empty when the workspace has none.
    pub fn samples_of(&self, system: &SystemId, object: &str) -> &[Record] {
        self.samples
            .get(&(system.clone(), object.to_owned()))
            .map_or(&[], Vec::as_slice)
    }

    /// Why the sample file of `object` in `system` could not be loaded, if it could not:
    /// a run must not take it for an object without records.
    pub fn samples_problem(&self, system: &SystemId, object: &str) -> Option<&LoadError> {
        let path = self
            .root
            .join(SAMPLES_DIR)
            .join(system.as_str())
            .join(format!("{object}.ron"));
        self.problems.iter().find(|p| p.path == path)
    }

    /// [`Workspace::samples_of`], or why they could not be loaded, as a run says it.
    pub fn samples_or_problem(&self, system: &SystemId, object: &str) -> Result<&[Record], String> {
        match self.samples_problem(system, object) {
            Some(e) => Err(format!("the sample records could not be loaded: {e}")),
            None => Ok(self.samples_of(system, object)),
        }
    }
}

/// Systems whose id repeats or whose connector is unknown, located in `systems.ron`.
fn registry_problems(
    systems_path: &Path,
    text: &str,
    landscape: &Landscape,
    (connectors, broken): (&BTreeMap<String, Connector>, &BTreeMap<String, PathBuf>),
) -> Vec<LoadError> {
    let scan = store::locate::Scan::new(text);
    let items = scan.top_level_list_items("systems");
    let at = |i: usize| items.get(i).map_or(0, |r| r.start);
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, system) in landscape.systems.iter().enumerate() {
        if !seen.insert(&system.id) {
            problems.push(
                LoadError::new(
                    systems_path,
                    LoadErrorKind::Invalid,
                    format!(
                        "two systems have the id `{}`: give this one an id of its own",
                        system.id
                    ),
                )
                .at(text, at(i)),
            );
        }
        let scheme = connectors
            .get(&system.connector)
            .and_then(|c| c.protocol.local_scheme());
        for (environment, endpoint) in &system.endpoints {
            if let Some(Err(why)) = scheme.and_then(|s| system::local_path(endpoint, s)) {
                problems.push(
                    LoadError::new(
                        systems_path,
                        LoadErrorKind::Invalid,
                        format!(
                            "the {environment} endpoint of system `{}` points to {why}",
                            system.id
                        ),
                    )
                    .at(text, at(i)),
                );
            }
        }
        // A manifest that has an error is reported once, where the error is.
        if !connectors.contains_key(&system.connector) && !broken.contains_key(&system.connector) {
            problems.push(
                LoadError::new(
                    systems_path,
                    LoadErrorKind::Invalid,
                    format!(
                        "system `{}` uses the connector `{}`, which is not installed; known connectors: {}",
                        system.id,
                        system.connector,
                        connectors.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                )
                .at(text, at(i)),
            );
        }
    }
    problems
}

/// Local endpoints (file drops, SQLite) that a symbolic link in the workspace folder
/// leads out of it or to nothing: said by `check` and on opening, before a run would
/// refuse them. Only file metadata is read, nothing is opened.
fn link_problems(workspace: &Workspace, systems_path: &Path, text: &str) -> Vec<LoadError> {
    let scan = store::locate::Scan::new(text);
    let items = scan.top_level_list_items("systems");
    let mut problems = Vec::new();
    for (i, system) in workspace.landscape.systems.iter().enumerate() {
        let Some(scheme) = workspace
            .connectors
            .get(&system.connector)
            .and_then(|c| c.protocol.local_scheme())
        else {
            continue;
        };
        for (environment, endpoint) in &system.endpoints {
            let Some(Ok(path)) = system::local_path(endpoint, scheme) else {
                continue;
            };
            if let Some(link) = system::link_out(&workspace.root, path) {
                problems.push(
                    LoadError::new(
                        systems_path,
                        LoadErrorKind::Invalid,
                        format!(
                            "the {environment} endpoint of system `{}` points to {}",
                            system.id,
                            link.describe(path)
                        ),
                    )
                    .at(text, items.get(i).map_or(0, |r| r.start)),
                );
            }
        }
    }
    problems
}

/// A workspace folder's files as text, read but not yet parsed: `(path, text)` pairs, the
/// path kept for messages. Files that could not be read are already in `problems`.
#[derive(Clone, Debug, Default)]
pub struct Files {
    pub root: PathBuf,
    pub systems: (PathBuf, String),
    pub policy: Option<(PathBuf, String)>,
    pub value_maps: Option<(PathBuf, String)>,
    pub approvals: Option<(PathBuf, String)>,
    /// The workspace's own connector manifests (`connectors/*.ron`).
    pub connectors: Vec<(PathBuf, String)>,
    /// `samples/<system id>/<Object>.ron`, as (system folder name, object, path, text).
    pub samples: Vec<samples::SampleFile>,
    pub flow_paths: Vec<PathBuf>,
    /// The flow files that may be sub-flows (their text names a Sub-flow input).
    pub subflows: Vec<(PathBuf, String)>,
    pub problems: Vec<LoadError>,
}

impl Files {
    /// Reads the files of the workspace in folder `root`. Only a missing or unreadable
    /// `systems.ron` is an error; any other unreadable file becomes a problem.
    pub fn read(root: &Path) -> Result<Files, LoadError> {
        if !root.is_dir() {
            return Err(LoadError::new(
                root,
                LoadErrorKind::Unreadable,
                "this is not a folder: a workspace is a folder holding systems.ron and *.flow.ron files",
            ));
        }
        let systems_path = root.join(SYSTEMS_FILE);
        if !systems_path.exists() {
            return Err(LoadError::new(
                &systems_path,
                LoadErrorKind::Unreadable,
                "the workspace has no systems.ron: it lists the systems flows may use, and every workspace needs one",
            ));
        }
        let systems_text = store::read_document(&systems_path)?;
        let mut problems = Vec::new();
        let mut optional = |name: &str| {
            let path = root.join(name);
            if !path.exists() {
                return None;
            }
            match store::read_document(&path) {
                Ok(text) => Some((path, text)),
                Err(e) => {
                    problems.push(e);
                    None
                }
            }
        };
        let policy = optional(POLICY_FILE);
        let value_maps = optional(VALUE_MAPS_FILE);
        let approvals = optional(APPROVALS_FILE);
        let mut connectors = Vec::new();
        for path in files_with_suffix(&root.join(CONNECTORS_DIR), ".ron").unwrap_or_default() {
            match store::read_document(&path) {
                Ok(text) => connectors.push((path, text)),
                Err(e) => problems.push(e),
            }
        }
        let samples = samples::read_all(&root.join(SAMPLES_DIR), &mut problems);
        let flow_paths = flow_files(root).unwrap_or_else(|e| {
            problems.push(LoadError::new(
                root,
                LoadErrorKind::Unreadable,
                format!("could not list the folder: {e}"),
            ));
            Vec::new()
        });
        let subflows = subflow_texts(&flow_paths);
        Ok(Files {
            root: root.to_owned(),
            systems: (systems_path, systems_text),
            policy,
            value_maps,
            approvals,
            connectors,
            samples,
            flow_paths,
            subflows,
            problems,
        })
    }
}

/// The texts of the flow files that may be sub-flows. Every flow file is read (through
/// the bounded reader) but only those naming a Sub-flow input are kept for parsing: the
/// others are loaded one by one by whoever checks them, and a broken one is said there.
fn subflow_texts(paths: &[PathBuf]) -> Vec<(PathBuf, String)> {
    paths
        .iter()
        .filter_map(|path| {
            let text = store::read_document(path).ok()?;
            text.contains("SubflowInput").then(|| (path.clone(), text))
        })
        .collect()
}

/// The sub-flows among `files`, by id. Files declaring the same id are a problem, and none
/// of them is used. One that does not load is kept in `broken` with them (its own check
/// says why, so it is not said twice): a flow calling it is told where to look.
fn parse_subflows(
    files: Vec<(PathBuf, String)>,
    problems: &mut Vec<LoadError>,
    broken: &mut Vec<PathBuf>,
) -> BTreeMap<FlowId, Arc<Subflow>> {
    let mut subflows: BTreeMap<FlowId, Arc<Subflow>> = BTreeMap::new();
    let mut twice: std::collections::BTreeSet<FlowId> = Default::default();
    for (path, text) in files {
        let Ok(flow) = store::parse_flow(&path, &text) else {
            broken.push(path);
            continue;
        };
        if FlowKind::of(&flow) != FlowKind::Subflow {
            continue;
        }
        // Two files claiming one id: neither is used, since which one a call meant is
        // anybody's guess (the first in the folder's order could be anyone's copy).
        if twice.contains(&flow.id) {
            broken.push(path);
            continue;
        }
        if let Some(first) = subflows.remove(&flow.id) {
            twice.insert(flow.id.clone());
            broken.push(first.path.clone());
            broken.push(path.clone());
            problems.push(LoadError::new(
                &path,
                LoadErrorKind::Invalid,
                format!(
                    "the sub-flow id `{}` is also declared by {}: neither is used until one of them gets another id",
                    flow.id,
                    first.path.display()
                ),
            ));
            continue;
        }
        subflows.insert(flow.id.clone(), Arc::new(Subflow { flow, path }));
    }
    subflows
}

/// The built-in connectors, then the workspace's own (same id replaces).
fn parse_connectors(
    files: Vec<(PathBuf, String)>,
    problems: &mut Vec<LoadError>,
    broken: &mut BTreeMap<String, PathBuf>,
) -> BTreeMap<String, Connector> {
    let (mut connectors, builtin_problems) = builtin_connectors().clone();
    problems.extend(builtin_problems);
    for (path, text) in &files {
        match store::parse::<Connector>(path, text) {
            Ok(c) => {
                connectors.insert(c.id.clone(), c);
            }
            Err(e) => {
                broken.insert(declared_id(path, text), path.clone());
                problems.push(e);
            }
        }
    }
    connectors
}

/// The id a manifest that does not parse declares (`id: "billing"`), else its file name.
fn declared_id(path: &Path, text: &str) -> String {
    let declared = text.lines().find_map(|line| {
        let rest = line
            .trim_start()
            .strip_prefix("id:")?
            .trim_start()
            .strip_prefix('"')?;
        rest.split('"').next().map(str::to_owned)
    });
    declared.unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    })
}

/// The connectors built into the binary, parsed once per process: they never change,
/// and every workspace load starts from them.
fn builtin_connectors() -> &'static (BTreeMap<String, Connector>, Vec<LoadError>) {
    static BUILTIN: OnceLock<(BTreeMap<String, Connector>, Vec<LoadError>)> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let mut connectors = BTreeMap::new();
        let mut problems = Vec::new();
        for (name, text) in builtin::CONNECTORS {
            let path = Path::new("assets/connectors").join(name);
            match store::parse::<Connector>(&path, text) {
                Ok(c) => {
                    connectors.insert(c.id.clone(), c);
                }
                Err(e) => problems.push(e),
            }
        }
        (connectors, problems)
    })
}

/// The built-in default policy (assets/policy/default.ron).
pub fn default_policy() -> Policy {
    parse_default_policy().unwrap_or_default()
}

/// The built-in policy, parsed once per process.
fn parse_default_policy() -> Result<Policy, LoadError> {
    static DEFAULT: OnceLock<Result<Policy, LoadError>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| {
            let (name, text) = builtin::DEFAULT_POLICY;
            store::parse::<Policy>(&Path::new("assets/policy").join(name), text)
        })
        .clone()
}

fn parse_policy(
    file: Option<(PathBuf, String)>,
    landscape: &Landscape,
    problems: &mut Vec<LoadError>,
) -> Policy {
    let default = parse_default_policy().unwrap_or_else(|e| {
        problems.push(e);
        Policy::default()
    });
    let Some((path, text)) = file else {
        return default;
    };
    match parse_policy_over(&default, &path, &text, landscape, problems) {
        Some(policy) => policy,
        None => default,
    }
}

/// The policy in `text` (the file at `path`) laid over `base`; `None` if it does not
/// parse. What it names that does not exist goes to `problems`, located.
pub fn parse_policy_over(
    base: &Policy,
    path: &Path,
    text: &str,
    landscape: &Landscape,
    problems: &mut Vec<LoadError>,
) -> Option<Policy> {
    match store::parse::<Policy>(path, text) {
        Ok(overrides) => {
            let known: std::collections::BTreeSet<&str> = base
                .rules
                .keys()
                .map(String::as_str)
                .chain(base.custom.iter().map(|r| r.code.as_str()))
                .chain(overrides.custom.iter().map(|r| r.code.as_str()))
                .collect();
            problems.extend(policy::unknown_names(
                path, text, &overrides, &known, landscape,
            ));
            Some(base.clone().overridden_by(overrides))
        }
        Err(e) => {
            problems.push(e);
            None
        }
    }
}

fn parse_value_maps(
    file: Option<(PathBuf, String)>,
    problems: &mut Vec<LoadError>,
) -> value_maps::ValueMaps {
    let Some((path, text)) = file else {
        return value_maps::ValueMaps::new();
    };
    match store::parse::<value_maps::ValueMapsFile>(&path, &text) {
        Ok(file) => file.maps,
        Err(e) => {
            problems.push(e);
            value_maps::ValueMaps::new()
        }
    }
}

/// The entries of `approvals.ron`. One that does not parse is one located problem and no
/// approvals: its flows still open and check, as not approved.
fn parse_approvals(
    file: Option<(PathBuf, String)>,
    problems: &mut Vec<LoadError>,
) -> Vec<crate::model::Approval> {
    let Some((path, text)) = file else {
        return Vec::new();
    };
    match store::parse::<crate::model::ApprovalsFile>(&path, &text) {
        Ok(file) if file.format > crate::model::APPROVALS_FORMAT => {
            problems.push(LoadError::new(
                &path,
                LoadErrorKind::Invalid,
                format!(
                    "this approvals file is of format {}, newer than this Switchboard reads ({}), so its approvals do not count here; update Switchboard",
                    file.format,
                    crate::model::APPROVALS_FORMAT
                ),
            ));
            Vec::new()
        }
        Ok(file) => file.approvals,
        Err(e) => {
            problems.push(e);
            Vec::new()
        }
    }
}

/// The workspace's own connector manifests (`connectors/*.ron`), sorted.
pub fn connector_files(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    files_with_suffix(&root.join(CONNECTORS_DIR), ".ron")
}

/// The `*.flow.ron` files directly in `root`, sorted.
pub fn flow_files(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    files_with_suffix(root, FLOW_SUFFIX)
}

fn files_with_suffix(dir: &Path, suffix: &str) -> std::io::Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let matches = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(suffix) && !n.starts_with('.'));
        // Anything but a folder: a named pipe or a device is refused when read, by name,
        // rather than passed over in silence.
        if matches && !path.is_dir() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The workspace folder that `path` (a flow file or a folder) belongs to: the nearest
/// folder at or above it holding `systems.ron` — whatever that is: one that is not an
/// ordinary file is refused when the workspace is loaded, not taken for no workspace.
pub fn find_root(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() { path } else { path.parent()? };
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    start
        .ancestors()
        .find(|dir| dir.join(SYSTEMS_FILE).exists())
        .map(Path::to_path_buf)
}
