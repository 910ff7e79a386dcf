//! The organisation's governance policy: which rules are on and how severe each is.
//! The default ships in `assets/policy/default.ron`; a workspace's `policy.ron` overrides
//! it rule by rule. Rule parameters and declarative custom rules extend this file as the
//! governance rules land.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::governance::Severity;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub format: u32,
    /// Rule code → setting. Rules not listed keep their built-in severity.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetting {
    pub severity: Level,
}

/// A rule's level in the policy: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Policy {
    /// The severity `code` gets under this policy, or `None` when the rule is off.
    pub fn severity(&self, code: &str, built_in: Severity) -> Option<Severity> {
        match self.rules.get(code).map(|r| r.severity) {
            None => Some(built_in),
            Some(Level::Error) => Some(Severity::Error),
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Info) => Some(Severity::Info),
            Some(Level::Off) => None,
        }
    }

    /// This policy with `overrides` laid over it, rule by rule.
    pub fn overridden_by(mut self, overrides: Policy) -> Policy {
        self.rules.extend(overrides.rules);
        self
    }
}
