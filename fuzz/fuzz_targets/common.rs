//! What every target shares: the example workspace (`flows/`), loaded once.

use std::path::PathBuf;
use std::sync::OnceLock;

use switchboard::model::Flow;
use switchboard::workspace::Workspace;

pub fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../flows")
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
