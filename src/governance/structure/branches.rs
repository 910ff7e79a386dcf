//! `branch-case-name`: a branch's cases need distinct names that are not `else` (the port
//! items take when no case matches), and `open-branch`: a branch output with no wire drops
//! the items that take it without a word.

use std::collections::HashSet;

use super::Context;
use crate::governance::{Finding, Location, Severity};
use crate::model::{PortId, PortRef, Step};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for node in &cx.flow.nodes {
        let Step::Branch { cases } = &node.step else {
            continue;
        };
        let mut seen = HashSet::new();
        for case in cases {
            if case.port == PortId::otherwise() || !seen.insert(&case.port) {
                out.push(Finding::new(
                    "branch-case-name",
                    Severity::Error,
                    Location::Field {
                        node: node.id.clone(),
                        field: case.port.to_string(),
                    },
                    format!(
                        "{} has two ways out called '{}'",
                        super::sentence(cx.describe(node)),
                        case.port
                    ),
                    "Give each case its own name; `else` is taken by the items no case matches.",
                ));
            }
        }
        for port in node.step.outputs() {
            let end = PortRef::new(node.id.clone(), port.clone());
            if cx.index.wires_from(&node.id).iter().any(|w| w.from == end) {
                continue;
            }
            let which = if port == PortId::otherwise() {
                "items that match none of its cases".to_owned()
            } else {
                format!("items of the case '{port}'")
            };
            out.push(Finding::new(
                "open-branch",
                Severity::Warning,
                Location::Field { node: node.id.clone(), field: port.to_string() },
                format!(
                    "{} drops {which}: that way out is not connected",
                    super::sentence(cx.describe(node))
                ),
                format!("Connect the '{port}' output to a step, or add a Note saying why these items are left alone."),
            ));
        }
    }
}
