//! A first flow from an empty workspace, as a sales-ops manager builds it: new flow, a
//! trigger and a write from the palette, a wire, a Map put into the wire, Auto-map, one
//! formula typed with completions, sample records pinned, F5, save under the offered
//! name. Every user action goes through [`User`], which counts them: the README's
//! designer section quotes the count.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::*;
use crate::support;
use switchboard::model::Step;
use switchboard::ui::{canvas, completion, samples};

/// The designer as a person drives it, counting each click, drag, key and typed text.
struct User {
    h: Harness<'static, Designer>,
    actions: usize,
}

impl User {
    fn click(&mut self, role: Role, label: &str) {
        self.h.get_by_role_and_label(role, label).scroll_to_me();
        self.h.run_ok();
        self.h.get_by_role_and_label(role, label).click();
        self.h.run_ok();
        self.actions += 1;
    }

    fn type_text(&mut self, role: Role, label: &str, text: &str) {
        self.h.get_by_role_and_label(role, label).type_text(text);
        self.h.run_ok();
        self.actions += 1;
    }

    fn key(&mut self, key: egui::Key) {
        self.h.key_press(key);
        self.h.run_ok();
        self.actions += 1;
    }

    fn chord(&mut self, modifiers: Modifiers, key: egui::Key) {
        self.h.key_press_modifiers(modifiers, key);
        self.h.run_ok();
        self.actions += 1;
    }

    fn drag(&mut self, from: Pos2, to: Pos2) {
        drag(&mut self.h, from, to);
        self.actions += 1;
    }

    /// Types into the palette's search and drags the item onto the canvas: two actions.
    fn add_step(&mut self, search: &str, title: &str, to: Pos2) -> NodeId {
        let before = nodes(&self.h);
        self.click(Role::TextInput, palette_ui::SEARCH);
        self.h
            .key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
        self.type_text(Role::TextInput, palette_ui::SEARCH, search);
        // The palette is the leftmost list with the item.
        let from = self
            .h
            .get_all(by().role(Role::Button).label(title))
            .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
            .expect("in the palette")
            .rect()
            .center();
        self.drag(from, to);
        let added: Vec<NodeId> = nodes(&self.h)
            .into_iter()
            .filter(|n| !before.contains(n))
            .collect();
        assert_eq!(added.len(), 1, "“{title}” added");
        added[0].clone()
    }

    fn flow(&self) -> switchboard::model::Flow {
        self.h.state().tab().expect("tab").doc.flow().clone()
    }
}

#[test]
fn a_won_opportunity_becomes_an_erp_sales_order_from_an_empty_workspace() {
    let ws = support::scratch_workspace();
    for entry in std::fs::read_dir(ws.path()).expect("list") {
        let path = entry.expect("entry").path();
        if path.to_string_lossy().ends_with(".flow.ron") {
            std::fs::remove_file(path).expect("remove");
        }
    }
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut user = User {
        h: harness(designer_on(ws.path(), recovery.path())),
        actions: 0,
    };

    // A new flow, named: the cursor is in its name, ready to type over it.
    user.chord(Modifiers::COMMAND, egui::Key::N);
    assert!(
        user.h
            .get_by_role_and_label(Role::TextInput, inspector::FLOW_NAME)
            .is_focused()
    );
    user.type_text(
        Role::TextInput,
        inspector::FLOW_NAME,
        "Won opportunities to ERP",
    );

    // The trigger and the write, side by side, wired.
    let area = user.h.state().tab().expect("tab").canvas.rect;
    let trigger = user.add_step(
        "opportunity updated",
        "When an Opportunity is updated",
        area.left_center() + Vec2::new(60.0, -60.0),
    );
    let write = user.add_step(
        "create sales order",
        "Create Sales order",
        area.center() + Vec2::new(120.0, -60.0),
    );
    let (from, to) = (
        pin(&user.h, &trigger, "out", false),
        pin(&user.h, &write, "in", true),
    );
    user.drag(from, to);
    // An Opportunity is not a Sales order: the wire is refused with a way through.
    user.h.get_by_label(canvas::REFUSED);
    user.click(Role::Button, canvas::CONNECT_VIA_MAP);
    let flow = user.flow();
    assert_eq!(flow.wires.len(), 2, "connected through a Map step");
    let map = flow
        .nodes
        .iter()
        .find(|n| matches!(n.step, Step::Map { .. }))
        .expect("a Map step")
        .id
        .clone();
    assert_eq!(
        user.h.state().tab().expect("tab").selected_node(),
        Some(&map)
    );

    // Auto-map, then the one required field it could not guess, typed with completions.
    user.click(Role::Button, UiCommand::AutoMap.label());
    user.h.get_by_label(inspector::mapping::UNDO_AUTO_MAP);
    user.click(Role::TextInput, "CustomerNumber *");
    user.type_text(Role::TextInput, "CustomerNumber *", "RIG");
    user.h.get_by_label(completion::HINT);
    user.key(egui::Key::Tab);
    user.type_text(Role::TextInput, "CustomerNumber *", "Acc");
    user.key(egui::Key::Tab);
    user.type_text(Role::TextInput, "CustomerNumber *", ", 6)");
    let mappings = match &user.flow().node(&map).expect("map").step {
        Step::Map { mappings, .. } => mappings.clone(),
        _ => unreachable!("a Map step"),
    };
    assert_eq!(mappings["CustomerNumber"], "RIGHT(AccountId, 6)");
    assert_eq!(mappings["NetValue"], "Amount", "Auto-map knew the synonym");

    // Sample records from the workspace, then a test run.
    user.click(Role::Button, BottomTab::TestRun.label());
    user.h.get_by_label_contains(samples::NO_SAMPLES_YET);
    user.click(Role::Button, samples::FROM_WORKSPACE);
    user.click(Role::Button, samples::CHOOSE_ALL);
    user.click(Role::Button, samples::PIN_CHOSEN);
    user.key(egui::Key::F5);
    wait_for_run(&mut user.h);
    user.h.run_ok();
    user.h
        .get_by_label_contains("would create 3 Sales order records in Finance ERP");

    // Saved under the name offered.
    user.chord(Modifiers::COMMAND, egui::Key::S);
    user.h.get_by_label(save_as::TITLE);
    user.click(Role::Button, save_as::SAVE);
    let path = ws.path().join("won-opportunities-to-erp.flow.ron");
    let saved = switchboard::store::load_flow(&path).expect("saved under the offered name");
    assert_eq!(saved.name, "Won opportunities to ERP");
    assert_eq!(saved.nodes.len(), 3);
    assert_eq!(saved.wires.len(), 2);
    assert_eq!(saved.samples.len(), 3);
    assert!(matches!(
        &saved.node(&map).expect("map").step,
        Step::Map { mappings, .. } if mappings["CustomerNumber"] == "RIGHT(AccountId, 6)"
    ));

    // The number the README quotes; fewer is better.
    assert_eq!(
        user.actions, FIRST_FLOW_ACTIONS,
        "update the README's count too"
    );
}

/// How many actions the first flow takes (README, "The designer").
const FIRST_FLOW_ACTIONS: usize = 24;
