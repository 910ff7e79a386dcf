//! Redaction: every credential value a live run looked up (and each token it was
//! issued) is replaced by `<redacted>` wherever it shows up in what Switchboard prints,
//! traces or writes — fault messages that quote an answer, records a system echoed it
//! into, URLs, drop files, rows and bodies sent on. The forms a secret travels in are
//! caught too: URL-encoded, base64, and base64 of `user:secret` for basic auth.
//! [`Redactor::text`] is the one function all of it goes through.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, MatchKind};
use base64::Engine;

use super::trace::Trace;
use crate::model::{Record, Value};

pub const REDACTED: &str = "<redacted>";

/// What a URL percent-encodes: all but the unreserved characters (as the HTTP runtime does).
const URL_ENCODED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The secrets of one run, in every form they are looked for.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    needles: Vec<String>,
    /// Rebuilt when a secret is added (a handful of times a run).
    matcher: Option<AhoCorasick>,
}

impl Redactor {
    /// Adds a secret and its URL-encoded and base64 forms.
    pub fn add(&mut self, secret: &str) {
        let base64 = base64::engine::general_purpose::STANDARD.encode(secret);
        let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let percent = percent_encoding::utf8_percent_encode(secret, URL_ENCODED).to_string();
        for needle in [secret.to_owned(), base64, form, percent] {
            self.push(needle);
        }
    }

    /// Adds a basic-auth secret: the password, and `user:password` as it goes on the wire.
    pub fn add_basic(&mut self, username: &str, password: &str) {
        self.add(password);
        self.add(&format!("{username}:{password}"));
    }

    fn push(&mut self, needle: String) {
        if needle.is_empty() || self.needles.contains(&needle) {
            return;
        }
        self.needles.push(needle);
        // Longest first where two overlap, so a whole base64 form is replaced, not its start.
        self.matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&self.needles)
            .ok();
    }

    /// `text` with every secret replaced by `<redacted>`.
    pub fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match &self.matcher {
            Some(m) if m.is_match(text) => {
                let with: Vec<&str> = vec![REDACTED; self.needles.len()];
                Cow::Owned(m.replace_all(text, &with))
            }
            _ => Cow::Borrowed(text),
        }
    }

    fn string(&self, text: &mut String) {
        if let Cow::Owned(clean) = self.text(text) {
            *text = clean;
        }
    }

    /// A value with its secrets redacted; a number that holds one becomes text.
    pub fn value(&self, value: &mut Value) {
        match value {
            Value::Text(t) => self.string(t),
            Value::Integer(_) | Value::Number(_) => {
                let text = super::source::key_text(value);
                if let Cow::Owned(clean) = self.text(&text) {
                    *value = Value::Text(clean);
                }
            }
            Value::List(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::Record(r) => self.record(r),
            Value::Blank | Value::Bool(_) => {}
        }
    }

    /// A record with its secrets redacted, field names included.
    pub fn record(&self, record: &mut Record) {
        if self.matcher.is_none() {
            return;
        }
        let fields = std::mem::take(record);
        for (mut name, mut value) in fields {
            self.string(&mut name);
            self.value(&mut value);
            record.insert(name, value);
        }
    }

    /// A call's URL and headers.
    pub fn call(&self, call: &mut super::trace::Call) {
        self.string(&mut call.url);
        for (name, value) in &mut call.headers {
            self.string(name);
            self.string(value);
        }
    }

    /// A whole trace: records in and out, captured writes, calls, faults.
    pub fn trace(&self, trace: &mut Trace) {
        if self.matcher.is_none() {
            return;
        }
        for node in trace.nodes.values_mut() {
            node.input.iter_mut().for_each(|r| self.record(r));
            for (port, record) in &mut node.output {
                self.string(port);
                self.record(record);
            }
            for write in &mut node.writes {
                self.record(&mut write.record);
            }
            for call in &mut node.calls {
                self.call(call);
            }
            node.errors.iter_mut().for_each(|e| self.string(e));
        }
        if let Some(why) = &mut trace.stopped {
            self.string(why);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_redacted_in_each_form_it_travels_in() {
        let mut r = Redactor::default();
        r.add_basic("svc", "p@ss word/1");
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        for (text, expected) in [
            ("key p@ss word/1 end", "key <redacted> end"),
            ("q=p%40ss+word%2F1&x", "q=<redacted>&x"),
            ("q=p%40ss%20word%2F1", "q=<redacted>"),
            (
                &*format!("Basic {}", b64("svc:p@ss word/1")),
                "Basic <redacted>",
            ),
            (&*b64("p@ss word/1"), "<redacted>"),
            ("nothing secret", "nothing secret"),
        ] {
            assert_eq!(r.text(text), expected, "{text}");
        }
    }

    #[test]
    fn records_lose_secrets_in_names_values_and_numbers() {
        let mut r = Redactor::default();
        r.add("991177");
        r.add("tok-secret");
        let mut record = Record::from([
            ("tok-secret".to_owned(), Value::Text("x".into())),
            ("Pin".to_owned(), Value::Integer(99117755)),
            (
                "Nested".to_owned(),
                Value::List(vec![Value::Text("a tok-secret b".into())]),
            ),
            ("Count".to_owned(), Value::Integer(3)),
        ]);
        r.record(&mut record);
        assert_eq!(record["<redacted>"], Value::Text("x".into()));
        assert_eq!(record["Pin"], Value::Text("<redacted>55".into()));
        assert_eq!(
            record["Nested"],
            Value::List(vec![Value::Text("a <redacted> b".into())])
        );
        assert_eq!(record["Count"], Value::Integer(3));
    }

    #[test]
    fn nothing_to_redact_leaves_text_borrowed() {
        let r = Redactor::default();
        assert!(matches!(r.text("anything"), Cow::Borrowed(_)));
    }
}
