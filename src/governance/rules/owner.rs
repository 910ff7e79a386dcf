//! `system-without-owner`: the flow uses a system nobody owns in the registry.

use std::collections::HashSet;

use super::{Lens, Rule};
use crate::governance::{Finding, Location, Severity};

pub struct SystemWithoutOwner;

impl Rule for SystemWithoutOwner {
    fn code(&self) -> &'static str {
        "system-without-owner"
    }

    fn title(&self) -> &'static str {
        "System without an owner"
    }

    fn explanation(&self) -> &'static str {
        "Every system a flow touches needs a team that answers for it: someone to notice when it breaks, to approve what may be stored in it, and to say when it goes away."
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, lens: &Lens, out: &mut Vec<Finding>) {
        let mut reported = HashSet::new();
        for node in &lens.flow.nodes {
            let Some(system) = lens.system_of(node) else {
                continue;
            };
            if system.owner.is_some() || !reported.insert(&system.id) {
                continue;
            }
            out.push(Finding::new(
                self.code(),
                self.default_severity(),
                Location::Node { node: node.id.clone() },
                format!(
                    "Nobody owns {} (`{}`), which {} uses: no one will notice when it fails or answer for its data",
                    system.name,
                    system.id,
                    lens.describe(node)
                ),
                format!("Ask IT to record the team and contact that own {} in systems.ron.", system.name),
            ));
        }
    }
}
