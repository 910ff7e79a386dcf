//! The organisation's governance policy: which rules are on and how severe each is, and
//! the organisation's own rules, declared without code. The default ships in
//! `assets/policy/default.ron`; a workspace's `policy.ron` overrides it rule by rule and
//! adds its custom rules.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use crate::model::Severity;
use crate::store::locate::Scan;
use crate::store::{LoadError, LoadErrorKind};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub format: u32,
    /// Rule code → setting. Rules not listed keep their built-in severity.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    /// The organisation's own rules.
    #[serde(default)]
    pub custom: Vec<CustomRule>,
    /// Thresholds and lists the built-in rules use.
    #[serde(default)]
    pub parameters: Parameters,
    /// Who may approve flows: an approval counts only when signed with one of these keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewers: Vec<Reviewer>,
}

/// A person who may approve flows, with the public half of their SSH key, as in
/// `~/.ssh/id_ed25519.pub`: `ssh-ed25519 AAAA… comment`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    pub name: String,
    pub email: String,
    pub key: String,
}

impl Reviewer {
    /// The reviewer's public key, or why it cannot be read.
    pub fn public_key(&self) -> Result<ssh_key::PublicKey, ssh_key::Error> {
        ssh_key::PublicKey::from_openssh(self.key.trim())
    }
}

/// What the built-in rules measure against; every value has a default, so a policy
/// names only what it changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameters {
    /// Transports personal data may travel over (`personal-data-unencrypted`).
    #[serde(default = "approved_transports")]
    pub approved_transports: Vec<super::Transport>,
    /// From what share of a system's daily API limit `api-budget` warns.
    #[serde(default = "api_budget_warning_percent")]
    pub api_budget_warning_percent: u32,
    /// From how many records a month a full copy is worth a finding.
    #[serde(default = "full_copy_records_per_month")]
    pub full_copy_records_per_month: u64,
    /// Entries assumed per list a For each step goes through, for API budgets.
    #[serde(default = "items_per_list")]
    pub items_per_list: u32,
}

fn approved_transports() -> Vec<super::Transport> {
    use super::Transport::*;
    vec![Https, Sftp, LocalFile]
}
fn api_budget_warning_percent() -> u32 {
    50
}
fn full_copy_records_per_month() -> u64 {
    10_000
}
fn items_per_list() -> u32 {
    5
}

impl Default for Parameters {
    fn default() -> Parameters {
        Parameters {
            approved_transports: approved_transports(),
            api_budget_warning_percent: api_budget_warning_percent(),
            full_copy_records_per_month: full_copy_records_per_month(),
            items_per_list: items_per_list(),
        }
    }
}

/// A rule an admin declares in the policy, e.g.
///
/// ```ron
/// (
///     code: "no-pii-to-cloud",
///     title: "No personal data in cloud systems",
///     explanation: "The works council has not agreed to personal data leaving our data centre.",
///     severity: Error,
///     forbid: ClassReachesTag(class: PII, tag: "cloud"),
/// )
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRule {
    /// Stable code, as findings and other policies name it.
    pub code: String,
    pub title: String,
    /// Why the rule exists, shown beside its findings.
    #[serde(default)]
    pub explanation: String,
    pub severity: Level,
    pub forbid: Forbidden,
    /// What to do instead; a sensible default is said when missing.
    #[serde(default)]
    pub fix: Option<String>,
}

/// What a custom rule forbids.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Forbidden {
    /// Any step writing to this system.
    WritesTo { system: crate::model::SystemId },
    /// Any step reading from this system (triggers, reads, lookups).
    ReadsFrom { system: crate::model::SystemId },
    /// Data of this class written to any system carrying this tag (data computed from it
    /// by formulas included).
    ClassReachesTag {
        class: crate::model::Classification,
        tag: String,
    },
    /// Reading or writing systems with this tag through connectors of this kind
    /// (`FileDrop`, `Http`, `Sqlite`).
    MethodForTag {
        method: super::Protocol,
        tag: String,
    },
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

    /// This policy with `overrides` laid over it, rule by rule; custom rules add up.
    pub fn overridden_by(mut self, overrides: Policy) -> Policy {
        self.rules.extend(overrides.rules);
        self.custom.extend(overrides.custom);
        self.reviewers.extend(overrides.reviewers);
        // Parameters a policy does not name keep their defaults, so any change is an override.
        if overrides.parameters != Parameters::default() {
            self.parameters = overrides.parameters;
        }
        self
    }
}

/// What the policy `overrides` (the text of the file at `path`) names that does not exist,
/// each located at the name: a rule code no rule has, given `known` codes (a misspelt code
/// would leave the rule as it was, without a word), and a system not in the registry (a
/// custom rule about it would never apply), and a reviewer key that cannot check
/// approvals (their approvals would never count).
pub fn unknown_names(
    path: &Path,
    text: &str,
    overrides: &Policy,
    known: &BTreeSet<&str>,
    landscape: &super::Landscape,
) -> Vec<LoadError> {
    let scan = Scan::new(text);
    let whole = 0..text.len();
    let problem = |message: String, at: Option<Range<usize>>| {
        let e = LoadError::new(path, LoadErrorKind::Invalid, message);
        match at {
            Some(at) => {
                let mut e = e.at(text, at.start);
                e.span = Some(at);
                e
            }
            None => e,
        }
    };
    let mut problems = Vec::new();
    let rules = scan
        .top_level_field("rules")
        .map_or(whole.clone(), |at| at..text.len());
    for code in overrides
        .rules
        .keys()
        .filter(|c| !known.contains(c.as_str()))
    {
        let near = known
            .iter()
            .filter(|k| strsim::levenshtein(k, code) <= 3)
            .min_by_key(|k| strsim::levenshtein(k, code))
            .map_or_else(String::new, |k| format!(" Did you mean `{k}`?"));
        problems.push(problem(
            format!("there is no rule `{code}`, so this setting changes nothing.{near}"),
            scan.string_in(&rules, code),
        ));
    }
    let items = scan.top_level_list_items("custom");
    for (i, rule) in overrides.custom.iter().enumerate() {
        let system = match &rule.forbid {
            Forbidden::WritesTo { system } | Forbidden::ReadsFrom { system } => system,
            Forbidden::ClassReachesTag { .. } | Forbidden::MethodForTag { .. } => continue,
        };
        if landscape.system(system).is_some() {
            continue;
        }
        let item = items.get(i).cloned().unwrap_or(whole.clone());
        let at = scan
            .field_in(&item, "system")
            .and_then(|field| scan.string_in_after(&item, field));
        let ids: Vec<&str> = landscape.systems.iter().map(|s| s.id.as_str()).collect();
        problems.push(problem(
            format!(
                "the rule `{}` names the system `{system}`, which is not in systems.ron, so it never applies; the systems are: {}",
                rule.code,
                ids.join(", ")
            ),
            at,
        ));
    }
    let reviewers = scan.top_level_list_items("reviewers");
    for (i, reviewer) in overrides.reviewers.iter().enumerate() {
        let why = match reviewer.public_key() {
            Ok(key) if key.algorithm() == ssh_key::Algorithm::Ed25519 => continue,
            Ok(key) => format!(
                "it is a {} key, and only ssh-ed25519 keys can sign approvals here",
                key.algorithm()
            ),
            Err(e) => format!("it is not an SSH public key: {e}"),
        };
        {
            let item = reviewers.get(i).cloned().unwrap_or(whole.clone());
            let at = scan
                .field_in(&item, "key")
                .and_then(|field| scan.string_in_after(&item, field));
            problems.push(problem(
                format!(
                    "the key of reviewer {} <{}> cannot be used ({why}), so their approvals never count; paste the line of their ed25519 `.pub` file, e.g. `ssh-ed25519 AAAA… name`",
                    reviewer.name, reviewer.email
                ),
                at,
            ));
        }
    }
    problems
}
