//! What the designer keeps on disk besides flows: the settings it remembers between
//! sessions (recent files, the last workspace) and recovery copies of unsaved work.
//!
//! A recovery copy always equals the latest unsaved state of its flow: the designer hands
//! every new revision to a writer thread (so a slow disk never stalls a frame, and no
//! input is needed for the copy to be written), and a flow that is clean again (saved,
//! or undone back to its file) has its copy removed. Each copy records the file it
//! belongs to and the stamp of that file's bytes it was based on, so recovering can say
//! when the file changed on disk since.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::edit::Document;
use crate::model::Flow;
use crate::review::{self, FlowChanges};
use crate::store::{self, FileStamp};

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

/// How the status bar begins when recovery copies cannot be written.
pub const CANNOT_COPY: &str = "Unsaved work cannot be copied for recovery";

/// What a recovery copy records beside the flow (`<key>.about.ron`).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct About {
    /// The file the work belongs to; `None` for a flow never saved.
    original: Option<PathBuf>,
    /// The stamp of that file's bytes when the work started from it.
    base: Option<FileStamp>,
    /// The process that wrote the copy: a copy of a designer still running is not offered.
    pid: u32,
}

/// How the file of recovered work stands now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileNow {
    /// A flow that was never saved.
    NeverSaved,
    /// The file is as the work started from it.
    Unchanged,
    /// Someone changed the file since the work started from it.
    ChangedSince,
    /// The file is gone or cannot be read any more.
    Gone,
}

/// Unsaved work found at start-up.
#[derive(Clone, Debug)]
pub struct Recovered {
    /// The file the work belongs to (`None` for a flow never saved).
    pub original: Option<PathBuf>,
    pub flow: Flow,
    pub file_now: FileNow,
    /// What the work changes compared with the file as it is now (for a flow never saved,
    /// compared with an empty flow).
    pub changes: FlowChanges,
    key: String,
}

impl Recovered {
    /// Where the work belongs, for the prompt.
    pub fn place(&self) -> String {
        match &self.original {
            Some(p) => p.display().to_string(),
            None => "never saved".into(),
        }
    }
}

/// A job for the writer thread.
enum Job {
    Keep(String, Box<Flow>, About),
    Forget(String),
    Flush(Sender<()>),
}

/// The recovery folder and the thread that writes into it.
#[derive(Clone)]
pub struct Recovery {
    dir: PathBuf,
    jobs: Sender<Job>,
    /// The latest failure to write a copy, for the status bar.
    trouble: Arc<Mutex<Option<String>>>,
}

impl std::fmt::Debug for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recovery").field("dir", &self.dir).finish()
    }
}

impl Recovery {
    /// Recovery copies in `dir` (created when the first copy is written).
    pub fn new(dir: impl Into<PathBuf>) -> Recovery {
        let dir = dir.into();
        let (jobs, rx) = std::sync::mpsc::channel();
        let trouble = Arc::new(Mutex::new(None));
        let writer = Writer {
            dir: dir.clone(),
            trouble: trouble.clone(),
        };
        std::thread::Builder::new()
            .name("recovery copies".into())
            .spawn(move || writer.serve(rx))
            .ok();
        Recovery { dir, jobs, trouble }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes `doc`'s current state the recovery copy under `key`.
    pub fn keep(&self, key: &str, doc: &Document) {
        let about = About {
            original: doc.path.clone(),
            base: doc.base().cloned(),
            pid: std::process::id(),
        };
        let _ = self.jobs.send(Job::Keep(
            key.to_owned(),
            Box::new(doc.flow().clone()),
            about,
        ));
    }

    /// Removes the recovery copy under `key` (the flow was saved, closed, or is clean).
    pub fn forget(&self, key: &str) {
        let _ = self.jobs.send(Job::Forget(key.to_owned()));
    }

    /// Waits until everything handed over so far is on disk (quitting, tests).
    pub fn flush(&self) {
        let (tx, rx) = std::sync::mpsc::channel();
        if self.jobs.send(Job::Flush(tx)).is_ok() {
            let _ = rx.recv();
        }
    }

    /// Why the latest copy could not be written, if it could not.
    pub fn trouble(&self) -> Option<String> {
        self.trouble.lock().ok().and_then(|t| t.clone())
    }

    /// Recovery copies left by a session that did not close cleanly (not those of a
    /// designer still running), oldest file name first.
    pub fn found(&self) -> Vec<Recovered> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<Recovered> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(ABOUT_SUFFIX).map(str::to_owned)
            })
            .filter_map(|key| self.recovered(key))
            .collect();
        found.sort_by(|a, b| (a.place(), &a.flow.name).cmp(&(b.place(), &b.flow.name)));
        found
    }

    fn recovered(&self, key: String) -> Option<Recovered> {
        let about: About =
            store::load_document(&self.dir.join(format!("{key}{ABOUT_SUFFIX}"))).ok()?;
        if about.pid != std::process::id() && !store::process_ended(about.pid) {
            return None;
        }
        let flow = store::load_flow(&self.dir.join(format!("{key}{FLOW_SUFFIX}"))).ok()?;
        let (file_now, on_disk) = match &about.original {
            None => (FileNow::NeverSaved, None),
            Some(path) => match store::load_flow_stamped(path) {
                Err(_) => (FileNow::Gone, None),
                Ok((now, stamp)) if Some(&stamp) == about.base.as_ref() => {
                    (FileNow::Unchanged, Some(now))
                }
                Ok((now, _)) => (FileNow::ChangedSince, Some(now)),
            },
        };
        let empty = Flow::new(flow.id.clone(), flow.name.clone());
        let changes = review::changes(on_disk.as_ref().unwrap_or(&empty), &flow);
        Some(Recovered {
            original: about.original,
            flow,
            file_now,
            changes,
            key,
        })
    }

    /// Removes one recovery copy (after it was restored or declined).
    pub fn remove(&self, recovered: &Recovered) {
        self.forget(&recovered.key);
        self.flush();
    }
}

const FLOW_SUFFIX: &str = ".flow.ron";
const ABOUT_SUFFIX: &str = ".about.ron";

/// The writer thread's side.
struct Writer {
    dir: PathBuf,
    trouble: Arc<Mutex<Option<String>>>,
}

impl Writer {
    /// Writes copies until every [`Recovery`] is dropped. Jobs that queued up while a
    /// copy was being written are merged: only each flow's latest state is written.
    fn serve(self, jobs: Receiver<Job>) {
        while let Ok(first) = jobs.recv() {
            let mut latest: BTreeMap<String, Option<(Box<Flow>, About)>> = BTreeMap::new();
            let mut waiting = Vec::new();
            for job in std::iter::once(first).chain(jobs.try_iter()) {
                match job {
                    Job::Keep(key, flow, about) => {
                        latest.insert(key, Some((flow, about)));
                    }
                    Job::Forget(key) => {
                        latest.insert(key, None);
                    }
                    Job::Flush(done) => waiting.push(done),
                }
            }
            for (key, copy) in latest {
                let result = match copy {
                    Some((flow, about)) => self.write(&key, &flow, &about),
                    None => self.remove(&key),
                };
                if let Ok(mut t) = self.trouble.lock() {
                    *t = result.err().map(|e| {
                        format!("{CANNOT_COPY} ({e}): save often. {}", self.dir.display())
                    });
                }
            }
            for done in waiting {
                let _ = done.send(());
            }
        }
    }

    fn write(&self, key: &str, flow: &Flow, about: &About) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let text = store::flow_to_string(flow).map_err(std::io::Error::other)?;
        let about = ron::to_string(about).map_err(std::io::Error::other)?;
        // The flow first: a copy is found by its `about` file, so a copy is never offered
        // without its flow.
        store::write_private(
            &self.dir.join(format!("{key}{FLOW_SUFFIX}")),
            text.as_bytes(),
        )?;
        store::write_private(
            &self.dir.join(format!("{key}{ABOUT_SUFFIX}")),
            about.as_bytes(),
        )
    }

    fn remove(&self, key: &str) -> std::io::Result<()> {
        for suffix in [ABOUT_SUFFIX, FLOW_SUFFIX] {
            match std::fs::remove_file(self.dir.join(format!("{key}{suffix}"))) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }
}

/// A key no other tab, session or process uses: the copy of a tab keeps it for the tab's
/// life, whatever file the flow is saved to meanwhile.
pub fn new_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{:x}-{nanos:x}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
