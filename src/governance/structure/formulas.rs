//! `formula`: a formula that cannot work (unknown field, wrong type, a result the target
//! cannot hold), located at the exact characters. `formula-blank-required`: a formula
//! that can leave a required field empty. `unmapped-required-field`: a Map step that
//! leaves a required field of its target without a formula. `formula-conversion` (info):
//! a value the formula reads as another kind, as a spreadsheet does (`"3" + 4`), with the
//! explicit form.

use super::{Context, sentence};
use crate::formula::sites::{self, Expect, Reads, Site};
use crate::formula::{Level, Type};
use crate::governance::{Finding, Location, Severity};
use crate::model::{Node, Step};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(workspace), Some(schemas)) = (cx.workspace, cx.schemas.as_ref()) else {
        return;
    };
    for node in &cx.flow.nodes {
        // A step with nothing feeding it has no input to check against; `unreachable-step`
        // says so once instead of a finding per formula.
        let fed = !cx.index.wires_into(&node.id).is_empty();
        for site in sites::sites(node, Some(workspace)) {
            if site.reads == Reads::Input && !fed {
                continue;
            }
            let scope = sites::scope(&cx.index, schemas, workspace, node, &site.reads);
            let analysis = cx.analyze(site.text, &scope);
            let mut target_problems = Vec::new();
            match &site.expect {
                Expect::Field(target) if analysis.errors().next().is_none() => {
                    target_problems = analysis.target_problems(site.text, target);
                }
                Expect::Condition
                    if analysis.errors().next().is_none()
                        && !matches!(analysis.ty, Type::Boolean | Type::Any | Type::Blank) =>
                {
                    out.push(finding(
                        cx,
                        node,
                        &site,
                        0..site.text.len(),
                        Severity::Error,
                        "formula",
                        format!(
                            "gives {}, but a condition must be TRUE or FALSE",
                            analysis.ty
                        ),
                        format!(
                            "Compare it with something, for example {} = \"…\".",
                            site.text.trim()
                        ),
                    ));
                }
                _ => {}
            }
            for problem in analysis.problems.iter().chain(&target_problems) {
                let (severity, code) = match problem.level {
                    Level::Error => (Severity::Error, "formula"),
                    Level::Warning => (Severity::Warning, "formula-blank-required"),
                    Level::Info => (Severity::Info, "formula-conversion"),
                    // Personal data reaching a field is governance's to judge, per system.
                    Level::Note => continue,
                };
                let fix = problem
                    .fix
                    .clone()
                    .unwrap_or_else(|| "Correct the formula.".into());
                out.push(finding(
                    cx,
                    node,
                    &site,
                    problem.span.clone(),
                    severity,
                    code,
                    problem.message.clone(),
                    fix,
                ));
            }
        }
        unmapped_required(cx, node, out);
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    cx: &Context,
    node: &Node,
    site: &Site,
    span: std::ops::Range<usize>,
    severity: Severity,
    code: &str,
    message: String,
    fix: String,
) -> Finding {
    let place = match &node.step {
        Step::Map { .. } => format!("The formula for {} in {}", site.field, cx.describe(node)),
        Step::Branch { .. } => format!("The '{}' condition of {}", site.field, cx.describe(node)),
        Step::Filter { .. } => format!("The condition of {}", cx.describe(node)),
        Step::Read { .. } => format!("The record selection of {}", cx.describe(node)),
        Step::CallSubflow { .. } => format!(
            "The formula for the sub-flow's input {} in {}",
            site.field,
            cx.describe(node)
        ),
        _ => format!("The key of {}", cx.describe(node)),
    };
    Finding::new(
        code,
        severity,
        Location::Formula {
            node: node.id.clone(),
            field: site.field.to_string(),
            span,
        },
        format!("{place}: {message}"),
        fix,
    )
}

fn unmapped_required(cx: &Context, node: &Node, out: &mut Vec<Finding>) {
    let Step::Map { target, mappings } = &node.step else {
        return;
    };
    let Some(object) = cx
        .workspace
        .and_then(|w| w.object(&target.system, &target.object).ok())
    else {
        return;
    };
    let missing: Vec<&str> = object
        .fields
        .iter()
        .filter(|f| f.required && !mappings.contains_key(&f.name))
        .map(|f| f.name.as_str())
        .collect();
    if missing.is_empty() {
        return;
    }
    let (noun, verb) = if missing.len() == 1 {
        ("field", "has")
    } else {
        ("fields", "have")
    };
    out.push(Finding::new(
        "unmapped-required-field",
        Severity::Error,
        Location::Node { node: node.id.clone() },
        format!(
            "{} builds a {} but the required {noun} {} {verb} no formula",
            sentence(cx.describe(node)),
            object.display_name(),
            super::wires::list(&missing)
        ),
        "Give each a formula; Auto-map fills in fields whose names and types match the incoming records.".to_owned(),
    ));
}
