//! Where the canvas looks and how close: the view changes the designer asks for (open a
//! flow, fit it, zoom in or out, centre on a step or a minimap point) and the transform
//! each becomes. Pure arithmetic on snarl's canvas → screen transform, so it is tested
//! without drawing anything.

use egui::emath::TSTransform;
use egui::{Pos2, Rect, Vec2};

/// Snarl's zoom limits (its defaults, set explicitly so the buttons agree with the wheel).
pub const MIN_SCALE: f32 = 0.2;
pub const MAX_SCALE: f32 = 2.0;
/// A flow opens at no less than this: below it, node titles get hard to read.
pub const OPEN_MIN_SCALE: f32 = 0.7;
/// Fitting never enlarges a small flow beyond its natural size.
pub const FIT_MAX_SCALE: f32 = 1.0;
/// One press of the zoom buttons.
pub const ZOOM_STEP: f32 = 1.25;

/// A change of view asked for, applied when the canvas is next drawn (only then is the
/// canvas's size on screen known).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ViewRequest {
    /// The first view of a flow (`bounds` in canvas coordinates): the whole of it when it
    /// fits at a readable size, else its left end (where the trigger is) at that size.
    Open(Rect),
    /// The whole of `bounds`, at any size down to the smallest zoom.
    Fit(Rect),
    /// This canvas point in the middle of the view, at the current zoom.
    Centre(Pos2),
    /// Zoom by a factor, keeping the middle of the view where it is.
    ZoomBy(f32),
    /// Zoom to exactly this scale (1.0 is 100 %), keeping the middle in place.
    ZoomTo(f32),
}

/// The canvas → screen transform after `request`, for a canvas drawn in `screen` that
/// showed `current` before.
pub fn apply(request: ViewRequest, current: TSTransform, screen: Rect) -> TSTransform {
    let fit = |bounds: Rect| {
        (screen.width() / bounds.width().max(1.0)).min(screen.height() / bounds.height().max(1.0))
    };
    match request {
        ViewRequest::Open(bounds) => {
            let scale = fit(bounds).min(FIT_MAX_SCALE);
            if scale >= OPEN_MIN_SCALE {
                centred(bounds.center(), scale, screen)
            } else {
                // Too big to read whole: its left end, vertically centred.
                let anchor = Pos2::new(bounds.left(), bounds.center().y);
                let at = Pos2::new(screen.left(), screen.center().y);
                TSTransform::from_translation(at.to_vec2())
                    * TSTransform::from_scaling(OPEN_MIN_SCALE)
                    * TSTransform::from_translation(-anchor.to_vec2())
            }
        }
        ViewRequest::Fit(bounds) => centred(
            bounds.center(),
            fit(bounds).clamp(MIN_SCALE, FIT_MAX_SCALE),
            screen,
        ),
        ViewRequest::Centre(point) => centred(point, current.scaling, screen),
        ViewRequest::ZoomBy(factor) => zoomed(current, current.scaling * factor, screen),
        ViewRequest::ZoomTo(scale) => zoomed(current, scale, screen),
    }
}

/// `point` in the middle of `screen` at `scale`.
fn centred(point: Pos2, scale: f32, screen: Rect) -> TSTransform {
    TSTransform::from_translation(screen.center().to_vec2())
        * TSTransform::from_scaling(scale.clamp(MIN_SCALE, MAX_SCALE))
        * TSTransform::from_translation(-point.to_vec2())
}

/// `current` at another scale, the canvas point in the middle of the view kept there.
fn zoomed(current: TSTransform, scale: f32, screen: Rect) -> TSTransform {
    let middle = current.inverse() * screen.center();
    centred(middle, scale, screen)
}

/// The part of the canvas (canvas coordinates) that `transform` shows in `screen`.
pub fn visible(transform: TSTransform, screen: Rect) -> Rect {
    transform.inverse().mul_rect(screen)
}

/// A zoom level as people read it: `85 %`.
pub fn percent(scale: f32) -> String {
    format!("{:.0} %", scale * 100.0)
}

/// Room around a flow's steps when it is fitted, in canvas units.
pub const FIT_MARGIN: Vec2 = Vec2::new(60.0, 60.0);

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> Rect {
        Rect::from_min_size(Pos2::new(200.0, 50.0), Vec2::new(900.0, 600.0))
    }

    fn bounds(width: f32, height: f32) -> Rect {
        Rect::from_min_size(Pos2::new(40.0, 100.0), Vec2::new(width, height))
    }

    #[test]
    fn a_small_flow_opens_whole_at_natural_size() {
        let t = apply(
            ViewRequest::Open(bounds(600.0, 200.0)),
            TSTransform::IDENTITY,
            screen(),
        );
        assert_eq!(t.scaling, 1.0);
        assert!(screen().contains_rect(t.mul_rect(bounds(600.0, 200.0))));
    }

    #[test]
    fn a_wide_flow_opens_readable_with_its_start_in_view() {
        let wide = bounds(1640.0, 200.0);
        let t = apply(ViewRequest::Open(wide), TSTransform::IDENTITY, screen());
        assert_eq!(t.scaling, OPEN_MIN_SCALE);
        let shown = t.mul_rect(wide);
        assert_eq!(shown.left(), screen().left());
        assert!(
            shown.right() > screen().right(),
            "the rest is off to the right"
        );
    }

    #[test]
    fn a_flow_between_opens_fitted() {
        let t = apply(
            ViewRequest::Open(bounds(1100.0, 200.0)),
            TSTransform::IDENTITY,
            screen(),
        );
        assert!(t.scaling > OPEN_MIN_SCALE && t.scaling < 1.0);
        assert!(
            screen()
                .expand(0.5)
                .contains_rect(t.mul_rect(bounds(1100.0, 200.0)))
        );
    }

    #[test]
    fn fit_shows_everything_down_to_the_smallest_zoom() {
        let t = apply(
            ViewRequest::Fit(bounds(3000.0, 400.0)),
            TSTransform::IDENTITY,
            screen(),
        );
        assert!(t.scaling < OPEN_MIN_SCALE);
        assert!(
            screen()
                .expand(0.5)
                .contains_rect(t.mul_rect(bounds(3000.0, 400.0)))
        );
        let huge = apply(
            ViewRequest::Fit(bounds(90_000.0, 400.0)),
            TSTransform::IDENTITY,
            screen(),
        );
        assert_eq!(huge.scaling, MIN_SCALE);
    }

    #[test]
    fn zooming_keeps_the_middle_and_stays_within_limits() {
        let start = apply(
            ViewRequest::Centre(Pos2::new(500.0, 300.0)),
            TSTransform::IDENTITY,
            screen(),
        );
        let closer = apply(ViewRequest::ZoomBy(ZOOM_STEP), start, screen());
        assert_eq!(closer.scaling, ZOOM_STEP);
        let middle = closer.inverse() * screen().center();
        assert!((middle - Pos2::new(500.0, 300.0)).length() < 0.01);
        let far = apply(ViewRequest::ZoomTo(0.01), closer, screen());
        assert_eq!(far.scaling, MIN_SCALE);
        let near = apply(ViewRequest::ZoomTo(9.0), closer, screen());
        assert_eq!(near.scaling, MAX_SCALE);
        assert_eq!(percent(0.854), "85 %");
    }
}
