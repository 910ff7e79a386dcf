//! What a governance rule is: the traits every rule file implements, apart from the list
//! of rules in `mod.rs` so that a rule's file and that list do not import each other.

use super::Lens;
use crate::governance::{Finding, Severity};

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
