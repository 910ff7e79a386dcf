//! The fuzz targets' bodies, shared by the cargo-fuzz binaries (fuzz_targets/) and the
//! regression tests (tests/fuzz_regressions.rs), which run every input a fuzzer ever
//! crashed on (fuzz/regressions/<target>/) through the same code.
//!
//! A body panics only on a real bug: a panic inside Switchboard, or a broken promise
//! (a loaded flow that does not save and load back, a formula that does not print and
//! parse back, an error outside its text).

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use switchboard::formula::{Env, Inputs, SchemaScope, analyze, parse};
use switchboard::model::Flow;
use switchboard::run::{Control, Options, run_sample};
use switchboard::store;
use switchboard::workspace::samples::SampleFile;
use switchboard::workspace::{Files, Workspace};

/// The example workspace, from the main crate (tests) or the fuzz crate beside it.
pub fn examples() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [here.join("flows"), here.join("../flows")]
        .into_iter()
        .find(|p| p.join("systems.ron").is_file())
        .expect("the example workspace flows/")
}

pub fn workspace() -> &'static Workspace {
    static WORKSPACE: OnceLock<Workspace> = OnceLock::new();
    WORKSPACE.get_or_init(|| Workspace::load(&examples()).expect("the example workspace loads"))
}

pub fn example_flows() -> &'static [Flow] {
    static FLOWS: OnceLock<Vec<Flow>> = OnceLock::new();
    FLOWS.get_or_init(|| {
        workspace()
            .flow_paths
            .iter()
            .map(|p| switchboard::store::load_flow(p).expect("example flow loads"))
            .collect()
    })
}

pub fn now() -> jiff::Zoned {
    "2026-11-22T09:30:00-05:00[America/New_York]"
        .parse()
        .expect("a fixed time")
}

/// The flow loader, on any bytes: decoding, parsing, validation. A flow that loads must
/// save and load back to itself, pass the governance check and run on samples without
/// panicking — what opening a file in the designer does.
pub fn flow(data: &[u8]) {
    let path = Path::new("fuzz.flow.ron");
    let Ok(text) = store::text_from_bytes(path, data.to_vec()) else {
        return;
    };
    let Ok(flow) = store::parse_flow(path, &text) else {
        return;
    };
    let saved = store::flow_to_string(&flow).expect("a loaded flow serializes");
    let reloaded = store::parse_flow(path, &saved).expect("a saved flow loads back");
    assert_eq!(
        store::flow_to_string(&reloaded).expect("serializes"),
        saved,
        "saving is stable"
    );
    let workspace = workspace();
    let _ = switchboard::governance::check_flow(&flow, Some(workspace));
    let mut options = Options::new(now());
    options.max_items_per_step = 50;
    let _ = run_sample(&flow, workspace, &options, &Control::default());
}

/// The workspace loader, on any bytes: the input is split at NUL bytes into the texts of
/// systems.ron, policy.ron, value_maps.ron, one connector manifest and one sample file;
/// the loaded workspace then checks an example flow alone, and all of them workspace-wide.
pub fn workspace_files(data: &[u8]) {
    let mut parts = data
        .split(|b| *b == 0)
        .map(|p| String::from_utf8_lossy(p).into_owned());
    let root = PathBuf::from("fuzz-workspace");
    let mut next = |name: &str| parts.next().map(|text| (root.join(name), text));
    let Some(systems) = next("systems.ron") else {
        return;
    };
    let policy = next("policy.ron");
    let value_maps = next("value_maps.ron");
    let connectors = next("connectors/custom.ron").into_iter().collect();
    let samples = next("samples/sales_crm/Opportunity.ron")
        .map(|(path, text)| SampleFile {
            system: "sales_crm".to_owned(),
            object: "Opportunity".to_owned(),
            path,
            text,
        })
        .into_iter()
        .collect();
    let files = Files {
        root: root.clone(),
        systems,
        policy,
        value_maps,
        approvals: None,
        connectors,
        samples,
        flow_paths: Vec::new(),
        subflows: Vec::new(),
        problems: Vec::new(),
    };
    let Ok(workspace) = Workspace::from_files(files) else {
        return;
    };
    let flows = example_flows();
    // One example flow per input (chosen by its length, so every flow gets its turn):
    // checking all seven made each run seven times slower for little more coverage.
    let flow = &flows[data.len() % flows.len()];
    let _ = switchboard::governance::check_flow(flow, Some(&workspace));
    let all: Vec<_> = flows.iter().collect();
    let _ = switchboard::governance::check_workspace(&all, &workspace);
}

/// The formula parser, checker and evaluator, on any text: a parsed formula prints and
/// parses back to the same tree; a checked one evaluates on a real opportunity to a
/// value or a located error.
pub fn formula(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(expr) = parse(text) {
        let printed = expr.to_string();
        let again = parse(&printed).expect("a printed formula parses");
        assert_eq!(again.to_string(), printed, "printing is stable");
    }
    let workspace = workspace();
    let fields = &workspace.connectors["crm"]
        .object("Opportunity")
        .expect("the CRM has opportunities")
        .fields;
    let scope = SchemaScope {
        fields,
        nodes: Vec::new(),
    };
    let analysis = analyze(text, &scope);
    for p in &analysis.problems {
        assert!(p.span.end <= text.len(), "{} outside {text:?}", p.message);
    }
    let Some(program) = analysis.program() else {
        return;
    };
    let record = &example_flows()
        .iter()
        .find(|f| f.id.as_str() == "opportunity-to-reservation")
        .expect("the example flow")
        .samples[0];
    let env = Env {
        now: now(),
        tables: &workspace.value_maps,
    };
    let nodes = HashMap::new();
    if let Err(e) = program.eval(
        &Inputs {
            record,
            nodes: &nodes,
        },
        &env,
    ) {
        assert!(e.span.end <= text.len() && !e.message.is_empty());
    }
}
