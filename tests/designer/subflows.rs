//! Sub-flows in the designer, as a business user meets them: "Normalise contact" is
//! dropped in from the palette's Reusable steps, wired, given the sale's fields, test-run,
//! and its own steps are opened under the call with their records; "Make a sub-flow"
//! moves selected steps into a new sub-flow file, and one Undo puts them back.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable, by};

use super::*;
use switchboard::model::Step;
use switchboard::ui::{make_subflow, test_run as run_tab};

/// Puts the cursor in the formula box labelled `caption` and replaces its text.
fn retype(h: &mut Harness<Designer>, caption: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, caption)
        .scroll_to_me();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, caption).click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.get_by_role_and_label(Role::TextInput, caption)
        .type_text(text);
    h.run_ok();
    // Out of the box, so the completion list closes and the edit is one undo step.
    h.key_press(egui::Key::Escape);
    h.key_press(egui::Key::Escape);
    h.run_ok();
}

/// Where the palette shows the sub-flow `title` under Reusable steps (a tab may carry
/// the same name: the palette's entry is the first one under that heading).
fn reusable(h: &Harness<Designer>, title: &str) -> Pos2 {
    let heading = h.get_by_label("Reusable steps").rect();
    h.get_all(by().label(title))
        .map(|n| n.rect())
        .filter(|r| r.top() > heading.top())
        .min_by(|a, b| a.top().total_cmp(&b.top()))
        .expect("the palette entry")
        .center()
}

#[test]
fn a_business_user_drops_in_normalise_contact_wires_it_and_sees_its_steps_in_the_test_run() {
    let (ws, _recovery, mut h) = open_scratch("pos-sale-to-crm-contact");
    // The palette offers the workspace's sub-flow under Reusable steps.
    let from = reusable(&h, "Normalise contact");
    let before = nodes(&h);
    drag(&mut h, from, Pos2::new(560.0, 560.0));
    let call = nodes(&h)
        .into_iter()
        .find(|n| !before.contains(n))
        .expect("the call was added");
    let has_email = NodeId::new("has_email").expect("id");
    wire(&mut h, &has_email, &call);
    {
        let flow = h.state().tab().expect("tab").doc.flow();
        assert!(
            flow.wires
                .iter()
                .any(|w| w.from.node == has_email && w.to.node == call)
        );
        assert!(matches!(
            flow.node(&call).expect("the call").step,
            Step::CallSubflow { .. }
        ));
    }
    // The sale's fields are named otherwise: the formulas say so, and the user gives them.
    click_node(&mut h, &call);
    assert!(codes(&h).contains(&"formula".to_owned()), "{:?}", codes(&h));
    retype(&mut h, "Email (Email, required)", "CustomerEmail");
    retype(&mut h, "FirstName (Text)", "CustomerFirstName");
    retype(&mut h, "LastName (Text)", "CustomerLastName");
    retype(&mut h, "Phone (Phone)", "CustomerPhone");
    let errors: Vec<String> = h
        .state()
        .tab()
        .expect("tab")
        .findings
        .iter()
        .filter(|f| {
            f.location.node() == Some(&call)
                && f.severity == switchboard::governance::Severity::Error
        })
        .map(|f| f.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    // F5, then the call's own steps under it in the Test run tab.
    h.key_press(egui::Key::F5);
    wait_for_run(&mut h);
    click_node(&mut h, &call);
    h.get_by_label(BottomTab::TestRun.label()).click();
    h.run_ok();
    h.get_by_label_contains(&format!("{} 'Normalise contact'", run_tab::INSIDE));
    h.get_by_label_contains("Tidy name, e-mail and phone: 1 in, 1 out")
        .click();
    h.run_ok();
    assert!(
        h.query_all_by_label(personal::MASK).count() > 0,
        "personal data masked inside too"
    );
    h.get_by_label(personal::REVEAL).click();
    h.run_ok();
    assert!(
        h.query_all_by_label("dana.okafor@example.org").count() >= 1,
        "the tidied e-mail address is shown"
    );
    let trace = h
        .state()
        .tab()
        .expect("tab")
        .test_run
        .trace
        .clone()
        .expect("a trace");
    let nested = trace
        .node(&call)
        .and_then(|t| t.nested.as_ref())
        .expect("nested");
    assert!(nested.node(&NodeId::new("tidy").expect("id")).is_some());

    // Saved, the file says what the call hands over.
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::S]);
    h.run_ok();
    let saved =
        std::fs::read_to_string(ws.path().join("pos-sale-to-crm-contact.flow.ron")).expect("saved");
    assert!(saved.contains("CallSubflow("), "{saved}");
    assert!(saved.contains("\"Email\": \"CustomerEmail\""), "{saved}");
}

#[test]
fn make_a_subflow_moves_the_selection_into_a_new_file_and_undo_puts_it_back() {
    let (ws, _recovery, mut h) = open_scratch("opportunity-to-reservation");
    let path = ws.path().join("opportunity-to-reservation.flow.ron");
    let before = std::fs::read_to_string(&path).expect("reads");
    let flow = h.state().tab().expect("tab").doc.flow().clone();
    // The three steps after the trigger (those the opened view shows whole), chosen with
    // a click and Shift+clicks.
    let middle: Vec<NodeId> = ["only_won", "find_account", "each_product"]
        .iter()
        .map(|id| NodeId::new(*id).expect("id"))
        .collect();
    assert!(middle.iter().all(|id| flow.node(id).is_some()));
    click_node(&mut h, &middle[0]);
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    for id in &middle[1..] {
        let rect = h
            .state()
            .tab()
            .expect("tab")
            .canvas
            .node_rect(id)
            .expect("drawn");
        let at = rect.center_bottom() - Vec2::new(0.0, 6.0);
        h.hover_at(at);
        h.step();
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos: at,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::SHIFT,
            });
            h.step();
        }
        h.run_ok();
    }
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.remove_cursor();
    h.run_ok();
    assert_eq!(h.state().tab().expect("tab").selection.len(), middle.len());
    h.get_by_label(menu::FLOW).click();
    h.run_ok();
    // The inspector offers it too, for the steps selected: this is the menu's item.
    h.get_all(by().label_contains(UiCommand::MakeSubflow.label()))
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .expect("the Flow menu's item")
        .click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, make_subflow::NAME)
        .type_text("Prepare the reservation");
    h.run_ok();
    h.get_by_label(make_subflow::MAKE).click();
    h.run_ok();

    let file = ws.path().join("prepare-the-reservation.flow.ron");
    let sub = switchboard::store::load_flow(&file).expect("the sub-flow was saved");
    assert_eq!(sub.kind, switchboard::model::FlowKind::Subflow);
    let tab = h.state().tab().expect("tab");
    assert!(middle.iter().all(|id| tab.doc.flow().node(id).is_none()));
    assert!(tab
        .doc
        .flow()
        .nodes
        .iter()
        .any(|n| matches!(&n.step, Step::CallSubflow { subflow, .. } if subflow.as_str() == "prepare-the-reservation")));
    // The palette offers it at once.
    h.get_by_label("Reusable steps");
    assert!(h.query_all(by().label("Prepare the reservation")).count() >= 1);

    // One Undo gives the flow back exactly; the file stays.
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::Z]);
    h.run_ok();
    let now = switchboard::store::flow_to_string(h.state().tab().expect("tab").doc.flow())
        .expect("writes");
    assert_eq!(now, before);
    assert!(file.is_file());
}

#[test]
fn a_subflow_dropped_into_itself_is_refused_with_why() {
    let (_ws, _recovery, mut h) = open_scratch("normalize-contact");
    let from = reusable(&h, "Normalise contact");
    let before = nodes(&h);
    drag(&mut h, from, Pos2::new(560.0, 560.0));
    assert_eq!(nodes(&h), before, "nothing was added");
    h.get_by_label_contains("The sub-flow 'Normalise contact' cannot call itself");
}

#[test]
fn a_right_click_on_one_of_several_selected_steps_keeps_them_all_for_its_menu() {
    let (_ws, _recovery, mut h) = open_scratch("opportunity-to-reservation");
    let ids: Vec<NodeId> = ["only_won", "find_account", "each_product"]
        .iter()
        .map(|id| NodeId::new(*id).expect("id"))
        .collect();
    click_node(&mut h, &ids[0]);
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    let at = |h: &Harness<Designer>, id: &NodeId| {
        h.state()
            .tab()
            .expect("tab")
            .canvas
            .node_rect(id)
            .expect("drawn")
            .center_bottom()
            - Vec2::new(0.0, 6.0)
    };
    for id in &ids[1..] {
        let pos = at(&h, id);
        h.hover_at(pos);
        h.step();
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::SHIFT,
            });
            h.step();
        }
    }
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run_ok();
    // A right-click on the middle one opens its menu on all three.
    let pos = at(&h, &ids[1]);
    h.hover_at(pos);
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run_ok();
    assert_eq!(h.state().tab().expect("tab").selection.len(), 3);
    h.get_all(by().label_contains(UiCommand::MakeSubflow.label()))
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()).reverse())
        .expect("the menu's item")
        .click();
    h.run_ok();
    h.get_by_label_contains("The 3 selected steps move into a sub-flow");
    // A name another flow has is said as it is typed, and cannot be taken.
    h.get_by_role_and_label(Role::TextInput, make_subflow::NAME)
        .type_text("Normalise contact");
    h.run_ok();
    h.get_by_label_contains("A flow of the workspace is called 'Normalise contact' already");
    assert!(
        h.get_by_label(make_subflow::MAKE)
            .accesskit_node()
            .is_disabled()
    );
}
