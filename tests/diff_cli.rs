//! `switchboard diff` as a terminal, a pull request and CI use it: exit codes as diff(1),
//! the three formats, layout-only moves, unreadable inputs, and `--against REV` on a
//! git repository the test makes.

use std::path::Path;
use std::process::{Command, Output};

use crate::support;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const POS: &str = "pos-sale-to-crm-contact.flow.ron";

/// A copy of the example workspace with `edited.flow.ron`: the POS flow with `edit`
/// applied to its text.
fn workspace_with_edit(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = support::scratch_workspace();
    let text = std::fs::read_to_string(dir.path().join(POS)).expect("read");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changes the file");
    // It has the POS flow's id, so the workspace-wide rules take it for another copy of
    // the same flow, not for a second integration doing the same job.
    std::fs::write(dir.path().join("edited.flow.ron"), edited).expect("write");
    dir
}

/// The POS flow's Write sent to the POS itself, over plain HTTP.
fn write_to_pos(text: &str) -> String {
    let at = text.find("step: Write(").expect("a write");
    let (head, tail) = text.split_at(at);
    format!(
        "{head}{}",
        tail.replacen("system: \"sales_crm\"", "system: \"sidewalk_pos\"", 1)
    )
}

fn diff(dir: &Path, args: &[&str]) -> Output {
    support::switchboard_in(dir, &[&["diff"], args].concat())
}

#[test]
fn a_changed_mapping_exits_1_and_says_old_and_new_in_words() {
    let dir = workspace_with_edit(|t| {
        t.replace(
            "\"TotalPosSpend\": \"Total\"",
            "\"TotalPosSpend\": \"Total * 1.19\"",
        )
    });
    let out = diff(dir.path(), &[POS, "edited.flow.ron"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(
        text.contains(
            "step “Build the contact”: mapping of TotalPosSpend changed from `Total` to `Total * 1.19`"
        ),
        "{text}"
    );
    assert!(text.contains("What changed (1 change):"), "{text}");
    assert!(!text.contains('→'), "{text}");
}

#[test]
fn moving_steps_only_exits_0_with_one_line_saying_how_many_moved() {
    let dir = workspace_with_edit(|t| {
        let start = t.find("layout: {").expect("a layout");
        let (head, layout) = t.split_at(start);
        // Every position's x grows by 5: "(40.0, …" becomes "(45.0, …" and so on.
        let moved = regex::Regex::new(r"\((\d+)\.0, ")
            .expect("regex")
            .replace_all(layout, |c: &regex::Captures| {
                format!("({}.0, ", c[1].parse::<u32>().expect("number") + 5)
            });
        format!("{head}{moved}")
    });
    let steps = support::example_flow("pos-sale-to-crm-contact")
        .layout
        .0
        .len();
    let out = diff(dir.path(), &[POS, "edited.flow.ron"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(
        text.contains(&format!(
            "No change to what the flow does; only: moved {steps} steps."
        )),
        "{text}"
    );
    let same = diff(dir.path(), &[POS, POS]);
    assert_eq!(same.status.code(), Some(0));
    assert!(stdout(&same).contains("The two versions are the same."));
}

#[test]
fn a_file_that_cannot_be_read_exits_2_naming_it() {
    let dir = support::scratch_workspace();
    let out = diff(dir.path(), &[POS, "no-such.flow.ron"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.trim_end().ends_with("(in no-such.flow.ron)"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(stdout(&out).is_empty());
    std::fs::write(dir.path().join("broken.flow.ron"), "(format: 1, id: ").expect("write");
    let out = diff(dir.path(), &["broken.flow.ron", POS]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.flow.ron"), "{}", stderr(&out));
    // One file without --against is a usage mistake, also exit 2.
    let out = diff(dir.path(), &[POS]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("give two flow files"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_has_each_change_with_its_kind_step_setting_old_and_new() {
    let dir = workspace_with_edit(write_to_pos);
    let out = diff(dir.path(), &[POS, "edited.flow.ron", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["same_content"], false);
    assert_eq!(v["moved"], 0);
    let change = &v["changes"][0];
    assert_eq!(change["change"], "setting-changed", "{v:#}");
    assert_eq!(change["step"], "upsert_contact");
    assert_eq!(change["setting"], "system");
    assert_eq!(change["old"], "sales_crm");
    assert_eq!(change["new"], "sidewalk_pos");
    assert_eq!(
        change["text"],
        "step “Create or update the contact”: system changed from sales_crm to sidewalk_pos"
    );
    let new = v["findings"]["new"].as_array().expect("new findings");
    assert!(
        new.iter().any(|f| f["code"] == "personal-data-unencrypted"
            && f["location"]["node"] == "upsert_contact"),
        "{v:#}"
    );
    let reaches = v["exposure"]["now_reaches"].as_array().expect("exposure");
    assert!(
        reaches
            .iter()
            .any(|e| e["class"] == "PII" && e["system"] == "sidewalk_pos"),
        "{v:#}"
    );
}

#[test]
fn markdown_has_a_table_of_changes_and_the_governance_and_exposure_sections() {
    let dir = workspace_with_edit(write_to_pos);
    let out = diff(
        dir.path(),
        &[POS, "edited.flow.ron", "--format", "markdown"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.starts_with("## Changes to “"), "{md}");
    assert!(md.contains("| Step | Change |\n| --- | --- |\n"), "{md}");
    assert!(
        md.contains(
            "| Create or update the contact | system changed from sales_crm to sidewalk_pos |"
        ),
        "{md}"
    );
    assert!(md.contains("### Governance"), "{md}");
    assert!(md.contains("**New findings:**"), "{md}");
    assert!(
        md.contains(
            "| error | `personal-data-unencrypted` | step “Create or update the contact” |"
        ),
        "{md}"
    );
    assert!(
        md.contains("- **PII** now reaches **Sidewalk POS** ("),
        "{md}"
    );
    assert!(
        md.contains("- **PII** no longer reaches **Sales CRM** ("),
        "{md}"
    );
}

#[test]
fn human_output_shows_new_and_resolved_findings_and_exposure_both_ways() {
    let dir = workspace_with_edit(write_to_pos);
    let worse = stdout(&diff(dir.path(), &[POS, "edited.flow.ron"]));
    let send = "error[personal-data-unencrypted] on step “Create or update the contact”: The Sidewalk POS 'Create or update the contact' step sends PII data";
    let new_at = worse.find("New findings").expect("section");
    let resolved_at = worse.find("Resolved").expect("section");
    let at = worse.find(send).expect("the new finding");
    assert!(new_at < at && at < resolved_at, "{worse}");
    assert!(worse.contains("PII now reaches Sidewalk POS ("), "{worse}");
    let better = stdout(&diff(dir.path(), &["edited.flow.ron", POS]));
    let resolved_at = better.find("Resolved").expect("section");
    let open_at = better.find("Still open").expect("section");
    let at = better.find(send).expect("the resolved finding");
    assert!(resolved_at < at && at < open_at, "{better}");
    assert!(
        better.contains("PII no longer reaches Sidewalk POS ("),
        "{better}"
    );
}

#[test]
fn outside_a_workspace_only_structure_is_compared_and_a_note_says_so() {
    let (dir, path) = support::foreign_flow();
    let other = dir.path().join("other.flow.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &other,
        text.replace(
            "label: \"Build the contact\"",
            "label: \"Make the contact\"",
        ),
    )
    .expect("write");
    let out = diff(dir.path(), &["shared.flow.ron", "other.flow.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("renamed step “Build the contact” to “Make the contact”"),
        "{text}"
    );
    assert!(text.contains("Governance (structure only):"), "{text}");
    assert!(
        text.contains("note: other.flow.ron is not inside a workspace"),
        "{text}"
    );
    assert!(!text.contains("Data exposure"), "{text}");
    // With --workspace both are checked against the example workspace.
    let ws = support::examples();
    let out = diff(
        dir.path(),
        &[
            "shared.flow.ron",
            "other.flow.ron",
            "--workspace",
            ws.to_str().expect("utf-8"),
        ],
    );
    let text = stdout(&out);
    assert!(text.contains("Data exposure:"), "{text}");
    let out = diff(
        dir.path(),
        &[
            "shared.flow.ron",
            "other.flow.ron",
            "--workspace",
            "nowhere",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs (the tests of --against need git installed)");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

#[test]
fn against_a_revision_reads_the_old_version_from_git() {
    let dir = support::scratch_workspace();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "examples"]);
    let path = root.join(POS);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, write_to_pos(&text)).expect("write");
    git(root, &["commit", "-q", "-am", "write to the POS"]);
    // The working file equals HEAD: nothing changed.
    let out = diff(root, &[POS, "--against", "HEAD"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    // Against the commit before, the edit shows with what it does to governance.
    let out = diff(root, &[POS, "--against", "HEAD~1"]);
    let printed = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}{}", stderr(&out));
    assert!(
        printed.starts_with(&format!("Comparing {POS} at HEAD~1 with {POS}")),
        "{printed}"
    );
    assert!(
        printed.contains("system changed from sales_crm to sidewalk_pos"),
        "{printed}"
    );
    assert!(
        printed.contains("PII now reaches Sidewalk POS"),
        "{printed}"
    );
    // Also from a sub-folder, with a branch name.
    git(root, &["branch", "before", "HEAD~1"]);
    std::fs::create_dir(root.join("sub")).expect("mkdir");
    let out = diff(
        &root.join("sub"),
        &[&format!("../{POS}"), "--against", "before"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn against_says_plainly_what_is_missing() {
    let dir = support::scratch_workspace();
    let root = dir.path();
    // Not a repository (the temporary folder is outside this one).
    let out = diff(root, &[POS, "--against", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not in a git repository"),
        "{}",
        stderr(&out)
    );
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", POS]);
    git(root, &["commit", "-q", "-m", "one flow"]);
    let out = diff(root, &[POS, "--against", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("the revision no-such-branch is not known"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let out = diff(root, &["nightly-stock-copy.flow.ron", "--against", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the file did not exist at revision HEAD"),
        "{}",
        stderr(&out)
    );
    let out = diff(root, &[POS, "edited.flow.ron", "--against", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
}
