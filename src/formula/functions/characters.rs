//! Characters and searching, with Excel's names: CHAR, CODE (Windows-1252, as Excel on
//! Windows; LibreOffice uses the system's character set), UNICHAR, UNICODE, CLEAN,
//! CONCATENATE and SEARCH (case-insensitive, with the wildcards `?` `*` and `~`).

use rust_decimal::Decimal;

use super::args::{flattened, text, whole, whole_or};
use super::patterns::with_regex;
use super::{Arg, Category, Eval, Function, Kind, Returns, many, opt, p};
use crate::formula::types::Type;
use crate::formula::value::Value;

const T: Returns = Returns::Fixed(|| Type::Text);
const I: Returns = Returns::Fixed(|| Type::Integer);

/// Windows-1252's characters 128–159 (the rest of 1–255 are Unicode's own); the five
/// codes it leaves unused stand for themselves, as Excel gives them.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn char_of(a: &[Arg]) -> Result<Value, String> {
    let n = whole(&a[0])?;
    let c = match n {
        128..=159 => CP1252_HIGH[(n - 128) as usize],
        1..=255 => char::from(n as u8),
        _ => {
            return Err(format!(
                "{n} is not a character code from 1 to 255 (#VALUE!)"
            ));
        }
    };
    Ok(Value::Text(c.to_string()))
}

/// The first character of the argument, or the error of empty text.
fn first_char(v: &Value) -> Result<char, String> {
    text(v)
        .chars()
        .next()
        .ok_or_else(|| "the text is empty (#VALUE!)".into())
}

fn code(a: &[Arg]) -> Result<Value, String> {
    let c = first_char(&a[0])?;
    let n = match u32::from(c) {
        n @ (1..=127 | 160..=255) => n,
        _ => CP1252_HIGH
            .iter()
            .position(|&h| h == c)
            .map_or(63, |i| 128 + i as u32),
    };
    Ok(Value::Number(Decimal::from(n)))
}

fn unichar(a: &[Arg]) -> Result<Value, String> {
    let n = whole(&a[0])?;
    match u32::try_from(n) {
        Ok(0xD800..=0xDFFF) => Err(format!("{n} is a surrogate, not a character (#N/A)")),
        Ok(code @ 1..=0x10FFFF) => Ok(Value::Text(
            char::from_u32(code).map(String::from).unwrap_or_default(),
        )),
        _ => Err(format!(
            "{n} is not a Unicode code point from 1 to 1114111 (#VALUE!)"
        )),
    }
}

/// CLEAN: the text without the control characters 0–31, as Excel (LibreOffice also
/// removes some others).
fn clean(a: &[Arg]) -> Value {
    Value::Text(
        text(&a[0])
            .chars()
            .filter(|c| u32::from(*c) >= 32)
            .collect(),
    )
}

/// SEARCH's pattern as a regular expression: `?` any one character, `*` any run, `~`
/// before either (or before `~`) the character itself, letters in any case.
fn wildcard_regex(find: &str) -> String {
    let mut out = String::from("(?is)");
    let mut chars = find.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '~' if matches!(chars.peek(), Some('?' | '*' | '~')) => {
                let next = chars.next().unwrap_or('~');
                out.push_str(&regex::escape(&next.to_string()));
            }
            '?' => out.push('.'),
            '*' => out.push_str(".*?"),
            other => out.push_str(&regex::escape(&other.to_string())),
        }
    }
    out
}

fn search(a: &[Arg]) -> Result<Value, String> {
    let (find, within) = (text(&a[0]), text(&a[1]));
    let start = whole_or(a, 2, 1)?;
    let length = within.chars().count();
    if start < 1 || start as usize > length.max(1) {
        return Err("the start is outside the text (#VALUE!)".into());
    }
    if find.is_empty() {
        return Ok(Value::Number(Decimal::from(start)));
    }
    let from = within
        .char_indices()
        .nth(start as usize - 1)
        .map_or(within.len(), |(at, _)| at);
    let found = with_regex(&wildcard_regex(&find), |r| {
        r.find_at(&within, from).map(|m| m.start())
    })?;
    let at = found.ok_or("the text was not found (#VALUE!)")?;
    Ok(Value::Number(Decimal::from(
        within[..at].chars().count() as i64 + 1,
    )))
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "CHAR",
        category: Category::Text,
        signature: "CHAR(code)",
        doc: "The character with that code, 1 to 255, in Windows-1252 as Excel on Windows (CHAR(128) is €; LibreOffice may differ above 127).",
        example: "CHAR(65)",
        gives: "\"A\"",
        params: &[p("code", Kind::Number)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| char_of(a)),
    },
    Function {
        name: "CODE",
        category: Category::Text,
        signature: "CODE(text)",
        doc: "The Windows-1252 code of the text's first character, as Excel on Windows (63, \"?\", for one it has no code for); an error for empty text.",
        example: "CODE(\"€uro\")",
        gives: "128",
        params: &[p("text", Kind::Text)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| code(a)),
    },
    Function {
        name: "UNICHAR",
        category: Category::Text,
        signature: "UNICHAR(number)",
        doc: "The Unicode character with that code point (UNICHAR(8364) is €).",
        example: "UNICHAR(9731)",
        gives: "\"☃\"",
        params: &[p("number", Kind::Number)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| unichar(a)),
    },
    Function {
        name: "UNICODE",
        category: Category::Text,
        signature: "UNICODE(text)",
        doc: "The Unicode code point of the text's first character; an error for empty text.",
        example: "UNICODE(\"€\")",
        gives: "8364",
        params: &[p("text", Kind::Text)],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Number(Decimal::from(u32::from(first_char(&a[0])?))))),
    },
    Function {
        name: "CLEAN",
        category: Category::Text,
        signature: "CLEAN(text)",
        doc: "The text without control characters (codes 0–31, as Excel; LibreOffice removes a few more).",
        example: "CLEAN(\"Line\" & CHAR(10) & \"break\")",
        gives: "\"Linebreak\"",
        params: &[p("text", Kind::Text)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(clean(a))),
    },
    Function {
        name: "CONCATENATE",
        category: Category::Text,
        signature: "CONCATENATE(text, …)",
        doc: "All the texts joined together, as CONCAT (lists are joined item by item).",
        example: "CONCATENATE(\"Order \", 42)",
        gives: "\"Order 42\"",
        params: &[many("text", Kind::Any)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Text(flattened(a).map(text).collect()))),
    },
    Function {
        name: "SEARCH",
        category: Category::Text,
        signature: "SEARCH(find, within, [start])",
        doc: "Where find first appears in within, in any case, from start (1 is the first character); ? stands for any character, * for any run, ~ before them for themselves. An error if it does not appear.",
        example: "SEARCH(\"b?d\", \"ABC BAD\")",
        gives: "5",
        params: &[
            p("find", Kind::Text),
            p("within", Kind::Text),
            opt("start", Kind::Number),
        ],
        returns: I,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| search(a)),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn run(f: fn(&[Arg]) -> Result<Value, String>, args: &[Value]) -> Result<Value, String> {
        let args: Vec<Arg> = args.iter().cloned().map(Cow::Owned).collect();
        f(&args)
    }

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn n(x: i64) -> Value {
        Value::Number(Decimal::from(x))
    }

    #[test]
    fn codes_are_windows_1252_both_ways() {
        for code in 1..=255 {
            let c = run(char_of, &[n(code)]).expect("a character");
            assert_eq!(run(super::code, &[c]), Ok(n(code)), "{code}");
        }
        assert_eq!(run(char_of, &[n(128)]), Ok(t("€")));
        assert!(run(char_of, &[n(0)]).is_err_and(|e| e.ends_with("(#VALUE!)")));
        assert!(run(char_of, &[n(256)]).is_err());
        assert_eq!(run(code, &[t("☃")]), Ok(n(63)));
        assert!(run(code, &[t("")]).is_err_and(|e| e.ends_with("(#VALUE!)")));
        assert_eq!(run(code, &[n(5)]), Ok(n(53)), "the number as text");
    }

    #[test]
    fn unicode_code_points() {
        assert_eq!(run(unichar, &[n(128_512)]), Ok(t("😀")));
        assert!(run(unichar, &[n(0xD800)]).is_err_and(|e| e.ends_with("(#N/A)")));
        assert!(run(unichar, &[n(0)]).is_err_and(|e| e.ends_with("(#VALUE!)")));
        assert!(run(unichar, &[n(0x110000)]).is_err());
        assert!(run(unichar, &[n(-1)]).is_err());
    }

    #[test]
    fn search_reads_wildcards_in_any_case() {
        let s = |find: &str, within: &str| run(search, &[t(find), t(within)]);
        assert_eq!(s("b", "ABC"), Ok(n(2)));
        assert_eq!(s("*c", "abc"), Ok(n(1)));
        assert_eq!(s("?", "abc"), Ok(n(1)));
        assert_eq!(s("~*", "a*b"), Ok(n(2)));
        assert_eq!(s("~?", "a?b"), Ok(n(2)));
        assert_eq!(s("~~", "a~b"), Ok(n(2)));
        assert_eq!(
            s("~a", "x~ay"),
            Ok(n(2)),
            "~ before anything else is itself"
        );
        assert_eq!(
            s("a.c", "abc a.c"),
            Ok(n(5)),
            "regular expression signs are text"
        );
        assert_eq!(s("Ü", "grüße"), Ok(n(3)));
        assert_eq!(s("ße", "GRÜßE"), Ok(n(4)));
        assert_eq!(s("", "abc"), Ok(n(1)));
        assert!(s("z", "abc").is_err_and(|e| e.ends_with("(#VALUE!)")));
        let from = |start: i64| run(search, &[t("a"), t("banana"), n(start)]);
        assert_eq!(from(3), Ok(n(4)));
        assert!(from(0).is_err());
        assert!(from(7).is_err());
        assert_eq!(
            run(search, &[t("x"), t("")]).map(|_| ()),
            Err("the text was not found (#VALUE!)".into())
        );
    }

    #[test]
    fn clean_removes_control_characters_only() {
        assert_eq!(
            run(|a| Ok(clean(a)), &[t("a\u{7}b\tc\u{7f}é")]),
            Ok(t("abc\u{7f}é"))
        );
    }
}
