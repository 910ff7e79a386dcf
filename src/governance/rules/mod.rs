//! Governance rules: the organisation's policy applied to one flow. One file per rule,
//! each a [`Rule`] with a stable code (policies refer to it), a title and an explanation
//! the designer shows beside its findings, and a check that says what is wrong, where,
//! and how to fix it.
//!
//! Rules see the flow through [`Lens`], which knows the workspace and what data each step
//! moves — including data computed by formulas, so a value built from an e-mail address
//! is personal data too.

mod api_budget;
mod catalog;
mod class_not_approved;
pub mod custom;
mod file_drop;
mod full_copy;
mod lens;
mod owner;
mod personal_data;
mod redundant;
mod rule;
mod secrets;
mod system_of_record;
mod through_calls;

pub use lens::Lens;
pub use rule::{Rule, WorkspaceRule};
pub use through_calls::THROUGH;

/// Every workspace-wide rule.
pub fn workspace_rules() -> &'static [&'static dyn WorkspaceRule] {
    &[&redundant::RedundantIntegration, &api_budget::ApiBudget]
}

/// Every rule, in the order findings are produced.
pub fn all() -> &'static [&'static dyn Rule] {
    &[
        &personal_data::PersonalDataUnencrypted,
        &class_not_approved::ClassNotApproved,
        &owner::SystemWithoutOwner,
        &file_drop::FileDropWhereApiExists,
        &full_copy::FullCopyWithChangeTracking,
        &catalog::CatalogIncomplete,
        &secrets::SecretInFlow,
        &system_of_record::NotSystemOfRecord,
        &through_calls::ThroughCalls,
    ]
}

/// The rule with this code.
pub fn by_code(code: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|r| r.code() == code)
}

/// Whether `code` is one of the governance rules (flow or workspace-wide).
pub fn is_rule(code: &str) -> bool {
    by_code(code).is_some()
        || code == api_budget::EXCEEDED
        || workspace_rules().iter().any(|r| r.code() == code)
}
