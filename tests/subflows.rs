//! Sub-flows (issue 22): a call is type-checked against the sub-flow's declared input,
//! a circle of calls is refused with the chain named, personal data handed to a sub-flow
//! that sends it over plain HTTP is found at the caller, test runs trace the sub-flow's
//! steps under the call, approvals cover what a caller calls, and "Make a sub-flow" then
//! undo gives back the flow byte for byte.

use std::path::Path;

use switchboard::edit::make_subflow;
use switchboard::governance::{self, Finding, Location, Severity};
use switchboard::model::{Flow, FlowId, FlowKind, NodeId};
use switchboard::run::{self, Control, Options};
use switchboard::store;
use switchboard::workspace::Workspace;

use crate::support;

const NOW: &str = "2026-11-22T09:30:00-05:00[America/New_York]";

/// A flow that hands the example sub-flow "Normalise contact" a sign-up's fields under
/// other names, and creates or updates the tidy contact it gives back.
const SIGNUPS: &str = r#"(
    format: 1,
    id: "signups-to-contacts",
    name: "Sign-ups to CRM contacts",
    catalog: (
        data_element: Some("Contact"),
        new_records_per_month: Some(300),
        frequency: Some(RealTime),
    ),
    nodes: [
        (
            id: "signup",
            label: "Sign-up",
            step: Trigger(Manual(inputs: [
                (name: "Mail", type: Email, classification: PII),
                (name: "Given", type: Text, classification: PII),
                (name: "Family", type: Text, classification: PII),
                (name: "Visits", type: Number),
            ])),
        ),
        (
            id: "normalise",
            label: "Normalise contact",
            step: CallSubflow(
                subflow: "normalize-contact",
                inputs: {
                    "Email": "Mail",
                    "FirstName": "Given",
                    "LastName": "Family",
                },
                outputs: ["contact"],
            ),
        ),
        (
            id: "save",
            label: "Create or update the contact",
            step: Write(
                system: "sales_crm",
                object: "Contact",
                action: Upsert(match_field: "Email"),
            ),
        ),
    ],
    wires: [
        "normalise:contact -> save",
        "signup -> normalise",
    ],
    samples: [
        {"Mail": " Ann.Lee@Example.org", "Given": "ann", "Family": "lee ", "Visits": 3},
        {"Mail": "bo@example.org", "Given": "bo", "Family": (), "Visits": 1},
    ],
)
"#;

fn parse(text: &str) -> Flow {
    store::parse_flow(Path::new("test.flow.ron"), text).expect("the test flow parses")
}

fn errors(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

fn on_field<'f>(findings: &'f [Finding], node: &str, field: &str) -> Vec<&'f Finding> {
    findings
        .iter()
        .filter(|f| match &f.location {
            Location::Field { node: n, field: x }
            | Location::Formula {
                node: n, field: x, ..
            } => n.as_str() == node && x == field,
            _ => false,
        })
        .collect()
}

fn options() -> Options {
    Options::new(NOW.parse().expect("a time"))
}

#[test]
fn the_example_subflow_loads_with_the_workspace_and_checks_clean() {
    let ws = support::example_workspace();
    let id = FlowId::new("normalize-contact").expect("id");
    let sub = ws.subflow(&id).expect("the workspace has the sub-flow");
    assert_eq!(sub.kind, FlowKind::Subflow);
    let findings = governance::check_flow(sub, Some(&ws));
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    // A sub-flow's volumes are its callers': no catalog warning for it.
    assert!(
        !findings.iter().any(|f| f.code == "catalog-incomplete"),
        "{findings:#?}"
    );
}

#[test]
fn a_call_is_type_checked_against_the_declared_input() {
    let ws = support::example_workspace();
    let good = parse(SIGNUPS);
    let findings = governance::check_flow(&good, Some(&ws));
    assert!(errors(&findings).is_empty(), "{findings:#?}");

    // A number where the sub-flow takes an e-mail address, a required input without a
    // formula, and an input the sub-flow does not have.
    let wrong = SIGNUPS.replace(
        r#""Email": "Mail","#,
        r#""Email": "Visits + 1", "Nickname": "Given","#,
    );
    let findings = governance::check_flow(&parse(&wrong), Some(&ws));
    let on_email = on_field(&findings, "normalise", "Email");
    assert!(
        on_email
            .iter()
            .any(|f| f.severity == Severity::Error && f.message.contains("Email")),
        "{findings:#?}"
    );
    let unknown = on_field(&findings, "normalise", "Nickname");
    assert!(
        unknown.iter().any(|f| f.code == "subflow-input-unknown"),
        "{findings:#?}"
    );
    let missing = SIGNUPS.replace(r#""Email": "Mail","#, "");
    let findings = governance::check_flow(&parse(&missing), Some(&ws));
    let on_email = on_field(&findings, "normalise", "Email");
    assert!(
        on_email.iter().any(|f| f.code == "subflow-input-missing"
            && f.message
                .contains("The sub-flow 'Normalise contact' needs Email")),
        "{findings:#?}"
    );

    // Formulas after the call read what the sub-flow's output declares.
    let schemas = switchboard::workspace::FlowSchemas::infer(&good, &ws);
    let into_save = schemas
        .input(&NodeId::new("save").expect("id"))
        .expect("the Write's input");
    let names: Vec<&str> = into_save.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Email", "FirstName", "LastName", "MobilePhone"]);

    // A sub-flow whose outputs changed since the call was made says so.
    let stale = SIGNUPS.replace(r#"outputs: ["contact"]"#, r#"outputs: ["person"]"#);
    let stale = stale.replace("normalise:contact", "normalise:person");
    let findings = governance::check_flow(&parse(&stale), Some(&ws));
    assert!(
        findings.iter().any(|f| f.code == "subflow-outputs-changed"
            && f.message.contains("now has the outputs contact")),
        "{findings:#?}"
    );
}

/// A sub-flow file calling `callee`, named `name`.
fn calling(id: &str, name: &str, callee: &str) -> String {
    format!(
        r#"(
    format: 1,
    id: "{id}",
    kind: Subflow,
    name: "{name}",
    nodes: [
        (id: "in", label: "In", step: Trigger(SubflowInput(fields: [(name: "Email", type: Email)]))),
        (id: "call", label: "Go on", step: CallSubflow(subflow: "{callee}", inputs: {{"Email": "Email"}}, outputs: ["done"])),
        (id: "done", label: "Done", step: SubflowOutput(port: "done", fields: [(name: "Email", type: Email)])),
    ],
    wires: ["call:done -> done", "in -> call"],
)
"#
    )
}

#[test]
fn a_circle_of_calls_is_refused_with_the_chain_named() {
    let dir = support::scratch_workspace();
    std::fs::write(
        dir.path().join("a.flow.ron"),
        calling("a", "Check address", "b"),
    )
    .expect("a");
    std::fs::write(
        dir.path().join("b.flow.ron"),
        calling("b", "Check e-mail", "a"),
    )
    .expect("b");
    let ws = Workspace::load(dir.path()).expect("loads");
    assert_eq!(ws.subflows.len(), 3, "{:?}", ws.subflows.keys());
    let a = ws.subflow(&FlowId::new("a").expect("id")).expect("a");
    let findings = governance::check_flow(a, Some(&ws));
    let circle = findings
        .iter()
        .find(|f| f.code == "subflow-calls-itself")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(circle.severity, Severity::Error);
    assert!(
        circle.message.contains(
            "would run without end: 'Check address' calls 'Check e-mail', which calls 'Check address' again"
        ),
        "{}",
        circle.message
    );

    // A flow calling into the circle is refused too, and a run of it ends.
    let caller = SIGNUPS
        .replace(r#"subflow: "normalize-contact""#, r#"subflow: "a""#)
        .replace(r#"outputs: ["contact"]"#, r#"outputs: ["done"]"#)
        .replace("normalise:contact", "normalise:done")
        .replace(r#""FirstName": "Given","#, "")
        .replace(r#""LastName": "Family","#, "");
    let caller = parse(&caller);
    let findings = governance::check_flow(&caller, Some(&ws));
    assert!(
        findings.iter().any(|f| f.code == "subflow-calls-itself"
            && f.message.contains(
                "'Check address' calls 'Check e-mail', which calls 'Check address' again"
            )),
        "{findings:#?}"
    );
    let trace = run::run_sample(&caller, &ws, &options(), &Control::default());
    assert!(trace.failed());
    let call = trace
        .node(&NodeId::new("normalise").expect("id"))
        .expect("ran");
    assert!(
        call.errors.iter().any(|e| e.contains("more than 16 deep")),
        "{:?}",
        call.errors
    );
}

/// The example workspace with a legacy CRM reached over plain HTTP, and a sub-flow that
/// logs a case there from fields it declares as merely internal.
fn legacy_workspace() -> tempfile::TempDir {
    let dir = support::scratch_workspace();
    let systems = dir.path().join("systems.ron");
    let text = std::fs::read_to_string(&systems).expect("systems.ron");
    let legacy = r#"systems: [
        (
            id: "legacy_crm",
            name: "Legacy CRM",
            kind: Crm,
            owner: Some((team: "Sales Operations", contact: "maria.lopez@riverton.example")),
            connector: "crm",
            endpoints: {"production": "http://legacy-crm.riverton.example/api"},
            approved_classes: [Public, Internal, Confidential, PII],
            api_calls_per_day: Some(12),
        ),"#;
    std::fs::write(&systems, text.replacen("systems: [", legacy, 1)).expect("written");
    std::fs::write(
        dir.path().join("log-to-legacy.flow.ron"),
        r#"(
    format: 1,
    id: "log-to-legacy",
    kind: Subflow,
    name: "Log in the legacy CRM",
    nodes: [
        (id: "in", label: "What to log", step: Trigger(SubflowInput(fields: [
            (name: "Subject", type: Text, required: true),
            (name: "Details", type: Text),
        ]))),
        (id: "case", label: "Build the case", step: Map(target: (system: "legacy_crm", object: "Case"), mappings: {
            "Description": "Details",
            "Status": "\"New\"",
            "Subject": "Subject",
        })),
        (id: "send", label: "Send to legacy CRM", step: Write(system: "legacy_crm", object: "Case", action: Create)),
        (id: "logged", label: "Logged", step: SubflowOutput(port: "logged", fields: [(name: "Subject", type: Text)])),
    ],
    wires: ["case -> send", "in -> case", "send -> logged"],
)
"#,
    )
    .expect("sub-flow written");
    dir
}

fn logging(details: &str) -> Flow {
    parse(
        &SIGNUPS
            .replace(
                r#"subflow: "normalize-contact",
                inputs: {
                    "Email": "Mail",
                    "FirstName": "Given",
                    "LastName": "Family",
                },
                outputs: ["contact"],"#,
                &format!(
                    r#"subflow: "log-to-legacy",
                inputs: {{
                    "Details": "{details}",
                    "Subject": "\"Sign-up\"",
                }},
                outputs: ["logged"],"#
                ),
            )
            .replace(
                r#"(
            id: "save",
            label: "Create or update the contact",
            step: Write(
                system: "sales_crm",
                object: "Contact",
                action: Upsert(match_field: "Email"),
            ),
        ),"#,
                "",
            )
            .replace(r#""normalise:contact -> save","#, ""),
    )
}

#[test]
fn personal_data_handed_to_a_subflow_that_sends_it_over_plain_http_is_found_at_the_caller() {
    let dir = legacy_workspace();
    let ws = Workspace::load(dir.path()).expect("loads");
    let sub = ws
        .subflow(&FlowId::new("log-to-legacy").expect("id"))
        .expect("the sub-flow loads");
    // On its own the sub-flow moves nothing personal.
    let own = governance::check_flow(sub, Some(&ws));
    assert!(
        !own.iter().any(|f| f.code == "personal-data-unencrypted"),
        "{own:#?}"
    );

    // Handing it the sign-up's e-mail address is personal data over plain HTTP, found at
    // the call, with the way to the step that sends it.
    let findings = governance::check_flow(&logging("\\\"Signed up: \\\" & Mail"), Some(&ws));
    let found = findings
        .iter()
        .find(|f| f.code == "personal-data-unencrypted")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(found.severity, Severity::Error);
    assert_eq!(
        found.location,
        Location::Node {
            node: NodeId::new("normalise").expect("id")
        }
    );
    assert!(
        found.message.ends_with(
            " — through the sub-flow 'Log in the legacy CRM', step 'Send to legacy CRM'"
        ),
        "{}",
        found.message
    );
    assert!(found.message.contains("PII"), "{}", found.message);

    // Handing it only the number of visits is not.
    let findings = governance::check_flow(&logging("TEXT(Visits)"), Some(&ws));
    assert!(
        !findings
            .iter()
            .any(|f| f.code == "personal-data-unencrypted"),
        "{findings:#?}"
    );

    // The legacy CRM's calls are counted in the caller's API budget and the catalog
    // lists the sub-flow the caller moves data through.
    let mut caller = logging("TEXT(Visits)");
    caller.nodes[0].step =
        switchboard::model::Step::Trigger(switchboard::model::Trigger::RecordEvent {
            system: switchboard::model::SystemId::new("sales_crm").expect("id"),
            object: "Contact".into(),
            event: switchboard::model::RecordEvent::Created,
            fields: Vec::new(),
        });
    // 300 sign-ups a month are 10 a day, each a case created in the legacy CRM through
    // the sub-flow: 10 of its 12 calls a day.
    let budget: Vec<_> = governance::check_workspace(&[&caller], &ws)
        .into_iter()
        .map(|(_, f)| f)
        .filter(|f| f.code.starts_with("api-budget"))
        .collect();
    assert!(
        budget.iter().any(|f| f
            .message
            .contains("Legacy CRM would get about 10 API calls a day, 83% of its limit of 12")),
        "{budget:#?}"
    );
    let rows = governance::catalog::catalog(&[&caller], &ws);
    assert!(
        rows.iter().any(|r| r[3] == "Legacy CRM"
            && r[12].contains("through the sub-flows 'Log in the legacy CRM' (log-to-legacy)")),
        "{rows:#?}"
    );
}

#[test]
fn a_test_run_traces_the_subflow_under_the_call() {
    let ws = support::example_workspace();
    let flow = parse(SIGNUPS);
    let trace = run::run_sample(&flow, &ws, &options(), &Control::default());
    assert!(!trace.failed(), "{trace:#?}");
    let call = trace
        .node(&NodeId::new("normalise").expect("id"))
        .expect("the call ran");
    assert_eq!(call.input.len(), 2);
    let nested = call.nested.as_ref().expect("the sub-flow's steps");
    let tidy = nested
        .node(&NodeId::new("tidy").expect("id"))
        .expect("the sub-flow's Map ran");
    assert_eq!(
        tidy.input.len(),
        2,
        "one sub-flow run per item, traced together"
    );
    assert_eq!(
        tidy.output[0].1.get("Email"),
        Some(&switchboard::model::Value::Text(
            "ann.lee@example.org".into()
        ))
    );
    assert_eq!(
        tidy.output[1].1.get("LastName"),
        Some(&switchboard::model::Value::Text("(unknown)".into()))
    );
    // What reached the sub-flow's output left the call through the port of that name.
    assert!(call.output.iter().all(|(port, _)| port == "contact"));
    let writes: Vec<_> = trace.writes().collect();
    assert_eq!(writes.len(), 2, "{writes:#?}");
    assert_eq!(
        writes[0].record.get("FirstName"),
        Some(&switchboard::model::Value::Text("Ann".into()))
    );
    // The JSON trace nests them too.
    let json = serde_json::to_value(&trace).expect("serializes");
    assert!(
        json["nodes"]["normalise"]["nested"]["nodes"]["tidy"].is_object(),
        "{json}"
    );
}

#[test]
fn making_a_subflow_then_undoing_gives_back_the_flow_byte_for_byte() {
    let ws = support::example_workspace();
    let path = support::examples().join("opportunity-to-reservation.flow.ron");
    let original_text = std::fs::read_to_string(&path).expect("reads");
    let flow = store::load_flow(&path).expect("loads");
    let before = run::run_sample(&flow, &ws, &options(), &Control::default());
    // Every step between the trigger and the last one.
    let trigger = flow.triggers().next().expect("trigger").id.clone();
    let last = flow
        .nodes
        .iter()
        .find(|n| {
            flow.wires.iter().all(|w| w.from.node != n.id)
                && !matches!(n.step, switchboard::model::Step::Note { .. })
        })
        .expect("a last step")
        .id
        .clone();
    let selected: Vec<NodeId> = flow
        .nodes
        .iter()
        .filter(|n| {
            n.id != trigger
                && n.id != last
                && !matches!(n.step, switchboard::model::Step::Note { .. })
        })
        .map(|n| n.id.clone())
        .collect();
    assert!(selected.len() >= 2, "{selected:?}");
    let made = make_subflow(
        &flow,
        &selected,
        Some(&ws),
        FlowId::new("prepare-reservation").expect("id"),
        "Prepare the reservation",
    )
    .expect("the selection becomes a sub-flow");
    let mut changed = flow.clone();
    let undo = made.command.clone().apply(&mut changed).expect("applies");
    assert!(changed.node(&made.call).is_some());
    assert!(selected.iter().all(|id| changed.node(id).is_none()));
    assert_eq!(FlowKind::of(&made.subflow), FlowKind::Subflow);

    // Saved beside it, the sub-flow checks and the caller runs as the flow did.
    let dir = support::scratch_workspace();
    store::create_flow(
        &dir.path().join("prepare-reservation.flow.ron"),
        &made.subflow,
    )
    .expect("saved");
    let ws2 = Workspace::load(dir.path()).expect("loads");
    let sub_findings = governance::check_flow(&made.subflow, Some(&ws2));
    assert!(errors(&sub_findings).is_empty(), "{sub_findings:#?}");
    let caller_findings = governance::check_flow(&changed, Some(&ws2));
    let before_errors = errors(&governance::check_flow(&flow, Some(&ws))).len();
    assert_eq!(
        errors(&caller_findings).len(),
        before_errors,
        "{caller_findings:#?}"
    );
    let after = run::run_sample(&changed, &ws2, &options(), &Control::default());
    let records = |t: &run::Trace| -> Vec<String> {
        t.writes()
            .map(|w| format!("{} {:?}", w.action, w.record))
            .collect()
    };
    assert_eq!(records(&after), records(&before));
    assert!(!records(&before).is_empty());

    // Undo, as one step, restores the file's exact bytes.
    undo.apply(&mut changed).expect("undoes");
    assert_eq!(
        store::flow_to_string(&changed).expect("writes"),
        original_text
    );
}

#[test]
fn a_selection_entered_at_two_steps_or_holding_the_trigger_is_refused_in_words() {
    let flow = support::example_flow("opportunity-to-reservation");
    let trigger = flow.triggers().next().expect("trigger").id.clone();
    let id = FlowId::new("x").expect("id");
    let err = make_subflow(&flow, &[trigger], None, id.clone(), "X").expect_err("refused");
    assert!(err.to_string().contains("The trigger cannot move"), "{err}");
    let err = make_subflow(&flow, &[], None, id, "X").expect_err("refused");
    assert!(err.to_string().contains("Select the steps"), "{err}");
}

#[test]
fn a_callers_approval_goes_stale_when_the_subflow_it_calls_changes() {
    let s = crate::approvals::setup();
    std::fs::write(s.dir.path().join("signups.flow.ron"), SIGNUPS).expect("caller");
    let out = crate::approvals::approve(&s, "signups.flow.ron", &s.ana, "sub-flows");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = || {
        support::switchboard_in(
            s.dir.path(),
            &["check", "--require-approval", "signups.flow.ron"],
        )
    };
    let out = check();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // The sub-flow's own content changes: the caller's approval no longer holds, and it
    // says why.
    let sub_path = s.dir.path().join("normalize-contact.flow.ron");
    let text = std::fs::read_to_string(&sub_path).expect("reads");
    std::fs::write(&sub_path, text.replace("LOWER(TRIM(Email))", "TRIM(Email)")).expect("writes");
    let out = check();
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("A sub-flow this flow calls changed since it was approved by Ana Ruiz"),
        "{said}"
    );
}

#[test]
fn an_export_takes_the_subflows_its_flows_call_and_never_starts_one_alone() {
    let dir = support::scratch_workspace();
    let caller = SIGNUPS.replace(
        r#"step: Trigger(Manual(inputs: ["#,
        r#"step: Trigger(Webhook(path: "/hooks/sign-ups", payload: ["#,
    );
    std::fs::write(dir.path().join("signups.flow.ron"), caller).expect("caller");
    let out = tempfile::tempdir().expect("temp dir");
    let bundle = out.path().join("bundle");
    let said = support::switchboard_in(
        dir.path(),
        &[
            "export",
            "temporal",
            ".",
            "--out",
            bundle.to_str().expect("utf-8"),
            "--time-zone",
            "UTC",
        ],
    );
    let printed = String::from_utf8_lossy(&said.stdout).to_string();
    assert!(
        printed.contains("with the sub-flows they call: normalize-contact.flow.ron"),
        "{printed}"
    );
    assert!(!printed.contains("left out normalize-contact"), "{printed}");
    assert!(bundle.join("signups.flow.ron").is_file());
    assert!(bundle.join("normalize-contact.flow.ron").is_file());
    let routes = std::fs::read_to_string(bundle.join("routes.json")).expect("routes");
    assert!(routes.contains("/webhooks/hooks/sign-ups"), "{routes}");
    assert!(!routes.contains("normalize-contact"), "{routes}");
    // The bundle's own copy is enough to plan the caller: the sub-flow runs inside.
    let plan = out.path().join("plan.json");
    let said = support::switchboard_in(
        &bundle,
        &[
            "plan",
            "signups.flow.ron",
            "--sample",
            "--now",
            NOW,
            "--out",
            plan.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(
        said.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&said.stdout),
        String::from_utf8_lossy(&said.stderr)
    );
    let plan = std::fs::read_to_string(&plan).expect("plan");
    assert!(plan.contains("ann.lee@example.org"), "{plan}");
}

#[test]
fn a_subflow_with_errors_of_its_own_blocks_its_callers() {
    let dir = support::scratch_workspace();
    let path = dir.path().join("normalize-contact.flow.ron");
    let text = std::fs::read_to_string(&path).expect("reads");
    std::fs::write(
        &path,
        text.replace("LOWER(TRIM(Email))", "LOWER(TRIM(Emial))"),
    )
    .expect("writes");
    let ws = Workspace::load(dir.path()).expect("loads");
    let findings = governance::check_flow(&parse(SIGNUPS), Some(&ws));
    let blocked = findings
        .iter()
        .find(|f| f.code == "subflow-has-errors")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(blocked.severity, Severity::Error);
    assert!(
        blocked.message.contains("The sub-flow 'Normalise contact' that the 'Normalise contact' step calls has 1 error of its own"),
        "{}",
        blocked.message
    );
    assert!(blocked.fix.contains("Integration Team"), "{}", blocked.fix);
}

/// Sub-flow `{prefix}{i}` of a chain ending at `{prefix}{last}`: it takes an e-mail
/// address (declared merely internal) and calls the next one `times` times over.
fn level(prefix: &str, i: usize, last: usize, times: usize) -> String {
    let (calls, wires) = if i == last {
        (String::new(), r#""in -> done""#.to_owned())
    } else {
        let next = i + 1;
        let calls: Vec<String> = (0..times)
            .map(|c| {
                format!(
                    r#"(id: "c{c}", label: "Go {c}", step: CallSubflow(subflow: "{prefix}{next}", inputs: {{"Email": "Email"}}, outputs: ["done"])),"#
                )
            })
            .collect();
        let wires: Vec<String> = (0..times)
            .flat_map(|c| {
                [
                    format!(r#""in -> c{c}""#),
                    format!(r#""c{c}:done -> done""#),
                ]
            })
            .collect();
        (calls.join("\n        "), wires.join(", "))
    };
    format!(
        r#"(
    format: 1,
    id: "{prefix}{i}",
    kind: Subflow,
    name: "Level {i}",
    nodes: [
        (id: "in", label: "In", step: Trigger(SubflowInput(fields: [(name: "Email", type: Email)]))),
        {calls}
        (id: "done", label: "Done", step: SubflowOutput(port: "done", fields: [(name: "Email", type: Email)])),
    ],
    wires: [{wires}],
)
"#
    )
}

#[test]
fn a_chain_of_subflows_each_calling_the_next_twice_checks_in_linear_time() {
    // As deep as a run goes: 2^16 ways down to the last level.
    const LEVELS: usize = switchboard::subflow::MAX_DEPTH;
    let dir = support::scratch_workspace();
    for i in 0..LEVELS {
        std::fs::write(
            dir.path().join(format!("s{i}.flow.ron")),
            level("s", i, LEVELS - 1, 2),
        )
        .expect("written");
    }
    let ws = Workspace::load(dir.path()).expect("loads");
    assert_eq!(ws.subflows.len(), LEVELS + 1);
    // Handed personal data, every level is looked through with its input raised: 2^16
    // ways down, 16 sub-flows. Were each way checked, this would take minutes.
    let caller = r#"(
    format: 1,
    id: "deep",
    name: "Deep",
    catalog: (data_element: Some("Contact"), new_records_per_month: Some(300), frequency: Some(RealTime)),
    nodes: [
        (id: "signup", label: "Sign-up", step: Trigger(Manual(inputs: [(name: "Mail", type: Email, required: true, classification: PII)]))),
        (id: "call", label: "Down the chain", step: CallSubflow(subflow: "s0", inputs: {"Email": "Mail"}, outputs: ["done"])),
    ],
    wires: ["signup -> call"],
    samples: [{"Mail": "ann@example.org"}],
)"#;
    let caller = parse(caller);
    let findings = governance::check_flow(&caller, Some(&ws));
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    let budget = governance::check_workspace(&[&caller], &ws);
    assert!(
        budget.iter().all(|(_, f)| f.severity != Severity::Error),
        "{budget:#?}"
    );

    // Running it is 2^16 runs of the last level for each item: the run's time limit ends
    // it, and says so.
    let mut options = options();
    options.max_duration = std::time::Duration::from_millis(300);
    let started = std::time::Instant::now();
    let trace = run::run_sample(&caller, &ws, &options, &Control::default());
    assert!(trace.out_of_time, "{:?}", trace.stopped);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));

    // Five levels more than a run goes: refused, and nothing looks further.
    for i in LEVELS - 1..LEVELS + 5 {
        std::fs::write(
            dir.path().join(format!("s{i}.flow.ron")),
            level("s", i, LEVELS + 4, 2),
        )
        .expect("written");
    }
    let ws = Workspace::load(dir.path()).expect("loads");
    let findings = governance::check_flow(&caller, Some(&ws));
    let deep = errors(&findings);
    // The too-deep sub-flows below are errors of their own too: the call says so.
    assert!(
        deep.iter()
            .all(|f| f.code == "subflow-too-deep" || f.code == "subflow-has-errors"),
        "{findings:#?}"
    );
    let too_deep = deep
        .iter()
        .find(|f| f.code == "subflow-too-deep")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert!(
        too_deep
            .message
            .contains("go 21 sub-flows deep, and a run stops after 16"),
        "{}",
        too_deep.message
    );
}

#[test]
fn personal_data_that_comes_back_out_of_a_subflow_is_still_personal_data() {
    let dir = legacy_workspace();
    std::fs::write(
        dir.path().join("echo.flow.ron"),
        r#"(
    format: 1,
    id: "echo",
    kind: Subflow,
    name: "Echo",
    nodes: [
        (id: "in", label: "In", step: Trigger(SubflowInput(fields: [(name: "Note", type: Text, classification: Public)]))),
        (id: "out", label: "Out", step: SubflowOutput(port: "out", fields: [(name: "Note", type: Text, classification: Public)])),
    ],
    wires: ["in -> out"],
)
"#,
    )
    .expect("sub-flow");
    let ws = Workspace::load(dir.path()).expect("loads");
    let caller = |handed: &str| {
        parse(&format!(
            r#"(
    format: 1,
    id: "echoing",
    name: "Echoing",
    nodes: [
        (id: "signup", label: "Sign-up", step: Trigger(Manual(inputs: [(name: "Mail", type: Email, required: true, classification: PII), (name: "Visits", type: Number)]))),
        (id: "call", label: "Echo it", step: CallSubflow(subflow: "echo", inputs: {{"Note": "{handed}"}}, outputs: ["out"])),
        (id: "case", label: "Build the case", step: Map(target: (system: "legacy_crm", object: "Case"), mappings: {{"Description": "Note", "Status": "\"New\"", "Subject": "\"Sign-up\""}})),
        (id: "send", label: "Send to legacy CRM", step: Write(system: "legacy_crm", object: "Case", action: Create)),
    ],
    wires: ["call:out -> case", "case -> send", "signup -> call"],
)"#
        ))
    };
    // An e-mail address in, Public on the way out: still personal data when it is sent.
    let findings = governance::check_flow(&caller(r#"\"x \" & Mail"#), Some(&ws));
    let found = findings
        .iter()
        .find(|f| f.code == "personal-data-unencrypted")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(
        found.location,
        Location::Node {
            node: NodeId::new("send").expect("id")
        }
    );
    // A number of visits is not.
    let findings = governance::check_flow(&caller("TEXT(Visits)"), Some(&ws));
    assert!(
        !findings
            .iter()
            .any(|f| f.code == "personal-data-unencrypted"),
        "{findings:#?}"
    );
}

#[test]
fn a_credential_typed_into_a_calls_input_is_found() {
    let ws = support::example_workspace();
    let flow = parse(&SIGNUPS.replace(
        r#""Email": "Mail","#,
        r#""Email": "Mail", "Phone": "\"Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345\"","#,
    ));
    let findings = governance::check_flow(&flow, Some(&ws));
    assert!(
        findings.iter().any(|f| f.code == "secret-in-flow"),
        "{findings:#?}"
    );
}

#[test]
fn a_flow_running_sub_flows_millions_of_times_over_stops_at_ten_thousand() {
    let dir = support::scratch_workspace();
    for i in 0..7 {
        std::fs::write(
            dir.path().join(format!("f{i}.flow.ron")),
            level("f", i, 6, 10),
        )
        .expect("written");
    }
    let ws = Workspace::load(dir.path()).expect("loads");
    let caller = parse(
        r#"(
    format: 1,
    id: "wide",
    name: "Wide",
    nodes: [
        (id: "signup", label: "Sign-up", step: Trigger(Manual(inputs: [(name: "Mail", type: Email, required: true)]))),
        (id: "call", label: "Fan out", step: CallSubflow(subflow: "f0", inputs: {"Email": "Mail"}, outputs: ["done"])),
    ],
    wires: ["signup -> call"],
    samples: [{"Mail": "ann@example.org"}],
)"#,
    );
    let started = std::time::Instant::now();
    let trace = run::run_sample(&caller, &ws, &options(), &Control::default());
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let call = trace.node(&NodeId::new("call").expect("id")).expect("ran");
    let said = call.errors.join(" ");
    assert!(
        said.contains("sub-flows ran more than 10,000 times in this run"),
        "{said}"
    );
    // Said by its cause, not by every level on the way.
    assert_eq!(said.matches("In the sub-flow").count(), 1, "{said}");
}

#[test]
fn two_files_declaring_one_subflow_id_are_neither_used() {
    let dir = support::scratch_workspace();
    let text =
        std::fs::read_to_string(dir.path().join("normalize-contact.flow.ron")).expect("reads");
    std::fs::write(
        dir.path().join("0-normalize-contact.flow.ron"),
        text.replace("LOWER(TRIM(Email))", r#"\"attacker@evil.example\""#),
    )
    .expect("copy");
    let ws = Workspace::load(dir.path()).expect("loads");
    assert!(
        ws.subflow(&FlowId::new("normalize-contact").expect("id"))
            .is_none()
    );
    assert!(
        ws.problems
            .iter()
            .any(|p| p.message.contains("is also declared by")
                && p.message.contains("neither is used")),
        "{:?}",
        ws.problems
    );
    let findings = governance::check_flow(&parse(SIGNUPS), Some(&ws));
    let missing = findings
        .iter()
        .find(|f| f.code == "subflow-missing")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert!(
        missing.fix.contains("0-normalize-contact.flow.ron")
            && missing.fix.contains("another file declares the same id"),
        "{}",
        missing.fix
    );
    // A run does not pick one of them either.
    let trace = run::run_sample(&parse(SIGNUPS), &ws, &options(), &Control::default());
    let call = trace
        .node(&NodeId::new("normalise").expect("id"))
        .expect("ran");
    assert!(
        call.errors
            .iter()
            .any(|e| e.contains("the sub-flow `normalize-contact` is not in the workspace")),
        "{:?}",
        call.errors
    );
}
