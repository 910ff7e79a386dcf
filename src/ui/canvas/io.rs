//! What the canvas reads and what it gives back each frame, and the few facts its view and
//! its viewer share.

use std::collections::BTreeSet;

use crate::edit::Command;
use crate::governance::Finding;
use crate::model::{Flow, NodeId, Pos};
use crate::workspace::{FlowSchemas, Workspace};

/// Snarl's own node handle (ours is the flow's `NodeId`).
pub(super) type SnarlId = egui_snarl::NodeId;

/// What the canvas needs to draw a flow and check a wire.
pub struct CanvasInput<'a> {
    pub flow: &'a Flow,
    pub revision: u64,
    pub workspace: Option<&'a Workspace>,
    pub schemas: Option<&'a FlowSchemas>,
    pub findings: &'a [Finding],
    /// The latest test run, for the items-in/out badges.
    pub trace: Option<&'a crate::run::Trace>,
    pub read_only: bool,
    /// The palette, for the canvas menu's "Add a step here".
    pub items: &'a [crate::edit::palette::Item],
    /// Whether steps were copied that "Paste here" can paste.
    pub can_paste: bool,
    /// Steps added, changed and removed since the version the flow is compared with.
    pub compare: Option<&'a crate::ui::compare::Marks>,
    /// The selected steps (a step's menu acts on all of them when it is one).
    pub selection: &'a BTreeSet<NodeId>,
}

/// What happened on the canvas this frame.
#[derive(Default)]
pub struct CanvasOutput {
    pub commands: Vec<(Command, String)>,
    /// A new selection, when the user changed it.
    pub selection: Option<BTreeSet<NodeId>>,
    /// A palette item (by index) dropped at this canvas position.
    pub dropped: Option<(usize, Pos)>,
    /// What the right-click menus asked for.
    pub actions: Vec<crate::ui::action::Action>,
}

/// The payload of a palette drag: the item's index in the palette list.
#[derive(Clone, Copy, Debug)]
pub struct PaletteDrag(pub usize);
