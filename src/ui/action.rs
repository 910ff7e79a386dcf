//! What a panel asks for ([`Action`]) and the queue it pushes onto ([`Actions`]), apart
//! from what it reads ([`super::panel::View`]): the canvas, which a tab holds, pushes
//! actions too, and so must not depend on the tab.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::commands::UiCommand;
use crate::edit::Command;
use crate::governance::Location;
use crate::model::{NodeId, Pos};

/// One thing a panel asks for.
#[derive(Clone, Debug)]
pub enum Action {
    /// An edit of the active flow; consecutive edits with the same `coalesce` key are one
    /// undo step (typing in one box).
    Edit {
        command: Command,
        label: String,
        coalesce: Option<String>,
    },
    /// Ends the current typing run (a box lost focus), so the next edit is a new step.
    Seal,
    /// A menu or shortcut command.
    Run(UiCommand),
    /// Selects these steps of the active flow.
    Select(BTreeSet<NodeId>),
    /// Selects and shows what a finding is about, and puts the cursor in its field.
    GoTo(Location),
    /// Adds palette item `index` at `pos` on the active canvas.
    AddItem { index: usize, pos: Pos },
    /// Adds palette item `index` in the middle of the active canvas.
    AddItemAtCentre(usize),
    /// Selects a step and shows it in the inspector, the cursor in `field` when given
    /// ("label" for its name), without moving the canvas.
    Inspect { node: NodeId, field: Option<String> },
    /// Shows what changed since the active flow's last approved version.
    CompareApproved,
    /// Shows the change `n` places after (or before) the one shown, on the canvas.
    CompareStep(i32),
    /// Ends the comparison on the canvas.
    StopComparing,
    /// Opens the Approve dialog for the active flow.
    AskApprove,
    /// Pastes the steps last copied at this canvas position.
    PasteAt(Pos),
    /// Test-runs the active flow up to this step and shows what reaches it.
    TestRunTo(NodeId),
    /// Opens a flow file in a tab.
    OpenFlow(PathBuf),
    /// Opens a workspace folder or a flow file (Open recent).
    OpenPath(PathBuf),
    /// Shows one of the bottom panel's tabs.
    ShowBottom(BottomTab),
    /// Starts a sample run of the active flow.
    TestRun,
    /// Asks which systems a live run writes to, then runs it.
    LiveRun,
    /// Stops the active tab's run.
    CancelRun,
    /// Shows or masks personal data in the active tab.
    Reveal(bool),
    /// Saves the active tab's latest trace as JSON (asks where).
    ExportTrace,
    /// Shows the flow in tab `index`.
    ActivateTab(usize),
    /// Closes tab `index` (asking first when it has unsaved changes).
    CloseTab(usize),
}

/// The queue panels push onto during a frame.
#[derive(Default)]
pub struct Actions(Vec<Action>);

impl Actions {
    pub fn push(&mut self, action: Action) {
        self.0.push(action);
    }

    /// An edit of the active flow.
    pub fn edit(&mut self, command: Command, label: impl Into<String>) {
        self.push(Action::Edit {
            command,
            label: label.into(),
            coalesce: None,
        });
    }

    /// An edit that merges with the next ones of the same `key` (typing in one box).
    pub fn typing(&mut self, command: Command, label: impl Into<String>, key: String) {
        self.push(Action::Edit {
            command,
            label: label.into(),
            coalesce: Some(key),
        });
    }

    /// Everything pushed so far, in order; the queue is empty afterwards.
    pub fn drain(&mut self) -> std::vec::Drain<'_, Action> {
        self.0.drain(..)
    }
}

/// The bottom panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BottomTab {
    Problems,
    Preview,
    TestRun,
}

impl BottomTab {
    /// The tab's caption (Problems adds its counts).
    pub fn label(self) -> &'static str {
        match self {
            Self::Problems => "Problems",
            Self::Preview => "Preview",
            Self::TestRun => "Test run",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            Self::Problems => "What the governance checks found in this flow",
            Self::Preview => "What the selected Map step makes of the sample records",
            Self::TestRun => "Run the flow on sample records and see each step's input and output",
        }
    }
}
