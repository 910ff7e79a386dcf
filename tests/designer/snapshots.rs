//! Pictures of the designer, rendered headless on the CPU (lavapipe) and compared with
//! the images in tests/snapshots/. `UPDATE_SNAPSHOTS=1` rewrites them after an intended
//! change of look.

use egui_kittest::kittest::Queryable;

use super::*;
use crate::support;

fn example(name: &str) -> Harness<'static, Designer> {
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut designer = designer_on(&support::examples(), recovery.path());
    designer
        .open_path(&support::examples().join(format!("{name}.flow.ron")))
        .expect("opens");
    let mut h = harness(designer);
    settle(&mut h);
    h
}

/// Small text on a zoomed canvas lands on slightly different sub-pixels from run to run
/// (up to ~50 pixels of glyph edges); a moved panel or node changes thousands.
fn options() -> egui_kittest::SnapshotOptions {
    egui_kittest::SnapshotOptions::new().max_failed_pixels(300)
}

/// Snarl sizes nodes from the frame before: let the layout come to rest first.
fn settle(h: &mut Harness<Designer>) {
    h.run_steps(8);
}

fn main_window_in(theme: egui::Theme, name: &str) {
    let mut h = example("opportunity-to-reservation");
    h.ctx.set_theme(theme);
    settle(&mut h);
    h.snapshot_options(name, &options());
}

#[test]
fn main_window() {
    main_window_in(egui::Theme::Dark, "main_window");
}

#[test]
fn main_window_light() {
    main_window_in(egui::Theme::Light, "main_window_light");
}

#[test]
fn mapping_editor_with_preview() {
    let mut h = example("service-request-to-work-order");
    let map = NodeId::new("build_pw_order").expect("id");
    click_node(&mut h, &map);
    assert_eq!(h.state().tab().expect("tab").selected_node(), Some(&map));
    h.get_by_label(BottomTab::Preview.label()).click();
    settle(&mut h);
    h.snapshot_options("mapping_editor", &options());
}

#[test]
fn problems_panel() {
    let mut h = example("service-request-to-work-order");
    h.snapshot_options("problems_panel", &options());
}
