//! The small things a newcomer trips over: Open… lists flows in the app, Escape closes
//! the shortcuts, Auto-map says what it matched and takes it back in one step, a message
//! about one flow is not shown under another.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::*;
use switchboard::ui::open_file;

#[test]
fn open_lists_the_workspace_flows_in_the_app_and_opens_the_one_clicked() {
    let (_ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::O);
    h.run_ok();
    h.get_by_label(open_file::TITLE);
    h.get_by_label(open_file::OPEN_WORKSPACE);
    h.get_by_label_contains("nightly-stock-copy.flow.ron")
        .click();
    h.run_ok();
    assert!(
        h.get_by_role_and_label(Role::TextInput, open_file::PATH)
            .value()
            .is_some_and(|v| v.ends_with("nightly-stock-copy.flow.ron")),
        "a click puts the file in the path box"
    );
    h.get_by_role_and_label(Role::Button, open_file::OPEN)
        .click();
    h.run_ok();
    assert!(
        h.query_by_label(open_file::TITLE).is_none(),
        "the dialog closed"
    );
    let tab = h.state().tab().expect("tab");
    assert_eq!(
        tab.doc.flow().id.as_str(),
        "nightly-stock-copy",
        "and opened the flow"
    );
}

#[test]
fn a_typed_path_that_does_not_exist_is_said_in_the_dialog() {
    let (ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::O);
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, open_file::PATH)
        .click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    let missing = ws.path().join("nowhere.flow.ron");
    h.get_by_role_and_label(Role::TextInput, open_file::PATH)
        .type_text(&missing.display().to_string());
    h.run_ok();
    h.get_by_role_and_label(Role::Button, open_file::OPEN)
        .click();
    h.run_ok();
    h.get_by_label_contains("There is no file or folder at");
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(
        h.query_by_label(open_file::TITLE).is_none(),
        "Escape cancels"
    );
}

#[test]
fn escape_closes_the_shortcuts_window() {
    let (_ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    h.key_press(egui::Key::F1);
    h.run_ok();
    assert!(h.state().show_shortcuts);
    assert!(
        h.query_all_by_label("Keyboard shortcuts").count() > 0,
        "shown"
    );
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(!h.state().show_shortcuts);
}

#[test]
fn auto_map_lists_what_it_matched_and_undoes_in_one_step() {
    let (_ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    let map = NodeId::new("build_contact").expect("id");
    h.state_mut().select_and_frame(&map);
    h.run_ok();
    let before = h.state().tab().expect("tab").doc.flow().clone();
    h.get_by_role_and_label(Role::Button, UiCommand::AutoMap.label())
        .click();
    h.run_ok();
    let after = h.state().tab().expect("tab").doc.flow().clone();
    assert_ne!(after, before, "Auto-map filled something");
    assert!(
        h.query_all_by_label_contains("Auto-map filled").count() >= 2,
        "in the mapping and the status bar"
    );
    assert!(
        h.query_all_by_label_contains(" from ").count() > 0,
        "each match is listed with its source"
    );
    h.get_by_role_and_label(Role::Button, inspector::mapping::UNDO_AUTO_MAP)
        .click();
    h.run_ok();
    assert_eq!(h.state().tab().expect("tab").doc.flow(), &before);
    assert!(
        h.query_by_label(inspector::mapping::UNDO_AUTO_MAP)
            .is_none()
    );
}

#[test]
fn a_message_about_one_flow_is_not_shown_under_another() {
    let (ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    h.state_mut().say("Saved pos-sale-to-crm-contact.flow.ron");
    h.run_ok();
    h.get_by_label("Saved pos-sale-to-crm-contact.flow.ron");
    h.state_mut()
        .open_path(&ws.path().join("nightly-stock-copy.flow.ron"))
        .expect("opens");
    h.run_ok();
    assert!(
        h.query_by_label("Saved pos-sale-to-crm-contact.flow.ron")
            .is_none()
    );
    h.state_mut().active = 0;
    h.run_ok();
    h.get_by_label("Saved pos-sale-to-crm-contact.flow.ron");
}

/// Where the bottom panel's tab row is: its top edge moves with the panel's height.
fn bottom_top(h: &Harness<Designer>) -> f32 {
    h.get_by_role_and_label(Role::Button, BottomTab::Preview.label())
        .rect()
        .top()
}

#[test]
fn the_bottom_panel_keeps_the_height_the_user_gave_it() {
    let (ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    let before = bottom_top(&h);
    // The panel's top edge is a few points above its tab row: drag it up by 200.
    let edge = Pos2::new(600.0, before - 10.0);
    drag(&mut h, edge, edge - Vec2::new(0.0, 200.0));
    let raised = bottom_top(&h);
    assert!(
        raised < before - 150.0,
        "the drag raised the panel: {before} → {raised}"
    );

    h.key_press(egui::Key::F5);
    wait_for_run(&mut h);
    h.run_ok();
    assert!(
        (bottom_top(&h) - raised).abs() < 2.0,
        "a test run keeps it: {raised} → {}",
        bottom_top(&h)
    );
    h.get_by_role_and_label(Role::Button, BottomTab::Preview.label())
        .click();
    h.run_ok();
    assert!(
        (bottom_top(&h) - raised).abs() < 2.0,
        "another bottom tab keeps it"
    );
    h.state_mut()
        .open_path(&ws.path().join("nightly-stock-copy.flow.ron"))
        .expect("opens");
    h.run_ok();
    assert!(
        (bottom_top(&h) - raised).abs() < 2.0,
        "another flow keeps it"
    );
}

/// Opens the Open dialog on `folder` (typed into its path box).
fn open_dialog_on(h: &mut Harness<Designer>, folder: &std::path::Path) {
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::O);
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, open_file::PATH)
        .click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.get_by_role_and_label(Role::TextInput, open_file::PATH)
        .type_text(&folder.display().to_string());
    h.run_ok();
    h.get_by_role_and_label(Role::Button, open_file::OPEN)
        .click();
    h.run_ok();
}

#[test]
fn a_huge_folder_is_listed_in_part() {
    let (_ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    let big = tempfile::tempdir().expect("temp dir");
    for i in 0..2_100 {
        std::fs::write(big.path().join(format!("f{i:04}.flow.ron")), "").expect("write");
    }
    open_dialog_on(&mut h, big.path());
    h.get_by_label_contains("only part of it is listed");
}

#[test]
fn a_folder_is_read_once_not_on_every_frame() {
    let (_ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    let small = tempfile::tempdir().expect("temp dir");
    std::fs::write(small.path().join("first.flow.ron"), "").expect("write");
    open_dialog_on(&mut h, small.path());
    h.get_by_label_contains("first.flow.ron");
    std::fs::write(small.path().join("second.flow.ron"), "").expect("write");
    h.run_ok();
    assert!(
        h.query_by_label_contains("second.flow.ron").is_none(),
        "the listing was not read again"
    );
}
