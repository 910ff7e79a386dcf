//! Approving in the designer: a reviewer opens a flow for review, signs it with their SSH
//! key in the Approve dialog, and the banner and the flows list say it is approved; a
//! later change makes it "changed since", and Compare lists what changed.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use ssh_key::{Algorithm, LineEnding, PrivateKey};

use super::*;
use crate::support;
use switchboard::ui::approval_ui;

const FLOW: &str = "marketing-lead-to-crm-lead";

/// A scratch workspace whose policy names Ana as reviewer; her key and a stranger's.
fn workspace() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = support::scratch_workspace();
    let mut keys = Vec::new();
    for name in ["ana", "stranger"] {
        let key =
            PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).expect("a key");
        let path = dir.path().join(format!("{name}.key"));
        key.write_openssh_file(&path, LineEnding::LF)
            .expect("written");
        keys.push((path, key));
    }
    let public = keys[0].1.public_key().to_openssh().expect("public");
    std::fs::write(
        dir.path().join("policy.ron"),
        format!("(\n    format: 1,\n    reviewers: [\n        (name: \"Ana Ruiz\", email: \"ana@example.com\", key: \"{public} ana\"),\n    ],\n)\n"),
    )
    .expect("policy");
    let stranger = keys.pop().expect("key").0;
    let ana = keys.pop().expect("key").0;
    (dir, ana, stranger)
}

fn reviewer_on(ws: &std::path::Path, recovery: &std::path::Path) -> Harness<'static, Designer> {
    let mut designer = designer_on(ws, recovery);
    designer.review = true;
    designer
        .open_path(&ws.join(format!("{FLOW}.flow.ron")))
        .expect("opens");
    harness(designer)
}

fn sign_with(h: &mut Harness<Designer>, key: &std::path::Path) {
    h.get_by_role_and_label(Role::Button, approval_ui::APPROVE)
        .click();
    h.run_ok();
    h.get_by_label(approval_ui::DIALOG_TITLE);
    h.get_by_role_and_label(Role::TextInput, approval_ui::KEY_FILE)
        .click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.get_by_role_and_label(Role::TextInput, approval_ui::KEY_FILE)
        .type_text(&key.display().to_string());
    h.run_ok();
    h.get_by_role_and_label(Role::Button, approval_ui::SIGN)
        .click();
    h.run_ok();
}

#[test]
fn a_reviewer_approves_in_the_designer_and_a_later_change_shows_in_compare() {
    let (ws, ana, stranger) = workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = reviewer_on(ws.path(), recovery.path());
    h.get_by_label("Not approved yet.");

    // A key the policy does not name is refused in the dialog; nothing is written.
    sign_with(&mut h, &stranger);
    h.get_by_label_contains("SHA256:");
    assert!(
        !ws.path().join("approvals.ron").exists(),
        "no approval written"
    );
    h.key_press(egui::Key::Escape);
    h.run_ok();

    sign_with(&mut h, &ana);
    let approvals = std::fs::read_to_string(ws.path().join("approvals.ron")).expect("written");
    assert!(
        approvals.contains("Ana Ruiz") && approvals.contains(FLOW),
        "{approvals}"
    );
    h.get_by_label_contains("Approved by Ana Ruiz on");
    assert!(
        h.query_all_by_label_contains("· approved").count() == 1,
        "the flows list says so"
    );

    // The designer of someone changing the flow afterwards.
    let mut designer = designer_on(ws.path(), recovery.path());
    designer
        .open_path(&ws.path().join(format!("{FLOW}.flow.ron")))
        .expect("opens");
    let mut h = harness(designer);
    let first = h.state().tab().expect("tab").doc.flow().nodes[0].id.clone();
    h.state_mut().apply(
        switchboard::edit::Command::Rename {
            node: first,
            label: "A new name".into(),
        },
        "Rename step",
        None,
    );
    h.run_ok();
    h.get_by_label_contains("Changed since Ana Ruiz approved it");
    h.get_by_role_and_label(Role::Button, approval_ui::COMPARE)
        .click();
    h.run_ok();
    h.get_by_label(approval_ui::COMPARE_TITLE);
    h.get_by_label_contains("” to “A new name”");
    h.get_by_role_and_label(Role::Button, approval_ui::CLOSE)
        .click();
    h.run_ok();
    assert!(h.query_by_label(approval_ui::COMPARE_TITLE).is_none());
}
