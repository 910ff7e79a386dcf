//! Systems ▸ Add a system from an API description…: a business admin picks a file, sees
//! the objects found with checkboxes and the guessed data classes, changes one, leaves an
//! object out, imports — and the new system is in the palette at once, its manifest and
//! systems.ron written as the CLI would.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable, by};

use super::*;
use crate::support;
use switchboard::model::Classification;
use switchboard::ui::import_api;
use switchboard::workspace::connector::Connector;

fn type_into(h: &mut Harness<Designer>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run_ok();
}

/// A scratch workspace in the designer with Systems ▸ Add a system from an API
/// description… chosen from the menu bar (whose Systems sits above the palette's heading
/// of the same name).
fn open_import_dialog() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    Harness<'static, Designer>,
) {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = harness(designer_on(ws.path(), recovery.path()));
    choose_import(&mut h);
    (ws, recovery, h)
}

/// Systems ▸ Add a system from an API description… from the menu bar.
fn choose_import(h: &mut Harness<Designer>) {
    h.get_all_by_label(menu::SYSTEMS)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the menu")
        .click();
    h.run_ok();
    h.get(
        by().role(Role::Button)
            .label_contains("Add a system from an API description"),
    )
    .click();
    h.run_ok();
}

#[test]
fn an_admin_adds_a_system_from_an_api_description_and_finds_it_in_the_palette() {
    let (ws, _recovery, mut h) = open_import_dialog();
    h.get_by_label(import_api::TITLE);
    let spec = support::fixture("openapi/hard-parts.v3.1.yaml");
    type_into(&mut h, import_api::FILE, &spec.to_string_lossy());
    type_into(&mut h, import_api::SYSTEM, "desk");
    h.get_by_role_and_label(Role::Button, import_api::READ)
        .click();
    h.run_ok();
    // The objects found, each with a checkbox; what was left out is said.
    h.get_by_role_and_label(Role::CheckBox, "Ticket");
    h.get_by_label_contains("an action on one record (`close`)");
    // Leave Queue out.
    h.get_by_role_and_label(Role::CheckBox, "Queue").click();
    h.run_ok();
    let Some(switchboard::ui::Prompt::ImportApi(dialog)) = &h.state().prompt else {
        panic!("the dialog is open");
    };
    assert_eq!(dialog.chosen, [true, false], "Queue unticked");
    // Open Ticket's fields: the e-mail's class was guessed; set it to Confidential.
    h.get_all(by().label_contains("fields and their data classes"))
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("Ticket's fields")
        .click();
    h.run_ok();
    assert!(
        h.get_all(by().label_contains("guessed from the name"))
            .next()
            .is_some(),
        "a guessed class is marked"
    );
    let combos: Vec<_> = h.get_all_by_role(Role::ComboBox).collect();
    let email_row = h.get_by_label("requester_email").rect().center().y;
    let combo = combos
        .into_iter()
        .min_by(|a, b| {
            (a.rect().center().y - email_row)
                .abs()
                .total_cmp(&(b.rect().center().y - email_row).abs())
        })
        .expect("a class picker");
    combo.click();
    h.run_ok();
    h.get_all(by().role(Role::Button).label("Confidential"))
        .last()
        .expect("the option")
        .click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, import_api::IMPORT)
        .click();
    h.run_ok();
    // The dialog closed and the new system is in the palette.
    assert!(h.query_by_label(import_api::TITLE).is_none());
    let items = &h.state().palette_items;
    assert!(
        items
            .iter()
            .any(|i| i.system.as_deref() == Some("Service Desk") && i.title.contains("Ticket")),
        "the palette offers the new system's steps"
    );
    assert!(
        !items
            .iter()
            .any(|i| i.system.as_deref() == Some("Service Desk") && i.title.contains("Queue")),
        "the object left out is not offered: {:?}",
        items
            .iter()
            .filter(|i| i.system.as_deref() == Some("Service Desk"))
            .map(|i| &i.title)
            .collect::<Vec<_>>()
    );
    let text =
        std::fs::read_to_string(ws.path().join("connectors/desk.ron")).expect("manifest written");
    let connector: Connector = ron::from_str(&text).expect("reads back");
    assert_eq!(connector.objects.len(), 1);
    let email = connector
        .object("Ticket")
        .unwrap()
        .field("requester_email")
        .unwrap()
        .clone();
    assert_eq!(email.classification, Classification::Confidential);
    assert!(!email.guessed, "a class a person picked is not a guess");
    let systems = std::fs::read_to_string(ws.path().join("systems.ron")).unwrap();
    assert!(systems.contains("id: \"desk\""));
    assert!(
        h.state()
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("Added Service Desk to the palette"))
    );
}

#[test]
fn a_file_that_is_not_a_description_is_said_in_the_dialog() {
    let (ws, _recovery, mut h) = open_import_dialog();
    let compose = ws.path().join("compose.yaml");
    std::fs::write(&compose, "services:\n  web: {image: nginx}\n").expect("write");
    type_into(&mut h, import_api::FILE, &compose.to_string_lossy());
    h.get_by_role_and_label(Role::Button, import_api::READ)
        .click();
    h.run_ok();
    h.get_by_label_contains("neither `openapi` nor `swagger`");
    let import = h.get_by_role_and_label(Role::Button, import_api::IMPORT);
    assert!(import.accesskit_node().is_disabled(), "nothing to import");
    assert!(!ws.path().join("connectors").exists());
}

/// The id changed after reading is the one imported (the description is read again,
/// keeping what was ticked and picked); nested fields have their own class pickers.
#[test]
fn the_id_typed_after_reading_is_the_one_imported_and_nested_fields_are_listed() {
    let (ws, _recovery, mut h) = open_import_dialog();
    let spec = support::fixture("openapi/hard-parts.v3.1.yaml");
    type_into(&mut h, import_api::FILE, &spec.to_string_lossy());
    h.get_by_role_and_label(Role::Button, import_api::READ)
        .click();
    h.run_ok();
    // Suggested from the file's name.
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, import_api::SYSTEM)
            .value()
            .as_deref(),
        Some("hard_parts")
    );
    h.get_by_role_and_label(Role::CheckBox, "Queue").click();
    h.run_ok();
    h.get_all(by().label_contains("fields and their data classes"))
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("Ticket's fields")
        .click();
    h.run_ok();
    h.get_by_label("parent.requester_email");
    type_into(&mut h, import_api::SYSTEM, "tickets");
    h.get_by_role_and_label(Role::Button, import_api::IMPORT)
        .click();
    h.run_ok();
    assert!(!ws.path().join("connectors/hard_parts.ron").exists());
    let text = std::fs::read_to_string(ws.path().join("connectors/tickets.ron"))
        .expect("written under the id typed last");
    let connector: Connector = ron::from_str(&text).expect("reads back");
    assert_eq!(
        connector.objects.len(),
        1,
        "Queue stays left out after reading again"
    );
    assert!(
        text.contains("TICKETS_API_KEY"),
        "the credential is named after the id typed last"
    );
}

/// A click on a dialog where a step lies under it selects nothing on the canvas (the
/// canvas read clicks in its rectangle whatever was drawn over it).
#[test]
fn a_click_on_a_dialog_does_not_select_the_step_under_it() {
    let (_ws, _recovery, mut h) = open_scratch("opportunity-to-reservation");
    let node = nodes(&h).into_iter().next().expect("a step");
    let at = h
        .state()
        .tab()
        .expect("tab")
        .canvas
        .node_rect(&node)
        .expect("drawn")
        .center();
    h.state_mut().tab_mut().expect("tab").selection.clear();
    choose_import(&mut h);
    h.get_by_label(import_api::TITLE);
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
    h.run_ok();
    assert!(
        h.state().tab().expect("tab").selection.is_empty(),
        "the step under the dialog was selected"
    );
}

/// Enter in the file box reads the description; the dialog stays where it is while it
/// fills (a dialog that moves under the pointer makes clicks miss).
#[test]
fn enter_reads_the_description_and_the_dialog_does_not_move() {
    let (_ws, _recovery, mut h) = open_import_dialog();
    let before = h.get_by_label(import_api::TITLE).rect();
    let spec = support::fixture("openapi/hard-parts.v3.1.yaml");
    type_into(&mut h, import_api::FILE, &spec.to_string_lossy());
    h.key_press(egui::Key::Enter);
    h.run_ok();
    h.get_by_role_and_label(Role::CheckBox, "Ticket");
    assert_eq!(
        h.get_by_label(import_api::TITLE).rect(),
        before,
        "the dialog moved on Read"
    );
    h.get_all(by().label_contains("fields and their data classes"))
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("Ticket's fields")
        .click();
    h.run_ok();
    type_into(&mut h, import_api::SYSTEM, "sales_crm");
    h.get_by_label_contains("The workspace already has a system `sales_crm`");
    assert_eq!(
        h.get_by_label(import_api::TITLE).rect(),
        before,
        "the dialog moved"
    );
}

/// A description with long nested field names (PayPal's invoices) does not widen the
/// dialog when its fields are opened: the list scrolls sideways instead.
#[test]
fn long_nested_names_do_not_widen_the_dialog() {
    let (_ws, _recovery, mut h) = open_import_dialog();
    let spec = support::fixture("openapi/real/paypal-invoicing_v2.json");
    type_into(&mut h, import_api::FILE, &spec.to_string_lossy());
    h.get_by_role_and_label(Role::Button, import_api::READ)
        .click();
    h.run_ok();
    let before = h.get_by_label(import_api::TITLE).rect();
    h.get_all(by().label_contains("fields and their data classes"))
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("Invoice's fields")
        .click();
    h.run_ok();
    h.get_by_label("detail.attachments.reference_url");
    assert_eq!(
        h.get_by_label(import_api::TITLE).rect(),
        before,
        "the dialog moved"
    );
}
