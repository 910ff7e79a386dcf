//! Trust at the command line: a flow that was not checked against a workspace is never
//! passed, files are created as the user's umask says, and a save through a link keeps
//! the link.

use std::path::Path;
use std::process::{Command, Output};

use crate::support;

fn switchboard(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn printed(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// The POS flow, sent to someone outside any workspace: the folder holding
/// `shared.flow.ron`.
fn foreign_pos_flow() -> tempfile::TempDir {
    support::foreign_flow().0
}

#[test]
fn a_flow_outside_any_workspace_is_not_passed_as_checked() {
    let dir = foreign_pos_flow();
    let out = switchboard(&["check", "shared.flow.ron"], dir.path());
    let text = printed(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(!text.contains("no problems found"), "{text}");
    assert!(
        text.contains("error[not-checked-against-workspace]"),
        "{text}"
    );
    assert!(
        text.contains("1 flow not checked against a workspace"),
        "{text}"
    );
    assert!(text.contains("--workspace DIR"), "{text}");

    let json = switchboard(
        &["check", "shared.flow.ron", "--format", "json"],
        dir.path(),
    );
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(doc["exit_code"], 2);
    assert_eq!(json.status.code(), Some(2));
}

#[test]
fn check_against_a_chosen_workspace_finds_the_flows_real_problems() {
    let dir = foreign_pos_flow();
    let ws = support::examples();
    let ws = ws.to_str().expect("utf-8 path");
    let out = switchboard(&["check", "--workspace", ws, "shared.flow.ron"], dir.path());
    let text = printed(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("error[personal-data-unencrypted]"), "{text}");
    assert!(!text.contains("not-checked-against-workspace"), "{text}");
    // The copy is another version of the workspace's own flow, not a second integration
    // (the designer says the same).
    assert!(!text.contains("redundant-integration"), "{text}");
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
}

/// Runs switchboard under `umask`.
#[cfg(unix)]
fn switchboard_with_umask(umask: &str, args: &str, dir: &Path) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask {umask} && exec '{}' {args}",
            env!("CARGO_BIN_EXE_switchboard")
        ))
        .current_dir(dir)
        .output()
        .expect("sh runs")
}

#[cfg(unix)]
#[test]
fn files_switchboard_creates_follow_the_umask() {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let flows = support::examples();
    for (umask, expected) in [("022", 0o644), ("027", 0o640)] {
        let target = out_dir.path().join(format!("catalog-{umask}.csv"));
        let out = switchboard_with_umask(
            umask,
            &format!("catalog '{}' --out '{}'", flows.display(), target.display()),
            out_dir.path(),
        );
        assert!(out.status.success(), "{}", printed(&out));
        assert_eq!(mode(&target), expected, "umask {umask}");
    }
}

#[cfg(unix)]
#[test]
fn fmt_writes_through_a_link_to_the_shared_file() {
    let ws = support::scratch_workspace();
    let shared = tempfile::tempdir().expect("temp dir");
    let real = shared.path().join("pos.flow.ron");
    let text =
        std::fs::read_to_string(ws.path().join("pos-sale-to-crm-contact.flow.ron")).expect("read");
    // Not canonical: fmt has something to rewrite.
    std::fs::write(&real, text.replace("\n    name:", "\n        name:")).expect("write");
    let link = ws.path().join("pos-sale-to-crm-contact.flow.ron");
    std::fs::remove_file(&link).expect("remove");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    let out = switchboard(&["fmt", "pos-sale-to-crm-contact.flow.ron"], ws.path());
    assert!(out.status.success(), "{}", printed(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    assert_eq!(
        std::fs::read_to_string(&real).expect("read"),
        text,
        "the file it names is rewritten"
    );
}
