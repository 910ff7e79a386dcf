//! `full-copy-with-change-tracking`: a flow copies every record of a large object on each
//! run although the source can tell which records changed.

use super::{Lens, Rule};
use crate::governance::{Finding, Location, Severity};
use crate::model::{ReadBy, Step};

pub struct FullCopyWithChangeTracking;

impl Rule for FullCopyWithChangeTracking {
    fn code(&self) -> &'static str {
        "full-copy-with-change-tracking"
    }

    fn title(&self) -> &'static str {
        "Full copy where changes can be tracked"
    }

    fn explanation(&self) -> &'static str {
        "Copying every record on every run wastes the source's API budget and the night's batch window, and overwrites changes made in between. When the source can say what changed, move only that."
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, lens: &Lens, out: &mut Vec<Finding>) {
        let catalog = &lens.flow.catalog;
        let volume = catalog.new_records_per_month.unwrap_or(0)
            + catalog.changed_records_per_month.unwrap_or(0);
        if volume < lens.workspace.policy.parameters.full_copy_records_per_month {
            return;
        }
        for node in &lens.flow.nodes {
            let Step::Read {
                system,
                object,
                by: ReadBy::All,
            } = &node.step
            else {
                continue;
            };
            let Ok(source) = lens.workspace.object(system, object) else {
                continue;
            };
            if !source.change_tracking {
                continue;
            }
            let system_name = lens
                .system_of(node)
                .map_or(system.as_str(), |s| s.name.as_str());
            out.push(Finding::new(
                self.code(),
                self.default_severity(),
                Location::Node { node: node.id.clone() },
                format!(
                    "{} copies every {} on each run ({} records a month) although {system_name} can say which ones changed",
                    crate::governance::structure::sentence(lens.describe(node)),
                    source.display_name().to_lowercase(),
                    crate::governance::thousands(volume)
                ),
                "Read only the records changed since the last run, and set the flow's synchronisation to Delta in its catalog details.".to_owned(),
            ));
        }
    }
}
