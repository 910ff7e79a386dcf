//! Text functions.

use rust_decimal::Decimal;
use std::borrow::Cow;

use super::args::{flattened, take_text, text, text_ref, whole, whole_or};
use super::{Arg, Category, Eval, Function, Kind, Returns, many, opt, p};
use crate::formula::types::Type;
use crate::formula::value::Value;

const T: Returns = Returns::Fixed(|| Type::Text);
/// The longest text a function builds, as in spreadsheets: evaluation stays bounded.
const MAX_TEXT: usize = 32_767;
const B: Returns = Returns::Fixed(|| Type::Boolean);

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn negative(what: &str) -> String {
    format!("{what} cannot be negative (#VALUE!)")
}

fn proper(s: &str) -> String {
    // As in spreadsheets: a letter after anything that is not a letter starts a word.
    let mut out = String::with_capacity(s.len());
    let mut after_letter = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            if after_letter {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            after_letter = true;
        } else {
            out.push(c);
            after_letter = false;
        }
    }
    out
}

fn left(a: &mut [Arg]) -> Result<Value, String> {
    let n = whole_or(a, 1, 1)?;
    if n < 0 {
        return Err(negative("the number of characters"));
    }
    // The first n characters end where the (n+1)th starts (in ASCII text, at byte n).
    let end = |s: &str| match usize::try_from(n) {
        Ok(n) if s.is_ascii() => n.min(s.len()),
        Ok(n) => s.char_indices().nth(n).map_or(s.len(), |(at, _)| at),
        Err(_) => s.len(),
    };
    Ok(Value::Text(match &mut a[0] {
        // Text computed for this call is cut where it lies; other text is copied once.
        Cow::Owned(Value::Text(s)) => {
            s.truncate(end(s));
            std::mem::take(s)
        }
        other => {
            let s = text_ref(other);
            s[..end(&s)].to_owned()
        }
    }))
}

/// Where `needle` next starts in `haystack` at or after `from`. A field's text is short
/// and so is what a formula looks for in it: a plain walk finds it sooner than setting
/// up a general searcher would, on every record. Long text gets the searcher.
fn find_from(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    const SHORT: usize = 16;
    const WALKED: usize = 256;
    let rest = haystack.get(from..)?;
    let at = match needle {
        // SUBSTITUTE gives text back unchanged before asking for an empty needle.
        [] => None,
        [first, tail @ ..] if needle.len() <= SHORT && rest.len() <= WALKED => rest
            .iter()
            .enumerate()
            .filter(|&(_, b)| b == first)
            .map(|(i, _)| i)
            .find(|&i| {
                rest.get(i + 1..i + needle.len())
                    .is_some_and(|after| after.iter().eq(tail))
            }),
        _ => memchr::memmem::find(rest, needle),
    };
    at.map(|at| from + at)
}

/// UPPER: ASCII text in place, other text by Unicode's rules except that ß stays ß, as
/// in Excel (Unicode and LibreOffice make it SS).
fn upper(mut s: String) -> String {
    if s.is_ascii() {
        s.make_ascii_uppercase();
        s
    } else if s.contains('ß') {
        s.split('ß')
            .map(str::to_uppercase)
            .collect::<Vec<_>>()
            .join("ß")
    } else {
        s.to_uppercase()
    }
}

/// LOWER: ASCII text in place, other text by Unicode's rules (a final Σ becomes ς).
fn lower(mut s: String) -> String {
    if s.is_ascii() {
        s.make_ascii_lowercase();
        s
    } else {
        s.to_lowercase()
    }
}

/// TRIM: no spaces at either end and single spaces between words. Text that is already
/// so is given back as it is.
fn trim(arg: &mut Arg) -> String {
    let s = text_ref(arg);
    let inner = s.trim_matches(' ');
    if !has_double_space(inner.as_bytes()) {
        if inner.len() == s.len() {
            drop(s);
            return take_text(arg);
        }
        return inner.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `bytes` holds two spaces in a row. A field's text is short, and setting up a
/// substring searcher costs more than the search: eight bytes at a time, the words read
/// seven bytes apart so that every pair of neighbours lies inside one of them.
fn has_double_space(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::MAX / 255;
    const LOW7: u64 = ONES * 0x7f;
    let mut at = 0;
    while let Some(eight) = bytes.get(at..).and_then(|b| b.first_chunk::<8>()) {
        let x = u64::from_le_bytes(*eight) ^ (ONES * u64::from(b' '));
        // The top bit of exactly the bytes that were spaces (no borrow between bytes).
        let spaces = !(((x & LOW7) + LOW7) | x | LOW7);
        if spaces & (spaces >> 8) != 0 {
            return true;
        }
        at += 7;
    }
    bytes
        .get(at..)
        .is_some_and(|rest| rest.windows(2).any(|pair| pair == b"  "))
}

fn right(a: &[Arg]) -> Result<Value, String> {
    let n = whole_or(a, 1, 1)?;
    if n < 0 {
        return Err(negative("the number of characters"));
    }
    let c = chars(&text(&a[0]));
    let skip = c.len().saturating_sub(n as usize);
    Ok(Value::Text(c[skip..].iter().collect()))
}

fn mid(a: &[Arg]) -> Result<Value, String> {
    let (start, n) = (whole(&a[1])?, whole(&a[2])?);
    if start < 1 {
        return Err("the start must be 1 or more (#VALUE!)".into());
    }
    if n < 0 {
        return Err(negative("the number of characters"));
    }
    Ok(Value::Text(
        text(&a[0])
            .chars()
            .skip(start as usize - 1)
            .take(n as usize)
            .collect(),
    ))
}

fn find(a: &[Arg]) -> Result<Value, String> {
    let (needle, hay) = (text(&a[0]), chars(&text(&a[1])));
    let start = whole_or(a, 2, 1)?;
    if start < 1 || start as usize > hay.len().max(1) {
        return Err("the start is outside the text (#VALUE!)".into());
    }
    let needle = chars(&needle);
    let from = start as usize - 1;
    if needle.is_empty() {
        return Ok(Value::Number(Decimal::from(start)));
    }
    (from..hay.len())
        .find(|&i| hay[i..].starts_with(&needle))
        .map(|i| Value::Number(Decimal::from(i as i64 + 1)))
        .ok_or_else(|| "the text was not found (#VALUE!)".into())
}

fn substitute(a: &mut [Arg]) -> Result<Value, String> {
    let (old, new) = (text_ref(&a[1]), text_ref(&a[2]));
    let (old, new) = (old.as_ref(), new.as_ref());
    if old.is_empty() {
        return Ok(Value::Text(text(&a[0])));
    }
    let s = text_ref(&a[0]);
    match a.get(3) {
        None => {
            // Each occurrence after the end of the one before, as `str::replace` finds them.
            let mut out = String::with_capacity(s.len());
            let mut last = 0;
            while let Some(at) = find_from(s.as_bytes(), old.as_bytes(), last) {
                out.push_str(&s[last..at]);
                out.push_str(new);
                last = at + old.len();
            }
            out.push_str(&s[last..]);
            Ok(Value::Text(out))
        }
        Some(v) => {
            let nth = whole(v)?;
            if nth < 1 {
                return Err("the occurrence must be 1 or more (#VALUE!)".into());
            }
            match s.match_indices(&old).nth(nth as usize - 1) {
                Some((at, _)) => Ok(Value::Text(format!(
                    "{}{new}{}",
                    &s[..at],
                    &s[at + old.len()..]
                ))),
                None => Ok(Value::Text(s.into_owned())),
            }
        }
    }
}

fn replace(a: &[Arg]) -> Result<Value, String> {
    let s = chars(&text(&a[0]));
    let (start, n) = (whole(&a[1])?, whole(&a[2])?);
    if start < 1 {
        return Err("the start must be 1 or more (#VALUE!)".into());
    }
    if n < 0 {
        return Err(negative("the number of characters"));
    }
    let from = (start as usize - 1).min(s.len());
    let to = (from + n as usize).min(s.len());
    let mut out: String = s[..from].iter().collect();
    out.push_str(&text(&a[3]));
    out.extend(&s[to..]);
    Ok(Value::Text(out))
}

fn textjoin(a: &[Arg]) -> Result<Value, String> {
    let delimiter = text(&a[0]);
    let skip_empty = super::args::boolean(&a[1])?;
    let parts: Vec<String> = flattened(&a[2..])
        .map(text)
        .filter(|t| !(skip_empty && t.is_empty()))
        .collect();
    Ok(Value::Text(parts.join(&delimiter)))
}

fn split(a: &[Arg]) -> Result<Value, String> {
    let (s, delimiter) = (text(&a[0]), text(&a[1]));
    if delimiter.is_empty() {
        return Err("the delimiter cannot be empty".into());
    }
    if s.is_empty() {
        return Ok(Value::List(Vec::new()));
    }
    Ok(Value::List(
        s.split(&delimiter)
            .map(|p| Value::Text(p.to_owned()))
            .collect(),
    ))
}

fn pad(a: &[Arg], left: bool) -> Result<Value, String> {
    let s = chars(&text(&a[0]));
    let len = whole(&a[1])?;
    if len < 0 {
        return Err(negative("the length"));
    }
    if len > MAX_TEXT as i64 {
        return Err(format!(
            "the length cannot be over {MAX_TEXT} characters (#VALUE!)"
        ));
    }
    let len = len as usize;
    let padding = a.get(2).map_or_else(|| " ".to_owned(), |p| text(p));
    if s.len() >= len || padding.is_empty() {
        // Salesforce truncates text longer than the length, keeping its start.
        return Ok(Value::Text(s[..len.min(s.len())].iter().collect()));
    }
    let fill: String = padding.chars().cycle().take(len - s.len()).collect();
    let s: String = s.iter().collect();
    Ok(Value::Text(if left { fill + &s } else { s + &fill }))
}

fn rept(a: &[Arg]) -> Result<Value, String> {
    let n = whole(&a[1])?;
    if n < 0 {
        return Err(negative("the number of times"));
    }
    let s = text(&a[0]);
    if s.len().saturating_mul(n as usize) > MAX_TEXT {
        return Err("the result would be longer than 32,767 characters (#VALUE!)".into());
    }
    Ok(Value::Text(s.repeat(n as usize)))
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "UPPER",
        category: Category::Text,
        signature: "UPPER(text)",
        doc: "The text in capital letters; ß stays ß, as in Excel (LibreOffice writes SS).",
        example: "UPPER(\"acme gmbh\")",
        gives: "\"ACME GMBH\"",
        params: &[p("text", Kind::Text)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Text(upper(take_text(&mut a[0]))))),
    },
    Function {
        name: "LOWER",
        category: Category::Text,
        signature: "LOWER(text)",
        doc: "The text in small letters.",
        example: "LOWER(\"Dana.Okafor@Example.org\")",
        gives: "\"dana.okafor@example.org\"",
        params: &[p("text", Kind::Text)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Text(lower(take_text(&mut a[0]))))),
    },
    Function {
        name: "PROPER",
        category: Category::Text,
        signature: "PROPER(text)",
        doc: "Each word starting with a capital, the rest small (a letter after any non-letter starts a word).",
        example: "PROPER(\"mary o'neil-SMITH\")",
        gives: "\"Mary O'Neil-Smith\"",
        params: &[p("text", Kind::Text)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Text(proper(&text(&a[0]))))),
    },
    Function {
        name: "TRIM",
        category: Category::Text,
        signature: "TRIM(text)",
        doc: "The text without spaces at either end, and single spaces between words.",
        example: "TRIM(\"  Riverside   Mall \")",
        gives: "\"Riverside Mall\"",
        params: &[p("text", Kind::Text)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Text(trim(&mut a[0])))),
    },
    Function {
        name: "LEFT",
        category: Category::Text,
        signature: "LEFT(text, [count])",
        doc: "The first characters of the text (one if no count is given).",
        example: "LEFT(\"1000 Riverton\", 4)",
        gives: "\"1000\"",
        params: &[p("text", Kind::Text), opt("count", Kind::Number)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| left(a)),
    },
    Function {
        name: "RIGHT",
        category: Category::Text,
        signature: "RIGHT(text, [count])",
        doc: "The last characters of the text (one if no count is given).",
        example: "RIGHT(\"S12-2026-008842\", 6)",
        gives: "\"008842\"",
        params: &[p("text", Kind::Text), opt("count", Kind::Number)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| right(a)),
    },
    Function {
        name: "MID",
        category: Category::Text,
        signature: "MID(text, start, count)",
        doc: "Count characters from position start (1 is the first); past the end gives less or \"\".",
        example: "MID(\"INC0012345\", 4, 7)",
        gives: "\"0012345\"",
        params: &[
            p("text", Kind::Text),
            p("start", Kind::Number),
            p("count", Kind::Number),
        ],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| mid(a)),
    },
    Function {
        name: "LEN",
        category: Category::Text,
        signature: "LEN(text)",
        doc: "How many characters the text has.",
        example: "LEN(\"Zürich\")",
        gives: "6",
        params: &[p("text", Kind::Text)],
        returns: Returns::Fixed(|| Type::Integer),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| {
            Ok(Value::Number(Decimal::from(
                text(&a[0]).chars().count() as i64
            )))
        }),
    },
    Function {
        name: "FIND",
        category: Category::Text,
        signature: "FIND(find, within, [start])",
        doc: "Where find first appears in within (1 is the first character), matching case; an error if it does not.",
        example: "FIND(\"@\", \"tom.baker@harborhotel.example\")",
        gives: "10",
        params: &[
            p("find", Kind::Text),
            p("within", Kind::Text),
            opt("start", Kind::Number),
        ],
        returns: Returns::Fixed(|| Type::Integer),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| find(a)),
    },
    Function {
        name: "SUBSTITUTE",
        category: Category::Text,
        signature: "SUBSTITUTE(text, old, new, [occurrence])",
        doc: "The text with old replaced by new: everywhere, or only the given occurrence.",
        example: "SUBSTITUTE(\"+1 555 0142\", \" \", \"\")",
        gives: "\"+15550142\"",
        params: &[
            p("text", Kind::Text),
            p("old", Kind::Text),
            p("new", Kind::Text),
            opt("occurrence", Kind::Number),
        ],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| substitute(a)),
    },
    Function {
        name: "REPLACE",
        category: Category::Text,
        signature: "REPLACE(text, start, count, new)",
        doc: "The text with count characters from position start replaced by new.",
        example: "REPLACE(\"4111-1111-1111-1111\", 1, 15, \"****-****-****-\")",
        gives: "\"****-****-****-1111\"",
        params: &[
            p("text", Kind::Text),
            p("start", Kind::Number),
            p("count", Kind::Number),
            p("new", Kind::Text),
        ],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| replace(a)),
    },
    Function {
        name: "CONCAT",
        category: Category::Text,
        signature: "CONCAT(text, …)",
        doc: "All the texts joined together (lists are joined item by item).",
        example: "CONCAT(\"WO-\", 2026, \"-\", \"0042\")",
        gives: "\"WO-2026-0042\"",
        params: &[many("text", Kind::Any)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Text(flattened(a).map(text).collect()))),
    },
    Function {
        name: "TEXTJOIN",
        category: Category::Text,
        signature: "TEXTJOIN(delimiter, skip_empty, text, …)",
        doc: "The texts joined with the delimiter between them, leaving out empty ones if skip_empty is TRUE.",
        example: "TEXTJOIN(\", \", TRUE, \"Elm Street 12\", \"\", \"Riverton\")",
        gives: "\"Elm Street 12, Riverton\"",
        params: &[
            p("delimiter", Kind::Text),
            p("skip_empty", Kind::Boolean),
            many("text", Kind::Any),
        ],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| textjoin(a)),
    },
    Function {
        name: "SPLIT",
        category: Category::Text,
        signature: "SPLIT(text, delimiter)",
        doc: "A list of the parts of the text between delimiters (an empty text gives an empty list).",
        example: "SPLIT(\"red,green,blue\", \",\")",
        gives: "[\"red\", \"green\", \"blue\"]",
        params: &[p("text", Kind::Text), p("delimiter", Kind::Text)],
        returns: Returns::Fixed(|| Type::List(Box::new(Type::Text))),
        may_be_blank: false,
        eval: Eval::Strict(|a, _| split(a)),
    },
    Function {
        name: "CONTAINS",
        category: Category::Text,
        signature: "CONTAINS(text, part)",
        doc: "TRUE if part appears in the text, matching case.",
        example: "CONTAINS(\"Closed Won\", \"Won\")",
        gives: "TRUE",
        params: &[p("text", Kind::Text), p("part", Kind::Text)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Bool(text(&a[0]).contains(&text(&a[1]))))),
    },
    Function {
        name: "BEGINS",
        category: Category::Text,
        signature: "BEGINS(text, start)",
        doc: "TRUE if the text starts with start, matching case.",
        example: "BEGINS(\"INC0012345\", \"INC\")",
        gives: "TRUE",
        params: &[p("text", Kind::Text), p("start", Kind::Text)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Bool(text(&a[0]).starts_with(&text(&a[1]))))),
    },
    Function {
        name: "ENDS",
        category: Category::Text,
        signature: "ENDS(text, end)",
        doc: "TRUE if the text ends with end, matching case.",
        example: "ENDS(\"ops@riverton.example\", \".example\")",
        gives: "TRUE",
        params: &[p("text", Kind::Text), p("end", Kind::Text)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Bool(text(&a[0]).ends_with(&text(&a[1]))))),
    },
    Function {
        name: "LPAD",
        category: Category::Text,
        signature: "LPAD(text, length, [padding])",
        doc: "The text filled on the left to the length (with spaces unless padding is given); longer text is cut to the length.",
        example: "LPAD(\"104711\", 10, \"0\")",
        gives: "\"0000104711\"",
        params: &[
            p("text", Kind::Text),
            p("length", Kind::Number),
            opt("padding", Kind::Text),
        ],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| pad(a, true)),
    },
    Function {
        name: "RPAD",
        category: Category::Text,
        signature: "RPAD(text, length, [padding])",
        doc: "The text filled on the right to the length (with spaces unless padding is given); longer text is cut to the length.",
        example: "RPAD(\"EA\", 4, \"-\")",
        gives: "\"EA--\"",
        params: &[
            p("text", Kind::Text),
            p("length", Kind::Number),
            opt("padding", Kind::Text),
        ],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| pad(a, false)),
    },
    Function {
        name: "REPT",
        category: Category::Text,
        signature: "REPT(text, times)",
        doc: "The text repeated the given number of times.",
        example: "REPT(\"*\", 3)",
        gives: "\"***\"",
        params: &[p("text", Kind::Text), p("times", Kind::Number)],
        returns: T,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| rept(a)),
    },
    Function {
        name: "EXACT",
        category: Category::Text,
        signature: "EXACT(text1, text2)",
        doc: "TRUE if the two texts are the same, matching case (= ignores case).",
        example: "EXACT(\"ACME\", \"Acme\")",
        gives: "FALSE",
        params: &[p("text1", Kind::Text), p("text2", Kind::Text)],
        returns: B,
        may_be_blank: false,
        eval: Eval::Strict(|a, _| Ok(Value::Bool(text(&a[0]) == text(&a[1])))),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn double_spaces_are_found_wherever_they_are(text in "[a \u{a0}\u{2020}é]{0,40}") {
            let bytes = text.as_bytes();
            proptest::prop_assert_eq!(
                has_double_space(bytes),
                bytes.windows(2).any(|pair| pair == b"  "),
                "{:?}", text
            );
        }

        /// Short or long, the walk and the searcher find what `str::match_indices` finds.
        #[test]
        fn occurrences_are_found_as_the_standard_library_finds_them(
            haystack in "[ab -]{0,400}",
            needle in "[ab -]{1,20}",
        ) {
            let mut found = Vec::new();
            let mut from = 0;
            while let Some(at) = find_from(haystack.as_bytes(), needle.as_bytes(), from) {
                found.push(at);
                from = at + needle.len();
            }
            let expected: Vec<usize> = haystack.match_indices(&needle).map(|(at, _)| at).collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }
}
