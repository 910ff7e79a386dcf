//! `secret-in-flow`: a literal in a flow that looks like a credential — an API token of a
//! well-known shape, a JWT, a bearer token, `user:password@` in an address, or a literal
//! value for a field named like a password. Flow files are shared and reviewed; secrets
//! belong in an environment variable or the keyring, referenced by name.

use aho_corasick::AhoCorasick;
use regex::Regex;
use std::sync::OnceLock;

use super::{Lens, Rule};
use crate::governance::{Finding, Location, Severity};
use crate::model::{Node, ReadBy, Record, Step, Trigger, Value, WriteAction};

pub struct SecretInFlow;

/// Credential shapes, each with what to call it in a message.
fn patterns() -> &'static [(Regex, &'static str)] {
    static PATTERNS: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        [
            (r"\b(sk|rk|pk)_(live|test)_[0-9A-Za-z]{16,}", "an API key"),
            (r"\bAKIA[0-9A-Z]{16}\b", "an AWS access key"),
            (r"\bgh[pousr]_[0-9A-Za-z]{36,}", "a GitHub token"),
            (r"\bxox[abprs]-[0-9A-Za-z-]{10,}", "a Slack token"),
            (
                r"\beyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}",
                "a signed token (JWT)",
            ),
            (r"(?i)\bbearer\s+[0-9A-Za-z._~+/=-]{20,}", "a bearer token"),
            (r"(?i)-----BEGIN [A-Z ]*PRIVATE KEY-----", "a private key"),
            (
                r"(?i)\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@",
                "a user name and password in an address",
            ),
        ]
        .into_iter()
        .filter_map(|(p, what)| Regex::new(p).ok().map(|r| (r, what)))
        .collect()
    })
}

/// Field names that hold secrets when given a literal value.
fn is_secret_name(name: &str) -> bool {
    let normal = name.to_lowercase().replace(['-', ' '], "_");
    [
        "password",
        "passwd",
        "secret",
        "apikey",
        "api_key",
        "token",
        "privatekey",
        "private_key",
    ]
    .iter()
    .any(|s| normal.contains(s))
}

/// All the shapes as one alternation: nearly every text holds none, and one scan (which
/// the regex engine speeds up by the shapes' literal prefixes) says so.
fn any_pattern() -> &'static Regex {
    static ANY: OnceLock<Regex> = OnceLock::new();
    ANY.get_or_init(|| {
        let alternation: Vec<String> = patterns()
            .iter()
            .map(|(r, _)| format!("(?:{})", r.as_str()))
            .collect();
        Regex::new(&alternation.join("|"))
            .unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    })
}

/// What in `text` looks like a credential.
/// Pieces at least one of which every credential shape contains, ignoring case. Nearly
/// every text in a flow (labels, formulas, notes) has none, and looking for a few fixed
/// strings is several times cheaper than running the patterns, on every edit.
fn could_hold_a_credential(text: &str) -> bool {
    static PIECES: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    PIECES
        .get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([
                    "_live_",
                    "_test_",
                    "akia",
                    "ghp_",
                    "gho_",
                    "ghu_",
                    "ghs_",
                    "ghr_",
                    "xox",
                    "eyj",
                    "bearer",
                    "private key",
                    "://",
                ])
                .ok()
        })
        .as_ref()
        // Without the pieces (they always build), every text goes to the patterns.
        .is_none_or(|pieces| pieces.is_match(text))
}

fn credential_in(text: &str) -> Option<&'static str> {
    if !could_hold_a_credential(text) || !any_pattern().is_match(text) {
        return None;
    }
    patterns()
        .iter()
        .find(|(r, _)| r.is_match(text))
        .map(|(_, what)| *what)
}

/// Where in a step a text is; said in words only when there is something to report.
enum Place<'a> {
    Plain(&'static str),
    /// The formula for this target field.
    Formula(&'a str),
    /// A branch case's condition.
    Case(&'a str),
}

impl Place<'_> {
    fn describe(&self) -> String {
        match self {
            Place::Plain(p) => (*p).to_owned(),
            Place::Formula(field) => format!("the formula for {field}"),
            Place::Case(port) => format!("its '{port}' condition"),
        }
    }
}

/// The texts of a step that could hold a secret, each with where it is.
fn texts(node: &Node) -> Vec<(Place<'_>, &str)> {
    let mut out = vec![(Place::Plain("its label"), node.label.as_str())];
    match &node.step {
        Step::Map { mappings, .. } => out.extend(
            mappings
                .iter()
                .map(|(k, v)| (Place::Formula(k.as_str()), v.as_str())),
        ),
        Step::Filter { condition } => out.push((Place::Plain("its condition"), condition)),
        Step::Branch { cases } => out.extend(
            cases
                .iter()
                .map(|c| (Place::Case(c.port.as_str()), c.condition.as_str())),
        ),
        // A call's inputs are formulas like a Map's, one per field handed over.
        Step::CallSubflow { inputs, .. } => out.extend(
            inputs
                .iter()
                .map(|(k, v)| (Place::Formula(k.as_str()), v.as_str())),
        ),
        Step::Read {
            by: ReadBy::Key(text) | ReadBy::Query(text),
            ..
        } => out.push((Place::Plain("its record selection"), text)),
        Step::Write {
            action: WriteAction::Update { key } | WriteAction::Delete { key },
            ..
        } => out.push((Place::Plain("its key"), key)),
        Step::Lookup { key, .. } => out.push((Place::Plain("its key"), key)),
        Step::Note { text } => out.push((Place::Plain("its text"), text)),
        Step::Trigger(Trigger::Webhook { path, .. }) => out.push((Place::Plain("its path"), path)),
        _ => {}
    }
    out
}

impl Rule for SecretInFlow {
    fn code(&self) -> &'static str {
        "secret-in-flow"
    }

    fn title(&self) -> &'static str {
        "Credential written into the flow"
    }

    fn explanation(&self) -> &'static str {
        "Flow files are shared, reviewed and kept in version control, so anything written in them is readable by many people for years. Passwords and tokens belong in an environment variable or the keyring, referenced by name in systems.ron."
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, lens: &Lens, out: &mut Vec<Finding>) {
        let fix = "Remove it from the flow, have it revoked (it has been shared), and let IT store the new one in an environment variable or the keyring, named in systems.ron.";
        let flow = lens.flow;
        for (place, text) in [
            ("its description", flow.description.as_str()),
            ("its name", flow.name.as_str()),
        ] {
            if let Some(what) = credential_in(text) {
                out.push(Finding::new(
                    self.code(),
                    self.default_severity(),
                    Location::Flow,
                    format!("The flow '{}' has {what} in {place}", flow.name),
                    fix,
                ));
            }
        }
        for node in &flow.nodes {
            for (place, text) in texts(node) {
                let what = lens.memo.search_text(text, credential_in).or_else(|| {
                    // A literal typed into a password-like field.
                    let Place::Formula(field) = place else {
                        return None;
                    };
                    (text.trim_start().starts_with('"') && is_secret_name(field))
                        .then_some("a password")
                });
                if let Some(what) = what {
                    out.push(Finding::new(
                        self.code(),
                        self.default_severity(),
                        Location::Node {
                            node: node.id.clone(),
                        },
                        format!(
                            "{} has {what} in {}",
                            crate::governance::structure::sentence(lens.describe(node)),
                            place.describe()
                        ),
                        fix,
                    ));
                }
            }
        }
        for (i, record) in flow.samples.iter().enumerate() {
            if let Some((field, what)) = secret_in_record(record) {
                out.push(Finding::new(
                    self.code(),
                    self.default_severity(),
                    Location::Flow,
                    format!(
                        "Sample record {} of the flow '{}' has {what} in {field}",
                        i + 1,
                        flow.name
                    ),
                    fix,
                ));
            }
        }
    }
}

fn secret_in_record(record: &Record) -> Option<(String, &'static str)> {
    record.iter().find_map(|(name, value)| match value {
        Value::Text(t) if !t.is_empty() && is_secret_name(name) => {
            Some((name.clone(), "a password"))
        }
        Value::Text(t) => credential_in(t).map(|what| (name.clone(), what)),
        Value::Record(inner) => secret_in_record(inner),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_shapes_are_recognised_and_ordinary_text_is_not() {
        assert_eq!(
            credential_in("sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
            Some("an API key")
        );
        assert_eq!(
            credential_in("AKIAIOSFODNN7EXAMPLE"),
            Some("an AWS access key")
        );
        assert_eq!(
            credential_in("sftp://svc_parks:Winter2026!@files01/parks"),
            Some("a user name and password in an address")
        );
        assert_eq!(
            credential_in("Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345"),
            Some("a bearer token")
        );
        assert_eq!(
            credential_in(
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
            ),
            Some("a signed token (JWT)")
        );
        for ordinary in [
            "UPPER(TRIM(Email))",
            "https://crm.example.com/api",
            "Closed Won",
            "mailto:ops@riverton.example",
            "0065g0000000000000AAF",
        ] {
            assert_eq!(credential_in(ordinary), None, "{ordinary}");
        }
        assert_eq!(
            credential_in("ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"),
            Some("a GitHub token")
        );
        assert_eq!(
            credential_in("xoxb-1234567890-abcdef"),
            Some("a Slack token")
        );
        assert_eq!(
            credential_in("-----begin rsa private key-----"),
            Some("a private key")
        );
        assert!(
            is_secret_name("the formula for ApiKey")
                && is_secret_name("Password")
                && !is_secret_name("Email")
        );
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// The quick look for pieces never turns away a text the patterns would match.
        #[test]
        fn the_quick_look_never_hides_a_credential(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[A-Za-z0-9_./:@ -]{0,12}").expect("regex"),
                    proptest::sample::select(vec![
                        "sk_live_", "RK_TEST_", "AKIA", "ghp_", "xoxp-", "eyJ", ".eyJ", "Bearer ",
                        "-----BEGIN ", "PRIVATE KEY-----", "ftp://", "u:p@", "0123456789abcdef",
                    ]).prop_map(str::to_owned),
                ],
                0..8,
            )
        ) {
            let text = parts.concat();
            if any_pattern().is_match(&text) {
                proptest::prop_assert!(could_hold_a_credential(&text), "{}", text);
            }
        }
    }
}
