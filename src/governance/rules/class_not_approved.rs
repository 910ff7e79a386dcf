//! `class-not-approved`: a step writes classified data (Confidential, PII, PHI, PCI) to a
//! system the registry does not approve for that class. Systems that declare no approved
//! classes are not judged here; their owners should declare them.

use super::lens::{class_names, some_names, who_to_ask};
use super::{Lens, Rule};
use crate::governance::{Finding, Location, Severity};
use crate::model::{Classification, Step};

pub struct ClassNotApproved;

impl Rule for ClassNotApproved {
    fn code(&self) -> &'static str {
        "class-not-approved"
    }

    fn title(&self) -> &'static str {
        "Data class not approved for the system"
    }

    fn explanation(&self) -> &'static str {
        "Each system is approved to hold certain kinds of data. Personal, health, card or confidential data written anywhere else escapes the protections its owner promised."
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, lens: &Lens, out: &mut Vec<Finding>) {
        for node in lens
            .flow
            .nodes
            .iter()
            .filter(|n| matches!(n.step, Step::Write { .. }))
        {
            let Some(system) = lens.system_of(node) else {
                continue;
            };
            if system.approved_classes.is_empty() {
                continue;
            }
            let refused: Vec<_> = lens
                .fields_written(node)
                .into_iter()
                .filter(|(_, c)| {
                    *c >= Classification::Confidential && !system.approved_classes.contains(c)
                })
                .collect();
            if refused.is_empty() {
                continue;
            }
            let names: Vec<String> = refused.iter().map(|(n, _)| n.clone()).collect();
            let classes: Vec<_> = refused.iter().map(|(_, c)| *c).collect();
            let approved: Vec<_> = system.approved_classes.clone();
            out.push(Finding::new(
                self.code(),
                self.default_severity(),
                Location::Node { node: node.id.clone() },
                format!(
                    "{} writes {} data ({}) to {}, which is approved only for {} data",
                    crate::governance::structure::sentence(lens.describe(node)),
                    class_names(&classes),
                    some_names(&names),
                    system.name,
                    class_names(&approved)
                ),
                format!(
                    "Leave those fields out of the mapping, or ask {} to approve {} for {} data in systems.ron.{}",
                    who_to_ask(system),
                    system.name,
                    class_names(&classes),
                    lens.guessed_note(node, &names)
                ),
            ));
        }
    }
}
