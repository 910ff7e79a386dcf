//! `switchboard export temporal`: the bundle a production runtime runs flows from. It is
//! a workspace of its own — the flows that may run, `systems.ron`, `value_maps.ron`, the
//! workspace's connectors — so `switchboard plan` and `apply` work in it unchanged, plus:
//!
//! - `routes.json`: each record-event or webhook flow's intake path, the id field of its
//!   records, its workflow-id template and task queue; and a task queue per system the
//!   flows write to, rate-limited from the system's daily API limit;
//! - `schedules.json`: each Schedule trigger as a Temporal schedule, with its time zone;
//! - `manifest.json`: the Switchboard version and a SHA-256 of every other file.
//!
//! A flow goes in only when it loads, has no error findings and, where the policy names
//! reviewers, carries an approval of exactly its content; the others are listed with why.

use serde_json::{Value as Json, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::governance::{self, Severity};
use crate::model::{Flow, Schedule, Step, Trigger};
use crate::review::approval::{Status, approval_state};
use crate::store;
use crate::workspace::Workspace;

/// The task queue of workflows and plans.
pub const FLOW_QUEUE: &str = "switchboard";

/// What an export did.
#[derive(Debug, Default)]
pub struct Exported {
    /// The flows in the bundle, by file name.
    pub flows: Vec<String>,
    /// The sub-flows they call, by file name: in the bundle for their callers' plans,
    /// never started on their own.
    pub subflows: Vec<String>,
    /// The flows left out, by file name, with why.
    pub refused: Vec<(String, String)>,
}

/// Writes the bundle of `ws` into `out`, replacing a bundle there before; schedules run in
/// `time_zone` (an IANA name).
pub fn export_temporal(ws: &Workspace, out: &Path, time_zone: &str) -> Result<Exported, String> {
    // Whole, so `--out .` has a parent to build beside.
    let out = &std::path::absolute(out).map_err(|e| format!("{}: {e}", out.display()))?;
    jiff::tz::TimeZone::get(time_zone)
        .map_err(|_| format!("{time_zone} is not a time zone name such as America/New_York"))?;
    let staging = staging_dir(out)?;
    let result = write_bundle(ws, &staging, time_zone);
    match result {
        Ok(exported) => {
            replace(out, &staging)?;
            Ok(exported)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

fn write_bundle(ws: &Workspace, dir: &Path, time_zone: &str) -> Result<Exported, String> {
    let mut exported = Exported::default();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let (flows, refused) = admitted_flows(ws);
    exported.refused = refused;
    for name in ["systems.ron", "value_maps.ron"] {
        let path = ws.root.join(name);
        if path.exists() {
            files.insert(name.into(), read(&path)?);
        }
    }
    for path in crate::workspace::connector_files(&ws.root).map_err(|e| e.to_string())? {
        files.insert(format!("connectors/{}", file_name(&path)), read(&path)?);
    }
    let mut routes = Vec::new();
    let mut schedules = Vec::new();
    let mut writes_to = std::collections::BTreeSet::new();
    for (path, flow) in &flows {
        let name = file_name(path);
        files.insert(name.clone(), read(path)?);
        exported.flows.push(name.clone());
        writes_to.extend(flow.nodes.iter().filter_map(|n| match &n.step {
            Step::Write { system, .. } => Some(system.to_string()),
            _ => None,
        }));
        // What the flow runs of the workspace's sub-flows goes with it, and their writes
        // take the same rate-limited queues.
        for sub in crate::subflow::called_transitively(flow, ws).values() {
            let Some(path) = ws.subflows.get(&sub.id).map(|s| s.path.clone()) else {
                continue;
            };
            let name = file_name(&path);
            if !files.contains_key(&name) {
                files.insert(name.clone(), read(&path)?);
                exported.subflows.push(name);
            }
            writes_to.extend(sub.nodes.iter().filter_map(|n| match &n.step {
                Step::Write { system, .. } => Some(system.to_string()),
                _ => None,
            }));
        }
        match trigger(flow) {
            Some(Trigger::Schedule(schedule)) => {
                schedules.push(schedule_json(flow, &name, schedule, time_zone))
            }
            Some(t) => routes.extend(route_json(ws, flow, &name, t)),
            None => {}
        }
    }
    let queues: Vec<Json> = writes_to
        .iter()
        .map(|system| {
            let per_day = crate::model::SystemId::new(system.as_str())
                .ok()
                .and_then(|id| ws.landscape.system(&id))
                .and_then(|s| s.api_calls_per_day);
            json!({
                "system": system,
                "task_queue": format!("{FLOW_QUEUE}-writes-{system}"),
                "api_calls_per_day": per_day,
                "max_per_second": per_day.map(|d| d as f64 / 86_400.0),
            })
        })
        .collect();
    files.insert(
        "routes.json".into(),
        pretty(&json!({ "task_queue": FLOW_QUEUE, "routes": routes, "write_queues": queues }))?,
    );
    files.insert("schedules.json".into(), pretty(&json!(schedules))?);
    let hashes: BTreeMap<&String, String> = files
        .iter()
        .map(|(name, bytes)| (name, sha256(bytes)))
        .collect();
    let manifest = json!({
        "switchboard": env!("CARGO_PKG_VERSION"),
        "time_zone": time_zone,
        "flows": exported.flows,
        "refused": exported.refused.iter().map(|(f, why)| json!({"file": f, "why": why})).collect::<Vec<_>>(),
        "files": hashes,
    });
    files.insert("manifest.json".into(), pretty(&manifest)?);
    for (name, bytes) in &files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("could not create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("could not write {}: {e}", path.display()))?;
    }
    Ok(exported)
}

/// Flows by their file.
type Flows = Vec<(PathBuf, Flow)>;
/// Flows by their file name, each with why it was left out.
type Refused = Vec<(String, String)>;

/// The flows that may run in production, and the others with why not.
fn admitted_flows(ws: &Workspace) -> (Flows, Refused) {
    let mut loaded = Vec::new();
    let mut refused = Vec::new();
    for path in &ws.flow_paths {
        match store::load_flow(path) {
            Ok(flow) => loaded.push((path.clone(), flow)),
            Err(e) => refused.push((file_name(path), format!("it cannot be read: {e}"))),
        }
    }
    let all: Vec<&Flow> = loaded.iter().map(|(_, f)| f).collect();
    let mut across: BTreeMap<usize, Vec<governance::Finding>> = BTreeMap::new();
    for (i, finding) in governance::check_workspace(&all, ws) {
        across.entry(i).or_default().push(finding);
    }
    let reviewers = !ws.policy.reviewers.is_empty();
    let mut admitted = Vec::new();
    for (i, (path, flow)) in loaded.into_iter().enumerate() {
        // A sub-flow runs inside the flows that call it: it goes with them, if they go.
        if crate::model::FlowKind::of(&flow) == crate::model::FlowKind::Subflow {
            continue;
        }
        let mut findings = governance::check_flow(&flow, Some(ws));
        findings.extend(across.remove(&i).unwrap_or_default());
        let errors: Vec<&governance::Finding> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        let why = if let Some(first) = errors.first() {
            Some(match errors.len() {
                1 => format!("it has an error finding: {}", first.message),
                n => format!("it has {n} error findings, the first: {}", first.message),
            })
        } else if trigger(&flow).is_none() || matches!(trigger(&flow), Some(Trigger::Manual { .. }))
        {
            Some(
                "it starts by hand; production runs start on record events, webhooks and schedules"
                    .into(),
            )
        } else if reviewers {
            match approval_state(&flow, ws).status {
                Status::Approved(_) => None,
                Status::NeverApproved => Some("no reviewer has approved it".into()),
                Status::Changed(_) => Some("it changed since its last approval".into()),
                Status::OtherSources { .. } => {
                    Some("it was approved under other systems or another policy".into())
                }
            }
        } else {
            None
        };
        match why {
            Some(why) => refused.push((file_name(&path), why)),
            None => admitted.push((path, flow)),
        }
    }
    refused.sort();
    (admitted, refused)
}

fn trigger(flow: &Flow) -> Option<&Trigger> {
    flow.nodes.iter().find_map(|n| match &n.step {
        Step::Trigger(t) => Some(t),
        _ => None,
    })
}

/// An intake route: where events for `flow` are posted and how their workflows are named.
fn route_json(ws: &Workspace, flow: &Flow, file: &str, trigger: &Trigger) -> Option<Json> {
    let (kind, path, id_field) = match trigger {
        Trigger::RecordEvent {
            system,
            object,
            event,
            ..
        } => (
            "record-event",
            format!("/events/{system}/{object}/{}", event.verb()),
            ws.object(system, object).ok().map(|o| o.key.clone()),
        ),
        Trigger::Webhook { path, .. } => (
            "webhook",
            format!("/webhooks/{}", path.trim_start_matches('/')),
            None,
        ),
        _ => return None,
    };
    Some(json!({
        "flow": flow.id.to_string(),
        "file": file,
        "kind": kind,
        "path": path,
        "id_field": id_field,
        // {id}: the record's id field (`-` without one); {content}: the first 16 hex
        // digits of the SHA-256 of the record as compact JSON with sorted keys. A duplicate
        // event has the same id, and starting its workflow again is refused.
        "workflow_id": format!("{}/{{id}}/{{content}}", flow.id),
        "task_queue": FLOW_QUEUE,
    }))
}

/// A Schedule trigger as a Temporal schedule: an interval, or a calendar time in the
/// bundle's time zone.
fn schedule_json(flow: &Flow, file: &str, schedule: &Schedule, time_zone: &str) -> Json {
    let (interval, cron) = match schedule {
        Schedule::EveryMinutes(m) => (Some(u64::from(*m) * 60), None),
        Schedule::EveryHours(h) => (Some(u64::from(*h) * 3600), None),
        Schedule::Daily { at } => (None, Some(cron_at(at, "*"))),
        Schedule::Weekly { day, at } => (None, Some(cron_at(at, &(*day as u8 + 1).to_string()))),
    };
    json!({
        "flow": flow.id.to_string(),
        "file": file,
        "schedule_id": format!("{FLOW_QUEUE}/{}", flow.id),
        "interval_seconds": interval,
        "cron": cron,
        "time_zone": time_zone,
        "task_queue": FLOW_QUEUE,
    })
}

/// `"02:30"` on `day_of_week` (cron's 1 = Monday … 7 = Sunday, or `*`) as a cron line.
fn cron_at(at: &str, day_of_week: &str) -> String {
    let (hour, minute) = at.split_once(':').unwrap_or((at, "0"));
    let number = |s: &str| s.trim().parse::<u32>().unwrap_or(0);
    format!("{} {} * * {day_of_week}", number(minute), number(hour))
}

/// A file of the workspace as it is, through the store's reader: an ordinary file of
/// bounded size (a named pipe or a device put in its place is refused, not waited on).
fn read(path: &Path) -> Result<Vec<u8>, String> {
    store::read_bytes(path).map_err(|e| e.to_string())
}

fn pretty(value: &Json) -> Result<Vec<u8>, String> {
    serde_json::to_vec_pretty(value).map_err(|e| e.to_string())
}

fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!(
        "sha256:{}",
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A fresh folder beside `out` to build the bundle in. `out` itself must be missing, empty
/// or an earlier bundle: an export never replaces a folder of other files.
fn staging_dir(out: &Path) -> Result<PathBuf, String> {
    if out.exists() {
        let empty = std::fs::read_dir(out)
            .map_err(|e| format!("could not read {}: {e}", out.display()))?
            .next()
            .is_none();
        if !empty && !is_earlier_bundle(out) {
            return Err(format!(
                "{} holds files that are not an earlier bundle's: give an empty folder, a new one, or an earlier bundle",
                out.display()
            ));
        }
    }
    let parent = out.parent().unwrap_or(Path::new("/"));
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("could not create {}: {e}", parent.display()))?;
    let staging = parent.join(format!(".{}.export-{}", file_name(out), std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir(&staging)
        .map_err(|e| format!("could not create {}: {e}", staging.display()))?;
    Ok(staging)
}

/// Whether `dir` holds an earlier bundle and nothing else: our `manifest.json`, and only
/// the files it lists (a folder with a `manifest.json` of another kind is left alone).
fn is_earlier_bundle(dir: &Path) -> bool {
    let manifest = store::read_document(&dir.join("manifest.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Json>(&text).ok());
    let Some(files) = manifest
        .as_ref()
        .filter(|m| m.get("switchboard").is_some())
        .and_then(|m| m.get("files"))
        .and_then(Json::as_object)
    else {
        return false;
    };
    let listed = |relative: &str| relative == "manifest.json" || files.contains_key(relative);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().all(|entry| {
        let name = entry.file_name().to_string_lossy().into_owned();
        match entry.file_type() {
            Ok(t) if t.is_file() => listed(&name),
            Ok(t) if t.is_dir() && name == crate::workspace::CONNECTORS_DIR => {
                std::fs::read_dir(entry.path()).is_ok_and(|inner| {
                    inner.flatten().all(|e| {
                        e.file_type().is_ok_and(|t| t.is_file())
                            && listed(&format!("{name}/{}", e.file_name().to_string_lossy()))
                    })
                })
            }
            _ => false,
        }
    })
}

/// Puts the finished bundle in `out`'s place: the earlier one moved aside, the new one
/// renamed in, the earlier one removed, so `out` is missing only between two renames.
fn replace(out: &Path, staging: &Path) -> Result<(), String> {
    let earlier = out.with_file_name(format!(
        ".{}.earlier-{}",
        file_name(out),
        std::process::id()
    ));
    let had_one = out.exists();
    if had_one {
        std::fs::rename(out, &earlier)
            .map_err(|e| format!("could not replace {}: {e}", out.display()))?;
    }
    if let Err(e) = std::fs::rename(staging, out) {
        if had_one {
            let _ = std::fs::rename(&earlier, out);
        }
        return Err(format!("could not write {}: {e}", out.display()));
    }
    if had_one {
        let _ = std::fs::remove_dir_all(&earlier);
    }
    Ok(())
}
