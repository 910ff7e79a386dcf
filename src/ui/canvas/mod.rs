//! The canvas: an egui-snarl view of one flow. The `Snarl` here is a cache rebuilt from
//! the flow whenever its revision changes; the viewer turns what the user does (wires
//! dragged, nodes dragged, wires removed) into [`Command`]s and never lets snarl change
//! the flow on its own.

mod io;
mod look;
mod menus;
mod overlay;
mod popups;
mod view;
mod viewer;

use io::SnarlId;
pub use io::{CanvasInput, CanvasOutput, PaletteDrag};
pub use look::{badge_ui, kind_icon, summary};
/// What an empty canvas says.
pub const EMPTY_HINT: &str =
    "Drag a step here from the palette on the left, or right-click to add one";
/// The heading of a refused wire's explanation.
pub const REFUSED: &str = "Can't connect these steps";
/// The button of a refused wire that connects it through a new Map step.
pub const CONNECT_VIA_MAP: &str = "Connect through a Map step";

pub use menus::{
    ADD_HERE, DELETE_WIRE, DISCONNECT, FIND_STEP, INSERT_MAP, PASTE_HERE, RENAME, RUN_TO_HERE,
    SETTINGS,
};
pub use overlay::{FIT, MINIMAP, ZOOM_IN, ZOOM_OUT};
pub use view::{OPEN_MIN_SCALE, ViewRequest};
use viewer::{PinSink, Viewer, style};

use std::collections::{BTreeSet, HashMap};

use egui::emath::TSTransform;
use egui::{Pos2, Rect, Ui, Vec2};
use egui_snarl::Snarl;
use egui_snarl::ui::SnarlWidget;

use crate::edit::Command;
use crate::governance::Severity;
use crate::model::{Flow, NodeId, PortId, Pos};

/// What the canvas keeps between frames for one open flow.
pub struct Canvas {
    snarl: Snarl<NodeId>,
    by_id: HashMap<NodeId, SnarlId>,
    /// The document revision the snarl reflects.
    built_for: Option<u64>,
    /// Canvas → screen, as snarl last drew it.
    pub to_global: TSTransform,
    /// Screen rectangle of each node, as last drawn (selection, framing, tests).
    node_rects: HashMap<SnarlId, Rect>,
    /// Screen position of each pin, as last drawn: (node, pin index, is_input).
    pin_positions: HashMap<(SnarlId, usize, bool), Pos2>,
    /// A view change asked for (zoom to fit, frame a node), applied on the next draw.
    pending_view: Option<ViewRequest>,
    /// Why the last wire was refused, shown by the pointer for a moment: the reason, the
    /// wire when a Map step could carry it, where and when.
    pub refusal: Option<Refusal>,
    /// Snarl's own selection (shift-click, shift-drag box) as of the last frame.
    snarl_selection: Vec<SnarlId>,
    /// Where the canvas was on screen last frame.
    pub rect: Rect,
    /// The part of the canvas (canvas coordinates) whose nodes the snarl holds.
    covered: Option<Rect>,
    /// What is typed in the canvas menu's "Add a step here".
    menu_query: String,
    /// This canvas's own key for the state snarl keeps in egui's memory.
    salt: u64,
    /// The connection whose menu is open, where (screen) and since which frame.
    wire_menu: Option<(crate::model::Wire, Pos2, u64)>,
}

/// A wire the canvas refused, explained by the pointer.
pub struct Refusal {
    pub why: String,
    pub bridge: Option<crate::model::Wire>,
    at: Pos2,
    since: f64,
}

/// Where a flow's nodes are on the canvas, each counted at a typical node's size.
fn layout_bounds(flow: &Flow) -> Rect {
    let mut bounds = Rect::NOTHING;
    for pos in flow.layout.0.values() {
        bounds.extend_with(Pos2::new(pos.0, pos.1));
        bounds.extend_with(Pos2::new(pos.0, pos.1) + look::NODE_SIZE);
    }
    bounds
}

/// The next canvas's key: every canvas (one per tab) keeps its own view.
static NEXT_SALT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Flows up to this many nodes are held in the snarl whole; larger ones only around the view.
const CULL_ABOVE: usize = 150;

impl Default for Canvas {
    fn default() -> Canvas {
        Canvas {
            snarl: Snarl::new(),
            by_id: HashMap::new(),
            built_for: None,
            to_global: TSTransform::IDENTITY,
            node_rects: HashMap::new(),
            pin_positions: HashMap::new(),
            pending_view: None,
            refusal: None,
            snarl_selection: Vec::new(),
            rect: Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0)),
            covered: None,
            menu_query: String::new(),
            wire_menu: None,
            salt: NEXT_SALT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
}

impl Canvas {
    /// Zooms so every node is in view on the next frame.
    pub fn zoom_to_fit(&mut self, flow: &Flow) {
        let bounds = layout_bounds(flow);
        if bounds.is_positive() {
            self.pending_view = Some(ViewRequest::Fit(bounds.expand2(view::FIT_MARGIN)));
        }
    }

    /// The first view of a flow: the whole of it when that is readable, else the start of
    /// it (where the trigger is) at a readable size; Zoom to fit shows the whole at any size.
    pub fn show_start(&mut self, flow: &Flow) {
        let bounds = layout_bounds(flow);
        if bounds.is_positive() {
            self.pending_view = Some(ViewRequest::Open(bounds.expand2(view::FIT_MARGIN)));
        }
    }

    /// Centres the view on one node on the next frame.
    pub fn frame_node(&mut self, flow: &Flow, node: &NodeId) {
        if let Some(pos) = flow.layout.0.get(node) {
            let centre = Pos2::new(pos.0, pos.1) + look::NODE_SIZE / 2.0;
            self.pending_view = Some(ViewRequest::Centre(centre));
        }
    }

    /// The zoom the canvas was last drawn at (1.0 is 100 %).
    pub fn scale(&self) -> f32 {
        self.to_global.scaling
    }

    /// Asks for a change of view on the next frame.
    pub fn request_view(&mut self, request: ViewRequest) {
        self.pending_view = Some(request);
    }

    /// Where a node was last drawn on screen.
    pub fn node_rect(&self, node: &NodeId) -> Option<Rect> {
        self.node_rects.get(self.by_id.get(node)?).copied()
    }

    /// Where a pin was last drawn on screen (`input` picks the side).
    pub fn pin_position(
        &self,
        flow: &Flow,
        node: &NodeId,
        port: &PortId,
        input: bool,
    ) -> Option<Pos2> {
        let step = &flow.node(node)?.step;
        let ports = if input { step.inputs() } else { step.outputs() };
        let index = ports.iter().position(|p| p == port)?;
        self.pin_positions
            .get(&(*self.by_id.get(node)?, index, input))
            .copied()
    }

    /// The node drawn at a screen point, if any.
    fn node_at(&self, pos: Pos2) -> Option<NodeId> {
        let (sid, _) = self.node_rects.iter().find(|(_, r)| r.contains(pos))?;
        self.snarl.get_node(*sid).cloned()
    }

    /// The screen point at the centre of the canvas, in canvas coordinates.
    pub fn centre(&self) -> Pos {
        let p = self.to_global.inverse() * self.rect.center();
        Pos(p.x, p.y)
    }

    /// Brings the snarl up to date with the flow, holding the nodes in and around `view`
    /// (canvas coordinates) and their direct neighbours, so wires leaving the view still
    /// show. Snarl lays out every node it holds on every frame; holding only what can be
    /// seen keeps a 1,000-node flow fluid. Small flows are held whole.
    fn sync(&mut self, flow: &Flow, revision: u64, view: Rect, dragging: bool) {
        let moved_away = !self.covered.is_some_and(|c| c.contains_rect(view));
        if self.built_for == Some(revision) && (dragging || !moved_away) {
            return;
        }
        self.built_for = Some(revision);
        let index: HashMap<&NodeId, &crate::model::Node> =
            flow.nodes.iter().map(|n| (&n.id, n)).collect();
        let wanted: std::collections::HashSet<&NodeId> = if flow.nodes.len() <= CULL_ABOVE {
            self.covered = Some(Rect::EVERYTHING);
            index.keys().copied().collect()
        } else {
            let covered = view.expand2(view.size() * 0.5 + Vec2::splat(300.0));
            self.covered = Some(covered);
            let mut wanted: std::collections::HashSet<&NodeId> = flow
                .nodes
                .iter()
                .filter(|n| {
                    let p = flow.layout.0.get(&n.id).copied().unwrap_or_default();
                    covered.intersects(Rect::from_min_size(
                        Pos2::new(p.0, p.1),
                        Vec2::new(320.0, 200.0),
                    ))
                })
                .map(|n| &n.id)
                .collect();
            let neighbours: Vec<&NodeId> = flow
                .wires
                .iter()
                .filter_map(|w| {
                    match (wanted.contains(&w.from.node), wanted.contains(&w.to.node)) {
                        (true, false) => Some(&w.to.node),
                        (false, true) => Some(&w.from.node),
                        _ => None,
                    }
                })
                .collect();
            wanted.extend(neighbours);
            wanted
        };
        let gone: Vec<NodeId> = self
            .by_id
            .keys()
            .filter(|id| !wanted.contains(id))
            .cloned()
            .collect();
        for id in gone {
            if let Some(sid) = self.by_id.remove(&id) {
                self.snarl.remove_node(sid);
            }
        }
        for node in flow.nodes.iter().filter(|n| wanted.contains(&n.id)) {
            let pos = flow.layout.0.get(&node.id).copied().unwrap_or_default();
            let pos = Pos2::new(pos.0, pos.1);
            match self.by_id.get(&node.id) {
                Some(&sid) => {
                    if let Some(info) = self.snarl.get_node_info_mut(sid) {
                        info.pos = pos;
                    }
                }
                None => {
                    let sid = self.snarl.insert_node(pos, node.id.clone());
                    self.by_id.insert(node.id.clone(), sid);
                }
            }
        }
        let old: Vec<_> = self.snarl.wires().collect();
        for (out, inp) in old {
            self.snarl.disconnect(out, inp);
        }
        for wire in &flow.wires {
            let (Some(from), Some(to)) = (
                self.by_id.get(&wire.from.node),
                self.by_id.get(&wire.to.node),
            ) else {
                continue;
            };
            let (Some(from_node), Some(to_node)) =
                (index.get(&wire.from.node), index.get(&wire.to.node))
            else {
                continue;
            };
            let out_index = from_node
                .step
                .outputs()
                .iter()
                .position(|p| p == &wire.from.port);
            let in_index = to_node
                .step
                .inputs()
                .iter()
                .position(|p| p == &wire.to.port);
            if let (Some(output), Some(input)) = (out_index, in_index) {
                self.snarl.connect(
                    egui_snarl::OutPinId {
                        node: *from,
                        output,
                    },
                    egui_snarl::InPinId { node: *to, input },
                );
            }
        }
    }

    /// Draws the canvas; `selection` is the tab's selection, highlighted on the nodes.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        input: &CanvasInput,
        selection: &BTreeSet<NodeId>,
    ) -> CanvasOutput {
        let rect = ui.available_rect_before_wrap();
        // The window's first frames still move the panels around the canvas: a view
        // asked for (a flow just opened, fitted) waits until the canvas keeps its size.
        let settling = rect != self.rect;
        self.rect = rect;
        let held = if settling {
            self.pending_view.take()
        } else {
            None
        };
        if held.is_some() {
            ui.ctx().request_repaint();
        }
        let view = view::visible(
            self.pending_view.map_or(self.to_global, |r| {
                view::apply(r, self.to_global, self.rect)
            }),
            self.rect,
        );
        let dragging = ui.input(|i| i.pointer.any_down());
        self.sync(input.flow, input.revision, view, dragging);
        let mut badges: HashMap<&NodeId, (usize, usize)> = HashMap::new();
        for f in input.findings {
            if let Some(node) = f.location.node() {
                let entry = badges.entry(node).or_default();
                match f.severity {
                    Severity::Error => entry.0 += 1,
                    _ => entry.1 += 1,
                }
            }
        }
        let nodes: HashMap<&NodeId, &crate::model::Node> =
            input.flow.nodes.iter().map(|n| (&n.id, n)).collect();
        let mut viewer = Viewer {
            input,
            nodes,
            selection,
            badges,
            out: CanvasOutput::default(),
            pending_view: self.pending_view.take(),
            canvas_rect: self.rect,
            to_global: TSTransform::IDENTITY,
            node_rects: HashMap::new(),
            pin_positions: PinSink::default(),
            refusal: None,
            menu_query: &mut self.menu_query,
            wire_menu: None,
            dark: ui.visuals().dark_mode,
        };
        // Each tab its own snarl state (pan and zoom), not one shared by every tab.
        let widget = SnarlWidget::new()
            .id_salt(("flow-canvas", self.salt))
            .style(style());
        let response = widget.show(&mut self.snarl, &mut viewer, ui);
        self.to_global = viewer.to_global;
        self.node_rects = viewer
            .node_rects
            .drain()
            .map(|(id, r)| (id, self.to_global.mul_rect(r)))
            .collect();
        self.pin_positions = viewer
            .pin_positions
            .borrow_mut()
            .drain()
            .map(|(k, p)| (k, self.to_global * p))
            .collect();
        if let Some((why, bridge)) = viewer.refusal.take() {
            let at = ui
                .input(|i| i.pointer.latest_pos())
                .unwrap_or(self.rect.center());
            self.refusal = Some(Refusal {
                why,
                bridge,
                at,
                since: ui.input(|i| i.time),
            });
        }
        if let Some(wire) = viewer.wire_menu.take() {
            let at = ui
                .input(|i| i.pointer.latest_pos())
                .unwrap_or(self.rect.center());
            self.wire_menu = Some((wire, at, ui.ctx().cumulative_frame_nr()));
        }
        let mut out = viewer.out;
        if input.read_only {
            self.hold_in_place(input.flow);
        } else {
            out.commands.extend(self.finished_moves(ui, input.flow));
        }
        out.selection = self.selection_change(ui, &widget, &response, selection);
        out.dropped = self.palette_drop(ui, &response);
        if held.is_some() {
            self.pending_view = held;
        }
        self.wire_badges_ui(ui, input);
        self.refusal_ui(ui, input, &mut out.actions);
        self.wire_menu_ui(ui, input, &mut out.actions);
        if let Some(marks) = input.compare {
            self.ghosts_ui(ui, marks);
        }
        if input.flow.nodes.is_empty() && !input.read_only {
            ui.painter().text(
                self.rect.center(),
                egui::Align2::CENTER_CENTER,
                EMPTY_HINT,
                egui::FontId::proportional(15.0),
                ui.visuals().weak_text_color(),
            );
        }
        if let Some(request) =
            overlay::overlay_ui(ui, self.rect, self.to_global, &self.step_rects(input.flow))
        {
            self.pending_view = Some(request);
            ui.ctx().request_repaint();
        }
        out
    }

    /// Every step's rectangle in canvas coordinates: as drawn where it was, else at a
    /// typical node's size.
    fn step_rects(&self, flow: &Flow) -> Vec<Rect> {
        let to_canvas = self.to_global.inverse();
        flow.nodes
            .iter()
            .map(|node| {
                match self
                    .by_id
                    .get(&node.id)
                    .and_then(|sid| self.node_rects.get(sid))
                {
                    Some(drawn) => to_canvas.mul_rect(*drawn),
                    None => {
                        let pos = flow.layout.0.get(&node.id).copied().unwrap_or_default();
                        overlay::nominal_step(Pos2::new(pos.0, pos.1))
                    }
                }
            })
            .collect()
    }

    /// Read-only: snarl lets a header drag move its copy of a node; put every node back
    /// where the flow says, each frame, so a reviewer's drag moves nothing.
    fn hold_in_place(&mut self, flow: &Flow) {
        for (id, &sid) in &self.by_id {
            let pos = flow.layout.0.get(id).copied().unwrap_or_default();
            if let Some(info) = self.snarl.get_node_info_mut(sid) {
                info.pos = Pos2::new(pos.0, pos.1);
            }
        }
    }

    /// One `MoveNodes` when a drag ends: snarl moves its own copy while dragging.
    fn finished_moves(&mut self, ui: &Ui, flow: &Flow) -> Option<(Command, String)> {
        if ui.input(|i| i.pointer.any_down()) {
            return None;
        }
        let moves: Vec<(NodeId, Pos)> = self
            .snarl
            .nodes_pos()
            .filter_map(|(pos, id)| {
                let was = flow.layout.0.get(id).copied().unwrap_or_default();
                let moved = (was.0 - pos.x).abs() > 0.01 || (was.1 - pos.y).abs() > 0.01;
                moved.then(|| (id.clone(), Pos(pos.x.round(), pos.y.round())))
            })
            .collect();
        if moves.is_empty() {
            return None;
        }
        let label = match moves.len() {
            1 => "Move step".to_owned(),
            n => format!("Move {n} steps"),
        };
        Some((Command::MoveNodes(moves), label))
    }

    fn selection_change(
        &mut self,
        ui: &Ui,
        widget: &SnarlWidget,
        response: &egui::Response,
        selected: &BTreeSet<NodeId>,
    ) -> Option<BTreeSet<NodeId>> {
        let snarl_now = widget.get_selected_nodes(ui);
        let mut change = None;
        // The designer's selection is the one that counts; snarl's is taken when it picks
        // steps itself (a Shift+drag box). Not when it empties (steps it showed went) and
        // not on a right-click, which must keep the selection its menu acts on.
        // Only what the primary button does counts (a box dragged, a Shift+click): snarl
        // also selects on a right-click, sometimes a frame later.
        let primary = ui.input(|i| i.pointer.primary_down() || i.pointer.primary_released());
        if snarl_now != self.snarl_selection {
            self.snarl_selection = snarl_now.clone();
            if !snarl_now.is_empty() && primary {
                change = Some(
                    snarl_now
                        .iter()
                        .filter_map(|sid| self.snarl.get_node(*sid).cloned())
                        .collect(),
                );
            }
        }
        let (clicked, pos, shift) = ui.input(|i| {
            (
                i.pointer.primary_clicked(),
                i.pointer.interact_pos(),
                i.modifiers.shift,
            )
        });
        // Only a click that reaches the canvas: not one on a dialog, window or menu drawn
        // over it (the nodes have layers of their own, of the canvas's order).
        let over_canvas = |pos| {
            ui.ctx()
                .layer_id_at(pos)
                .is_none_or(|top| top.order <= response.layer_id.order)
        };
        if clicked
            && !shift
            && let Some(pos) = pos
            && self.rect.contains(pos)
            && over_canvas(pos)
        {
            match self.node_at(pos) {
                Some(id) => change = Some(BTreeSet::from([id])),
                None if response.clicked() => change = Some(BTreeSet::new()),
                None => {}
            }
        }
        // Shift+click adds a step to what is selected, or takes it out: the selection the
        // user sees, whatever snarl's own selection holds (a plain click selects without it).
        if clicked
            && shift
            && let Some(pos) = pos
            && self.rect.contains(pos)
            && over_canvas(pos)
            && let Some(id) = self.node_at(pos)
        {
            let mut toggled = selected.clone();
            if !toggled.remove(&id) {
                toggled.insert(id);
            }
            change = Some(toggled);
        }
        change
    }

    fn palette_drop(&self, ui: &Ui, response: &egui::Response) -> Option<(usize, Pos)> {
        let dragged = response.dnd_release_payload::<PaletteDrag>()?;
        let at = ui.input(|i| i.pointer.interact_pos())?;
        let p = self.to_global.inverse() * at;
        Some((dragged.0, Pos(p.x.round(), p.y.round())))
    }
}
