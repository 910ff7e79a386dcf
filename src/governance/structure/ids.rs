//! `duplicate-id`: two nodes share an id. Files with this are refused on load; flows built
//! in memory (pasting, generated flows) are checked here.

use super::Context;
use crate::governance::{Finding, Location, Severity};

pub const CODE: &str = "duplicate-id";

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut seen = rustc_hash::FxHashSet::default();
    for node in &cx.flow.nodes {
        if !seen.insert(&node.id) {
            out.push(Finding::new(
                CODE,
                Severity::Error,
                Location::Node {
                    node: node.id.clone(),
                },
                format!("Two steps have the id `{}`", node.id),
                "Give one of them another id, so wires and formulas know which one they mean.",
            ));
        }
    }
}
