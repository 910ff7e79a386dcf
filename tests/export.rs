//! `switchboard export temporal` (issue 21): the bundle holds the flows that may run in
//! production and says why the others may not; its manifest hashes every file; routes
//! and schedules say how each flow starts; a folder of other files is never replaced.

use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Command;

use crate::approvals::{approve, setup};
use crate::support;

fn export(workspace: &Path, out: &Path) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["export", "temporal"])
        .arg(workspace)
        .arg("--out")
        .arg(out)
        .args(["--time-zone", "America/New_York"])
        .output()
        .expect("runs");
    (
        o.status.code().expect("code"),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

#[test]
fn the_bundle_holds_what_may_run_and_says_why_the_rest_may_not() {
    let dir = support::scratch_workspace();
    let out = tempfile::tempdir().expect("tempdir");
    let bundle = out.path().join("bundle");
    let (code, said) = export(dir.path(), &bundle);
    assert_eq!(
        code, 1,
        "the examples' deliberate problems keep some out: {said}"
    );
    assert!(
        said.contains("left out pos-sale-to-crm-contact.flow.ron: it has an error finding"),
        "{said}"
    );
    assert!(bundle.join("opportunity-to-reservation.flow.ron").is_file());
    assert!(!bundle.join("pos-sale-to-crm-contact.flow.ron").exists());

    let manifest = json(&bundle.join("manifest.json"));
    assert_eq!(manifest["switchboard"], env!("CARGO_PKG_VERSION"));
    let files = manifest["files"].as_object().expect("files");
    for name in [
        "systems.ron",
        "value_maps.ron",
        "routes.json",
        "schedules.json",
        "opportunity-to-reservation.flow.ron",
    ] {
        let bytes = std::fs::read(bundle.join(name)).expect("in the bundle");
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(files[name], format!("sha256:{hex}"), "{name}");
    }
    assert!(manifest["refused"].as_array().expect("refused").len() >= 2);

    let routes = json(&bundle.join("routes.json"));
    let route = routes["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .find(|r| r["flow"] == "opportunity-to-reservation")
        .expect("a route for the won-deal flow");
    assert_eq!(route["path"], "/events/sales_crm/Opportunity/updated");
    assert_eq!(route["id_field"], "Id");
    assert_eq!(
        route["workflow_id"],
        "opportunity-to-reservation/{id}/{content}"
    );
    let erp = routes["write_queues"]
        .as_array()
        .expect("queues")
        .iter()
        .find(|q| q["system"] == "erp")
        .expect("the ERP's write queue");
    assert_eq!(erp["api_calls_per_day"], 20000);
    let rate = erp["max_per_second"].as_f64().expect("a rate");
    assert!((rate - 20000.0 / 86400.0).abs() < 1e-9, "{rate}");

    let schedules = json(&bundle.join("schedules.json"));
    let nightly = &schedules.as_array().expect("schedules")[0];
    assert_eq!(nightly["flow"], "nightly-stock-copy");
    assert_eq!(nightly["cron"], "0 2 * * *");
    assert_eq!(nightly["time_zone"], "America/New_York");

    // The bundle is a workspace of its own: plan works in it.
    let plan = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["plan", "opportunity-to-reservation.flow.ron", "--input"])
        .arg(dir.path().join("one.jsonl"))
        .args(["--out", "plan.json"])
        .current_dir(&bundle)
        .output()
        .expect("runs");
    assert_eq!(
        plan.status.code(),
        Some(2),
        "no input file: said, not a panic"
    );

    // Exported again over the earlier bundle: replaced whole, so a flow removed from
    // the workspace leaves it.
    std::fs::remove_file(dir.path().join("nightly-stock-copy.flow.ron")).expect("remove");
    let (code, said) = export(dir.path(), &bundle);
    assert_eq!(code, 1, "{said}");
    assert!(!bundle.join("nightly-stock-copy.flow.ron").exists());
    assert_eq!(json(&bundle.join("schedules.json")), serde_json::json!([]));
}

#[test]
fn a_folder_with_a_manifest_of_another_kind_is_not_replaced() {
    let dir = support::scratch_workspace();
    let out = tempfile::tempdir().expect("tempdir");
    let web = out.path().join("web");
    std::fs::create_dir_all(web.join("src")).expect("mkdir");
    std::fs::write(web.join("manifest.json"), "{\"name\": \"my app\"}").expect("write");
    std::fs::write(web.join("src/main.js"), "x").expect("write");
    let (code, said) = export(dir.path(), &web);
    assert_eq!(code, 2, "{said}");
    assert!(
        web.join("src/main.js").is_file(),
        "nothing of it was removed"
    );

    // An earlier bundle with a file added by hand is not ours alone either.
    let bundle = out.path().join("bundle");
    export(dir.path(), &bundle);
    std::fs::write(bundle.join("notes.txt"), "mine").expect("write");
    let (code, said) = export(dir.path(), &bundle);
    assert_eq!(code, 2, "{said}");
    assert!(bundle.join("notes.txt").is_file());
}

#[test]
fn exporting_from_inside_the_earlier_bundle_to_dot_replaces_it() {
    let dir = support::scratch_workspace();
    let out = tempfile::tempdir().expect("tempdir");
    let bundle = out.path().join("bundle");
    export(dir.path(), &bundle);
    let o = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["export", "temporal"])
        .arg(dir.path())
        .args(["--out", ".", "--time-zone", "UTC"])
        .current_dir(&bundle)
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(
        bundle.join("opportunity-to-reservation.flow.ron").is_file(),
        "{said}"
    );
    assert_eq!(json(&bundle.join("manifest.json"))["time_zone"], "UTC");
}

#[test]
fn a_folder_of_other_files_is_not_replaced() {
    let dir = support::scratch_workspace();
    let out = tempfile::tempdir().expect("tempdir");
    std::fs::write(out.path().join("notes.txt"), "mine").expect("write");
    let (code, said) = export(dir.path(), out.path());
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("holds files that are not an earlier bundle's"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("notes.txt")).expect("kept"),
        "mine"
    );
    let (code, said) = export(&dir.path().join("nowhere"), &out.path().join("b"));
    assert_eq!(code, 2, "{said}");
}

#[test]
fn where_the_policy_names_reviewers_only_approved_flows_go_in() {
    let s = setup();
    let out = tempfile::tempdir().expect("tempdir");
    let bundle = out.path().join("bundle");
    let (code, said) = export(s.dir.path(), &bundle);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("left out opportunity-to-reservation.flow.ron: no reviewer has approved it"),
        "{said}"
    );
    let approved = approve(
        &s,
        "opportunity-to-reservation.flow.ron",
        &s.ana,
        "Ready for production",
    );
    assert!(
        approved.status.success(),
        "{}",
        String::from_utf8_lossy(&approved.stdout)
    );
    let (_, said) = export(s.dir.path(), &bundle);
    assert!(
        bundle.join("opportunity-to-reservation.flow.ron").is_file(),
        "{said}"
    );

    // A change after the approval keeps it out again.
    let path = s.dir.path().join("opportunity-to-reservation.flow.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace(
            "Reserve stock when a deal is won",
            "Reserve stock for won deals",
        ),
    )
    .expect("write");
    let (_, said) = export(s.dir.path(), &bundle);
    assert!(
        said.contains(
            "left out opportunity-to-reservation.flow.ron: it changed since its last approval"
        ),
        "{said}"
    );
    assert!(!bundle.join("opportunity-to-reservation.flow.ron").exists());
}

#[test]
fn a_named_pipe_among_the_connectors_is_said_not_waited_on() {
    let dir = support::scratch_workspace();
    std::fs::create_dir_all(dir.path().join("connectors")).expect("mkdir");
    let made = Command::new("mkfifo")
        .arg(dir.path().join("connectors/pipe.ron"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let out = tempfile::tempdir().expect("tempdir");
    let (code, said) = export(dir.path(), &out.path().join("bundle"));
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("named pipe"), "{said}");
    assert!(!out.path().join("bundle").exists(), "nothing half-written");
}
