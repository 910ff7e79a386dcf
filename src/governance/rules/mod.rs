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
mod secrets;
mod system_of_record;

pub use lens::Lens;

use super::{Finding, Severity};

/// One governance rule.
pub trait Rule: Sync {
    /// The stable code findings carry and policies name (`personal-data-unencrypted`).
    fn code(&self) -> &'static str;
    /// A short name for lists and menus.
    fn title(&self) -> &'static str;
    /// What the rule protects against, in a business user's words (shown on hover).
    fn explanation(&self) -> &'static str;
    /// The severity when the policy does not say.
    fn default_severity(&self) -> Severity;
    /// Called once per check of a flow; adds what it finds to `out`.
    fn check(&self, lens: &Lens, out: &mut Vec<Finding>);
}

/// A rule over all the flows of a workspace at once (redundancy, shared API budgets).
pub trait WorkspaceRule: Sync {
    /// The stable code findings carry and policies name.
    fn code(&self) -> &'static str;
    fn title(&self) -> &'static str;
    /// What the rule protects against, in a business user's words.
    fn explanation(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    /// Called once per check of a workspace with every flow that loaded; returns each
    /// finding with the index of the flow it belongs to.
    fn check(
        &self,
        flows: &[&crate::model::Flow],
        workspace: &crate::workspace::Workspace,
    ) -> Vec<(usize, Finding)>;
}

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
