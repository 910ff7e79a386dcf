//! Compare with…: the open flow against its file, or a git revision, shown on the canvas
//! (added, changed, removed steps marked), stepped through with Next / Previous, and a
//! changed step's settings before and now in the inspector.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::*;
use crate::support;
use switchboard::edit::Command;
use switchboard::model::Step;
use switchboard::ui::compare;

const FLOW: &str = "pos-sale-to-crm-contact";

/// The example flow open, with one mapping changed and one step removed since its file.
fn edited() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    Harness<'static, Designer>,
) {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = open_flow_in(ws.path(), recovery.path(), FLOW);
    let flow = h.state().tab().expect("tab").doc.flow().clone();
    let map = NodeId::new("build_contact").expect("id");
    let Some(Step::Map { target, mappings }) = flow.node(&map).map(|n| n.step.clone()) else {
        panic!("a Map step");
    };
    let mut mappings = mappings;
    mappings.insert("LeadSource".into(), "\"Till\"".into());
    h.state_mut().apply(
        Command::SetStep {
            node: map,
            step: Step::Map { target, mappings },
        },
        "Edit mapping",
        None,
    );
    h.state_mut().apply(
        Command::RemoveNodes(vec![NodeId::new("has_email").expect("id")]),
        "Delete step",
        None,
    );
    h.run_ok();
    (ws, recovery, h)
}

fn compare_with(h: &mut Harness<Designer>, field: &str, text: &str, button: &str) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::D);
    h.run_ok();
    h.get_by_label(compare::TITLE);
    h.get_by_role_and_label(Role::TextInput, field).click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text(text);
    h.run_ok();
    h.get_by_role_and_label(Role::Button, button).click();
    h.run_ok();
}

#[test]
fn comparing_with_the_file_marks_the_changes_and_steps_through_them() {
    let (ws, _r, mut h) = edited();
    let file = ws.path().join(format!("{FLOW}.flow.ron"));
    compare_with(
        &mut h,
        "File",
        &file.display().to_string(),
        compare::WITH_FILE,
    );
    let tab = h.state().tab().expect("tab");
    let comparing = tab.comparing.as_ref().expect("comparing");
    let marks = comparing.marks();
    assert!(
        marks
            .changed
            .contains(&NodeId::new("build_contact").expect("id"))
    );
    assert_eq!(marks.removed.len(), 1, "the removed step is a ghost");
    h.get_by_label_contains("Compared with");

    // Next selects each change's step; the changed Map shows its setting before and now.
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..comparing.changes.len() {
        h.get_by_role_and_label(Role::Button, compare::NEXT).click();
        h.run_ok();
        if let Some(node) = h.state().tab().expect("tab").selected_node() {
            seen.insert(node.clone());
        }
    }
    assert!(seen.contains(&NodeId::new("build_contact").expect("id")));
    h.state_mut()
        .select_and_frame(&NodeId::new("build_contact").expect("id"));
    h.run_ok();
    h.get_by_label_contains(compare::BEFORE);
    h.get_by_label("\"Point of Sale\"");

    h.get_by_role_and_label(Role::Button, compare::STOP).click();
    h.run_ok();
    assert!(h.state().tab().expect("tab").comparing.is_none());
}

#[test]
fn comparing_with_a_git_revision_reads_the_committed_version() {
    let (ws, _r, mut h) = edited();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(ws.path())
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&[
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@example.com",
        "add",
        ".",
    ]);
    git(&[
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "first",
    ]);
    compare_with(&mut h, "Revision", "HEAD", compare::WITH_REVISION);
    let tab = h.state().tab().expect("tab");
    let comparing = tab.comparing.as_ref().expect("comparing");
    assert!(comparing.against.contains("HEAD"));
    assert_eq!(comparing.marks().removed.len(), 1);

    // An unknown revision is said in the dialog.
    compare_with(&mut h, "Revision", "no-such-branch", compare::WITH_REVISION);
    h.get_by_label_contains("no-such-branch");
    assert!(
        h.query_by_label(compare::TITLE).is_some(),
        "the dialog stays open"
    );
}
