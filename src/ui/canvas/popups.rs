//! What the canvas draws over the flow besides snarl's nodes and wires: a badge on each
//! wire a finding is about, the explanation of a refused wire (with Connect through a
//! Map step), the menu of a right-clicked connection, and a comparison's removed steps.

use egui::{Color32, Pos2, Rect, Ui, Vec2};

use super::io::CanvasInput;
use super::{CONNECT_VIA_MAP, Canvas, REFUSED, look, menus};
use crate::edit;
use crate::governance::{Location, Severity};
use crate::ui::action::Action;
use crate::ui::theme;

impl Canvas {
    /// A badge in the middle of each wire a finding is about, explaining it on hover
    /// (snarl 0.12 declares wire widgets but never draws them, so they are drawn here).
    pub(super) fn wire_badges_ui(&self, ui: &Ui, input: &CanvasInput) {
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

    /// The menu of a right-clicked connection, until an item is chosen, Escape is
    /// pressed or the user clicks elsewhere. Reviewers get no menu: they change nothing.
    pub(super) fn wire_menu_ui(&mut self, ui: &Ui, input: &CanvasInput, out: &mut Vec<Action>) {
        let Some((wire, at, since)) = &self.wire_menu else {
            return;
        };
        let just_opened = *since == ui.ctx().cumulative_frame_nr();
        if input.read_only || !input.flow.wires.contains(wire) {
            self.wire_menu = None;
            return;
        }
        let asked = out.len();
        let shown = egui::Area::new(egui::Id::new("wire-menu"))
            .fixed_pos(*at)
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::menu(ui.style()).show(ui, |ui| {
                    ui.set_min_width(160.0);
                    menus::wire_menu_ui(ui, wire, input, out);
                });
            });
        let (escape, pressed_at) = ui.input(|i| {
            let pressed = i.pointer.any_pressed().then(|| i.pointer.interact_pos());
            (i.key_pressed(egui::Key::Escape), pressed.flatten())
        });
        let elsewhere =
            !just_opened && pressed_at.is_some_and(|p| !shown.response.rect.contains(p));
        if out.len() > asked || escape || elsewhere {
            self.wire_menu = None;
        }
    }

    pub(super) fn refusal_ui(&mut self, ui: &Ui, input: &CanvasInput, out: &mut Vec<Action>) {
        let Some(refusal) = &self.refusal else {
            return;
        };
        let now = ui.input(|i| i.time);
        let bridge = refusal.bridge.as_ref().and_then(|wire| {
            let map = input
                .items
                .iter()
                .find(|item| matches!(item.step, crate::model::Step::Map { .. }))?;
            let at = menus::midpoint(input, wire)?;
            edit::connect_via(input.flow, map, wire, at)
        });
        let mut done = false;
        let shown = egui::Area::new(egui::Id::new("wire-refused"))
            .fixed_pos(refusal.at + Vec2::new(12.0, 12.0))
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(340.0);
                    ui.colored_label(ui.visuals().warn_fg_color, REFUSED);
                    ui.label(refusal.why.as_str());
                    if let Some((command, id)) = bridge
                        && ui
                            .button(CONNECT_VIA_MAP)
                            .on_hover_text("Adds a Map step between them that builds what the second step takes")
                            .clicked()
                    {
                        out.push(Action::Edit {
                            command,
                            label: CONNECT_VIA_MAP.into(),
                            coalesce: None,
                        });
                        out.push(Action::Select([id].into()));
                        done = true;
                    }
                });
            });
        // Gone after a while, unless the pointer is on it; at once when used or on Escape.
        let hovered = shown.response.contains_pointer();
        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
        if done || escape || (!hovered && now - refusal.since > 8.0) {
            self.refusal = None;
            return;
        }
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(500));
    }

    /// Removed steps of a comparison, as red dashed ghosts where they were.
    pub(super) fn ghosts_ui(&self, ui: &Ui, marks: &crate::ui::compare::Marks) {
        let painter = ui.painter_at(self.rect);
        for (label, pos) in &marks.removed {
            let rect = self.to_global.mul_rect(Rect::from_min_size(
                Pos2::new(pos.0, pos.1),
                look::NODE_SIZE * Vec2::new(1.0, 0.5),
            ));
            let colour = crate::ui::compare::REMOVED;
            let corners = [
                rect.left_top(),
                rect.right_top(),
                rect.right_bottom(),
                rect.left_bottom(),
                rect.left_top(),
            ];
            for pair in corners.windows(2) {
                painter.extend(egui::Shape::dashed_line(
                    &[pair[0], pair[1]],
                    egui::Stroke::new(1.5, colour),
                    6.0,
                    4.0,
                ));
            }
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                format!("removed: {label}"),
                egui::FontId::proportional(13.0 * self.to_global.scaling.max(0.6)),
                colour,
            );
        }
    }
}
