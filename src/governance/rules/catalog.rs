//! `catalog-incomplete`: the flow does not say which business data it moves, how much, or
//! how often — what the integration catalog, impact estimates and API budgets rely on.

use super::{Lens, Rule};
use crate::governance::{Finding, Location, Severity};

pub struct CatalogIncomplete;

impl Rule for CatalogIncomplete {
    fn code(&self) -> &'static str {
        "catalog-incomplete"
    }

    fn title(&self) -> &'static str {
        "Catalog details missing"
    }

    fn explanation(&self) -> &'static str {
        "IT keeps a catalog of every integration: which business data it moves, how many records and how often. Without it nobody can tell what a change or an outage affects, or whether an API budget will hold."
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, lens: &Lens, out: &mut Vec<Finding>) {
        // A sub-flow's volumes are its callers': it runs when they call it.
        if crate::model::FlowKind::of(lens.flow) == crate::model::FlowKind::Subflow {
            return;
        }
        let catalog = &lens.flow.catalog;
        let mut missing = Vec::new();
        if catalog
            .data_element
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            missing.push((
                "data_element",
                "which business data it moves (data element)",
            ));
        }
        if catalog.new_records_per_month.is_none() && catalog.changed_records_per_month.is_none() {
            missing.push(("new_records_per_month", "how many records a month"));
        }
        if catalog.frequency.is_none() {
            missing.push(("frequency", "how often it runs"));
        }
        let Some((first, _)) = missing.first() else {
            return;
        };
        let what: Vec<&str> = missing.iter().map(|(_, w)| *w).collect();
        out.push(Finding::new(
            self.code(),
            self.default_severity(),
            Location::Catalog { field: (*first).to_owned() },
            format!(
                "The flow '{}' does not say {}",
                lens.flow.name,
                crate::governance::structure::list_names(&what)
            ),
            "Fill in the flow's catalog details (with no step selected, in the inspector; or the catalog section of the file).".to_owned(),
        ));
    }
}
