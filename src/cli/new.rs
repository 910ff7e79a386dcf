//! `switchboard new`: a flow from a template, headless, as the designer's "New flow from
//! template…" makes it; `--list` the templates; `--from-flow` saves a flow as a template.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::exit;
use crate::governance::{self, Severity};
use crate::model::FlowId;
use crate::template::{self, TEMPLATE_SUFFIX};
use crate::workspace::{self, Workspace};

#[derive(Debug, Clone, clap::Args)]
pub struct NewArgs {
    /// List the templates (shipped, and the workspace's own in templates/).
    #[arg(long, conflicts_with_all = ["template", "from_flow"])]
    pub list: bool,
    /// The template to start from (see --list).
    #[arg(long, requires = "out")]
    pub template: Option<String>,
    /// Which system a placeholder stands for, PLACEHOLDER=SYSTEM_ID (may repeat); a
    /// placeholder left out takes the workspace's only system of its kind.
    #[arg(long = "set", value_name = "PLACEHOLDER=SYSTEM_ID")]
    pub set: Vec<String>,
    /// Save this flow as a template instead: its systems become placeholders.
    #[arg(long, requires = "out", conflicts_with = "template")]
    pub from_flow: Option<PathBuf>,
    /// The new file: NAME.flow.ron (or NAME.template.ron with --from-flow). Never replaced.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The workspace (default: the one around --out, or the current folder).
    #[arg(long)]
    pub workspace: Option<PathBuf>,
}

pub fn run(args: &NewArgs, out: &mut dyn Write) -> std::io::Result<u8> {
    let here = args
        .workspace
        .clone()
        .or_else(|| {
            args.out
                .as_ref()
                .and_then(|o| o.parent().map(Path::to_path_buf))
        })
        .unwrap_or_else(|| PathBuf::from("."));
    let here = if here.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        here
    };
    let here = std::path::absolute(&here).unwrap_or(here);
    let Some(root) = workspace::find_root(&here) else {
        writeln!(
            out,
            "error: {} is not in a workspace (no systems.ron in it or above it): give --workspace",
            here.display()
        )?;
        return Ok(exit::UNREADABLE);
    };
    let ws = match super::loaded::workspace(&root, out)? {
        Ok(ws) => ws,
        Err(code) => return Ok(code),
    };
    if let Some(flow) = &args.from_flow {
        let target = with_suffix(
            args.out.as_deref().unwrap_or(Path::new("")),
            TEMPLATE_SUFFIX,
        );
        return save_as_template(flow, &target, &ws, out);
    }
    let (templates, problems) = template::all(Some(&root));
    for p in &problems {
        writeln!(out, "warning: {p}")?;
    }
    let (Some(name), Some(path)) = (&args.template, &args.out) else {
        for t in &templates {
            let asks: Vec<String> = t
                .template
                .placeholders
                .iter()
                .map(|p| format!("{} ({})", p.name, p.kind.words()))
                .collect();
            writeln!(out, "{:32} {}", t.name, t.template.title)?;
            writeln!(out, "{:32} systems: {}", "", asks.join(", "))?;
        }
        return Ok(exit::OK);
    };
    let path = &with_suffix(path, crate::workspace::FLOW_SUFFIX);
    let Some(chosen) = templates.iter().find(|t| &t.name == name) else {
        let names: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
        writeln!(
            out,
            "error: there is no template {name}; there are {}",
            names.join(", ")
        )?;
        return Ok(exit::UNREADABLE);
    };
    let mut given = BTreeMap::new();
    for pair in &args.set {
        let Some((k, v)) = pair.split_once('=') else {
            writeln!(out, "error: --set {pair} is not PLACEHOLDER=SYSTEM_ID")?;
            return Ok(exit::UNREADABLE);
        };
        given.insert(k.trim().to_owned(), v.trim().to_owned());
    }
    let systems = match template::choose_systems(&chosen.template, &ws, &given) {
        Ok(systems) => systems,
        Err(problems) => {
            for p in problems {
                writeln!(out, "error: {p}")?;
            }
            return Ok(exit::UNREADABLE);
        }
    };
    let Some(id) = flow_id_of(path) else {
        writeln!(
            out,
            "error: {} is not a name for a flow file: NAME.flow.ron, the name in lowercase letters, digits and -",
            path.display()
        )?;
        return Ok(exit::UNREADABLE);
    };
    let flow = template::instantiate(&chosen.template, &systems, id);
    let text = crate::store::flow_to_string(&flow).map_err(std::io::Error::other)?;
    if let Err(e) = crate::store::create_atomic(path, text.as_bytes()) {
        writeln!(out, "error: {}: {}", path.display(), not_written(&e))?;
        return Ok(exit::UNREADABLE);
    }
    let findings = governance::check_flow(&flow, Some(&ws));
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let picked: Vec<String> = systems.iter().map(|(p, s)| format!("{p} = {s}")).collect();
    writeln!(
        out,
        "Made {} from the template {name} ({}).",
        path.display(),
        picked.join(", ")
    )?;
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        writeln!(out, "  error: {}", f.message)?;
    }
    Ok(if errors == 0 {
        exit::OK
    } else {
        exit::FINDINGS
    })
}

fn save_as_template(
    flow_path: &Path,
    out_path: &Path,
    ws: &Workspace,
    out: &mut dyn Write,
) -> std::io::Result<u8> {
    if !out_path.to_string_lossy().ends_with(TEMPLATE_SUFFIX) {
        writeln!(
            out,
            "error: a template file's name ends in {TEMPLATE_SUFFIX}: {}",
            out_path.display()
        )?;
        return Ok(exit::UNREADABLE);
    }
    let flow = match crate::store::load_flow(flow_path) {
        Ok(flow) => flow,
        Err(e) => {
            writeln!(out, "error: {e}")?;
            return Ok(exit::UNREADABLE);
        }
    };
    let template = template::from_flow(&flow, ws);
    let text = crate::store::to_canonical(&template).map_err(std::io::Error::other)?;
    if let Err(e) = crate::store::create_atomic(out_path, text.as_bytes()) {
        writeln!(out, "error: {}: {}", out_path.display(), not_written(&e))?;
        return Ok(exit::UNREADABLE);
    }
    let asks: Vec<String> = template
        .placeholders
        .iter()
        .map(|p| p.name.to_string())
        .collect();
    writeln!(
        out,
        "Saved {} as a template asking for {}.",
        out_path.display(),
        asks.join(", ")
    )?;
    Ok(exit::OK)
}

/// `won-deal.flow.ron` → the flow id `won-deal`.
fn flow_id_of(path: &Path) -> Option<FlowId> {
    let name = path.file_name()?.to_str()?;
    FlowId::new(name.strip_suffix(crate::workspace::FLOW_SUFFIX)?).ok()
}

/// Why a new file was not written; an existing one is never replaced.
fn not_written(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            "a file of that name exists, and a new file never replaces one: choose another name"
                .into()
        }
        std::io::ErrorKind::NotFound => "its folder does not exist".into(),
        _ => e.kind().to_string(),
    }
}

/// `won-deal` as `won-deal.flow.ron`, as the designer's save dialog adds the ending.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.is_empty() || name.contains('.') {
        path.to_path_buf()
    } else {
        path.with_file_name(format!("{name}{suffix}"))
    }
}
