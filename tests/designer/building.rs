//! Building a flow from nothing: palette, wiring, a mapping formula, a finding that comes
//! and goes, undo and redo, and the saved file.

use egui::{Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::NodeT as _;
use egui_kittest::kittest::{Queryable, by};

use switchboard::governance::Severity;
use switchboard::model::Step;
use switchboard::ui::Designer;

use super::*;
use crate::support;

#[test]
fn a_user_builds_checks_undoes_and_saves_a_flow() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = harness(designer_on(ws.path(), recovery.path()));

    h.get_by_label(menu::FILE).click();
    h.run_ok();
    // File ▸ New flow, not New flow from template….
    h.get_all(
        by().role(egui::accesskit::Role::Button)
            .label_contains("New flow"),
    )
    .find(|n| {
        !n.accesskit_node()
            .label()
            .unwrap_or_default()
            .contains("template")
    })
    .expect("File ▸ New flow")
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
        h.state()
            .tab()
            .and_then(|t| t.canvas.refusal.as_ref().map(|r| r.why.clone()))
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

    // Drag an input field onto a target field to map it.
    click_node(&mut h, &map);
    let chip = h
        .get(
            by().role(egui::accesskit::Role::Button)
                .label("Description"),
        )
        .rect()
        .center();
    let target = h
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "SearchTerm")
        .rect()
        .center();
    drag(&mut h, chip, target);
    let search_term = match &h
        .state()
        .tab()
        .expect("tab")
        .doc
        .flow()
        .node(&map)
        .expect("map")
        .step
    {
        Step::Map { mappings, .. } => mappings.get("SearchTerm").cloned(),
        _ => None,
    };
    assert_eq!(search_term.as_deref(), Some("Description"));

    let errors = h.state().tab().expect("tab").count(Severity::Error);
    assert!(errors > 0, "Country and Currency are still unmapped");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    // The first save asks for the file name, prefilled from the flow's name.
    h.get_by_label(save_as::TITLE);
    h.get_by_label(save_as::SAVE).click();
    h.run_ok();
    let saved = ws.path().join("new-flow-1.flow.ron");
    let text = std::fs::read_to_string(&saved).expect("saved despite its errors");
    crate::cli::golden("designer-new-flow.flow.ron", &text);
    assert!(!h.state().tab().expect("tab").doc.is_dirty());
}
