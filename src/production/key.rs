//! Idempotency keys: `{flow}/{trigger record id}/{trigger record content hash}/{step}/{n}`.
//! The same event delivered twice gives the same keys, so the target turns the repeat
//! away; a later change to the same record is new content, so its writes get new keys and
//! are made. Each part is plain ASCII without `/`, so a key fits an HTTP header and a
//! ledger line whatever a record holds.

use sha2::{Digest, Sha256};

use crate::model::{Flow, Record, Step, Trigger};
use crate::run::key_text;
use crate::workspace::Workspace;

/// The key of the `n`-th write (from 0) of `step` for one trigger record.
pub fn idempotency_key(flow: &str, event: &Event, step: &str, n: usize) -> String {
    format!("{flow}/{}/{}/{step}/{n}", event.id, event.content)
}

/// Which trigger record a plan is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The record's id when the trigger is a record event of an object with a key and the
    /// id is a plain token; `-` otherwise (a webhook's payload, an id with odd characters).
    pub id: String,
    /// The first 16 hex digits of the SHA-256 of the record as compact JSON, keys sorted.
    pub content: String,
}

impl Event {
    pub fn of(flow: &Flow, workspace: &Workspace, record: &Record) -> Event {
        let key_field = flow.nodes.iter().find_map(|n| match &n.step {
            Step::Trigger(Trigger::RecordEvent { system, object, .. }) => {
                workspace.object(system, object).ok().map(|o| o.key.clone())
            }
            _ => None,
        });
        let id = key_field
            .and_then(|k| record.get(&k))
            .map(key_text)
            .filter(|id| plain_token(id))
            .unwrap_or_else(|| "-".into());
        // A Record is a BTreeMap: its JSON has its keys sorted.
        let canonical = serde_json::to_vec(record).unwrap_or_default();
        let digest = Sha256::digest(&canonical);
        let content = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        Event { id, content }
    }

    /// `{id}/{content}`, as the keys and the plan name it.
    pub fn label(&self) -> String {
        format!("{}/{}", self.id, self.content)
    }
}

/// `name` as a part of a key: each character other than a letter, digit, `-`, `_` or `.`
/// turned into `-`, at most 64 of them, the rest replaced by a hash of the whole so long
/// names stay apart.
pub fn token(name: &str) -> String {
    let plain: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if (1..=64).contains(&plain.len()) {
        return plain;
    }
    let digest = Sha256::digest(name.as_bytes());
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{}-{hash}", &plain[..plain.len().min(47)])
}

/// Letters, digits, `-`, `_` and `.`, 1 to 64 of them.
fn plain_token(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_plain_and_name_the_event() {
        let event = Event {
            id: "006A1".into(),
            content: "0123456789abcdef".into(),
        };
        assert_eq!(
            idempotency_key("won-deal", &event, "reserve", 2),
            "won-deal/006A1/0123456789abcdef/reserve/2"
        );
        assert!(plain_token("006Dn00000ABCxyz"));
        assert!(!plain_token("a/b"));
        assert!(!plain_token("line\nbreak"));
        assert!(!plain_token(""));
        assert_eq!(
            token("switchboard/nightly-stock-copy-2026-12-05T07:00:00Z"),
            "switchboard-nightly-stock-copy-2026-12-05T07-00-00Z"
        );
        let long = "x".repeat(100);
        assert!(plain_token(&token(&long)), "{}", token(&long));
        assert_ne!(token(&long), token(&"x".repeat(101)));
        assert!(
            token("").starts_with('-') && token("").len() == 17,
            "never empty"
        );
    }
}
