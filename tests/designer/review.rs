//! Review mode: a reviewer sees everything and can change nothing.

use egui_kittest::kittest::Queryable;

use super::*;
use crate::support;

#[test]
fn the_review_flag_opens_flows_read_only_with_a_banner() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let path = ws.path().join("opportunity-to-reservation.flow.ron");
    let before = std::fs::read(&path).expect("read");
    let mut designer = designer_on(ws.path(), recovery.path());
    designer.review = true;
    designer.open_path(&path).expect("opens");
    let mut h = harness(designer);

    h.get_by_label(designer::REVIEW_BANNER);
    let node = nodes(&h)[1].clone();
    click_node(&mut h, &node);
    assert_eq!(
        h.state().tab().expect("tab").selected_node(),
        Some(&node),
        "a reviewer can still select and inspect"
    );
    h.key_press(egui::Key::Delete);
    h.run_ok();
    assert!(
        nodes(&h).contains(&node),
        "Delete does nothing in review mode"
    );

    let canvas = h.state().tab().expect("tab").canvas.rect;
    let count = nodes(&h).len();
    let from = h.get_by_label("Map fields").rect().center();
    drag(&mut h, from, canvas.center());
    assert_eq!(
        nodes(&h).len(),
        count,
        "the palette adds nothing in review mode"
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "nothing is written"
    );
    let notice = h.state().notice.clone().unwrap_or_default();
    assert!(notice.contains("open for review"), "{notice}");
}

#[test]
fn a_flow_from_outside_any_workspace_opens_for_review() {
    let (_outside, path) = support::foreign_flow();
    let mut designer = Designer::new(Settings::default(), None);
    designer.open_path(&path).expect("opens");
    let mut h = harness(designer);
    let tab = h.state().tab().expect("tab");
    assert!(tab.doc.read_only);
    assert!(h.state().workspace.is_none());
    h.run_ok();
    h.get_by_label(designer::REVIEW_BANNER);
}
