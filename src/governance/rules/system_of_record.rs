//! `not-system-of-record`: a flow takes a data element from a system that is not its
//! system of record, and writes it to another system that is not either — while the
//! registry names the system that is. Feeding the system of record itself is fine (a
//! till capturing new customers for the CRM); spreading a copy of a copy is not.

use super::{Lens, Rule};
use crate::governance::{Finding, Location, Severity};
use crate::model::{Step, Trigger};

pub struct NotSystemOfRecord;

impl Rule for NotSystemOfRecord {
    fn code(&self) -> &'static str {
        "not-system-of-record"
    }

    fn title(&self) -> &'static str {
        "Data not taken from its system of record"
    }

    fn explanation(&self) -> &'static str {
        "Each kind of business data has one system of record that holds the truth. Data copied onwards from anywhere else drifts out of date and spreads errors the owner of the truth never sees."
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, lens: &Lens, out: &mut Vec<Finding>) {
        let Some(element) = lens.flow.catalog.data_element.as_deref() else {
            return;
        };
        let landscape = &lens.workspace.landscape;
        let Some(record_holder) = landscape
            .systems
            .iter()
            .find(|s| s.is_system_of_record_for(element))
        else {
            return;
        };
        let targets: Vec<_> = lens
            .flow
            .nodes
            .iter()
            .filter_map(|n| match &n.step {
                Step::Write { system, .. } => landscape.system(system),
                _ => None,
            })
            .collect();
        if targets.is_empty() || targets.iter().any(|t| t.id == record_holder.id) {
            return;
        }
        for node in &lens.flow.nodes {
            let source = match &node.step {
                Step::Trigger(Trigger::RecordEvent { system, .. }) | Step::Read { system, .. } => {
                    landscape.system(system)
                }
                _ => None,
            };
            let Some(source) = source else { continue };
            if source.id == record_holder.id || source.is_system_of_record_for(element) {
                continue;
            }
            let target_names: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
            out.push(Finding::new(
                self.code(),
                self.default_severity(),
                Location::Node { node: node.id.clone() },
                format!(
                    "{} takes {element} from {}, but the system of record for {element} is {}; the copy written to {} can drift from the truth",
                    crate::governance::structure::sentence(lens.describe(node)),
                    source.name,
                    record_holder.name,
                    crate::governance::structure::list_names(&target_names)
                ),
                format!("Take {element} from {} instead (a trigger or Read step on it).", record_holder.name),
            ));
        }
    }
}
