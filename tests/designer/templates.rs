//! File ▸ New flow from template…: a business user picks "Reserve stock when a deal is
//! won", says which CRM (the workspace has two; the only ERP is taken), creates the flow
//! and test-runs it at once: three reservations would be made.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable, by};

use super::*;
use crate::support;
use switchboard::model::Step;
use switchboard::ui::template_gallery;

/// A press and release of the mouse at `at`, as a hand would click.
fn click_at(h: &mut Harness<Designer>, at: egui::Pos2) {
    h.hover_at(at);
    h.step();
    for n in h.get_all(
        by().role(Role::Button)
            .label("Reserve stock when a deal is won"),
    ) {
        eprintln!("after hover: {:?}", n.rect());
    }
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.step();
    }
}

#[test]
fn a_business_user_starts_from_a_template_and_test_runs_it() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = harness(designer_on(ws.path(), recovery.path()));
    h.get_all_by_label(menu::FILE)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the File menu")
        .click();
    h.run_ok();
    h.get(
        by().role(Role::Button)
            .label_contains("New flow from template"),
    )
    .click();
    h.run_ok();
    h.get_by_label(template_gallery::TITLE);

    // The gallery's entry, not the flows list's of the same name beside the canvas.
    let entry = h
        .get_all(
            by().role(Role::Button)
                .label("Reserve stock when a deal is won"),
        )
        .max_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .expect("the template")
        .rect()
        .center();
    click_at(&mut h, entry);
    h.run_ok();
    let Some(switchboard::ui::Prompt::Template(gallery)) = &h.state().prompt else {
        panic!("the gallery is open");
    };
    assert_eq!(
        gallery.templates[gallery.selected].name,
        "won-deal-to-erp-reservation"
    );
    h.get_by_label_contains("reserve every product on it in the ERP");
    // The ERP is the workspace's only one; the CRM is to be picked.
    assert_eq!(
        gallery.picks,
        [
            None,
            Some(switchboard::model::SystemId::new("erp").expect("id"))
        ]
    );
    assert!(
        h.get_by_role_and_label(Role::Button, template_gallery::CREATE)
            .accesskit_node()
            .is_disabled(),
        "nothing is made before the CRM is picked"
    );
    choose(&mut h, "The CRM the deals are won in", "Sales CRM");
    h.get_by_role_and_label(Role::Button, template_gallery::CREATE)
        .click();
    h.run_ok();

    assert!(h.state().prompt.is_none(), "the gallery closed");
    let tab = h.state().tab().expect("the new flow's tab");
    let flow = tab.doc.flow();
    assert_eq!(flow.id.as_str(), "won-deal-to-erp-reservation-1");
    assert_eq!(flow.name, "Reserve stock when a deal is won");
    assert!(tab.doc.path.is_none(), "new and unsaved, as any new flow");
    let systems: Vec<String> = flow
        .nodes
        .iter()
        .filter_map(|n| match &n.step {
            Step::Lookup { system, .. } | Step::Write { system, .. } => Some(system.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(systems, ["sales_crm", "erp"]);

    h.key_press(egui::Key::F5);
    wait_for_run(&mut h);
    h.run_ok();
    h.get_by_label_contains("would create 3 Inventory reservation records in Finance ERP");
}

#[test]
fn a_flow_saved_as_a_template_is_offered_in_the_gallery() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut designer = designer_on(ws.path(), recovery.path());
    designer
        .open_path(&ws.path().join("inventory-to-crm-availability.flow.ron"))
        .expect("opens");
    let mut h = harness(designer);
    h.get_all_by_label(menu::FILE)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the File menu")
        .click();
    h.run_ok();
    h.get(by().role(Role::Button).label_contains("as template"))
        .click();
    h.run_ok();
    let path = ws
        .path()
        .join("templates/inventory-to-crm-availability.template.ron");
    let saved: switchboard::template::Template =
        switchboard::store::load_document(&path).expect("a template was written");
    let asks: Vec<&str> = saved.placeholders.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(asks, ["erp", "crm"]);
    h.get_by_label_contains(
        "Saved as the template “Stock availability on CRM products” (templates/inventory-to-crm-availability.template.ron)",
    );

    // Saved again: the template there is kept, and the user told.
    let before = std::fs::read(&path).expect("read");
    h.get_all_by_label(menu::FILE)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the File menu")
        .click();
    h.run_ok();
    h.get(by().role(Role::Button).label_contains("as template"))
        .click();
    h.run_ok();
    assert_eq!(std::fs::read(&path).expect("read"), before);
    h.get_by_label_contains("exists already and is not replaced");

    h.key_combination_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, &[egui::Key::N]);
    h.run_ok();
    let Some(switchboard::ui::Prompt::Template(gallery)) = &h.state().prompt else {
        panic!("Ctrl+Shift+N opens the gallery");
    };
    assert!(
        gallery
            .templates
            .iter()
            .any(|t| t.name == "inventory-to-crm-availability" && t.path.is_some()),
        "the workspace's own template is offered"
    );
}
