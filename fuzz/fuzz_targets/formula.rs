//! The formula parser, checker and evaluator, on any text: a parsed formula prints and
//! parses back to the same tree; a checked one evaluates on a real opportunity to a
//! value or a located error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;

use switchboard::formula::{Env, Inputs, SchemaScope, analyze, parse};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(expr) = parse(text) {
        let printed = expr.to_string();
        let again = parse(&printed).expect("a printed formula parses");
        assert_eq!(again.to_string(), printed, "printing is stable");
    }
    let workspace = common::workspace();
    let fields = &workspace.connectors["crm"]
        .object("Opportunity")
        .expect("the CRM has opportunities")
        .fields;
    let scope = SchemaScope {
        fields,
        nodes: Vec::new(),
    };
    let analysis = analyze(text, &scope);
    for p in &analysis.problems {
        assert!(p.span.end <= text.len(), "{} outside {text:?}", p.message);
    }
    let Some(program) = analysis.program() else {
        return;
    };
    let record = &common::example_flows()
        .iter()
        .find(|f| f.id.as_str() == "opportunity-to-reservation")
        .expect("the example flow")
        .samples[0];
    let env = Env {
        now: common::now(),
        tables: &workspace.value_maps,
    };
    let nodes = HashMap::new();
    if let Err(e) = program.eval(&Inputs { record, nodes: &nodes }, &env) {
        assert!(e.span.end <= text.len() && !e.message.is_empty());
    }
});
