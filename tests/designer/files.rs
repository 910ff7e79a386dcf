//! Files: the guard on closing with unsaved changes, and recovery after a crash.

use egui_kittest::kittest::Queryable;

use super::*;
use crate::support;

/// Selects a step and deletes it with the Delete key, as a user would.
fn delete_step(h: &mut Harness<Designer>, node: &NodeId) {
    click_node(h, node);
    h.key_press(egui::Key::Delete);
    h.run_ok();
    assert!(!nodes(h).contains(node), "{node} was deleted");
}

#[test]
fn closing_with_unsaved_changes_asks_save_discard_or_cancel() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let path = ws.path().join("opportunity-to-reservation.flow.ron");
    let original = std::fs::read_to_string(&path).expect("read");
    let mut h = open_flow_in(ws.path(), recovery.path(), "opportunity-to-reservation");
    let node = NodeId::new("find_account").expect("id");
    delete_step(&mut h, &node);
    assert!(
        h.state().tab().expect("tab").caption().ends_with('•'),
        "the tab shows unsaved changes"
    );

    h.get_by_label(designer::CLOSE_TAB).click();
    h.run_ok();
    h.get_by_label(prompts::SAVE_CHANGES);
    h.get_by_label(prompts::CANCEL).click();
    h.run_ok();
    assert_eq!(h.state().tabs.len(), 1, "Cancel keeps the flow open");
    assert!(h.state().tab().expect("tab").doc.is_dirty());

    h.get_by_label(designer::CLOSE_TAB).click();
    h.run_ok();
    h.get_by_label(prompts::DISCARD).click();
    h.run_ok();
    assert!(h.state().tabs.is_empty(), "Discard closes it");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        original,
        "and writes nothing"
    );

    h.state_mut().open_path(&path).expect("opens again");
    h.run_ok();
    delete_step(&mut h, &node);
    h.get_by_label(designer::CLOSE_TAB).click();
    h.run_ok();
    h.get_by_label(prompts::SAVE).click();
    h.run_ok();
    assert!(h.state().tabs.is_empty());
    let saved = switchboard::store::load_flow(&path).expect("loads");
    assert!(
        saved.node(&node).is_none(),
        "Save wrote the change before closing"
    );
}

#[test]
fn unsaved_work_is_offered_back_after_a_crash() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let path = ws.path().join("opportunity-to-reservation.flow.ron");
    let node = NodeId::new("find_account").expect("id");
    {
        let mut h = open_flow_in(ws.path(), recovery.path(), "opportunity-to-reservation");
        delete_step(&mut h, &node);
        // The copy is written by the recovery writer, whatever the frames.
        h.state_mut().flush_recovery();
        // The designer dies here: no close, no save.
    }
    assert!(
        switchboard::store::load_flow(&path)
            .expect("loads")
            .node(&node)
            .is_some()
    );

    let mut h = harness(designer_on(ws.path(), recovery.path()));
    h.get_by_label(recovery_prompt::TITLE);
    h.get_by_label_contains("• Reserve stock when a deal is won");
    h.get_by_label(recovery_prompt::RECOVER).click();
    h.run_ok();
    let tab = h.state().tab().expect("the recovered flow is open");
    assert_eq!(tab.doc.path.as_deref(), Some(path.as_path()));
    assert!(
        tab.doc.flow().node(&node).is_none(),
        "the unsaved delete is back"
    );
    assert!(
        tab.doc.is_dirty(),
        "recovered work is not saved until the user saves"
    );
    // Recovered as one step over the file: Undo shows the file as it was saved.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_ok();
    assert!(
        h.state()
            .tab()
            .expect("tab")
            .doc
            .flow()
            .node(&node)
            .is_some()
    );
    // Once saved, no recovery copy is left to offer next time.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    assert!(
        std::fs::read_dir(recovery.path())
            .expect("dir")
            .next()
            .is_none(),
        "the recovery copy is gone once the work is saved"
    );
}

const KILL_WS: &str = "SWITCHBOARD_KILL_TEST_WORKSPACE";
const KILL_RECOVERY: &str = "SWITCHBOARD_KILL_TEST_RECOVERY";
/// What the child types into the flow's name, ten characters a second.
const TYPED: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// The child of [`killed_designer_offers_its_unsaved_work_back`]: opens a flow and types
/// into its name, ten characters a second, saying on stdout how many it has typed.
#[test]
#[ignore = "the child process of killed_designer_offers_its_unsaved_work_back"]
fn designer_typing_until_killed() {
    let (Some(ws), Some(recovery)) = (std::env::var_os(KILL_WS), std::env::var_os(KILL_RECOVERY))
    else {
        return;
    };
    let mut h = open_flow_in(
        std::path::Path::new(&ws),
        std::path::Path::new(&recovery),
        "opportunity-to-reservation",
    );
    let name = h.get_by_role_and_label(egui::accesskit::Role::TextInput, inspector::FLOW_NAME);
    name.click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.run_ok();
    for (i, c) in TYPED.chars().enumerate() {
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, inspector::FLOW_NAME)
            .type_text(&c.to_string());
        h.step();
        h.step();
        // A fast typist: ten characters a second, in real time (the recovery writer is a
        // thread of its own, not driven by frames).
        std::thread::sleep(std::time::Duration::from_millis(100));
        println!("typed {}", i + 1);
    }
    println!("done");
    std::thread::sleep(std::time::Duration::from_secs(60));
}

/// The designer process is killed (SIGKILL) while the user types; the next start offers
/// the unsaved work, and at most the last few seconds of typing are missing.
#[test]
fn killed_designer_offers_its_unsaved_work_back() {
    use std::io::{BufRead, BufReader};
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let path = ws.path().join("opportunity-to-reservation.flow.ron");
    let saved = std::fs::read(&path).expect("read");

    let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "designer::files::designer_typing_until_killed",
            "--ignored",
            "--nocapture",
        ])
        .env(KILL_WS, ws.path())
        .env(KILL_RECOVERY, recovery.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the designer");
    let mut typed = 0;
    for line in BufReader::new(child.stdout.take().expect("piped")).lines() {
        let line = line.expect("read the child");
        if let Some(n) = line.strip_prefix("typed ") {
            typed = n.parse().expect("a count");
            // 20 characters (2 s) in: kill it mid-typing, no close, no save.
            if typed == 20 {
                break;
            }
        }
        assert_ne!(line, "done", "the child finished before it was killed");
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    assert_eq!(typed, 20, "the child typed");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        saved,
        "nothing was saved"
    );

    let mut h = harness(designer_on(ws.path(), recovery.path()));
    h.get_by_label(recovery_prompt::TITLE);
    h.get_by_label(recovery_prompt::RECOVER).click();
    h.run_ok();
    let recovered = h.state().tab().expect("recovered").doc.flow().name.clone();
    assert!(
        TYPED.starts_with(&recovered),
        "the recovered name {recovered:?} is what was typed"
    );
    // Every change is handed to the recovery writer at once: at most the character typed
    // while the process was killed can be missing.
    assert!(
        recovered.len() + 1 >= typed,
        "recovered {recovered:?} of {typed} typed characters"
    );
}

/// A file dropped on the window, as eframe hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(h: &mut Harness<Designer>, path: &std::path::Path) {
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.to_owned())));
    h.run_ok();
}

#[test]
fn dropping_flow_files_opens_them_and_a_broken_one_is_explained() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = harness(designer_on(ws.path(), recovery.path()));
    drop_file(&mut h, &ws.path().join("pos-sale-to-crm-contact.flow.ron"));
    assert_eq!(h.state().tabs.len(), 1);
    assert_eq!(
        h.state().tab().expect("tab").doc.flow().id.as_str(),
        "pos-sale-to-crm-contact"
    );

    let broken = ws.path().join("broken.flow.ron");
    std::fs::write(&broken, "(\n    format: 1,\n    id: \"broken\",\n    name: \"Broken\",\n    nodes: [\n        (id: \"a\", label: \"A\", step: Teleport()),\n    ],\n)\n").expect("write");
    drop_file(&mut h, &broken);
    assert_eq!(h.state().tabs.len(), 1, "nothing half-open");
    let notice = h.state().notice.clone().expect("a message");
    assert!(
        notice.contains("line 6") && notice.contains("Teleport"),
        "{notice}"
    );
    h.get_by_label_contains("Teleport");
}
