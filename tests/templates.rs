//! Templates (issue 22): every shipped template, instantiated against the example
//! workspace, checks without errors and test-runs; placeholders are filled from the
//! workspace's systems or said precisely; a flow saved as a template and instantiated
//! with its own systems is the same flow; a new flow never replaces a file.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use switchboard::governance::{self, Severity};
use switchboard::template;

use crate::support;

const NOW: &str = "2026-11-22T09:30:00-05:00[America/New_York]";

fn switchboard(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs");
    (
        out.status.code().expect("code"),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn every_shipped_template_checks_and_test_runs_on_the_example_workspace() {
    let (shipped, problems) = template::all(None);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(shipped.len() >= 6, "{shipped:?}");
    let dir = support::scratch_workspace();
    for t in &shipped {
        let out = format!("from-{}.flow.ron", t.name);
        // The example workspace has two CRMs and two service desks: which one each
        // template is for.
        let mut args = vec!["new", "--template", t.name.as_str(), "--out", out.as_str()];
        let choices: &[&str] = match t.name.as_str() {
            "request-to-service-desk" => {
                &["--set", "crm=citizen_crm", "--set", "itsm=public_works"]
            }
            // The sidewalk POS speaks plain HTTP: the downtown store's is the one a new
            // flow may read sales from.
            "pos-sale-to-crm-contact" => &["--set", "pos=downtown_pos", "--set", "crm=sales_crm"],
            "nightly-pos-sales-to-reporting" => &["--set", "pos=downtown_pos"],
            _ if t
                .template
                .placeholders
                .iter()
                .any(|p| p.name.as_str() == "crm") =>
            {
                &["--set", "crm=sales_crm"]
            }
            _ => &[],
        };
        args.extend(choices);
        let (code, said) = switchboard(dir.path(), &args);
        assert_eq!(code, 0, "{}: {said}", t.name);
        let flow = switchboard::store::load_flow(&dir.path().join(&out)).expect("loads");
        assert_eq!(flow.id.as_str(), format!("from-{}", t.name));
        let ws = support::example_workspace();
        let errors: Vec<String> = governance::check_flow(&flow, Some(&ws))
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.message)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", t.name);
        let (code, said) = switchboard(dir.path(), &["run", out.as_str(), "--now", NOW]);
        assert_eq!(code, 0, "{}: {said}", t.name);
        assert!(
            said.contains("Sample run: would"),
            "{}: the test run writes: {said}",
            t.name
        );
    }
}

#[test]
fn a_pos_template_on_the_plain_http_pos_says_why_it_cannot_be_approved() {
    let dir = support::scratch_workspace();
    let args = [
        "new",
        "--template",
        "pos-sale-to-crm-contact",
        "--set",
        "pos=sidewalk_pos",
        "--set",
        "crm=sales_crm",
        "--out",
        "sidewalk.flow.ron",
    ];
    // Made, and said at once why it cannot go to production as it is.
    let (code, said) = switchboard(dir.path(), &args);
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("over plain HTTP"), "{said}");
    assert!(dir.path().join("sidewalk.flow.ron").is_file());
    let (code, said) = switchboard(dir.path(), &["check", "sidewalk.flow.ron"]);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("error[personal-data-unencrypted]") && said.contains("over plain HTTP"),
        "{said}"
    );
}

#[test]
fn placeholders_are_filled_from_the_workspace_or_said_precisely() {
    let dir = support::scratch_workspace();
    let won = [
        "new",
        "--template",
        "won-deal-to-erp-reservation",
        "--out",
        "won.flow.ron",
    ];
    let (code, said) = switchboard(dir.path(), &won);
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("the workspace has several CRM systems, sales_crm, citizen_crm; say which with --set crm=ID"),
        "{said}"
    );
    assert!(!dir.path().join("won.flow.ron").exists());
    let (code, said) = switchboard(
        dir.path(),
        &[&won[..], &["--set", "crm=erp", "--set", "cmr=sales_crm"]].concat(),
    );
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("the template has no placeholder cmr (it has crm, erp)"),
        "{said}"
    );
    assert!(
        said.contains("must be a CRM system of the workspace: erp is not one"),
        "{said}"
    );
    // The ERP is the workspace's only one: taken without asking.
    let (code, said) = switchboard(
        dir.path(),
        &[&won[..], &["--set", "crm=sales_crm"]].concat(),
    );
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("crm = sales_crm, erp = erp"), "{said}");
    let before = std::fs::read(dir.path().join("won.flow.ron")).expect("written");
    let (code, said) = switchboard(
        dir.path(),
        &[&won[..], &["--set", "crm=citizen_crm"]].concat(),
    );
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("a new file never replaces one"), "{said}");
    assert_eq!(
        std::fs::read(dir.path().join("won.flow.ron")).expect("kept"),
        before
    );
    // The ending is added when left out, as the designer's save dialog adds it.
    let set = ["--set", "crm=citizen_crm"];
    let (code, said) = switchboard(dir.path(), &[&won[..4], &["won-2"], &set[..]].concat());
    assert_eq!(code, 0, "{said}");
    assert!(dir.path().join("won-2.flow.ron").is_file(), "{said}");
    let (code, said) = switchboard(
        dir.path(),
        &[&won[..4], &["nowhere/won.flow.ron"], &set[..]].concat(),
    );
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("nowhere/won.flow.ron: its folder does not exist"),
        "{said}"
    );
    assert!(!said.contains(".tmp"), "no temporary file named: {said}");
    let (code, said) = switchboard(
        dir.path(),
        &["new", "--template", "no-such", "--out", "x.flow.ron"],
    );
    assert_eq!(code, 2);
    assert!(
        said.contains("there is no template no-such; there are "),
        "{said}"
    );
    let (code, said) = switchboard(
        dir.path(),
        &[
            &won[..3],
            &["--out", "Bad Name.flow.ron", "--set", "crm=sales_crm"],
        ]
        .concat(),
    );
    assert_eq!(code, 2, "{said}");
}

#[test]
fn a_flow_saved_as_a_template_comes_back_the_same_with_its_own_systems() {
    let ws = support::example_workspace();
    for path in support::example_flow_paths() {
        let flow = switchboard::store::load_flow(&path).expect("loads");
        let t = template::from_flow(&flow, &ws);
        let mut originals = BTreeMap::new();
        let mut flow_systems = Vec::new();
        let mut copy = flow.clone();
        template::for_each_system(&mut copy, |s| flow_systems.push(s.clone()));
        let mut template_systems = Vec::new();
        let mut generic = t.flow.clone();
        template::for_each_system(&mut generic, |s| template_systems.push(s.clone()));
        for (placeholder, original) in template_systems.iter().zip(&flow_systems) {
            originals.insert(placeholder.clone(), original.clone());
            assert!(
                t.placeholders.iter().any(|p| &p.name == placeholder),
                "{placeholder} is declared"
            );
        }
        let back = template::instantiate(&t, &originals, flow.id.clone());
        let mut expected = flow.clone();
        expected.owner = None;
        assert_eq!(back, expected, "{}", path.display());
    }
}

#[test]
fn a_workspace_adds_its_own_templates_and_saves_flows_as_templates() {
    let dir = support::scratch_workspace();
    std::fs::create_dir(dir.path().join("templates")).expect("mkdir");
    let (code, said) = switchboard(
        dir.path(),
        &[
            "new",
            "--from-flow",
            "inventory-to-crm-availability.flow.ron",
            "--out",
            "templates/stock-to-crm.template.ron",
        ],
    );
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("as a template asking for erp, crm"), "{said}");
    let (code, said) = switchboard(dir.path(), &["new", "--list"]);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("stock-to-crm"), "{said}");
    assert!(said.contains("won-deal-to-erp-reservation"), "{said}");
    let (code, said) = switchboard(
        dir.path(),
        &[
            "new",
            "--template",
            "stock-to-crm",
            "--set",
            "crm=sales_crm",
            "--out",
            "copy.flow.ron",
        ],
    );
    assert_eq!(code, 0, "{said}");
    // Not a template's name: refused, nothing written.
    let (code, said) = switchboard(
        dir.path(),
        &[
            "new",
            "--from-flow",
            "inventory-to-crm-availability.flow.ron",
            "--out",
            "templates/x.ron",
        ],
    );
    assert_eq!(code, 2, "{said}");
    assert!(!dir.path().join("templates/x.ron").exists());
}
