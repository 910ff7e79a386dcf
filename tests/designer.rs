//! The designer driven as a user drives it: widgets found by their labels, clicks, drags
//! and typing through egui_kittest, then assertions on the model and the saved file.

use egui::{Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable, by};

use switchboard::governance::Severity;
use switchboard::model::{NodeId, PortId, Step};
use switchboard::ui::{Designer, Recovery, Settings};

use crate::support;

pub fn designer_on(root: &std::path::Path, recovery: &std::path::Path) -> Designer {
    let mut designer = Designer::new(
        Settings::default(),
        Some(Recovery {
            dir: recovery.to_owned(),
        }),
    );
    designer.open_workspace(root).expect("workspace opens");
    designer
}

pub fn harness(designer: Designer) -> Harness<'static, Designer> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1440.0, 900.0))
        .build_ui_state(|ui, d: &mut Designer| d.ui(ui), designer);
    h.run_ok();
    h
}

/// A press, a few moves and a release, as a hand would do it.
pub fn drag(h: &mut Harness<Designer>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for i in 1..=6 {
        h.hover_at(from + (to - from) * (i as f32 / 6.0));
        h.step();
    }
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.step();
    h.remove_cursor();
    h.run_ok();
}

/// Types into the palette's search box and drags the item with `title` to `to`.
fn add_from_palette(h: &mut Harness<Designer>, search: &str, title: &str, to: Pos2) -> NodeId {
    let before: Vec<NodeId> = nodes(h);
    let search_box = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search");
    search_box.click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search")
        .type_text(search);
    h.run_ok();
    let from = h.get_by_label(title).rect().center();
    drag(h, from, to);
    // Clear the search again, as a user tidying up would.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search")
        .click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.key_press(egui::Key::Backspace);
    h.key_press(egui::Key::Escape);
    h.run_ok();
    let after = nodes(h);
    let added: Vec<_> = after.into_iter().filter(|n| !before.contains(n)).collect();
    assert_eq!(added.len(), 1, "dragging “{title}” added one step");
    added[0].clone()
}

pub fn nodes(h: &Harness<Designer>) -> Vec<NodeId> {
    h.state()
        .tab()
        .map(|t| t.doc.flow().nodes.iter().map(|n| n.id.clone()).collect())
        .unwrap_or_default()
}

fn pin(h: &Harness<Designer>, node: &NodeId, port: &str, input: bool) -> Pos2 {
    let tab = h.state().tab().expect("a tab");
    tab.canvas
        .pin_position(
            tab.doc.flow(),
            node,
            &PortId::new(port).expect("port"),
            input,
        )
        .unwrap_or_else(|| panic!("no pin {node}:{port} drawn"))
}

/// Drags a wire from `from`'s output pin to `to`'s input pin.
fn wire(h: &mut Harness<Designer>, from: &NodeId, to: &NodeId) {
    let a = pin(h, from, "out", false);
    let b = pin(h, to, "in", true);
    drag(h, a, b);
}

fn click_node(h: &mut Harness<Designer>, node: &NodeId) {
    let rect = h
        .state()
        .tab()
        .expect("tab")
        .canvas
        .node_rect(node)
        .expect("drawn");
    let at = rect.center_bottom() - Vec2::new(0.0, 6.0);
    h.hover_at(at);
    h.step();
    h.drag_at(at);
    h.step();
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.step();
    h.remove_cursor();
    h.run_ok();
}

fn choose(h: &mut Harness<Designer>, combo: &str, option: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, combo)
        .click();
    h.run_ok();
    // The same name may be a palette heading on the left: the option is the one on the right.
    h.get_all(by().role(egui::accesskit::Role::Button).label(option))
        .max_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .expect("the option is listed")
        .click();
    h.run_ok();
}

fn codes(h: &Harness<Designer>) -> Vec<String> {
    h.state()
        .tab()
        .map(|t| t.findings.iter().map(|f| f.code.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn a_user_builds_checks_undoes_and_saves_a_flow() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = harness(designer_on(ws.path(), recovery.path()));

    h.get_by_label("File").click();
    h.run_ok();
    h.get(
        by().role(egui::accesskit::Role::Button)
            .label_contains("New flow"),
    )
    .click();
    h.run_ok();
    assert_eq!(h.state().tabs.len(), 1);

    let canvas = h.state().tab().expect("tab").canvas.rect;
    let trigger = add_from_palette(
        &mut h,
        "opportunity updated sales crm",
        "When an Opportunity is updated",
        canvas.left_center() + Vec2::new(20.0, -200.0),
    );
    let map = add_from_palette(
        &mut h,
        "map",
        "Map fields",
        canvas.left_center() + Vec2::new(290.0, -60.0),
    );
    let write = add_from_palette(
        &mut h,
        "create customer finance",
        "Create Customer",
        canvas.left_center() + Vec2::new(560.0, 80.0),
    );
    assert_eq!(
        [trigger.as_str(), map.as_str(), write.as_str()],
        ["on_updated_opportunity", "map", "create_customer"]
    );

    // Point the map at the ERP's Customer in the inspector.
    click_node(&mut h, &map);
    assert_eq!(h.state().tab().expect("tab").selected_node(), Some(&map));
    choose(&mut h, "System", "Finance ERP");
    choose(&mut h, "Object", "Customer");

    wire(&mut h, &trigger, &map);
    wire(&mut h, &map, &write);
    let flow = h.state().tab().expect("tab").doc.flow().clone();
    assert_eq!(
        flow.wires.len(),
        2,
        "both wires drawn: {:?} {:?}",
        flow.wires,
        h.state().tab().map(|t| t.canvas.refusal.clone())
    );

    // A mistyped field name is a finding, underlined in the box; fixing it clears it.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Name *")
        .scroll_to_me();
    h.run_ok();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Name *")
        .click();
    h.run_ok();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Name *")
        .type_text("UPPER(Nme)");
    h.run_ok();
    assert!(codes(&h).contains(&"formula".to_owned()), "{:?}", codes(&h));
    let finding = h
        .state()
        .tab()
        .expect("tab")
        .findings
        .iter()
        .find(|f| f.code == "formula")
        .cloned()
        .expect("a formula finding");
    assert!(finding.message.contains("Nme"), "{}", finding.message);
    assert!(
        finding.fix.contains("Name"),
        "suggests the right field: {}",
        finding.fix
    );
    for _ in 0..3 {
        h.key_press(egui::Key::Backspace);
    }
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Name *")
        .type_text("ame)");
    h.run_ok();
    assert!(
        !codes(&h).contains(&"formula".to_owned()),
        "{:?}",
        codes(&h)
    );
    let mapped = |h: &Harness<Designer>| match &h
        .state()
        .tab()
        .expect("tab")
        .doc
        .flow()
        .node(&map)
        .expect("map")
        .step
    {
        Step::Map { mappings, .. } => mappings.get("Name").cloned(),
        _ => None,
    };
    assert_eq!(mapped(&h).as_deref(), Some("UPPER(Name)"));

    // Leave the box; undo takes the whole typed formula back in one step, redo restores it.
    h.key_press(egui::Key::Escape);
    click_node(&mut h, &trigger);
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run_ok();
    assert_eq!(mapped(&h), None);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::Z);
    h.run_ok();
    assert_eq!(mapped(&h).as_deref(), Some("UPPER(Name)"));

    let errors = h.state().tab().expect("tab").count(Severity::Error);
    assert!(errors > 0, "Country and Currency are still unmapped");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    let saved = ws.path().join("new-flow-1.flow.ron");
    let text = std::fs::read_to_string(&saved).expect("saved despite its errors");
    crate::cli::golden("designer-new-flow.flow.ron", &text);
    assert!(!h.state().tab().expect("tab").doc.is_dirty());
}
