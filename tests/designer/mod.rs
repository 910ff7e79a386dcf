//! The designer driven as a user drives it: widgets found by their labels, clicks, drags
//! and typing through egui_kittest, then assertions on the model and the saved file.
//! This file holds the helpers a user's hand needs; each capability has its own module.

mod approving;
mod building;
mod canvas;
mod canvas_menus;
mod comparing;
mod details;
mod files;
mod first_flow;
mod fonts;
mod formulas;
mod importing;
mod review;
mod samples;
mod snapshots;
mod subflows;
mod templates;
mod test_runs;
mod trust;

use egui::{Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable, by};

use switchboard::model::{NodeId, PortId};
use switchboard::ui::{
    BottomTab, Designer, Recovery, Settings, UiCommand, designer, find, inspector, menu,
    palette_ui, personal, prompts, recovery_prompt, save_as, test_run,
};

pub fn designer_on(root: &std::path::Path, recovery: &std::path::Path) -> Designer {
    let mut designer = Designer::new(Settings::default(), Some(Recovery::new(recovery)));
    designer.open_workspace(root).expect("workspace opens");
    designer
}

/// The designer on workspace `ws` with its flow `name` open.
pub fn open_flow_in(
    ws: &std::path::Path,
    recovery: &std::path::Path,
    name: &str,
) -> Harness<'static, Designer> {
    let mut designer = designer_on(ws, recovery);
    designer
        .open_path(&ws.join(format!("{name}.flow.ron")))
        .expect("opens");
    harness(designer)
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
pub fn add_from_palette(h: &mut Harness<Designer>, search: &str, title: &str, to: Pos2) -> NodeId {
    let before: Vec<NodeId> = nodes(h);
    let search_box = h.get_by_role_and_label(egui::accesskit::Role::TextInput, palette_ui::SEARCH);
    search_box.click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, palette_ui::SEARCH)
        .type_text(search);
    h.run_ok();
    let from = h.get_by_label(title).rect().center();
    drag(h, from, to);
    // Clear the search again, as a user tidying up would.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, palette_ui::SEARCH)
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

pub fn pin(h: &Harness<Designer>, node: &NodeId, port: &str, input: bool) -> Pos2 {
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
pub fn wire(h: &mut Harness<Designer>, from: &NodeId, to: &NodeId) {
    let a = pin(h, from, "out", false);
    let b = pin(h, to, "in", true);
    drag(h, a, b);
}

pub fn click_node(h: &mut Harness<Designer>, node: &NodeId) {
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

pub fn choose(h: &mut Harness<Designer>, combo: &str, option: &str) {
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

pub fn codes(h: &Harness<Designer>) -> Vec<String> {
    h.state()
        .tab()
        .map(|t| t.findings.iter().map(|f| f.code.clone()).collect())
        .unwrap_or_default()
}

/// A scratch copy of the example workspace with its flow `name` open; the two temporary
/// folders (workspace, recovery) must live as long as the harness.
pub fn open_scratch(
    name: &str,
) -> (
    tempfile::TempDir,
    tempfile::TempDir,
    Harness<'static, Designer>,
) {
    let ws = crate::support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let h = open_flow_in(ws.path(), recovery.path(), name);
    (ws, recovery, h)
}

/// Lets frames pass until the active tab's test run has finished (a worker thread runs it).
pub fn wait_for_run(h: &mut Harness<Designer>) {
    for _ in 0..500 {
        h.step();
        let tab = h.state().tab().expect("tab");
        if tab.test_run.running.is_none() && tab.test_run.trace.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run_ok();
}
