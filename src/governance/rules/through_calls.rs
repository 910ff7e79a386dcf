//! `subflow-has-errors`, and every rule seen through calls: what a flow hands a sub-flow
//! is checked where it goes inside it.
//!
//! A sub-flow declares the classes of its input fields, but the caller decides what it
//! hands over: an e-mail address given to an input declared Internal is still personal
//! data. So each call is checked by checking the sub-flow again with each input raised to
//! the class of what the call's formula computes it from; whatever that finds and the
//! sub-flow's own check does not is the caller's doing, and is reported on the call step
//! with the way there ("through the sub-flow 'Normalise contact', step 'Send to legacy
//! CRM'"), under the original rule's code so the policy rates it as usual. The sub-flow's
//! own errors block its callers too, as one finding naming how many.

use super::{Lens, Rule};
use crate::formula::sites::{self, Reads};
use crate::governance::handed;
use crate::governance::{Finding, Location, Severity};
use crate::model::{Classification, Flow, Node, Step};

pub struct ThroughCalls;

/// What starts the way to a finding inside a sub-flow, in a relocated message.
pub const THROUGH: &str = " — through the sub-flow ";

impl Rule for ThroughCalls {
    fn code(&self) -> &'static str {
        "subflow-has-errors"
    }

    fn title(&self) -> &'static str {
        "Sub-flow with errors"
    }

    fn explanation(&self) -> &'static str {
        "A flow is only as sound as the sub-flows it calls: an error inside one stops every flow that calls it, and data handed to one is governed where it goes inside it."
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, lens: &Lens, out: &mut Vec<Finding>) {
        let Some(check_flow) = lens.check else {
            return;
        };
        let checking = Checking::enter();
        // No deeper than a run goes (and the stack allows): `subflow-too-deep` says so.
        if checking.depth() > crate::subflow::MAX_DEPTH {
            return;
        }
        for (node, id) in crate::subflow::calls(lens.flow) {
            let Some(sub) = lens.workspace.subflow(id) else {
                continue;
            };
            // A circle of calls is refused by its own check; looking through it would
            // never end.
            if crate::subflow::call_cycle(lens.flow, id, lens.workspace).is_some() {
                continue;
            }
            let own = checked(id, &[], || check_flow(sub, Some(lens.workspace)));
            let errors = own.iter().filter(|f| f.severity == Severity::Error).count();
            if errors > 0 {
                out.push(Finding::new(
                    self.code(),
                    self.default_severity(),
                    Location::Node {
                        node: node.id.clone(),
                    },
                    format!(
                        "The sub-flow '{}' that {} calls has {} of its own",
                        sub.name,
                        lens.describe(node),
                        crate::words::count(errors, "error", "errors")
                    ),
                    format!(
                        "Open the sub-flow '{}' to see them, or ask its owner{} to fix it.",
                        sub.name,
                        sub.owner
                            .as_ref()
                            .map_or_else(String::new, |o| format!(" ({})", o.team))
                    ),
                ));
            }
            let Step::CallSubflow { inputs, .. } = &node.step else {
                continue;
            };
            let scope = sites::scope(
                lens.index,
                lens.schemas,
                lens.workspace,
                node,
                &Reads::Input,
            );
            let seen = CHECKED.with(|c| c.borrow().1.len());
            let classes = handed::coarsened(handed::classes_handed(sub, inputs, &scope), seen);
            let Some(raised) = handed::raised(sub, &classes) else {
                continue;
            };
            let through = checked(id, &classes, || check_flow(&raised, Some(lens.workspace)));
            for finding in through.iter() {
                let known = own.iter().any(|o| {
                    o.code == finding.code
                        && o.location == finding.location
                        && o.message == finding.message
                });
                if known || finding.code == self.code() {
                    continue;
                }
                out.push(relocate(finding.clone(), node, sub));
            }
        }
    }
}

/// A sub-flow's check, by its id and the classes its inputs were raised to.
type CheckKey = (crate::model::FlowId, Vec<Classification>);

/// How many checks looking through calls are running on this thread, and the sub-flow
/// checks they did.
type Memo = (
    usize,
    std::collections::HashMap<CheckKey, std::rc::Rc<Vec<Finding>>>,
);

thread_local! {
    /// The sub-flow checks done during the check of one flow (the outermost one on this
    /// thread), so a sub-flow reached along many ways — a diamond of calls, a chain where
    /// each level calls the next twice — is checked once per way its inputs are raised,
    /// not once per way there: without it the work doubles with every level.
    static CHECKED: std::cell::RefCell<Memo> = std::cell::RefCell::default();
}

/// Marks a check looking through calls as running; the memo lives while the outermost
/// one does.
struct Checking;

impl Checking {
    fn enter() -> Checking {
        CHECKED.with(|c| c.borrow_mut().0 += 1);
        Checking
    }

    /// How many checks looking through calls are running, this one included.
    fn depth(&self) -> usize {
        CHECKED.with(|c| c.borrow().0)
    }
}

impl Drop for Checking {
    fn drop(&mut self) {
        CHECKED.with(|c| {
            let mut c = c.borrow_mut();
            c.0 -= 1;
            if c.0 == 0 {
                c.1.clear();
            }
        });
    }
}

/// The findings of the sub-flow `id` with its inputs raised as `raised`, worked out by
/// `check` the first time they are asked for during this check.
fn checked(
    id: &crate::model::FlowId,
    raised: &[Classification],
    check: impl FnOnce() -> Vec<Finding>,
) -> std::rc::Rc<Vec<Finding>> {
    let key = (id.clone(), raised.to_vec());
    if let Some(done) = CHECKED.with(|c| c.borrow().1.get(&key).cloned()) {
        return done;
    }
    let findings = std::rc::Rc::new(check());
    CHECKED.with(|c| c.borrow_mut().1.insert(key, findings.clone()));
    findings
}

/// A finding inside sub-flow `sub` as the caller sees it: on its call step, with the way
/// to where it is.
fn relocate(mut finding: Finding, call: &Node, sub: &Flow) -> Finding {
    let inner = finding
        .location
        .node()
        .and_then(|id| sub.node(id))
        .map(|n| format!(", step '{}'", n.label.trim()))
        .unwrap_or_default();
    // A finding already found through a deeper call keeps its way, after this one.
    let (message, deeper) = match finding.message.split_once(THROUGH) {
        Some((message, way)) => (message.to_owned(), format!(", in it the sub-flow {way}")),
        None => (finding.message.clone(), String::new()),
    };
    finding.message = format!("{message}{THROUGH}'{}'{inner}{deeper}", sub.name);
    finding.fix = format!(
        "{} Or hand the step '{}' less: leave such fields out of its inputs.",
        finding.fix,
        call.label.trim()
    );
    finding.location = Location::Node {
        node: call.id.clone(),
    };
    finding
}
