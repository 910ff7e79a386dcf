//! Typing formulas as a user does: completion accepted with Tab, Enter or a click, moved
//! through with Up and Down, closed with Escape; a misspelt name fixed with one click
//! under the box or on the Problems row.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::*;
use crate::support;
use switchboard::model::Step;
use switchboard::ui::completion;

const MAP: &str = "build_contact";

fn open() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    Harness<'static, Designer>,
) {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = open_flow_in(ws.path(), recovery.path(), "pos-sale-to-crm-contact");
    click_node(&mut h, &NodeId::new(MAP).expect("id"));
    (ws, recovery, h)
}

fn mapping(h: &Harness<Designer>, field: &str) -> Option<String> {
    let flow = h.state().tab().expect("tab").doc.flow();
    match &flow.node(&NodeId::new(MAP).expect("id")).expect("map").step {
        Step::Map { mappings, .. } => mappings.get(field).cloned(),
        _ => None,
    }
}

/// Puts the cursor in the box of target field `field` with its text selected.
fn edit_box(h: &mut Harness<Designer>, field: &str) {
    h.get_by_role_and_label(Role::TextInput, field)
        .scroll_to_me();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, field).click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.run_ok();
}

fn type_in(h: &mut Harness<Designer>, field: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text(text);
    h.run_ok();
}

fn focused(h: &Harness<Designer>, field: &str) -> bool {
    h.get_by_role_and_label(Role::TextInput, field).is_focused()
}

#[test]
fn completion_is_accepted_with_tab_enter_or_a_click_and_closed_with_escape() {
    let (_ws, _r, mut h) = open();
    edit_box(&mut h, "LeadSource");
    type_in(&mut h, "LeadSource", "UPP");
    h.get_by_label(completion::HINT);
    h.key_press(egui::Key::Tab);
    h.run_ok();
    assert_eq!(mapping(&h, "LeadSource").as_deref(), Some("UPPER("));
    assert!(
        focused(&h, "LeadSource"),
        "Tab took the completion, not the next field"
    );

    type_in(&mut h, "LeadSource", "CustomerE");
    h.key_press(egui::Key::Enter);
    h.run_ok();
    assert_eq!(
        mapping(&h, "LeadSource").as_deref(),
        Some("UPPER(CustomerEmail")
    );
    assert!(
        focused(&h, "LeadSource"),
        "Enter took the completion and kept the box"
    );

    type_in(&mut h, "LeadSource", ") & TR");
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(
        h.query_by_label(completion::HINT).is_none(),
        "Escape closed the list"
    );
    assert!(focused(&h, "LeadSource"), "and left the cursor in the box");
    assert_eq!(
        mapping(&h, "LeadSource").as_deref(),
        Some("UPPER(CustomerEmail) & TR")
    );

    type_in(&mut h, "LeadSource", "I");
    h.get_by_label(completion::HINT);
    h.get_by_label("TRIM").click();
    h.run_ok();
    assert_eq!(
        mapping(&h, "LeadSource").as_deref(),
        Some("UPPER(CustomerEmail) & TRIM(")
    );
    assert!(
        focused(&h, "LeadSource"),
        "a click keeps the cursor in the box"
    );
}

#[test]
fn up_and_down_choose_among_the_completions() {
    let (_ws, _r, mut h) = open();
    // "Lo" offers several fields and functions; Enter takes the chosen one.
    let mut choose = |keys: &[egui::Key]| {
        edit_box(&mut h, "LeadSource");
        type_in(&mut h, "LeadSource", "Lo");
        for key in keys {
            h.key_press(*key);
        }
        h.key_press(egui::Key::Enter);
        h.run_ok();
        mapping(&h, "LeadSource").expect("mapped")
    };
    let first = choose(&[]);
    let second = choose(&[egui::Key::ArrowDown]);
    let down_down_up = choose(&[
        egui::Key::ArrowDown,
        egui::Key::ArrowDown,
        egui::Key::ArrowUp,
    ]);
    assert_ne!(first, second, "Down moves to another choice");
    assert_eq!(down_down_up, second, "Up moves back");
    let wrapped = choose(&[egui::Key::ArrowUp]);
    assert_ne!(wrapped, first, "Up from the first goes round to the last");
}

#[test]
fn a_misspelt_name_is_fixed_with_one_click_under_the_box_or_on_the_problems_row() {
    let (_ws, _r, mut h) = open();
    edit_box(&mut h, "LeadSource");
    type_in(&mut h, "LeadSource", "UPPER(CustomerEmial)");
    h.key_press(egui::Key::Escape);
    h.run_ok();
    // Under the box (the upper one; the Problems row has the same button).
    h.get_all(by().role(Role::Button).label("Use CustomerEmail"))
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("a quick fix under the box")
        .click();
    h.run_ok();
    assert_eq!(
        mapping(&h, "LeadSource").as_deref(),
        Some("UPPER(CustomerEmail)")
    );

    edit_box(&mut h, "LeadSource");
    type_in(&mut h, "LeadSource", "LOWR(CustomerEmail)");
    h.key_press(egui::Key::Escape);
    h.run_ok();
    // The Problems row's button is the lower one (the panel is under the canvas).
    h.get_all(by().role(Role::Button).label("Use LOWER"))
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("a quick fix on the Problems row")
        .click();
    h.run_ok();
    assert_eq!(
        mapping(&h, "LeadSource").as_deref(),
        Some("LOWER(CustomerEmail)")
    );
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::Z]);
    h.run_ok();
    assert_eq!(
        mapping(&h, "LeadSource").as_deref(),
        Some("LOWR(CustomerEmail)"),
        "the fix is one undo step"
    );
}
