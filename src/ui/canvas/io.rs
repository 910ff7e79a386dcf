//! What the canvas reads and what it gives back each frame, and the few facts its view and
//! its viewer share.

use std::collections::BTreeSet;

use crate::edit::Command;
use crate::governance::Finding;
use crate::model::{Flow, NodeId, Pos};
use crate::workspace::{FlowSchemas, Workspace};

/// Snarl's own node handle (ours is the flow's `NodeId`).
pub(super) type SnarlId = egui_snarl::NodeId;

/// The smallest zoom at which a node's text is comfortable to read.
pub(super) const READABLE_SCALE: f32 = 0.85;

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
}

/// What happened on the canvas this frame.
#[derive(Default)]
pub struct CanvasOutput {
    pub commands: Vec<(Command, String)>,
    /// A new selection, when the user changed it.
    pub selection: Option<BTreeSet<NodeId>>,
    /// A palette item (by index) dropped at this canvas position.
    pub dropped: Option<(usize, Pos)>,
}

/// The payload of a palette drag: the item's index in the palette list.
#[derive(Clone, Copy, Debug)]
pub struct PaletteDrag(pub usize);
