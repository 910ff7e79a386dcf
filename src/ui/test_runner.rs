//! A tab's test runs: F5 or the Test run button starts a sample (or confirmed live) run on
//! a worker thread, so the window stays responsive, with progress and Cancel; the
//! designer polls for the trace each frame.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError};

use crate::model::Flow;
use crate::run::{self, Control, Options, Trace};
use crate::workspace::Workspace;

/// A run under way on a worker thread.
pub struct Running {
    pub control: Arc<Control>,
    result: Receiver<Trace>,
}

/// The latest run of a tab.
#[derive(Default)]
pub struct TestRun {
    pub running: Option<Running>,
    pub trace: Option<Trace>,
    /// The flow revision the trace was made from (an edit since makes it stale).
    pub revision: u64,
    /// Whether the latest run called the real systems.
    pub live: bool,
    /// Counts finished runs (what depends on the trace recomputes when it changes).
    pub runs: u64,
}

impl TestRun {
    /// Starts a run of `flow` on a worker thread: a sample run, or a live one (only
    /// after the user confirmed the systems it writes to).
    pub fn start(
        &mut self,
        flow: Flow,
        workspace: Arc<Workspace>,
        revision: u64,
        live: bool,
        ctx: &egui::Context,
    ) {
        if let Some(r) = &self.running {
            r.control.cancel.store(true, Ordering::Relaxed);
        }
        let control = Arc::new(Control::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let worker_control = control.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let options = Options::new(jiff::Zoned::now());
            let trace = if live {
                run::run_live(
                    &flow,
                    &workspace,
                    &options,
                    &worker_control,
                    Default::default(),
                )
                .unwrap_or_else(|why| Trace {
                    stopped: Some(why),
                    ..Trace::default()
                })
            } else {
                run::run_sample(&flow, &workspace, &options, &worker_control)
            };
            // The designer may have closed meanwhile; then nobody needs the trace.
            let _ = tx.send(trace);
            ctx.request_repaint();
        });
        self.running = Some(Running {
            control,
            result: rx,
        });
        self.live = live;
        self.revision = revision;
    }

    /// Picks up a finished run; true while one is still going.
    pub fn poll(&mut self) -> bool {
        let Some(running) = &self.running else {
            return false;
        };
        match running.result.try_recv() {
            Ok(trace) => {
                self.trace = Some(trace);
                self.runs += 1;
                self.running = None;
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => {
                self.running = None;
                false
            }
        }
    }
}
