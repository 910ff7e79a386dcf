//! Regular expressions: REGEX_MATCH and REGEX_REPLACE, and the per-thread cache of
//! compiled patterns that SEARCH's wildcards use too.

use regex::Regex;
use std::cell::RefCell;
use std::collections::HashMap;

use super::args::text;
use super::{Category, Eval, Function, Kind, Returns, p};
use crate::formula::types::Type;
use crate::formula::value::Value;

const T: Returns = Returns::Fixed(|| Type::Text);
const B: Returns = Returns::Fixed(|| Type::Boolean);

/// Runs `use_it` with the compiled regular expression of `pattern`, cached per thread:
/// patterns are usually literals that repeat on every record. The cached `Regex` is lent,
/// never cloned: a clone starts with empty matching caches, so its lazy DFA would be
/// built again for every record (57 % of one mapping's instructions; BENCHMARKS.md).
pub(super) fn with_regex<T>(pattern: &str, use_it: impl FnOnce(&Regex) -> T) -> Result<T, String> {
    thread_local! {
        static CACHE: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        if let Some(r) = cache.borrow().get(pattern) {
            return Ok(use_it(r));
        }
        let r = Regex::new(pattern)
            .map_err(|e| format!("the pattern is not a valid regular expression: {e}"))?;
        let result = use_it(&r);
        let mut cache = cache.borrow_mut();
        if cache.len() > 64 {
            cache.clear();
        }
        cache.insert(pattern.to_owned(), r);
        Ok(result)
    })
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "REGEX_MATCH",
        category: Category::Text,
        signature: "REGEX_MATCH(text, pattern)",
        doc: "TRUE if the regular expression matches any part of the text (anchor it with ^…$ for the whole).",
        example: "REGEX_MATCH(\"40210\", \"^[0-9]{5}$\")",
        gives: "TRUE",
        params: &[p("text", Kind::Text), p("pattern", Kind::Text)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| {
            let subject = text(&a[0]);
            Ok(Value::Bool(with_regex(&text(&a[1]), |r| {
                r.is_match(&subject)
            })?))
        }),
    },
    Function {
        name: "REGEX_REPLACE",
        category: Category::Text,
        signature: "REGEX_REPLACE(text, pattern, replacement)",
        doc: "The text with every match of the regular expression replaced ($1 stands for the first group).",
        example: "REGEX_REPLACE(\"+1 (555) 014-2\", \"[^0-9+]\", \"\")",
        gives: "\"+15550142\"",
        params: &[
            p("text", Kind::Text),
            p("pattern", Kind::Text),
            p("replacement", Kind::Text),
        ],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| {
            let (subject, replacement) = (text(&a[0]), text(&a[2]));
            with_regex(&text(&a[1]), |r| {
                Value::Text(r.replace_all(&subject, replacement.as_str()).into_owned())
            })
        }),
    },
];
