//! The canvas: refused wires, moves as one undo step, delete, copy and paste across flows,
//! Find, and the Problems panel leading to the step a finding is about.

use egui::{Modifiers, Vec2};
use egui_kittest::kittest::{Queryable, by};

use switchboard::model::Step;

use super::*;
use crate::support;

#[test]
fn a_wire_the_step_cannot_take_is_refused_with_the_reason() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = harness(designer_on(ws.path(), recovery.path()));
    h.state_mut().new_flow();
    h.run_ok();
    let canvas = h.state().tab().expect("tab").canvas.rect;
    let start = add_from_palette(
        &mut h,
        "manual",
        "Manual start",
        canvas.left_center() + Vec2::new(20.0, -100.0),
    );
    let write = add_from_palette(
        &mut h,
        "create customer finance",
        "Create Customer",
        canvas.center() + Vec2::new(0.0, 60.0),
    );
    wire(&mut h, &start, &write);
    assert!(
        h.state().tab().expect("tab").doc.flow().wires.is_empty(),
        "refused"
    );
    h.get_by_label("Can't connect these steps");
    let why = h
        .state()
        .tab()
        .expect("tab")
        .canvas
        .refusal
        .as_ref()
        .expect("a reason")
        .why
        .clone();
    assert!(
        why.contains("Name") && why.contains("Country"),
        "names the missing fields: {why}"
    );
}

#[test]
fn dragging_a_step_is_one_undo_step() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = open_flow_in(ws.path(), recovery.path(), "opportunity-to-reservation");
    let node = NodeId::new("only_won").expect("id");
    let before = h.state().tab().expect("tab").doc.flow().layout.0[&node];
    let rect = h
        .state()
        .tab()
        .expect("tab")
        .canvas
        .node_rect(&node)
        .expect("drawn");
    let grip = rect.left_top() + Vec2::new(8.0, 10.0);
    drag(&mut h, grip, grip + Vec2::new(60.0, 90.0));
    let after = h.state().tab().expect("tab").doc.flow().layout.0[&node];
    assert!(after.1 > before.1 + 10.0, "moved: {before:?} -> {after:?}");
    assert_eq!(
        h.state().tab().expect("tab").doc.history().undo_label(),
        Some("Move step")
    );
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run_ok();
    assert_eq!(
        h.state().tab().expect("tab").doc.flow().layout.0[&node],
        before,
        "one undo puts it back"
    );
}

#[test]
fn delete_removes_the_step_and_its_wires_and_undo_brings_them_back() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = open_flow_in(ws.path(), recovery.path(), "opportunity-to-reservation");
    let before = h.state().tab().expect("tab").doc.flow().clone();
    let node = NodeId::new("find_account").expect("id");
    click_node(&mut h, &node);
    h.key_press(egui::Key::Delete);
    h.run_ok();
    let flow = h.state().tab().expect("tab").doc.flow().clone();
    assert!(flow.node(&node).is_none());
    assert!(
        flow.wires
            .iter()
            .all(|w| w.from.node != node && w.to.node != node)
    );
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run_ok();
    assert_eq!(h.state().tab().expect("tab").doc.flow(), &before);
}

#[test]
fn copied_steps_paste_into_another_flow_and_again_with_fresh_ids() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = open_flow_in(ws.path(), recovery.path(), "opportunity-to-reservation");
    let node = NodeId::new("only_won").expect("id");
    click_node(&mut h, &node);
    h.event(egui::Event::Copy);
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .expect("the step went to the clipboard");

    // Into another flow, opened from the workspace's flow list.
    h.get_by_label("Sidewalk sale customers into the CRM")
        .click();
    h.run_ok();
    assert_eq!(h.state().tabs.len(), 2);
    h.event(egui::Event::Paste(copied.clone()));
    h.run_ok();
    assert!(
        nodes(&h).contains(&node),
        "pasted with its own id where it is free"
    );
    h.event(egui::Event::Paste(copied));
    h.run_ok();
    let pasted = NodeId::new("only_won_2").expect("id");
    assert!(
        nodes(&h).contains(&pasted),
        "pasted again under a fresh id: {:?}",
        nodes(&h)
    );
    assert_eq!(h.state().tab().expect("tab").selection, [pasted].into());
}

#[test]
fn clicking_a_problem_selects_its_step_and_focuses_the_field() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = open_flow_in(ws.path(), recovery.path(), "service-request-to-work-order");
    let finding = h
        .state()
        .tab()
        .expect("tab")
        .findings
        .iter()
        .find(|f| f.code == "formula-blank-required")
        .cloned()
        .expect("the example's blank-required finding");
    let node = finding.location.node().cloned().expect("on a node");
    let problem = by()
        .label_contains(&finding.message)
        .role(egui::accesskit::Role::Button);
    h.get(problem.clone()).scroll_to_me();
    h.run_ok();
    h.get(problem).click();
    h.run_ok();
    assert_eq!(
        h.state().tab().expect("tab").selection,
        [node.clone()].into()
    );
    // The mapping editor shows, with the cursor in the formula the finding is about.
    h.run_ok();
    let focused = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "ExternalReference *");
    assert!(focused.is_focused(), "the formula box has the cursor");
    assert!(matches!(
        h.state()
            .tab()
            .expect("tab")
            .doc
            .flow()
            .node(&node)
            .map(|n| &n.step),
        Some(Step::Map { .. })
    ));
}

#[test]
fn find_goes_to_a_step_by_name() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = open_flow_in(ws.path(), recovery.path(), "opportunity-to-reservation");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::F);
    h.run_ok();
    h.get_by_label(find::TITLE);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, find::STEP_NAME)
        .type_text("account");
    h.run_ok();
    h.key_press(egui::Key::Enter);
    h.run_ok();
    assert_eq!(
        h.state().tab().expect("tab").selection,
        [NodeId::new("find_account").expect("id")].into()
    );
}

#[test]
fn a_finding_on_a_wire_shows_on_the_wire_and_explains_itself() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let path = ws.path().join("inventory-to-crm-availability.flow.ron");
    let mut flow = switchboard::store::load_flow(&path).expect("loads");
    // Stock levels straight into "create or update Product": not what a Product needs.
    let wire: switchboard::model::Wire = "stock_changed -> update_product".parse().expect("wire");
    flow.wires.push(wire.clone());
    switchboard::store::save_flow(&path, &flow).expect("saves");
    let mut h = open_flow_in(ws.path(), recovery.path(), "inventory-to-crm-availability");
    let finding = h
        .state()
        .tab()
        .expect("tab")
        .findings
        .iter()
        .find(|f| f.code == "incompatible-wire")
        .cloned()
        .expect("the checks find the wire");
    let tab = h.state().tab().expect("tab");
    let from = tab
        .canvas
        .pin_position(tab.doc.flow(), &wire.from.node, &wire.from.port, false)
        .expect("pin");
    let to = tab
        .canvas
        .pin_position(tab.doc.flow(), &wire.to.node, &wire.to.port, true)
        .expect("pin");
    h.hover_at(from.lerp(to, 0.5));
    h.run_ok();
    h.get_by_label(&format!("{}\nFix: {}", finding.message, finding.fix));
}

#[test]
fn double_clicking_a_palette_item_adds_it_in_the_middle_of_the_view() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut designer = designer_on(ws.path(), recovery.path());
    designer
        .open_path(&ws.path().join("opportunity-to-reservation.flow.ron"))
        .expect("opens");
    // Frames a twentieth of a second apart, so two clicks a frame apart are a double-click.
    let mut h = Harness::builder()
        .with_size(Vec2::new(1440.0, 900.0))
        .with_step_dt(0.05)
        .build_ui_state(|ui, d: &mut Designer| d.ui(ui), designer);
    h.run_ok();
    let before = nodes(&h);
    // The palette is long: the user scrolls to the Logic steps first.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Filter")
        .scroll_to_me();
    h.run_ok();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Filter")
        .click();
    h.step();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Filter")
        .click();
    h.run_ok();
    let added: Vec<_> = nodes(&h)
        .into_iter()
        .filter(|n| !before.contains(n))
        .collect();
    assert_eq!(added.len(), 1, "a double-click added one step");
    let tab = h.state().tab().expect("tab");
    assert!(matches!(
        tab.doc.flow().node(&added[0]).map(|n| &n.step),
        Some(switchboard::model::Step::Filter { .. })
    ));
    assert_eq!(tab.selection, [added[0].clone()].into(), "and selected it");
}
