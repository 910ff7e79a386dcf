//! The canvas as someone new meets it: a flow opens fitted at a readable zoom, the corner
//! buttons zoom and fit, a minimap shows what is out of view, nodes keep their width
//! after a test run, and right-clicks open menus on the canvas, a step and a connection.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::*;
use crate::support;
use switchboard::model::Step;
use switchboard::ui::canvas;

fn scale(h: &Harness<Designer>) -> f32 {
    h.state().tab().expect("tab").canvas.scale()
}

fn right_click(h: &mut Harness<Designer>, at: Pos2) {
    press(h, at, egui::PointerButton::Secondary);
}

fn press(h: &mut Harness<Designer>, at: Pos2, button: egui::PointerButton) {
    h.hover_at(at);
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run_ok();
}

fn node_rect(h: &Harness<Designer>, id: &str) -> egui::Rect {
    h.state()
        .tab()
        .expect("tab")
        .canvas
        .node_rect(&NodeId::new(id).expect("id"))
        .unwrap_or_else(|| panic!("{id} drawn"))
}

#[test]
fn a_wide_flow_opens_readable_and_the_corner_buttons_zoom_and_fit() {
    let (_ws, _r, mut h) = open_scratch("opportunity-to-reservation");
    assert_eq!(scale(&h), canvas::OPEN_MIN_SCALE, "six steps open at 70 %");
    let canvas_rect = h.state().tab().expect("tab").canvas.rect;
    assert!(
        canvas_rect.contains(node_rect(&h, "deal_won").center()),
        "the trigger is in view"
    );
    h.get_by_label(canvas::MINIMAP);
    h.get_by_label("70 %");

    h.get_by_role_and_label(Role::Button, canvas::ZOOM_IN)
        .click();
    h.run_ok();
    assert!((scale(&h) - 0.875).abs() < 1e-4, "{}", scale(&h));
    h.get_by_label("88 %").click();
    h.run_ok();
    assert_eq!(scale(&h), 1.0, "the level resets to 100 %");
    h.get_by_role_and_label(Role::Button, canvas::ZOOM_OUT)
        .click();
    h.run_ok();
    assert_eq!(scale(&h), 0.8);

    h.get_by_role_and_label(Role::Button, canvas::FIT).click();
    h.run_ok();
    let tab = h.state().tab().expect("tab");
    for node in &tab.doc.flow().nodes {
        let rect = tab.canvas.node_rect(&node.id).expect("drawn");
        assert!(
            canvas_rect.contains_rect(rect),
            "{} in view after Fit",
            node.id
        );
    }
    assert!(
        h.query_by_label(canvas::MINIMAP).is_none(),
        "no minimap when everything is in view"
    );
}

#[test]
fn clicking_the_minimap_moves_the_view_there() {
    let (_ws, _r, mut h) = open_scratch("opportunity-to-reservation");
    let last = "reserve_stock";
    let canvas_rect = h.state().tab().expect("tab").canvas.rect;
    assert!(!canvas_rect.contains(node_rect(&h, last).center()));
    let map = h.get_by_label(canvas::MINIMAP).rect();
    let at = map.right_center() - Vec2::new(15.0, 0.0);
    press(&mut h, at, egui::PointerButton::Primary);
    assert!(
        canvas_rect.contains(node_rect(&h, last).center()),
        "the last step is in view"
    );
    assert_eq!(scale(&h), canvas::OPEN_MIN_SCALE, "at the same zoom");
}

#[test]
fn nodes_keep_their_width_after_a_test_run_and_with_long_names() {
    let (_ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    let ids: Vec<NodeId> = nodes(&h);
    let widths = |h: &Harness<Designer>| -> Vec<f32> {
        ids.iter()
            .map(|id| node_rect(h, id.as_str()).width().round())
            .collect()
    };
    let before = widths(&h);
    h.key_press(egui::Key::F5);
    wait_for_run(&mut h);
    h.run_ok();
    h.get_by_label("2 in · 1 out");
    assert_eq!(widths(&h), before, "badges do not widen the steps");

    let first = ids[1].clone();
    h.state_mut().apply(
        switchboard::edit::Command::Rename {
            node: first,
            label: "A step whose name goes on and on well past the width of a node".into(),
        },
        "Rename step",
        None,
    );
    h.run_ok();
    assert_eq!(widths(&h), before, "a long name is cut, not widened");
}

#[test]
fn right_click_on_the_canvas_adds_the_step_found_by_typing_where_it_was_clicked() {
    let (ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    let before = nodes(&h);
    let canvas_rect = h.state().tab().expect("tab").canvas.rect;
    let at = canvas_rect.center_bottom() - Vec2::new(0.0, 120.0);
    right_click(&mut h, at);
    let search = h.get_by_role_and_label(Role::TextInput, canvas::ADD_HERE);
    assert!(search.is_focused(), "typing goes straight into the search");
    search.type_text("filter");
    h.run_ok();
    // The palette has a Filter button too: the menu's is the one by the pointer.
    h.get_all(by().role(Role::Button).label("Filter"))
        .min_by(|a, b| {
            let d = |n: &egui_kittest::Node| (n.rect().center() - at).length();
            d(a).total_cmp(&d(b))
        })
        .expect("listed")
        .click();
    h.run_ok();
    let added: Vec<_> = nodes(&h)
        .into_iter()
        .filter(|n| !before.contains(n))
        .collect();
    assert_eq!(added.len(), 1);
    let tab = h.state().tab().expect("tab");
    assert!(matches!(
        tab.doc.flow().node(&added[0]).map(|n| &n.step),
        Some(Step::Filter { .. })
    ));
    let drawn = tab.canvas.node_rect(&added[0]).expect("drawn");
    assert!(
        (drawn.left_top() - at).length() < 40.0,
        "placed where the menu opened: {drawn:?} vs {at:?}"
    );
    assert!(
        h.query_by_label(canvas::ADD_HERE).is_none(),
        "the menu closed"
    );
    drop(ws);
}

#[test]
fn right_click_on_a_step_renames_disconnects_runs_to_it_and_deletes_it() {
    let (_ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    let filter = NodeId::new("has_email").expect("id");
    let wires_of = |h: &Harness<Designer>| {
        h.state()
            .tab()
            .expect("tab")
            .doc
            .flow()
            .wires
            .iter()
            .filter(|w| w.from.node == filter || w.to.node == filter)
            .count()
    };
    assert_eq!(wires_of(&h), 2);
    let at = node_rect(&h, "has_email").center();

    right_click(&mut h, at);
    h.get_by_role_and_label(Role::Button, canvas::RENAME)
        .click();
    h.run_ok();
    let name = h.get_by_role_and_label(Role::TextInput, inspector::STEP_NAME);
    assert!(name.is_focused(), "the cursor is in the step's name");
    name.type_text("Only sales with an e-mail");
    h.key_press(egui::Key::Enter);
    h.run_ok();
    let label = |h: &Harness<Designer>| {
        h.state()
            .tab()
            .expect("tab")
            .doc
            .flow()
            .node(&filter)
            .expect("node")
            .label
            .clone()
    };
    assert_eq!(
        label(&h),
        "Only sales with an e-mail",
        "typing replaced the old name"
    );

    let at = node_rect(&h, "has_email").center();
    right_click(&mut h, at);
    h.get_by_role_and_label(Role::Button, canvas::RUN_TO_HERE)
        .click();
    wait_for_run(&mut h);
    h.run_ok();
    let tab = h.state().tab().expect("tab");
    let trace = tab.test_run.trace.as_ref().expect("ran");
    assert!(trace.node(&filter).is_some(), "the step ran");
    assert_eq!(
        trace.writes().count(),
        0,
        "nothing after it ran: no write captured"
    );
    assert_eq!(tab.selection, [filter.clone()].into());

    let at = node_rect(&h, "has_email").center();
    right_click(&mut h, at);
    h.get_by_role_and_label(Role::Button, canvas::DISCONNECT)
        .click();
    h.run_ok();
    assert_eq!(wires_of(&h), 0);
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::Z]);
    h.run_ok();
    assert_eq!(wires_of(&h), 2, "one undo brings both back");

    let at = node_rect(&h, "has_email").center();
    right_click(&mut h, at);
    h.get_by_role_and_label(Role::Button, UiCommand::Delete.label())
        .click();
    h.run_ok();
    assert!(!nodes(&h).contains(&filter));
}

#[test]
fn right_click_on_a_connection_inserts_a_map_or_deletes_it() {
    let (_ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    let flow = h.state().tab().expect("tab").doc.flow().clone();
    let wire = flow
        .wires
        .iter()
        .find(|w| {
            matches!(
                flow.node(&w.to.node).map(|n| &n.step),
                Some(Step::Write { .. })
            )
        })
        .expect("a wire into the write")
        .clone();
    let middle = |h: &Harness<Designer>| {
        let from = pin(h, &wire.from.node, wire.from.port.as_str(), false);
        let to = pin(h, &wire.to.node, wire.to.port.as_str(), true);
        from.lerp(to, 0.5)
    };
    let before = nodes(&h);
    let at = middle(&h);
    right_click(&mut h, at);
    assert!(
        h.query_by_label(canvas::ADD_HERE).is_none(),
        "the connection's menu, not the canvas's"
    );
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(
        h.query_by_label(canvas::INSERT_MAP).is_none(),
        "Escape closes it"
    );
    right_click(&mut h, at);
    h.get_by_role_and_label(Role::Button, canvas::INSERT_MAP)
        .click();
    h.run_ok();
    let flow = h.state().tab().expect("tab").doc.flow().clone();
    assert!(!flow.wires.contains(&wire));
    let map = flow
        .nodes
        .iter()
        .find(|n| !before.contains(&n.id) && matches!(n.step, Step::Map { .. }))
        .expect("a new Map step");
    assert!(
        flow.wires
            .iter()
            .any(|w| w.from == wire.from && w.to.node == map.id)
    );
    assert!(
        flow.wires
            .iter()
            .any(|w| w.from.node == map.id && w.to == wire.to)
    );
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::Z]);
    h.run_ok();
    assert!(
        h.state()
            .tab()
            .expect("tab")
            .doc
            .flow()
            .wires
            .contains(&wire),
        "undone whole"
    );

    let at = middle(&h);
    right_click(&mut h, at);
    h.get_by_role_and_label(Role::Button, canvas::DELETE_WIRE)
        .click();
    h.run_ok();
    assert!(
        !h.state()
            .tab()
            .expect("tab")
            .doc
            .flow()
            .wires
            .contains(&wire)
    );
}

#[test]
fn paste_here_puts_copied_steps_where_the_menu_opened() {
    let (_ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    click_node(&mut h, &NodeId::new("has_email").expect("id"));
    h.event(egui::Event::Copy);
    h.run_ok();
    let before = nodes(&h);
    let canvas_rect = h.state().tab().expect("tab").canvas.rect;
    let at = canvas_rect.center_bottom() - Vec2::new(100.0, 100.0);
    right_click(&mut h, at);
    h.get_by_role_and_label(Role::Button, canvas::PASTE_HERE)
        .click();
    h.run_ok();
    let added: Vec<_> = nodes(&h)
        .into_iter()
        .filter(|n| !before.contains(n))
        .collect();
    assert_eq!(added.len(), 1, "one step pasted");
    let drawn = h
        .state()
        .tab()
        .expect("tab")
        .canvas
        .node_rect(&added[0])
        .expect("drawn");
    assert!(
        (drawn.left_top() - at).length() < 40.0,
        "{drawn:?} vs {at:?}"
    );
}

#[test]
fn each_tab_keeps_its_own_zoom() {
    let (ws, _r, mut h) = open_scratch("opportunity-to-reservation");
    h.get_by_role_and_label(Role::Button, canvas::ZOOM_IN)
        .click();
    h.run_ok();
    let first = scale(&h);
    h.state_mut()
        .open_path(&ws.path().join("pos-sale-to-crm-contact.flow.ron"))
        .expect("opens");
    h.run_ok();
    let second = scale(&h);
    assert_ne!(second, first, "the second flow opens at its own fit");
    h.state_mut().active = 0;
    h.run_ok();
    h.run_ok();
    assert_eq!(scale(&h), first, "the first flow keeps its zoom");
}

#[test]
fn a_flow_with_a_trigger_is_offered_no_second_one_and_starts_match_first() {
    let (_ws, _r, mut h) = open_scratch("pos-sale-to-crm-contact");
    let at = h.state().tab().expect("tab").canvas.rect.center_bottom() - Vec2::new(0.0, 120.0);
    right_click(&mut h, at);
    h.get_by_role_and_label(Role::TextInput, canvas::ADD_HERE)
        .type_text("create sales order");
    h.run_ok();
    h.key_press(egui::Key::Enter);
    h.run_ok();
    let flow = h.state().tab().expect("tab").doc.flow().clone();
    let triggers = flow.nodes.iter().filter(|n| n.step.is_trigger()).count();
    assert_eq!(triggers, 1, "no second trigger");
    assert!(
        flow.nodes
            .iter()
            .any(|n| matches!(&n.step, Step::Write { object, .. } if object == "SalesOrder")),
        "Enter added the step whose title starts with what was typed"
    );
}

#[test]
fn an_empty_canvas_says_how_to_start() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = harness(designer_on(ws.path(), recovery.path()));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::N);
    h.run_ok();
    let shapes = h.output().shapes.clone();
    let said = shapes.iter().any(|s| match &s.shape {
        egui::epaint::Shape::Text(t) => t.galley.text() == canvas::EMPTY_HINT,
        _ => false,
    });
    assert!(said, "the hint is drawn on the empty canvas");
}
