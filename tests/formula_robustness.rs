//! Any text, checked and — when it checks — evaluated on a real record, gives a result or
//! a located error: never a panic. Numbers are pushed to the edges of what a decimal holds.

use proptest::prelude::*;
use std::collections::HashMap;

use std::sync::OnceLock;

use switchboard::formula::{Env, Inputs, SchemaScope, analyze};
use switchboard::model::Record;
use switchboard::workspace::Workspace;

use crate::support;

/// The example workspace and a sample opportunity, loaded once for every case.
fn fixture() -> &'static (Workspace, Record) {
    static FIXTURE: OnceLock<(Workspace, Record)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let flow = support::example_flow("opportunity-to-reservation");
        (support::example_workspace(), flow.samples[0].clone())
    })
}

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Amount".to_owned()),
        Just("Probability".to_owned()),
        Just("CloseDate".to_owned()),
        Just("Name".to_owned()),
        Just("LineItems.Quantity".to_owned()),
        Just("79228162514264337593543950335".to_owned()),
        Just("0.0000000000000000000000000001".to_owned()),
        Just("0".to_owned()),
        Just("-1".to_owned()),
        Just("\"\"".to_owned()),
        Just("\"2026-02-30\"".to_owned()),
        Just("BLANK()".to_owned()),
        Just("TODAY()".to_owned()),
        Just("NOW()".to_owned()),
        (-1_000_000i64..1_000_000).prop_map(|n| n.to_string()),
    ]
}

fn formula() -> impl Strategy<Value = String> {
    let names: Vec<&'static str> = switchboard::formula::functions::catalogue()
        .into_iter()
        .map(|f| f.name)
        .collect();
    let ops = prop::sample::select(vec!["+", "-", "*", "/", "^", "&", "=", "<", ">="]);
    atom().prop_recursive(4, 24, 3, move |inner| {
        prop_oneof![
            (inner.clone(), ops.clone(), inner.clone())
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (
                prop::sample::select(names.clone()),
                prop::collection::vec(inner.clone(), 0..4)
            )
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            inner.prop_map(|a| format!("-{a}%")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn checking_and_evaluating_never_panics(text in formula()) {
        let (ws, record) = fixture();
        let fields = &ws.connectors["crm"].object("Opportunity").expect("object").fields;
        let scope = SchemaScope { fields, nodes: Vec::new() };
        let env = Env { now: "2026-11-22T09:30:00-05:00[America/New_York]".parse().expect("now"), tables: &ws.value_maps };
        let nodes = HashMap::new();
        let analysis = analyze(&text, &scope);
        for p in &analysis.problems {
            prop_assert!(p.span.end <= text.len(), "{} in {}", p.message, text);
        }
        if let Some(program) = analysis.program()
            && let Err(e) = program.eval(&Inputs { record, nodes: &nodes }, &env)
        {
            prop_assert!(e.span.end <= text.len() && !e.message.is_empty());
        }
    }

    #[test]
    fn arbitrary_text_is_checked_without_panicking(text in any::<String>()) {
        let scope = SchemaScope { fields: &[], nodes: Vec::new() };
        let _ = analyze(&text, &scope);
    }
}

/// Values at the edges of what a decimal holds, and the other kinds of value a function
/// may be handed by mistake.
const EDGES: [&str; 15] = [
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "39614081257132168796771975168",
    "-39614081257132168796771975168",
    "1E+300",
    "-1E-300",
    "0.0000000000000000000000000001",
    "0",
    "-1",
    "2.5",
    "1E+15",
    "\"x\"",
    "BLANK()",
    "CloseDate",
    "TRUE",
];

/// Checks and evaluates `text`; a panic comes back as the formula, for one list of all.
fn survives(text: &str) -> Result<(), String> {
    let (ws, record) = fixture();
    let outcome = std::panic::catch_unwind(|| {
        let fields = &ws.connectors["crm"]
            .object("Opportunity")
            .expect("object")
            .fields;
        let scope = SchemaScope {
            fields,
            nodes: Vec::new(),
        };
        let env = Env {
            now: "2026-11-22T09:30:00-05:00[America/New_York]"
                .parse()
                .expect("now"),
            tables: &ws.value_maps,
        };
        let nodes = HashMap::new();
        if let Some(program) = analyze(text, &scope).program() {
            let _ = program.eval(
                &Inputs {
                    record,
                    nodes: &nodes,
                },
                &env,
            );
        }
    });
    outcome.map_err(|_| text.to_owned())
}

/// Every function with every combination of up to three edge values, and every operator
/// between two: a deterministic sweep, where the generated formulas above are a sample.
#[test]
fn every_function_and_operator_survives_the_edges_of_a_number() {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut panics = Vec::new();
    for f in switchboard::formula::functions::catalogue() {
        let mut calls = vec![format!("{}()", f.name)];
        for a in EDGES {
            calls.push(format!("{}({a})", f.name));
            for b in EDGES {
                calls.push(format!("{}({a}, {b})", f.name));
                for c in EDGES {
                    calls.push(format!("{}({a}, {b}, {c})", f.name));
                }
            }
        }
        panics.extend(calls.iter().filter_map(|t| survives(t).err()));
    }
    for op in ["+", "-", "*", "/", "^", "&", "=", "<"] {
        for a in EDGES {
            for b in EDGES {
                panics.extend(survives(&format!("{a} {op} {b}")).err());
                panics.extend(survives(&format!("-{a}% {op} -{b}")).err());
            }
        }
    }
    std::panic::set_hook(hook);
    assert!(
        panics.is_empty(),
        "{} formulas panicked, e.g.:\n{}",
        panics.len(),
        panics[..panics.len().min(40)].join("\n")
    );
}
