//! Workspace files that are not ordinary files: a named pipe (which would block whoever
//! opens it until something writes to it), a link to a device that never ends
//! (`/dev/zero`). Each is refused by what it is, before anything is read from it, and
//! the rest of the workspace still opens. Commands run as processes with a time limit, so
//! a hang fails the test instead of hanging the suite.

use std::path::Path;
use std::process::Command;

use switchboard::store::LoadErrorKind;
use switchboard::workspace::Workspace;

use crate::support::{self, switchboard_in};

fn fifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

fn link(to: &str, path: &Path) {
    let _ = std::fs::remove_file(path);
    std::os::unix::fs::symlink(to, path).expect("symlink");
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_named_pipe_as_policy_or_value_maps_is_refused_without_waiting() {
    for name in [
        "policy.ron",
        "value_maps.ron",
        "samples/sales_crm/Opportunity.ron",
    ] {
        let ws = support::scratch_workspace();
        fifo(&ws.path().join(name));
        let out = switchboard_in(ws.path(), &["check", "."]);
        let printed = text(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{name}: {printed}");
        assert!(
            printed.contains("error[file-unreadable]: this is a named pipe, not a file: Switchboard reads documents only from ordinary files"),
            "{name}: {printed}"
        );
        assert!(printed.contains(name), "{name}: {printed}");
        // The flows are still checked.
        assert!(printed.contains("Checked 8 flows"), "{name}: {printed}");
        for command in ["catalog", "report"] {
            let out = switchboard_in(ws.path(), &[command]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{command} with {name}: {}",
                text(&out.stderr)
            );
        }
    }
}

#[test]
fn a_named_pipe_named_as_a_flow_is_refused() {
    let ws = support::scratch_workspace();
    fifo(&ws.path().join("pipe.flow.ron"));
    let out = switchboard_in(ws.path(), &["check", "pipe.flow.ron"]);
    let printed = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{printed}");
    assert!(
        printed.contains("this is a named pipe, not a file"),
        "{printed}"
    );
    // In a folder it is one of the flows, and refused as such.
    let out = switchboard_in(ws.path(), &["check", "."]);
    let printed = text(&out.stdout);
    assert!(printed.contains("Checked 9 flows"), "{printed}");
    assert!(
        printed.contains("this is a named pipe, not a file"),
        "{printed}"
    );
    for args in [
        vec!["run", "pipe.flow.ron"],
        vec!["fmt", "--check", "pipe.flow.ron"],
        vec!["map", "pipe.flow.ron", "--node", "x"],
    ] {
        let out = switchboard_in(ws.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let said = text(&out.stdout) + &text(&out.stderr);
        assert!(said.contains("named pipe"), "{args:?}: {said}");
    }
}

#[test]
fn a_registry_linked_to_an_endless_device_is_refused_before_reading() {
    let ws = support::scratch_workspace();
    link("/dev/zero", &ws.path().join("systems.ron"));
    let e = Workspace::load(ws.path()).expect_err("no registry, no workspace");
    assert_eq!(e.kind, LoadErrorKind::Unreadable);
    assert_eq!(
        e.message,
        "this is a device, not a file: Switchboard reads documents only from ordinary files"
    );
    for command in [vec!["check", "."], vec!["catalog"], vec!["report"]] {
        let out = switchboard_in(ws.path(), &command);
        assert_eq!(out.status.code(), Some(2), "{command:?}");
    }

    // A sample linked to it is one problem of the workspace, which still opens.
    let ws = support::scratch_workspace();
    link(
        "/dev/zero",
        &ws.path().join("samples/sales_crm/Opportunity.ron"),
    );
    let workspace = Workspace::load(ws.path()).expect("opens");
    let problems: Vec<_> = workspace
        .problems
        .iter()
        .filter(|p| p.path.ends_with("Opportunity.ron"))
        .collect();
    assert_eq!(problems.len(), 1, "{:?}", workspace.problems);
    assert!(problems[0].message.starts_with("this is a device"));
}
