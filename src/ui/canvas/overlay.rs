//! What floats over the canvas's corners: the zoom buttons with the zoom level (bottom
//! left) and, when the flow is larger than the view, a minimap of every step with the
//! view outlined, which pans the canvas when clicked or dragged (bottom right).

use egui::emath::TSTransform;
use egui::{Align2, Pos2, Rect, Sense, Stroke, Ui, Vec2};

use super::view::{self, ViewRequest, ZOOM_STEP};

/// Labels of the zoom buttons (tests find them by these).
pub const ZOOM_IN: &str = "+";
pub const ZOOM_OUT: &str = "-";
pub const FIT: &str = "Fit";
/// The minimap's name, for screen readers and tests.
pub const MINIMAP: &str = "Minimap";

const MINIMAP_SIZE: Vec2 = Vec2::new(168.0, 96.0);
const MARGIN: f32 = 10.0;

/// Draws the zoom buttons and the minimap over `canvas`; the view change the user asked
/// for, if any. `steps` are the flow's nodes in canvas coordinates.
pub fn overlay_ui(
    ui: &Ui,
    canvas: Rect,
    to_global: TSTransform,
    steps: &[Rect],
) -> Option<ViewRequest> {
    let everything = steps.iter().fold(Rect::NOTHING, |all, r| all.union(*r));
    let mut request = zoom_buttons_ui(ui, canvas, to_global.scaling, everything);
    let shown = view::visible(to_global, canvas);
    if everything.is_positive() && !shown.contains_rect(everything) {
        request = request.or(minimap_ui(ui, canvas, shown, everything, steps));
    }
    request
}

fn zoom_buttons_ui(ui: &Ui, canvas: Rect, scale: f32, everything: Rect) -> Option<ViewRequest> {
    let mut request = None;
    egui::Area::new(egui::Id::new("canvas-zoom"))
        .pivot(Align2::LEFT_BOTTOM)
        .fixed_pos(canvas.left_bottom() + Vec2::new(MARGIN, -MARGIN))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    if ui.button(ZOOM_OUT).on_hover_text("Zoom out").clicked() {
                        request = Some(ViewRequest::ZoomBy(1.0 / ZOOM_STEP));
                    }
                    if ui
                        .button(view::percent(scale))
                        .on_hover_text("The zoom level; click for 100 %")
                        .clicked()
                    {
                        request = Some(ViewRequest::ZoomTo(1.0));
                    }
                    if ui.button(ZOOM_IN).on_hover_text("Zoom in").clicked() {
                        request = Some(ViewRequest::ZoomBy(ZOOM_STEP));
                    }
                    let fit = ui.add_enabled(everything.is_positive(), egui::Button::new(FIT));
                    if fit.on_hover_text("Show the whole flow (F)").clicked() {
                        request = Some(ViewRequest::Fit(everything.expand2(view::FIT_MARGIN)));
                    }
                });
            });
        });
    request
}

fn minimap_ui(
    ui: &Ui,
    canvas: Rect,
    shown: Rect,
    everything: Rect,
    steps: &[Rect],
) -> Option<ViewRequest> {
    let mut request = None;
    egui::Area::new(egui::Id::new("canvas-minimap"))
        .pivot(Align2::RIGHT_BOTTOM)
        .fixed_pos(canvas.right_bottom() - Vec2::splat(MARGIN))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            // See-through, so a step under it still shows.
            let fill = ui.visuals().window_fill.gamma_multiply(0.75);
            egui::Frame::popup(ui.style()).fill(fill).show(ui, |ui| {
                let (response, painter) =
                    ui.allocate_painter(MINIMAP_SIZE, Sense::click_and_drag());
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::WidgetType::Other, true, MINIMAP)
                });
                let world = everything.union(shown).expand(40.0);
                let map = fit_into(world, response.rect);
                let visuals = ui.visuals();
                for step in steps {
                    painter.rect_filled(
                        map.mul_rect(*step),
                        2.0,
                        visuals.weak_text_color().gamma_multiply(0.6),
                    );
                }
                let view_rect = map.mul_rect(shown).intersect(response.rect);
                painter.rect_stroke(
                    view_rect,
                    2.0,
                    Stroke::new(1.5, visuals.selection.stroke.color),
                    egui::StrokeKind::Inside,
                );
                if (response.clicked() || response.dragged())
                    && let Some(at) = response.interact_pointer_pos()
                {
                    request = Some(ViewRequest::Centre(map.inverse() * at));
                }
                response.on_hover_text("Click or drag to move the view");
            });
        });
    request
}

/// The transform that shows `world` whole inside `frame`, centred.
fn fit_into(world: Rect, frame: Rect) -> TSTransform {
    let scale = (frame.width() / world.width()).min(frame.height() / world.height());
    TSTransform::from_translation(frame.center().to_vec2())
        * TSTransform::from_scaling(scale)
        * TSTransform::from_translation(-world.center().to_vec2())
}

/// A step's place in canvas coordinates where it was not drawn this frame.
pub fn nominal_step(pos: Pos2) -> Rect {
    Rect::from_min_size(pos, super::look::NODE_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minimap_holds_the_whole_world_centred() {
        let world = Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(2000.0, 400.0));
        let frame = Rect::from_min_size(Pos2::new(10.0, 10.0), MINIMAP_SIZE);
        let t = fit_into(world, frame);
        assert!(frame.expand(0.01).contains_rect(t.mul_rect(world)));
        assert!(((t * world.center()) - frame.center()).length() < 0.01);
    }
}
