//! The egui-snarl viewer of a flow: how each node, pin and wire is drawn, and what a
//! connect or disconnect on the canvas becomes (a `Command`, refused with the reason when
//! the wire cannot be). Snarl's own graph is a view cache; the flow stays the truth.

use std::collections::{BTreeSet, HashMap};

use egui::emath::TSTransform;
use egui::{Color32, Pos2, Rect, Stroke, Ui, Vec2};
use egui_snarl::ui::{PinInfo, SnarlStyle, SnarlViewer};
use egui_snarl::{InPin, OutPin, Snarl};

use super::io::{CanvasInput, CanvasOutput, SnarlId};
use super::look::{self, badge_ui, kind_icon, run_badge_ui, summary};
use super::menus;
use super::view::{self, ViewRequest};
use crate::edit::Command;
use crate::governance::structure::wires;
use crate::model::{NodeId, PortId, PortRef, Step, Wire};
use crate::ui::theme;

pub(super) fn style() -> SnarlStyle {
    let mut style = SnarlStyle::new();
    style.collapsible = Some(false);
    style.min_scale = Some(view::MIN_SCALE);
    style.max_scale = Some(view::MAX_SCALE);
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

pub(super) struct Viewer<'a, 'b> {
    pub(super) input: &'a CanvasInput<'b>,
    /// The flow's nodes by id: the viewer asks for a node many times per node per frame.
    pub(super) nodes: HashMap<&'b NodeId, &'b crate::model::Node>,
    pub(super) selection: &'a BTreeSet<NodeId>,
    /// (errors, warnings and notes) per node.
    pub(super) badges: HashMap<&'a NodeId, (usize, usize)>,
    pub(super) out: CanvasOutput,
    pub(super) pending_view: Option<ViewRequest>,
    pub(super) canvas_rect: Rect,
    pub(super) to_global: TSTransform,
    pub(super) node_rects: HashMap<SnarlId, Rect>,
    /// Filled by the pins as snarl places them (in canvas coordinates).
    pub(super) pin_positions: PinSink,
    /// Why the wire just drawn was refused, and the wire when a Map step could carry it.
    pub(super) refusal: Option<(String, Option<Wire>)>,
    /// Whether the dark theme is showing (pins and wires are coloured for it).
    pub(super) dark: bool,
    /// What is typed in the "Add a step here" menu.
    pub(super) menu_query: &'a mut String,
    /// A connection right-clicked this frame: its menu opens.
    pub(super) wire_menu: Option<Wire>,
}

pub(super) type PinSink = std::rc::Rc<std::cell::RefCell<HashMap<(SnarlId, usize, bool), Pos2>>>;

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
                let colour = hue(&format!("{}/{}", origin.system, origin.object), self.dark);
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
        if self.to_global.scaling < look::DETAIL_MIN_SCALE {
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
fn hue(name: &str, dark: bool) -> Color32 {
    let h = name.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    // Light on the dark canvas, deeper on the light one, so wires show on both.
    let (saturation, value) = if dark { (0.55, 0.85) } else { (0.75, 0.6) };
    let hsva = egui::ecolor::Hsva::new((h % 360) as f32 / 360.0, saturation, value, 1.0);
    Color32::from(hsva)
}

impl SnarlViewer<NodeId> for Viewer<'_, '_> {
    fn title(&mut self, node: &NodeId) -> String {
        self.nodes
            .get(node)
            .map_or_else(|| node.to_string(), |n| n.label.clone())
    }

    fn current_transform(&mut self, to_global: &mut TSTransform, _snarl: &mut Snarl<NodeId>) {
        if let Some(request) = self.pending_view.take() {
            *to_global = view::apply(request, *to_global, self.canvas_rect);
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
        let compared = self.input.compare.and_then(|marks| {
            if marks.added.contains(id) {
                Some(crate::ui::compare::ADDED)
            } else if marks.changed.contains(id) {
                Some(crate::ui::compare::CHANGED)
            } else {
                None
            }
        });
        if self.selection.contains(id) {
            frame.stroke = Stroke::new(2.5, theme::SELECTED);
        } else if let Some(colour) = compared {
            frame.stroke = Stroke::new(2.5, colour);
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
        let scale = self.to_global.scaling;
        let title = egui::RichText::new(&model.label)
            .strong()
            .size(look::title_size(scale));
        ui.allocate_ui_with_layout(
            Vec2::new(look::HEADER_WIDTH, 0.0),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_width(look::HEADER_WIDTH);
                if self.detailed(snarl, node) {
                    ui.label(egui::RichText::new(kind_icon(&model.step)).size(15.0));
                }
                // Not selectable: a drag on the title should move the node, not select
                // text. Truncated, so a long name never widens the node.
                ui.add(egui::Label::new(title).selectable(false).truncate());
            },
        );
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
                Step::CallSubflow { outputs, .. } => outputs
                    .get(pin.id.output)
                    .cloned()
                    .unwrap_or_else(PortId::output),
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
            // A fixed width: badges and long settings wrap instead of widening the node.
            ui.set_width(look::BODY_WIDTH);
            let size = look::body_size(self.to_global.scaling);
            let note = matches!(model.step, Step::Note { .. });
            for line in summary(&model.step, self.input.workspace) {
                let mut text = egui::RichText::new(line).size(size);
                if note {
                    // Dark ink on the note's paper, in either theme.
                    text = text.color(theme::NOTE_INK);
                }
                ui.add(egui::Label::new(text).selectable(false).wrap());
            }
            let badges = self.badges.get(&model.id).copied();
            // A note is not a step: no items pass it, so it gets no run badge.
            let trace = self.input.trace.filter(|_| !note);
            if badges.is_some() || trace.is_some() {
                ui.horizontal_wrapped(|ui| {
                    if let Some((errors, others)) = badges {
                        badge_ui(ui, errors, others);
                    }
                    if let Some(trace) = trace {
                        run_badge_ui(ui, trace, &model.id);
                    }
                });
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
        // A Map with no target yet, wired into a Write, builds what the Write takes.
        let aimed = crate::edit::map_aimed_at(self.input.flow, &wire);
        let trial = aimed.as_ref().map(|(id, step)| {
            let mut trial = self.input.flow.clone();
            if let Some(node) = trial.nodes.iter_mut().find(|n| &n.id == id) {
                node.step = step.clone();
            }
            trial
        });
        let flow = trial.as_ref().unwrap_or(self.input.flow);
        if let Some(why) = wires::refusal(flow, self.input.workspace, &wire) {
            // Records that do not fit can still be connected through a Map step.
            let bridge = (!wires::would_loop(self.input.flow, &wire)
                && !self.input.flow.wires.contains(&wire))
            .then_some(wire);
            self.refusal = Some((why, bridge));
            return;
        }
        let command = match aimed {
            Some((node, step)) => Command::Batch(vec![
                Command::SetStep { node, step },
                Command::Connect(wire),
            ]),
            None => Command::Connect(wire),
        };
        self.out.commands.push((command, "Connect steps".into()));
    }

    /// Snarl asks this on a right-click on a connection: its menu opens (delete it, or
    /// put a step into it).
    fn disconnect(&mut self, from: &OutPin, to: &InPin, snarl: &mut Snarl<NodeId>) {
        self.wire_menu = self.wire_of(from, to, snarl);
    }

    fn has_graph_menu(&mut self, _pos: Pos2, _snarl: &mut Snarl<NodeId>) -> bool {
        // Not on the frame a connection was right-clicked: its own menu opens instead.
        self.wire_menu.is_none()
    }

    fn show_graph_menu(&mut self, pos: Pos2, ui: &mut Ui, _snarl: &mut Snarl<NodeId>) {
        menus::graph_menu_ui(ui, pos, self.input, self.menu_query, &mut self.out.actions);
    }

    fn has_node_menu(&mut self, _node: &NodeId) -> bool {
        true
    }

    fn show_node_menu(
        &mut self,
        node: SnarlId,
        _inputs: &[InPin],
        _outputs: &[OutPin],
        ui: &mut Ui,
        snarl: &mut Snarl<NodeId>,
    ) {
        if let Some(model) = self.node(snarl, node) {
            // The step right-clicked is the one the menu is about: select it, unless it is
            // one of several selected, which the menu then acts on together.
            if !self.selection.contains(&model.id) {
                self.out
                    .actions
                    .push(crate::ui::action::Action::Select([model.id.clone()].into()));
            }
            menus::node_menu_ui(ui, model, self.input, &mut self.out.actions);
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
