//! The canvas: an egui-snarl view of one flow. The `Snarl` here is a cache rebuilt from
//! the flow whenever its revision changes; the viewer turns what the user does (wires
//! dragged, nodes dragged, wires removed) into [`Command`]s and never lets snarl change
//! the flow on its own.

use super::theme;
use std::collections::{BTreeSet, HashMap};

use egui::emath::TSTransform;
use egui::{Color32, Pos2, Rect, Stroke, Ui, Vec2};
use egui_snarl::ui::{PinInfo, SnarlStyle, SnarlViewer, SnarlWidget};
use egui_snarl::{InPin, OutPin, Snarl};

use crate::edit::Command;
use crate::governance::{Finding, Location, Severity, structure::wires};
use crate::model::{Flow, NodeId, PortId, PortRef, Pos, Step, Trigger, Wire};
use crate::workspace::{FlowSchemas, Workspace};

type SnarlId = egui_snarl::NodeId;

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
    pending_view: Option<(Rect, bool)>,
    /// Why the last wire was refused, shown by the pointer for a moment.
    pub refusal: Option<(String, Pos2, f64)>,
    /// Snarl's own selection (shift-click, shift-drag box) as of the last frame.
    snarl_selection: Vec<SnarlId>,
    /// Where the canvas was on screen last frame.
    pub rect: Rect,
    /// The part of the canvas (canvas coordinates) whose nodes the snarl holds.
    covered: Option<Rect>,
}

/// Where a flow's nodes are on the canvas, each counted at a typical node's size.
fn layout_bounds(flow: &Flow) -> Rect {
    let mut bounds = Rect::NOTHING;
    for pos in flow.layout.0.values() {
        bounds.extend_with(Pos2::new(pos.0, pos.1));
        bounds.extend_with(Pos2::new(pos.0 + 220.0, pos.1 + 120.0));
    }
    bounds
}

/// The smallest zoom at which a node's text is comfortable to read.
const READABLE_SCALE: f32 = 0.85;

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
        }
    }
}

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

impl Canvas {
    /// Zooms so every node is in view on the next frame.
    pub fn zoom_to_fit(&mut self, flow: &Flow) {
        let bounds = layout_bounds(flow);
        if bounds.is_positive() {
            self.pending_view = Some((bounds.expand(60.0), false));
        }
    }

    /// The first view of a flow: the whole of it when that is readable, else the start of
    /// it (where the trigger is) at a readable size; Zoom to fit shows the whole at any size.
    pub fn show_start(&mut self, flow: &Flow) {
        let bounds = layout_bounds(flow);
        if !bounds.is_positive() {
            return;
        }
        self.pending_view = Some((bounds.expand(60.0), true));
    }

    /// Centres the view on one node on the next frame.
    pub fn frame_node(&mut self, flow: &Flow, node: &NodeId) {
        if let Some(pos) = flow.layout.0.get(node) {
            let centre = Pos2::new(pos.0 + 100.0, pos.1 + 50.0);
            self.pending_view = Some((
                Rect::from_center_size(centre, Vec2::new(900.0, 600.0)),
                false,
            ));
        }
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
        self.rect = ui.available_rect_before_wrap();
        let view = match self.pending_view {
            Some((v, _)) => v,
            None => self.to_global.inverse().mul_rect(self.rect),
        };
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
        };
        let widget = SnarlWidget::new().id_salt("flow-canvas").style(style());
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
        if let Some(why) = viewer.refusal.take() {
            let at = ui
                .input(|i| i.pointer.latest_pos())
                .unwrap_or(self.rect.center());
            self.refusal = Some((why, at, ui.input(|i| i.time)));
        }
        let mut out = viewer.out;
        if input.read_only {
            self.hold_in_place(input.flow);
        } else {
            out.commands.extend(self.finished_moves(ui, input.flow));
        }
        out.selection = self.selection_change(ui, &widget, &response);
        out.dropped = self.palette_drop(ui, &response);
        self.wire_badges_ui(ui, input);
        self.refusal_ui(ui);
        out
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
    ) -> Option<BTreeSet<NodeId>> {
        let snarl_now = widget.get_selected_nodes(ui);
        let mut change = None;
        if snarl_now != self.snarl_selection {
            self.snarl_selection = snarl_now.clone();
            change = Some(
                snarl_now
                    .iter()
                    .filter_map(|sid| self.snarl.get_node(*sid).cloned())
                    .collect(),
            );
        }
        let (clicked, pos, shift) = ui.input(|i| {
            (
                i.pointer.primary_clicked(),
                i.pointer.interact_pos(),
                i.modifiers.shift,
            )
        });
        if clicked
            && !shift
            && let Some(pos) = pos
            && self.rect.contains(pos)
        {
            match self.node_at(pos) {
                Some(id) => change = Some(BTreeSet::from([id])),
                None if response.clicked() => change = Some(BTreeSet::new()),
                None => {}
            }
        }
        change
    }

    fn palette_drop(&self, ui: &Ui, response: &egui::Response) -> Option<(usize, Pos)> {
        let dragged = response.dnd_release_payload::<PaletteDrag>()?;
        let at = ui.input(|i| i.pointer.interact_pos())?;
        let p = self.to_global.inverse() * at;
        Some((dragged.0, Pos(p.x.round(), p.y.round())))
    }

    /// A badge in the middle of each wire a finding is about, explaining it on hover
    /// (snarl 0.12 declares wire widgets but never draws them, so they are drawn here).
    fn wire_badges_ui(&self, ui: &Ui, input: &CanvasInput) {
        for finding in input.findings {
            let Location::Wire { wire } = &finding.location else {
                continue;
            };
            let from = self.pin_position(input.flow, &wire.from.node, &wire.from.port, false);
            let to = self.pin_position(input.flow, &wire.to.node, &wire.to.port, true);
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            let centre = from.lerp(to, 0.5);
            if !self.rect.contains(centre) {
                continue;
            }
            let colour = match finding.severity {
                Severity::Error => theme::ERROR,
                _ => theme::WARNING,
            };
            let rect = Rect::from_center_size(centre, Vec2::splat(16.0));
            let id = egui::Id::new(("wire-finding", wire.to_string(), &finding.code));
            egui::Area::new(id)
                .fixed_pos(rect.min)
                .order(egui::Order::Foreground)
                .show(ui.ctx(), |ui| {
                    let (r, painter) = ui.allocate_painter(rect.size(), egui::Sense::hover());
                    painter.circle_filled(rect.center(), 8.0, colour);
                    painter.text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        "!",
                        egui::FontId::proportional(12.0),
                        Color32::WHITE,
                    );
                    r.on_hover_text(format!("{}\nFix: {}", finding.message, finding.fix));
                });
        }
    }

    fn refusal_ui(&mut self, ui: &Ui) {
        let Some((why, at, since)) = &self.refusal else {
            return;
        };
        let now = ui.input(|i| i.time);
        if now - since > 6.0 {
            self.refusal = None;
            return;
        }
        egui::Area::new(egui::Id::new("wire-refused"))
            .fixed_pos(*at + Vec2::new(12.0, 12.0))
            .order(egui::Order::Tooltip)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(320.0);
                    ui.colored_label(ui.visuals().warn_fg_color, "Can't connect these steps");
                    ui.label(why.as_str());
                });
            });
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(500));
    }
}

fn style() -> SnarlStyle {
    let mut style = SnarlStyle::new();
    style.collapsible = Some(false);
    style.pin_size = Some(10.0);
    // Pins on the frame's edge, clear of the port labels.
    style.pin_placement = Some(egui_snarl::ui::PinPlacement::Edge);
    style.header_drag_space = Some(Vec2::new(12.0, 0.0));
    // The tab's selection is drawn by the viewer; snarl's own marker would show a second,
    // possibly different, selection.
    style.select_style = Some(egui_snarl::ui::SelectionStyle {
        margin: egui::Margin::same(4),
        rounding: egui::CornerRadius::same(6),
        fill: Color32::TRANSPARENT,
        stroke: Stroke::NONE,
    });
    style
}

struct Viewer<'a, 'b> {
    input: &'a CanvasInput<'b>,
    /// The flow's nodes by id: the viewer asks for a node many times per node per frame.
    nodes: HashMap<&'b NodeId, &'b crate::model::Node>,
    selection: &'a BTreeSet<NodeId>,
    /// (errors, warnings and notes) per node.
    badges: HashMap<&'a NodeId, (usize, usize)>,
    out: CanvasOutput,
    pending_view: Option<(Rect, bool)>,
    canvas_rect: Rect,
    to_global: TSTransform,
    node_rects: HashMap<SnarlId, Rect>,
    /// Filled by the pins as snarl places them (in canvas coordinates).
    pin_positions: PinSink,
    refusal: Option<String>,
}

type PinSink = std::rc::Rc<std::cell::RefCell<HashMap<(SnarlId, usize, bool), Pos2>>>;

/// A pin that remembers where snarl put it, so tests (and nothing else) can drag from
/// pin to pin: snarl decides the position only after the viewer drew the pin's row.
struct RecordedPin {
    info: PinInfo,
    key: (SnarlId, usize, bool),
    sink: PinSink,
}

impl egui_snarl::ui::SnarlPin for RecordedPin {
    fn pin_rect(&self, x: f32, y0: f32, y1: f32, size: f32) -> Rect {
        let rect = self.info.pin_rect(x, y0, y1, size);
        self.sink.borrow_mut().insert(self.key, rect.center());
        rect
    }

    fn draw(
        self,
        snarl_style: &SnarlStyle,
        style: &egui::Style,
        rect: Rect,
        painter: &egui::Painter,
    ) -> egui_snarl::ui::PinWireInfo {
        self.info.draw(snarl_style, style, rect, painter)
    }
}

impl<'b> Viewer<'_, 'b> {
    fn node(&self, snarl: &Snarl<NodeId>, sid: SnarlId) -> Option<&'b crate::model::Node> {
        let id = snarl.get_node(sid)?;
        self.nodes.get(id).copied()
    }

    fn wire_of(&self, from: &OutPin, to: &InPin, snarl: &Snarl<NodeId>) -> Option<Wire> {
        let from_node = self.node(snarl, from.id.node)?;
        let to_node = self.node(snarl, to.id.node)?;
        Some(Wire {
            from: PortRef::new(
                from_node.id.clone(),
                from_node.step.outputs().get(from.id.output)?.clone(),
            ),
            to: PortRef::new(
                to_node.id.clone(),
                to_node.step.inputs().get(to.id.input)?.clone(),
            ),
        })
    }

    /// A pin's look: coloured by the object its records are, shaped by kind (circle for
    /// a system's records, triangle for a trigger's own payload, square when unknown).
    fn pin(&self, port: Option<&crate::workspace::PortSchema>) -> PinInfo {
        match port.and_then(|p| p.origin.as_ref()) {
            Some(origin) => {
                let colour = hue(&format!("{}/{}", origin.system, origin.object));
                PinInfo::circle().with_fill(colour).with_wire_color(colour)
            }
            None if port.is_some_and(|p| !p.fields.is_empty()) => {
                PinInfo::triangle().with_fill(theme::PAYLOAD_PIN)
            }
            None => PinInfo::square().with_fill(theme::IDLE),
        }
    }
}

impl Viewer<'_, '_> {
    /// Whether a node is in (or near) view. Snarl lays out every node every frame; nodes
    /// far outside the view get a bare header and no body or pin labels, which keeps a
    /// 1,000-node flow fluid. Zoomed far out, every node is drawn that way.
    fn detailed(&self, snarl: &Snarl<NodeId>, sid: SnarlId) -> bool {
        if self.to_global.scaling < 0.45 {
            return false;
        }
        let Some(info) = snarl.get_node_info(sid) else {
            return false;
        };
        let view = self
            .to_global
            .inverse()
            .mul_rect(self.canvas_rect)
            .expand(200.0);
        view.intersects(Rect::from_min_size(info.pos, Vec2::new(320.0, 200.0)))
    }
}

/// A stable, readable colour per object name.
fn hue(name: &str) -> Color32 {
    let h = name.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    let hsva = egui::ecolor::Hsva::new((h % 360) as f32 / 360.0, 0.55, 0.85, 1.0);
    Color32::from(hsva)
}

impl SnarlViewer<NodeId> for Viewer<'_, '_> {
    fn title(&mut self, node: &NodeId) -> String {
        self.nodes
            .get(node)
            .map_or_else(|| node.to_string(), |n| n.label.clone())
    }

    fn current_transform(&mut self, to_global: &mut TSTransform, _snarl: &mut Snarl<NodeId>) {
        if let Some((view, readable)) = self.pending_view.take() {
            let fit = (self.canvas_rect.width() / view.width())
                .min(self.canvas_rect.height() / view.height())
                .clamp(0.2, 1.5);
            *to_global = if readable && fit < READABLE_SCALE {
                // Too big to read whole: its left end (where the trigger is) at a readable size.
                let anchor = Pos2::new(view.left(), view.center().y);
                TSTransform::from_translation(
                    Pos2::new(self.canvas_rect.left(), self.canvas_rect.center().y).to_vec2(),
                ) * TSTransform::from_scaling(READABLE_SCALE)
                    * TSTransform::from_translation(-anchor.to_vec2())
            } else {
                TSTransform::from_translation(self.canvas_rect.center().to_vec2())
                    * TSTransform::from_scaling(fit)
                    * TSTransform::from_translation(-view.center().to_vec2())
            };
        }
        self.to_global = *to_global;
    }

    fn node_frame(
        &mut self,
        default: egui::Frame,
        node: SnarlId,
        _inputs: &[InPin],
        _outputs: &[OutPin],
        snarl: &Snarl<NodeId>,
    ) -> egui::Frame {
        let Some(id) = snarl.get_node(node) else {
            return default;
        };
        let mut frame = default;
        if matches!(self.nodes.get(id).map(|n| &n.step), Some(Step::Note { .. })) {
            frame.fill = theme::NOTE_PAPER;
        }
        if self.selection.contains(id) {
            frame.stroke = Stroke::new(2.5, theme::SELECTED);
        } else if self.badges.get(id).is_some_and(|b| b.0 > 0) {
            frame.stroke = Stroke::new(1.5, theme::ERROR);
        }
        frame
    }

    fn show_header(
        &mut self,
        node: SnarlId,
        _inputs: &[InPin],
        _outputs: &[OutPin],
        ui: &mut Ui,
        snarl: &mut Snarl<NodeId>,
    ) {
        let Some(model) = self.node(snarl, node) else {
            return;
        };
        if !self.detailed(snarl, node) {
            // Out of view or too small to read: the title alone, as one cheap label.
            ui.add(egui::Label::new(&model.label).selectable(false));
            return;
        }
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(kind_icon(&model.step)).size(15.0));
            // Not selectable: a drag on the title should move the node, not select text.
            ui.add(egui::Label::new(egui::RichText::new(&model.label).strong()).selectable(false));
            if let Some(&(errors, others)) = self.badges.get(&model.id) {
                badge_ui(ui, errors, others);
            }
            if let Some(trace) = self.input.trace {
                super::test_run::badge_ui(ui, trace, &model.id);
            }
        });
    }

    fn inputs(&mut self, node: &NodeId) -> usize {
        self.nodes.get(node).map_or(0, |n| n.step.input_count())
    }

    fn outputs(&mut self, node: &NodeId) -> usize {
        self.nodes.get(node).map_or(0, |n| n.step.output_count())
    }

    fn show_input(
        &mut self,
        pin: &InPin,
        ui: &mut Ui,
        snarl: &mut Snarl<NodeId>,
    ) -> impl egui_snarl::ui::SnarlPin + 'static {
        let schema = self
            .node(snarl, pin.id.node)
            .and_then(|m| self.input.schemas?.input(&m.id));
        if self.detailed(snarl, pin.id.node) {
            ui.add(egui::Label::new("in").selectable(false));
        } else {
            ui.allocate_space(Vec2::new(12.0, 14.0));
        }
        RecordedPin {
            info: self.pin(schema),
            key: (pin.id.node, pin.id.input, true),
            sink: self.pin_positions.clone(),
        }
    }

    fn show_output(
        &mut self,
        pin: &OutPin,
        ui: &mut Ui,
        snarl: &mut Snarl<NodeId>,
    ) -> impl egui_snarl::ui::SnarlPin + 'static {
        let mut schema = None;
        if let Some(model) = self.node(snarl, pin.id.node) {
            let port = match &model.step {
                Step::Branch { cases } => cases
                    .get(pin.id.output)
                    .map_or_else(PortId::otherwise, |c| c.port.clone()),
                _ => PortId::output(),
            };
            schema = self
                .input
                .schemas
                .and_then(|s| s.output(&PortRef::new(model.id.clone(), port.clone())));
            if self.detailed(snarl, pin.id.node) {
                let text = if port == PortId::output() {
                    "out".to_owned()
                } else {
                    port.to_string()
                };
                let r = ui.add(egui::Label::new(text).selectable(false));
                if let Some(o) = schema.and_then(|s| s.origin.as_ref()) {
                    r.on_hover_text(format!("{} records of {}", o.object, o.system));
                }
            } else {
                ui.allocate_space(Vec2::new(12.0, 14.0));
            }
        }
        RecordedPin {
            info: self.pin(schema),
            key: (pin.id.node, pin.id.output, false),
            sink: self.pin_positions.clone(),
        }
    }

    fn has_body(&mut self, node: &NodeId) -> bool {
        self.nodes.contains_key(node)
    }

    fn show_body(
        &mut self,
        node: SnarlId,
        _inputs: &[InPin],
        _outputs: &[OutPin],
        ui: &mut Ui,
        snarl: &mut Snarl<NodeId>,
    ) {
        let Some(model) = self.node(snarl, node) else {
            return;
        };
        if !self.detailed(snarl, node) {
            return;
        }
        ui.vertical(|ui| {
            ui.set_max_width(170.0);
            for line in summary(&model.step, self.input.workspace) {
                ui.add(
                    egui::Label::new(egui::RichText::new(line).size(11.5))
                        .selectable(false)
                        .wrap(),
                );
            }
        });
    }

    fn final_node_rect(
        &mut self,
        node: SnarlId,
        rect: Rect,
        _ui: &mut Ui,
        _snarl: &mut Snarl<NodeId>,
    ) {
        self.node_rects.insert(node, rect);
    }

    fn connect(&mut self, from: &OutPin, to: &InPin, snarl: &mut Snarl<NodeId>) {
        if self.input.read_only {
            return;
        }
        let Some(wire) = self.wire_of(from, to, snarl) else {
            return;
        };
        if let Some(why) = wires::refusal(self.input.flow, self.input.workspace, &wire) {
            self.refusal = Some(why);
            return;
        }
        self.out
            .commands
            .push((Command::Connect(wire), "Connect steps".into()));
    }

    fn disconnect(&mut self, from: &OutPin, to: &InPin, snarl: &mut Snarl<NodeId>) {
        if self.input.read_only {
            return;
        }
        if let Some(wire) = self.wire_of(from, to, snarl) {
            self.out
                .commands
                .push((Command::Disconnect(wire), "Remove connection".into()));
        }
    }

    fn drop_outputs(&mut self, pin: &OutPin, snarl: &mut Snarl<NodeId>) {
        let wires = pin
            .remotes
            .iter()
            .filter_map(|r| self.wire_of(pin, &snarl.in_pin(*r), snarl))
            .collect();
        self.remove_wires(wires);
    }

    fn drop_inputs(&mut self, pin: &InPin, snarl: &mut Snarl<NodeId>) {
        let wires = pin
            .remotes
            .iter()
            .filter_map(|r| self.wire_of(&snarl.out_pin(*r), pin, snarl))
            .collect();
        self.remove_wires(wires);
    }
}

impl Viewer<'_, '_> {
    /// One undo step removing every wire of a pin (a right-click on it).
    fn remove_wires(&mut self, wires: Vec<Wire>) {
        if !self.input.read_only && !wires.is_empty() {
            let batch = Command::Batch(wires.into_iter().map(Command::Disconnect).collect());
            self.out.commands.push((batch, "Remove connections".into()));
        }
    }
}

/// A small coloured count of a node's findings.
pub fn badge_ui(ui: &mut Ui, errors: usize, others: usize) {
    if errors > 0 {
        ui.label(
            egui::RichText::new(format!("⛔ {errors}"))
                .color(theme::ERROR)
                .small(),
        )
        .on_hover_text(format!("{errors} error(s): see the Problems panel"));
    }
    if others > 0 {
        ui.label(
            egui::RichText::new(format!("⚠ {others}"))
                .color(theme::WARNING)
                .small(),
        )
        .on_hover_text(format!("{others} warning(s): see the Problems panel"));
    }
}

pub fn kind_icon(step: &Step) -> &'static str {
    match step {
        Step::Trigger(_) => "⚡",
        Step::Read { .. } => "📥",
        Step::Lookup { .. } => "🔍",
        Step::Map { .. } => "🔀",
        Step::Filter { .. } => "⏷",
        Step::Branch { .. } => "🚦",
        Step::ForEach { .. } => "🔁",
        Step::Write { .. } => "📤",
        Step::Note { .. } => "📝",
    }
}

/// What a node does, at a glance: system, object, operation.
pub fn summary(step: &Step, workspace: Option<&Workspace>) -> Vec<String> {
    let system_name = |id: &crate::model::SystemId| {
        workspace
            .and_then(|w| w.landscape.system(id))
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    };
    let short = |text: &str| {
        let text = text.trim();
        if text.chars().count() > 32 {
            format!("{}…", text.chars().take(31).collect::<String>())
        } else {
            text.to_owned()
        }
    };
    match step {
        Step::Trigger(Trigger::RecordEvent {
            system,
            object,
            event,
            ..
        }) => vec![system_name(system), format!("{object} {}", event.verb())],
        Step::Trigger(Trigger::Schedule(s)) => vec![format!("Schedule: {s:?}")],
        Step::Trigger(Trigger::Webhook { path, .. }) => vec![format!("Webhook {path}")],
        Step::Trigger(Trigger::Manual { .. }) => vec!["Started by hand".into()],
        Step::Read { system, object, by } => vec![
            system_name(system),
            format!(
                "Read {object} {}",
                match by {
                    crate::model::ReadBy::Key(_) => "by key",
                    crate::model::ReadBy::Query(_) => "by search",
                    crate::model::ReadBy::All => "— all records",
                    crate::model::ReadBy::ChangedSinceLastRun => "— changed since last run",
                }
            ),
        ],
        Step::Lookup {
            system,
            object,
            match_field,
            ..
        } => vec![
            system_name(system),
            format!("Look up {object} by {match_field}"),
        ],
        Step::Map { target, mappings } => vec![
            system_name(&target.system),
            format!("Build {}", target.object),
            format!("{} fields mapped", mappings.len()),
        ],
        Step::Filter { condition } => vec![format!("Only if {}", short(condition))],
        Step::Branch { cases } => vec![format!("{} paths and else", cases.len())],
        Step::ForEach { list } => vec![format!("Each of {}", short(list))],
        Step::Write {
            system,
            object,
            action,
        } => vec![system_name(system), format!("{} {object}", action.verb())],
        Step::Note { text } => vec![short(text)],
    }
}
