//! What the designer keeps on disk besides flows: the settings it remembers between
//! sessions (recent files, the last workspace) and recovery copies of unsaved work,
//! written every few seconds so a crash loses at most that much.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::edit::Document;
use crate::model::Flow;
use crate::store;

/// Remembered between sessions through eframe's storage; never written into a flow.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub last_workspace: Option<PathBuf>,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub dark: Option<bool>,
}

impl Settings {
    pub const KEY: &'static str = "switchboard-settings";

    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(10);
    }
}

/// Unsaved work found at start-up.
#[derive(Clone, Debug)]
pub struct Recovered {
    /// The file the work belongs to (`None` for a flow never saved).
    pub original: Option<PathBuf>,
    pub flow: Flow,
    pub copy: PathBuf,
}

/// The recovery copies live in one folder: `<key>.flow.ron` with the work and
/// `<key>.path` naming the file it belongs to.
#[derive(Clone, Debug)]
pub struct Recovery {
    pub dir: PathBuf,
}

impl Recovery {
    /// The key of a document: its file path, or its flow id while it has none.
    fn key(doc: &Document) -> String {
        let name = match &doc.path {
            Some(p) => p.display().to_string(),
            None => format!("new:{}", doc.flow().id),
        };
        let hash = name.bytes().fold(0xcbf29ce484222325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
        });
        format!("{hash:016x}")
    }

    /// Writes the document's current state as a recovery copy.
    pub fn save(&self, doc: &Document) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let key = Self::key(doc);
        let text = store::flow_to_string(doc.flow()).map_err(std::io::Error::other)?;
        store::write_atomic(&self.dir.join(format!("{key}.flow.ron")), text.as_bytes())?;
        let original = doc
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        store::write_atomic(&self.dir.join(format!("{key}.path")), original.as_bytes())
    }

    /// Forgets the recovery copy of a document that was saved or closed on purpose.
    pub fn discard(&self, doc: &Document) {
        let key = Self::key(doc);
        let _ = std::fs::remove_file(self.dir.join(format!("{key}.flow.ron")));
        let _ = std::fs::remove_file(self.dir.join(format!("{key}.path")));
    }

    /// Recovery copies left by a session that did not close cleanly.
    pub fn found(&self) -> Vec<Recovered> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<Recovered> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".flow.ron"))
            .filter_map(|copy| {
                let flow = store::load_flow(&copy).ok()?;
                let stem = copy
                    .file_name()?
                    .to_string_lossy()
                    .trim_end_matches(".flow.ron")
                    .to_owned();
                let original = std::fs::read_to_string(self.dir.join(format!("{stem}.path")))
                    .ok()
                    .filter(|s| !s.is_empty())
                    .map(PathBuf::from);
                Some(Recovered {
                    original,
                    flow,
                    copy,
                })
            })
            .collect();
        found.sort_by(|a, b| a.copy.cmp(&b.copy));
        found
    }

    /// Removes one recovery copy (after it was restored or declined).
    pub fn remove(&self, recovered: &Recovered) {
        let _ = std::fs::remove_file(&recovered.copy);
        let _ = std::fs::remove_file(recovered.copy.with_extension("").with_extension("path"));
    }
}
