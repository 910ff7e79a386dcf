//! Governance rules on the example workspace: each deliberate problem is found, located
//! and explained; each goes away when its cause is fixed; personal data is followed
//! through formulas.

use switchboard::governance::rules::{all, by_code, workspace_rules};
use switchboard::governance::{Finding, Location, Severity, check_flow, check_workspace};
use switchboard::model::{Flow, NodeId, ReadBy, Step};
use switchboard::workspace::Workspace;

use crate::support;

fn found(flow: &Flow, ws: &Workspace, code: &str) -> Vec<Finding> {
    check_flow(flow, Some(ws))
        .into_iter()
        .filter(|f| f.code == code)
        .collect()
}

fn on(f: &Finding) -> &str {
    f.location.node().map_or("", NodeId::as_str)
}

fn edit_systems(dir: &std::path::Path, from: &str, to: &str) -> Workspace {
    let path = dir.join("systems.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "systems.ron has {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    Workspace::load(dir).expect("loads")
}

#[test]
fn every_rule_has_a_code_a_title_an_explanation_and_a_policy_entry() {
    let policy = include_str!("../assets/policy/default.ron");
    let mut codes = std::collections::HashSet::new();
    for rule in all() {
        assert!(codes.insert(rule.code()), "{} twice", rule.code());
        assert!(
            !rule.title().is_empty() && rule.explanation().len() > 40,
            "{}",
            rule.code()
        );
        assert!(
            policy.contains(&format!("\"{}\"", rule.code())),
            "{} is in the default policy",
            rule.code()
        );
        assert!(by_code(rule.code()).is_some());
    }
    for rule in workspace_rules() {
        assert!(codes.insert(rule.code()), "{} twice", rule.code());
        assert!(
            !rule.title().is_empty() && rule.explanation().len() > 40,
            "{}",
            rule.code()
        );
        assert!(
            policy.contains(&format!("\"{}\"", rule.code())),
            "{} is in the default policy",
            rule.code()
        );
    }
}

#[test]
fn personal_data_over_plain_http_is_found_where_it_enters() {
    let ws = support::example_workspace();
    let flow = support::example_flow("pos-sale-to-crm-contact");
    let f = found(&flow, &ws, "personal-data-unencrypted");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(on(&f[0]), "sale_taken");
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].message.contains("brings in PII and PCI data (CardLast4, CardholderName, CustomerFirstName and 4 more) from Sidewalk POS over plain HTTP"), "{}", f[0].message);
    assert!(f[0].fix.starts_with("Ask Retail Operations (retail-ops@riverton.example) to move Sidewalk POS to an encrypted connection"));
}

#[test]
fn personal_data_is_followed_through_formulas_into_what_is_written() {
    let dir = support::scratch_workspace();
    // The CRM behind plain HTTP: what the contact flow writes is now exposed.
    let ws = edit_systems(
        dir.path(),
        "https://riverton.crm.example.com",
        "http://riverton.crm.example.com",
    );
    let mut flow = support::example_flow("pos-sale-to-crm-contact");
    let map = flow
        .nodes
        .iter_mut()
        .find(|n| n.id.as_str() == "build_contact")
        .expect("map");
    let Step::Map { mappings, .. } = &mut map.step else {
        panic!("map")
    };
    // Description is an Internal field, but this value is computed from an e-mail address.
    mappings.insert(
        "Description".into(),
        "\"Bought by \" & LEFT(CustomerEmail, 3)".into(),
    );
    let f: Vec<_> = found(&flow, &ws, "personal-data-unencrypted")
        .into_iter()
        .filter(|f| on(f) == "upsert_contact")
        .collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message.contains(
            "sends PII data (Description, Email, FirstName and 3 more) to Sales CRM over plain HTTP"
        ),
        "{}",
        f[0].message
    );
}

#[test]
fn classified_data_to_a_system_not_approved_for_it() {
    let ws = support::example_workspace();
    let flow = support::example_flow("service-request-to-work-order");
    let f = found(&flow, &ws, "class-not-approved");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(on(&f[0]), "drop_parks_file");
    assert!(f[0].message.contains("writes PII data (RequestedBy and RequesterPhone) to Parks nightly work-order drop, which is approved only for Public and Internal data"), "{}", f[0].message);

    let dir = support::scratch_workspace();
    let ws = edit_systems(
        dir.path(),
        "approved_classes: [Public, Internal],\n            tags: [\"legacy\"",
        "approved_classes: [Public, Internal, PII],\n            tags: [\"legacy\"",
    );
    assert!(found(&flow, &ws, "class-not-approved").is_empty());
}

#[test]
fn a_system_without_owner_is_named_once_per_flow() {
    let ws = support::example_workspace();
    let flow = support::example_flow("service-request-to-work-order");
    let f = found(&flow, &ws, "system-without-owner");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message
            .starts_with("Nobody owns Parks nightly work-order drop (`parks_dropbox`)"),
        "{}",
        f[0].message
    );

    let dir = support::scratch_workspace();
    let ws = edit_systems(
        dir.path(),
        "owner: None,",
        "owner: Some((team: \"Parks Department\")),",
    );
    assert!(found(&flow, &ws, "system-without-owner").is_empty());
}

#[test]
fn a_file_drop_where_the_consumer_has_an_api() {
    let ws = support::example_workspace();
    let flow = support::example_flow("service-request-to-work-order");
    let f = found(&flow, &ws, "file-drop-where-api-exists");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(on(&f[0]), "drop_parks_file");
    assert!(f[0].message.contains("hands work orders to Parks Maintenance System as files on Parks nightly work-order drop, but Parks Maintenance System takes work orders through its API"), "{}", f[0].message);

    let dir = support::scratch_workspace();
    let ws = edit_systems(dir.path(), "feeds: Some(\"parks_maintenance\"),", "");
    assert!(found(&flow, &ws, "file-drop-where-api-exists").is_empty());
}

#[test]
fn a_full_copy_of_a_change_tracked_object() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("nightly-stock-copy");
    let f = found(&flow, &ws, "full-copy-with-change-tracking");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].message.contains("copies every inventory level on each run (540,000 records a month) although Finance ERP can say which ones changed"), "{}", f[0].message);
    let read = flow
        .nodes
        .iter_mut()
        .find(|n| n.id.as_str() == "read_all_stock")
        .expect("read");
    let Step::Read { by, .. } = &mut read.step else {
        panic!("read")
    };
    *by = ReadBy::ChangedSinceLastRun;
    assert!(found(&flow, &ws, "full-copy-with-change-tracking").is_empty());
}

#[test]
fn missing_catalog_details_are_listed_at_the_catalog() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("opportunity-to-reservation");
    assert!(found(&flow, &ws, "catalog-incomplete").is_empty());
    flow.catalog.data_element = None;
    flow.catalog.frequency = None;
    let f = found(&flow, &ws, "catalog-incomplete");
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].location,
        Location::Catalog {
            field: "data_element".into()
        }
    );
    assert_eq!(
        f[0].message,
        "The flow 'Reserve stock when a deal is won' does not say which business data it moves (data element) and how often it runs"
    );
}

#[test]
fn the_policy_decides_severity_and_can_turn_a_rule_off() {
    let dir = support::scratch_workspace();
    let flow = support::example_flow("service-request-to-work-order");
    std::fs::write(dir.path().join("policy.ron"), "(format: 1, rules: {\"system-without-owner\": (severity: Off), \"file-drop-where-api-exists\": (severity: Error)})").expect("write");
    let ws = Workspace::load(dir.path()).expect("loads");
    assert!(found(&flow, &ws, "system-without-owner").is_empty());
    assert_eq!(
        found(&flow, &ws, "file-drop-where-api-exists")[0].severity,
        Severity::Error
    );
}

#[test]
fn two_flows_doing_the_same_job_are_told_about_each_other() {
    let ws = support::example_workspace();
    let flows: Vec<Flow> = support::example_flow_paths()
        .iter()
        .map(|p| switchboard::store::load_flow(p).expect("loads"))
        .collect();
    let refs: Vec<&Flow> = flows.iter().collect();
    let found: Vec<_> = check_workspace(&refs, &ws)
        .into_iter()
        .filter(|(_, f)| f.code == "redundant-integration")
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    let about = |id: &str| {
        found
            .iter()
            .find(|(i, _)| flows[*i].id.as_str() == id)
            .map(|(_, f)| f.clone())
            .expect("a finding")
    };
    let nightly = about("nightly-stock-copy");
    assert_eq!(nightly.location, Location::Flow);
    assert!(nightly.message.starts_with("The flow 'Stock availability on CRM products' (`inventory-to-crm-availability`) also moves Inventory Level from Finance ERP to Sales CRM"), "{}", nightly.message);
    assert_eq!(
        nightly.fix,
        "Agree with Sales Operations which of the two stays, and retire the other."
    );
    assert!(
        about("inventory-to-crm-availability")
            .fix
            .starts_with("Agree with Inside Sales")
    );

    // Writing somewhere else is another job.
    let mut changed = flows.clone();
    let nightly_flow = changed
        .iter_mut()
        .find(|f| f.id.as_str() == "nightly-stock-copy")
        .expect("flow");
    let write = nightly_flow
        .nodes
        .iter_mut()
        .find(|n| n.id.as_str() == "upsert_product")
        .expect("write");
    let Step::Write { system, .. } = &mut write.step else {
        panic!("write")
    };
    *system = switchboard::model::SystemId::new("reporting_db").expect("id");
    let refs: Vec<&Flow> = changed.iter().collect();
    assert!(
        check_workspace(&refs, &ws)
            .iter()
            .all(|(_, f)| f.code != "redundant-integration")
    );
}

#[test]
fn credentials_written_into_a_flow_are_found_where_they_are() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("service-request-to-work-order");
    assert!(found(&flow, &ws, "secret-in-flow").is_empty());
    let note = flow
        .nodes
        .iter_mut()
        .find(|n| n.id.as_str() == "why_csv")
        .expect("note");
    note.step = Step::Note {
        text: "Drop via sftp://svc_parks:Winter2026!@files01/parks until the API works".into(),
    };
    let map = flow
        .nodes
        .iter_mut()
        .find(|n| n.id.as_str() == "build_pw_order")
        .expect("map");
    let Step::Map { mappings, .. } = &mut map.step else {
        panic!("map")
    };
    mappings.insert(
        "Description".into(),
        "\"key sk_live_4eC39HqLyjWDarjtT1zdp7dc\"".into(),
    );
    flow.samples[0].insert(
        "Password".into(),
        switchboard::model::Value::Text("hunter2".into()),
    );
    let f = found(&flow, &ws, "secret-in-flow");
    let messages: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(f.len(), 3, "{messages:#?}");
    assert!(
        messages.contains(
            &"The 'Why a CSV file?' step has a user name and password in an address in its text"
        ),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.ends_with(
            "'Build Public Works order' step has an API key in the formula for Description"
        )),
        "{messages:#?}"
    );
    assert!(messages.contains(&"Sample record 1 of the flow '311 requests to department work orders' has a password in Password"), "{messages:#?}");
    assert!(
        f.iter()
            .all(|f| f.severity == Severity::Error && f.fix.contains("revoked"))
    );
}

#[test]
fn data_copied_onwards_from_a_system_that_is_not_its_record() {
    let ws = support::example_workspace();
    let mut flow = support::example_flow("pos-sales-to-reporting");
    assert!(found(&flow, &ws, "not-system-of-record").is_empty());
    // Customer contacts belong to the CRM; copying them from the tills to reporting is a copy of a copy.
    flow.catalog.data_element = Some("Contact".into());
    let f = found(&flow, &ws, "not-system-of-record");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(on(&f[0]), "read_yesterday");
    assert_eq!(
        f[0].message,
        "The Sidewalk POS 'Read yesterday's sales' step takes Contact from Sidewalk POS, but the system of record for Contact is Sales CRM; the copy written to Sales reporting database can drift from the truth"
    );
    // Feeding the system of record itself is fine.
    let flow = support::example_flow("pos-sale-to-crm-contact");
    assert_eq!(flow.catalog.data_element.as_deref(), Some("Contact"));
    assert!(found(&flow, &ws, "not-system-of-record").is_empty());
}

#[test]
fn api_budgets_add_up_every_flow_and_show_the_arithmetic() {
    let flows: Vec<Flow> = support::example_flow_paths()
        .iter()
        .map(|p| switchboard::store::load_flow(p).expect("loads"))
        .collect();
    let refs: Vec<&Flow> = flows.iter().collect();
    let ws = support::example_workspace();
    assert!(
        check_workspace(&refs, &ws)
            .iter()
            .all(|(_, f)| !f.code.starts_with("api-budget")),
        "the examples stay within budget"
    );

    // Half of a smaller limit: a warning on every flow that uses the CRM.
    let dir = support::scratch_workspace();
    let ws = edit_systems(
        dir.path(),
        "api_calls_per_day: Some(150000)",
        "api_calls_per_day: Some(30000)",
    );
    let warnings: Vec<_> = check_workspace(&refs, &ws)
        .into_iter()
        .filter(|(_, f)| f.code == "api-budget")
        .collect();
    let users: Vec<&str> = warnings
        .iter()
        .map(|(i, _)| flows[*i].id.as_str())
        .collect();
    assert_eq!(users.len(), 5, "{users:?}"); // the opportunity flow looks accounts up there too
    assert!(users.contains(&"nightly-stock-copy") && users.contains(&"marketing-lead-to-crm-lead"));
    let (_, nightly) = warnings
        .iter()
        .find(|(i, _)| flows[*i].id.as_str() == "nightly-stock-copy")
        .expect("finding");
    assert_eq!(nightly.severity, Severity::Warning);
    assert!(
        nightly.message.starts_with("Sales CRM would get about 19,"),
        "{}",
        nightly.message
    );
    assert!(
        nightly.message.contains("% of its limit of 30,000: "),
        "{}",
        nightly.message
    );
    assert!(
        nightly
            .message
            .contains("'Nightly stock copy to CRM' 18,000"),
        "{}",
        nightly.message
    );
    assert!(
        nightly.message.contains("(this flow: 18,000 a day;"),
        "{}",
        nightly.message
    );
    assert!(
        nightly
            .fix
            .contains("Sales Operations (maria.lopez@riverton.example)"),
        "{}",
        nightly.fix
    );

    // Past the whole limit: an error of its own code.
    let ws = edit_systems(
        dir.path(),
        "api_calls_per_day: Some(30000)",
        "api_calls_per_day: Some(15000)",
    );
    let exceeded: Vec<_> = check_workspace(&refs, &ws)
        .into_iter()
        .filter(|(_, f)| f.code == "api-budget-exceeded")
        .collect();
    assert_eq!(exceeded.len(), 5);
    assert!(exceeded.iter().all(|(_, f)| f.severity == Severity::Error));
}

const CUSTOM_POLICY: &str = r#"(
    format: 1,
    custom: [
        (
            code: "parks-drop-frozen",
            title: "Nothing new goes to the Parks file share",
            explanation: "The share is being retired in March.",
            severity: Error,
            forbid: WritesTo(system: "parks_dropbox"),
        ),
        (
            code: "no-pii-to-legacy",
            title: "No personal data in legacy systems",
            severity: Error,
            forbid: ClassReachesTag(class: PII, tag: "legacy"),
            fix: Some("Send only the case number; Parks looks the resident up in the 311 CRM."),
        ),
        (
            code: "no-file-transfer",
            title: "No file transfers for file-transfer systems",
            severity: Warning,
            forbid: MethodForTag(method: FileDrop, tag: "file-transfer"),
        ),
        (
            code: "pos-read-only-by-bi",
            title: "Only BI reads the tills",
            severity: Info,
            forbid: ReadsFrom(system: "sidewalk_pos"),
        ),
    ],
)"#;

#[test]
fn custom_rules_from_the_policy_find_what_they_forbid() {
    let dir = support::scratch_workspace();
    std::fs::write(dir.path().join("policy.ron"), CUSTOM_POLICY).expect("write");
    let ws = Workspace::load(dir.path()).expect("loads");
    assert!(ws.problems.is_empty(), "{:#?}", ws.problems);
    let flow = support::example_flow("service-request-to-work-order");

    let frozen = found(&flow, &ws, "parks-drop-frozen");
    assert_eq!(frozen.len(), 1);
    assert_eq!(on(&frozen[0]), "drop_parks_file");
    assert_eq!(
        frozen[0].message,
        "The Parks nightly work-order drop 'Add to Parks nightly file' step writes to Parks nightly work-order drop, which the rule 'Nothing new goes to the Parks file share' forbids"
    );
    assert!(
        frozen[0]
            .fix
            .starts_with("The share is being retired in March.")
    );

    let pii = found(&flow, &ws, "no-pii-to-legacy");
    assert_eq!(pii.len(), 1);
    assert!(pii[0].message.contains("sends PII data (RequestedBy and RequesterPhone) to Parks nightly work-order drop, a system tagged \"legacy\""), "{}", pii[0].message);
    assert_eq!(
        pii[0].fix,
        "Send only the case number; Parks looks the resident up in the 311 CRM."
    );

    let method = found(&flow, &ws, "no-file-transfer");
    assert_eq!(method.len(), 1);
    assert_eq!(method[0].severity, Severity::Warning);
    assert!(
        method[0]
            .message
            .contains("writes to Parks nightly work-order drop by file drop"),
        "{}",
        method[0].message
    );

    let pos = found(
        &support::example_flow("pos-sale-to-crm-contact"),
        &ws,
        "pos-read-only-by-bi",
    );
    assert_eq!(pos.len(), 1);
    assert_eq!(pos[0].severity, Severity::Info);
}

#[test]
fn custom_rules_stay_quiet_on_compliant_flows() {
    let dir = support::scratch_workspace();
    std::fs::write(dir.path().join("policy.ron"), CUSTOM_POLICY).expect("write");
    let ws = Workspace::load(dir.path()).expect("loads");
    for name in [
        "opportunity-to-reservation",
        "marketing-lead-to-crm-lead",
        "inventory-to-crm-availability",
    ] {
        let flow = support::example_flow(name);
        let custom: Vec<_> = check_flow(&flow, Some(&ws))
            .into_iter()
            .filter(|f| {
                [
                    "parks-drop-frozen",
                    "no-pii-to-legacy",
                    "no-file-transfer",
                    "pos-read-only-by-bi",
                ]
                .contains(&f.code.as_str())
            })
            .collect();
        assert!(custom.is_empty(), "{name}: {custom:#?}");
    }
}

#[test]
fn a_malformed_custom_rule_is_a_located_policy_problem() {
    let dir = support::scratch_workspace();
    std::fs::write(dir.path().join("policy.ron"), "(format: 1, custom: [(code: \"x\", title: \"X\", severity: Error, forbid: WritesInto(system: \"erp\"))])").expect("write");
    let ws = Workspace::load(dir.path()).expect("still opens");
    assert_eq!(ws.problems.len(), 1);
    assert!(
        ws.problems[0].message.contains(
            "unknown kind of custom rule `WritesInto`: expected one of `WritesTo`, `ReadsFrom`"
        ),
        "{}",
        ws.problems[0].message
    );
    assert!(ws.problems[0].position.is_some());
}

#[test]
fn the_readme_policy_example_is_a_valid_policy() {
    let readme = std::fs::read_to_string(support::repo().join("README.md")).expect("README");
    let start = readme
        .find("Admins add the organisation's own rules")
        .expect("section");
    let block = &readme[start..];
    let ron_start = block.find("```ron\n").expect("example") + "```ron\n".len();
    let ron_end = ron_start + block[ron_start..].find("```").expect("end");
    let policy: switchboard::workspace::Policy = switchboard::store::parse(
        std::path::Path::new("README.md"),
        &block[ron_start..ron_end],
    )
    .expect("the README's example parses");
    assert_eq!(policy.custom.len(), 3);
}

#[test]
fn findings_sort_as_a_roadmap_security_first_then_severity_then_impact() {
    let ws = support::example_workspace();
    let flow = support::example_flow("service-request-to-work-order");
    let findings = check_flow(&flow, Some(&ws));
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(
        &codes[..2],
        ["class-not-approved", "personal-data-unencrypted"],
        "{codes:?}"
    );
    assert_eq!(
        codes[2], "system-without-owner",
        "then the other errors: {codes:?}"
    );
    let impact = findings[0]
        .impact
        .expect("the flow's catalog says its volume");
    assert_eq!(impact.records_per_month, 2800);
    assert_eq!(impact.describe(), "2,800 records a month, as they change");
    let mut no_volume = flow.clone();
    no_volume.catalog.new_records_per_month = None;
    no_volume.catalog.changed_records_per_month = None;
    assert!(
        check_flow(&no_volume, Some(&ws))
            .iter()
            .all(|f| f.impact.is_none())
    );
}

#[test]
fn policy_parameters_tune_the_rules() {
    let dir = support::scratch_workspace();
    let flows: Vec<Flow> = support::example_flow_paths()
        .iter()
        .map(|p| switchboard::store::load_flow(p).expect("loads"))
        .collect();
    let refs: Vec<&Flow> = flows.iter().collect();
    let nightly = support::example_flow("nightly-stock-copy");
    let pos = support::example_flow("pos-sale-to-crm-contact");

    // A stricter budget threshold: the CRM's 13 % now warns; a larger volume threshold:
    // the nightly copy no longer does; plain HTTP approved: the POS finding goes away.
    std::fs::write(
        dir.path().join("policy.ron"),
        "(format: 1, parameters: (api_budget_warning_percent: 10, full_copy_records_per_month: 1000000, approved_transports: [Https, Http]))",
    )
    .expect("write");
    let ws = Workspace::load(dir.path()).expect("loads");
    assert!(ws.problems.is_empty(), "{:#?}", ws.problems);
    assert!(
        check_workspace(&refs, &ws)
            .iter()
            .any(|(_, f)| f.code == "api-budget" && f.message.starts_with("Sales CRM"))
    );
    assert!(found(&nightly, &ws, "full-copy-with-change-tracking").is_empty());
    assert!(found(&pos, &ws, "personal-data-unencrypted").is_empty());

    // Unnamed parameters keep their defaults.
    std::fs::write(
        dir.path().join("policy.ron"),
        "(format: 1, parameters: (items_per_list: 20))",
    )
    .expect("write");
    let ws = Workspace::load(dir.path()).expect("loads");
    assert_eq!(ws.policy.parameters.api_budget_warning_percent, 50);
    assert_eq!(
        found(&nightly, &ws, "full-copy-with-change-tracking").len(),
        1
    );
}

#[test]
fn many_flows_doing_the_same_job_are_counted_and_the_first_few_named() {
    let ws = support::example_workspace();
    let nightly = support::example_flow("nightly-stock-copy");
    let copies: Vec<Flow> = (1..=5)
        .map(|n| {
            let mut f = nightly.clone();
            f.id = switchboard::model::FlowId::new(format!("copy-{n}")).expect("id");
            f.name = format!("Copy {n}");
            f
        })
        .collect();
    let refs: Vec<&Flow> = copies.iter().collect();
    let found: Vec<_> = check_workspace(&refs, &ws)
        .into_iter()
        .filter(|(_, f)| f.code == "redundant-integration")
        .collect();
    assert_eq!(found.len(), 5, "one finding per flow: {found:#?}");
    let (i, first) = &found[0];
    assert_eq!(*i, 0);
    assert_eq!(
        first.message,
        "4 other flows also move Inventory Level from Finance ERP to Sales CRM: the flows \
         'Copy 2' (`copy-2`), 'Copy 3' (`copy-3`), 'Copy 4' (`copy-4`) and 1 more; \
         integrations doing the same job"
    );
    let (_, last) = &found[4];
    assert!(
        last.message
            .contains("'Copy 1' (`copy-1`), 'Copy 2' (`copy-2`), 'Copy 3' (`copy-3`) and 1 more"),
        "{}",
        last.message
    );
    assert_eq!(
        first.fix,
        "Agree with their owners which one stays, and retire the others."
    );
}

/// The designer keeps formula analyses from one check to the next; whatever the edit, its
/// findings must be exactly those of a check from scratch.
#[test]
fn checks_that_reuse_analyses_find_what_a_fresh_check_finds() {
    use switchboard::governance::{CheckMemo, check_flow_with};
    let ws = support::example_workspace();
    let mut edits = 0;
    for path in support::example_flow_paths() {
        let mut flow = switchboard::store::load_flow(&path).expect("loads");
        let memo = CheckMemo::default();
        let same = |flow: &Flow, memo: &CheckMemo| {
            assert_eq!(
                check_flow_with(flow, Some(&ws), memo).0,
                check_flow(flow, Some(&ws)),
                "{}",
                path.display()
            );
        };
        same(&flow, &memo);
        same(&flow, &memo);
        let maps: Vec<(usize, String)> = flow
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| match &n.step {
                Step::Map { mappings, .. } => mappings.keys().next().map(|k| (i, k.clone())),
                _ => None,
            })
            .collect();
        // The same formulas over a different input: each Map fed by the flow's first step
        // instead (a trigger's record has other fields), then as before.
        let first = flow.nodes[0].id.clone();
        for &(i, _) in &maps {
            let map = flow.nodes[i].id.clone();
            let before = flow.wires.clone();
            for wire in flow.wires.iter_mut().filter(|w| w.to.node == map) {
                wire.from = switchboard::model::PortRef::new(first.clone(), wire.from.port.clone());
            }
            same(&flow, &memo);
            flow.wires = before;
            same(&flow, &memo);
            edits += 2;
        }
        for (i, field) in maps {
            for text in ["BLANK()", "Nope + 1", "UPPER(", "1 + 1"] {
                if let Step::Map { mappings, .. } = &mut flow.nodes[i].step {
                    mappings.insert(field.clone(), text.to_owned());
                }
                same(&flow, &memo);
                edits += 1;
            }
        }
        // Cutting the first wire changes what the steps after it receive, and so what
        // their formulas can name.
        if !flow.wires.is_empty() {
            flow.wires.remove(0);
            same(&flow, &memo);
            edits += 1;
        }
        // A step's label is how formulas may name it.
        for node in &mut flow.nodes {
            node.label.push_str(" (renamed)");
        }
        same(&flow, &memo);
        assert!(
            memo.formulas.len() < 200,
            "the memo holds about one flow's analyses"
        );
    }
    assert!(edits >= 10, "{edits} edits compared");
}
