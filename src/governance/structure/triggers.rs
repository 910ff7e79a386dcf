//! `no-trigger` and `several-triggers`: a flow starts in exactly one place.

use super::Context;
use crate::governance::{Finding, Location, Severity};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let triggers: Vec<_> = cx.flow.triggers().collect();
    let has_steps = cx
        .flow
        .nodes
        .iter()
        .any(|n| !matches!(n.step, crate::model::Step::Note { .. }));
    if triggers.is_empty() && has_steps {
        out.push(Finding::new(
            "no-trigger",
            Severity::Error,
            Location::Flow,
            format!("The flow '{}' has no trigger, so nothing ever starts it", cx.flow.name),
            "Add a trigger from the palette (a record event, a schedule, a webhook or a manual start) and connect it to the first step.",
        ));
    }
    for extra in triggers.iter().skip(1) {
        out.push(Finding::new(
            "several-triggers",
            Severity::Error,
            Location::Node {
                node: extra.id.clone(),
            },
            format!(
                "{} is a second trigger; a flow starts in exactly one place ('{}')",
                super::sentence(cx.describe(extra)),
                triggers[0].label
            ),
            "Delete this trigger, or move it and the steps after it into a flow of their own.",
        ));
    }
}
