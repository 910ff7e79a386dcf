//! The `switchboard` binary as CI and a terminal use it: output, exit codes, JSON.

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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn check_prints_findings_like_a_compiler_and_exits_1_on_the_examples_deliberate_problems() {
    let out = switchboard(&["check", "flows/"], &support::repo());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("error[personal-data-unencrypted]: The Sidewalk POS 'Sale taken at the till' step brings in PII and PCI data"), "{text}");
    assert!(
        text.contains("warning[open-branch]: The step 'Route by department' drops items"),
        "{text}"
    );
    assert!(
        text.contains("flows/service-request-to-work-order.flow.ron:29:13"),
        "{text}"
    );
    assert!(
        text.contains("= help: Connect the 'else' output to a step"),
        "{text}"
    );
    assert!(
        text.contains("Checked 8 flows: 5 errors, 6 warnings."),
        "{text}"
    );
}

#[test]
fn check_exits_1_on_errors_and_2_on_unreadable_files() {
    let dir = support::scratch_workspace();
    let path = dir.path().join("pos-sale-to-crm-contact.flow.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("\"has_email -> build_contact\",\n", "")).expect("write");
    let out = switchboard(&["check", "."], dir.path());
    let printed = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains(
            "error[unreachable-step]: The step 'Build the contact' has nothing feeding it"
        ),
        "{printed}"
    );
    // Its formulas are not checked against an input it does not have.
    assert!(!printed.contains("error[formula]"), "{printed}");
    assert!(
        printed.contains("./pos-sale-to-crm-contact.flow.ron:"),
        "{printed}"
    );

    std::fs::write(
        dir.path().join("broken.flow.ron"),
        "(format: 1, id: \"b\", name: \"b\", nodes: [",
    )
    .expect("write");
    let out = switchboard(&["check"], dir.path());
    let printed = stdout(&out);
    assert_eq!(out.status.code(), Some(2), "{printed}");
    assert!(printed.contains("error[file-syntax]"), "{printed}");
    // The other flows were still checked.
    assert!(printed.contains("Checked 9 flows"), "{printed}");
}

#[test]
fn checking_one_file_still_compares_it_with_the_rest_of_its_workspace() {
    let out = switchboard(
        &["check", "flows/nightly-stock-copy.flow.ron"],
        &support::repo(),
    );
    let text = stdout(&out);
    assert!(text.contains("warning[redundant-integration]: The flow 'Stock availability on CRM products' (`inventory-to-crm-availability`) also moves Inventory Level from Finance ERP to Sales CRM"), "{text}");
    assert!(text.contains("Checked 1 flow:"), "{text}");
}

#[test]
fn check_of_a_single_file_finds_its_workspace() {
    let out = switchboard(
        &["check", "flows/opportunity-to-reservation.flow.ron"],
        &support::repo(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("Checked 1 flow: no problems found."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_json_is_one_document_with_located_findings() {
    let out = switchboard(&["check", "--format", "json", "flows"], &support::repo());
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(doc["summary"]["warnings"], 6);
    assert_eq!(doc["summary"]["errors"], 5);
    assert_eq!(doc["exit_code"], 1);
    let files = doc["files"].as_array().expect("files");
    assert_eq!(files.len(), 8);
    let with_findings: Vec<_> = files
        .iter()
        .filter(|f| !f["findings"].as_array().expect("list").is_empty())
        .collect();
    assert_eq!(with_findings.len(), 5);
    let finding = with_findings
        .iter()
        .flat_map(|f| f["findings"].as_array().expect("findings"))
        .find(|f| f["code"] == "open-branch")
        .expect("the open branch");
    assert_eq!(finding["code"], "open-branch");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["line"], 29);
    assert_eq!(finding["column"], 13);
    assert_eq!(finding["location"]["kind"], "field");
    assert_eq!(finding["location"]["node"], "by_department");
    assert!(
        finding["fix"]
            .as_str()
            .expect("fix")
            .starts_with("Connect the 'else' output")
    );
}

#[test]
fn a_missing_path_or_workspace_file_is_reported_not_ignored() {
    let out = switchboard(&["check", "no-such-folder"], &support::repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("there is no such file or folder"));

    let dir = support::scratch_workspace();
    std::fs::write(
        dir.path().join("systems.ron"),
        "(format: 1, systems: [(id: \"x\")])",
    )
    .expect("write");
    let out = switchboard(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("the field `name` is missing in this system"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_folder_without_flows_is_an_error_but_systems_ron_checks_its_workspace() {
    let out = switchboard(&["check", "tests"], &support::repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("there are no flow files (*.flow.ron) in this folder"),
        "{}",
        stdout(&out)
    );

    let dir = support::scratch_workspace();
    let systems = dir.path().join("systems.ron");
    let text = std::fs::read_to_string(&systems).expect("read");
    std::fs::write(
        &systems,
        text.replacen("connector: \"pos\"", "connector: \"till\"", 1),
    )
    .expect("write");
    let out = switchboard(&["check", "systems.ron"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("connector `till`, which is not installed"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("Checked 0 flows"), "{}", stdout(&out));
}

#[test]
fn fmt_check_passes_on_the_examples_and_fmt_rewrites_others() {
    let out = switchboard(&["fmt", "--check", "flows/"], &support::repo());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    let dir = support::scratch_workspace();
    let path = dir.path().join("nightly-stock-copy.flow.ron");
    let canonical = std::fs::read_to_string(&path).expect("read");
    let squashed: String = canonical
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    std::fs::write(&path, &squashed).expect("write");

    let out = switchboard(&["fmt", "--check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("not canonical: ./nightly-stock-copy.flow.ron"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        squashed,
        "--check changes nothing"
    );

    let out = switchboard(&["fmt", "nightly-stock-copy.flow.ron"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), canonical);
}

#[test]
fn fmt_upgrades_an_old_format_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lead-sync.flow.ron");
    std::fs::copy(support::fixture("v0/lead-sync.flow.ron"), &path).expect("copy");
    let out = switchboard(&["fmt", "lead-sync.flow.ron"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .starts_with("(\n    format: 1,")
    );
}

/// Built without the GUI, `switchboard` alone says there is no designer and what to do.
#[cfg(not(feature = "gui"))]
#[test]
fn no_subcommand_without_the_gui_says_so_and_points_to_help() {
    let out = switchboard(&[], &support::repo());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has no designer"), "{err}");
    assert!(err.contains("switchboard --help"), "{err}");
}

#[test]
fn check_points_inside_a_formula_past_escaped_quotes() {
    let dir = support::scratch_workspace();
    let path = dir.path().join("service-request-to-work-order.flow.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    let broken = text.replacen(
        "\"ShortDescription\": \"Type & \\\": \\\" & Subject\"",
        "\"ShortDescription\": \"Type & \\\": \\\" & Subjct\"",
        1,
    );
    assert_ne!(broken, text, "the example has the mapping");
    std::fs::write(&path, &broken).expect("write");
    let (line_no, line) = broken
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Subjct"))
        .expect("line");
    let column = line.find("Subjct").expect("column") + 1;

    let out = switchboard(
        &["check", "service-request-to-work-order.flow.ron"],
        dir.path(),
    );
    let printed = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("error[formula]: The formula for ShortDescription in the step 'Build Public Works order': there is no field called Subjct here"), "{printed}");
    assert!(
        printed.contains(&format!(
            "service-request-to-work-order.flow.ron:{}:{column}",
            line_no + 1
        )),
        "{printed}"
    );
    assert!(
        printed.contains("= help: Did you mean Subject?"),
        "{printed}"
    );
}

#[test]
fn check_writes_sarif_for_code_scanning() {
    let out = switchboard(&["check", "--format", "sarif", "flows/"], &support::repo());
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "switchboard");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 11);
    for r in results {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1), "{r}");
        assert!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.starts_with("flows/")),
            "{r}"
        );
        assert!(
            ["error", "warning", "note"].contains(&r["level"].as_str().expect("level")),
            "{r}"
        );
    }
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let owner = rules
        .iter()
        .find(|r| r["id"] == "system-without-owner")
        .expect("described");
    assert_eq!(owner["shortDescription"]["text"], "System without an owner");
    assert!(
        owner["fullDescription"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("answers for it"))
    );
}

#[test]
fn min_severity_hides_lesser_findings_and_policy_replaces_the_workspace_policy() {
    let out = switchboard(
        &["check", "--min-severity", "error", "flows/"],
        &support::repo(),
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(!text.contains("warning["), "{text}");
    assert!(text.contains("Checked 8 flows: 5 errors."), "{text}");

    let dir = tempfile::tempdir().expect("temp dir");
    let policy = dir.path().join("lenient.ron");
    std::fs::write(&policy, "(format: 1, rules: {\"personal-data-unencrypted\": (severity: Warning), \"class-not-approved\": (severity: Off), \"system-without-owner\": (severity: Off)})").expect("write");
    let out = switchboard(&["check", "--policy"], &support::repo());
    assert_ne!(out.status.code(), Some(0), "--policy needs a file");
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["check", "flows/", "--policy"])
        .arg(&policy)
        .current_dir(support::repo())
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("warning[personal-data-unencrypted]"),
        "{text}"
    );
    assert!(!text.contains("system-without-owner"), "{text}");

    std::fs::write(
        &policy,
        "(format: 1, rules: {\"cycle\": (severity: Fatal)})",
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["check", "flows/", "--policy"])
        .arg(&policy)
        .current_dir(support::repo())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("unknown severity `Fatal`"),
        "{}",
        stdout(&out)
    );
}

/// Compares `actual` with the golden file, or rewrites it when UPDATE_GOLDEN=1.
pub fn golden(name: &str, actual: &str) {
    let path = support::repo().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {} (run with UPDATE_GOLDEN=1 if the change is intended):\n-{}\n+{}",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or(""),
            actual.lines().nth(first).unwrap_or("")
        );
    }
}

#[test]
fn the_example_workspace_yields_exactly_the_findings_it_was_built_to_show() {
    let out = switchboard(&["check", "flows/"], &support::repo());
    golden("example-findings.txt", &stdout(&out));
}

#[test]
fn the_catalog_of_the_example_workspace_is_a_golden_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("catalog.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["catalog", "flows", "--out"])
        .arg(&out_path)
        .current_dir(support::repo())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Wrote 8 catalog rows to"));
    let csv = std::fs::read_to_string(&out_path).expect("written");
    assert!(csv.starts_with("Data Element,Source System,Source System Owner,Target System,Target System Owner,New Records Per Month,Changed Records Per Month,Update Frequency,Synchronization Type,Trigger,Integration Method,Security Concerns,Additional Notes\n"));
    golden("catalog.csv", &csv);
}

#[test]
fn the_catalog_reports_a_workspace_it_cannot_read() {
    let out = switchboard(&["catalog", "no-such-workspace"], &support::repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("this is not a folder"));
}

#[test]
fn the_findings_report_of_the_example_workspace_is_a_golden_file() {
    let out = switchboard(&["report", "flows"], &support::repo());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "# Integration findings: flows\n\n8 flows, 5 errors, 6 warnings, 0 notes."
        ),
        "{text}"
    );
    golden("example-report.md", &text);
}

#[test]
fn the_sarif_log_reads_as_the_sarif_2_1_0_object_model() {
    // serde-sarif's types are generated from the SARIF 2.1.0 JSON schema: a log that
    // deserializes into them has the schema's shape, required fields and enumerations.
    let out = switchboard(&["check", "--format", "sarif", "flows/"], &support::repo());
    let log: serde_sarif::sarif::Sarif =
        serde_json::from_slice(&out.stdout).expect("a SARIF 2.1.0 log");
    assert_eq!(log.runs.len(), 1);
    let results = log.runs[0].results.as_ref().expect("results");
    assert_eq!(results.len(), 11);
    assert!(results.iter().all(|r| r.rule_id.is_some()
        && r.level.is_some()
        && r.locations.as_ref().is_some_and(|l| l.len() == 1)));

    // And the model does refuse what the schema refuses.
    let mut broken: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(serde_json::from_value::<serde_sarif::sarif::Sarif>(broken).is_err());
}

/// The diagnostic block of `code` in compiler-style output: from its first line to the
/// blank line that ends it.
fn block<'a>(text: &'a str, code: &str) -> &'a str {
    let start = text
        .find(&format!("error[{code}]"))
        .unwrap_or_else(|| panic!("no {code} in {text}"));
    let end = text[start..].find("\n\n").map_or(text.len(), |e| start + e);
    &text[start..end]
}

#[test]
fn map_refuses_what_check_calls_an_error_on_the_step_and_says_it_the_same_way() {
    let ws = support::scratch_workspace();
    let flow = ws.path().join("pos-sale-to-crm-contact.flow.ron");
    let text = std::fs::read_to_string(&flow).expect("flow").replace(
        "\"LeadSource\": \"\\\"Point of Sale\\\"\",",
        "\"LeadSource\": \"\\\"Point of Sale\\\"\",\n                    \"Nickname\": \"CustomerFirstName\",\n                    \"Title\": \"UPPER(Nope)\",",
    );
    std::fs::write(&flow, text).expect("write");
    std::fs::write(ws.path().join("in.jsonl"), "{}\n").expect("write");
    let name = "pos-sale-to-crm-contact.flow.ron";
    let checked = stdout(&switchboard(&["check", name], ws.path()));
    let args = [
        "map",
        name,
        "--node",
        "build_contact",
        "--input",
        "in.jsonl",
    ];
    let out = switchboard(&args, ws.path());
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(out.stdout.is_empty(), "nothing is mapped");
    for code in ["unknown-field", "formula"] {
        let expected = block(&checked, code);
        assert!(expected.contains(&format!("{name}:")), "{expected}");
        assert_eq!(block(&said, code), expected);
    }
    assert!(
        !said.contains("personal-data-unencrypted"),
        "an error on another step is not this step's: {said}"
    );
    assert!(
        said.contains("The step `build_contact` has errors"),
        "{said}"
    );
}

#[test]
fn control_characters_in_labels_are_shown_not_sent_to_the_terminal() {
    let ws = support::scratch_workspace();
    let flow = ws.path().join("pos-sale-to-crm-contact.flow.ron");
    // RON's escapes put real control characters into the strings: ESC [2J clears a
    // terminal's screen, ESC ]0; sets its title.
    let text = std::fs::read_to_string(&flow)
        .expect("flow")
        .replace(
            "label: \"Sale taken at the till\"",
            "label: \"Sale taken \\u{1b}[2J\\u{1b}]0;pwned\\u{7} at the till\"",
        )
        .replace(
            "name: \"Sidewalk sale customers into the CRM\"",
            "name: \"Sidewalk \\u{1b}[31msale\"",
        );
    std::fs::write(&flow, text).expect("write");
    let name = "pos-sale-to-crm-contact.flow.ron";
    for args in [
        vec!["check", name],
        vec!["run", name],
        vec!["report"],
        vec!["catalog"],
    ] {
        let out = switchboard(&args, ws.path());
        let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        assert!(
            !all.iter().any(|b| *b == 0x1b || *b == 0x07),
            "{args:?} wrote a control character"
        );
        let shown = String::from_utf8_lossy(&all);
        let expected = if args[0] == "catalog" {
            "Sidewalk \\x1b[31msale"
        } else {
            "Sale taken \\x1b[2J\\x1b]0;pwned\\x07 at the till"
        };
        assert!(shown.contains(expected), "{args:?}: {shown}");
    }
    // JSON keeps the characters, escaped its own way.
    let out = switchboard(&["check", name, "--format", "json"], ws.path());
    assert!(
        stdout(&out).contains("Sale taken \\u001b[2J"),
        "{}",
        stdout(&out)
    );
}
