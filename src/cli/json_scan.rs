//! A JSON-object line scanner for the streaming `map`. A mapping reads a dozen fields of
//! records that carry thirty; serde_json decodes each line in about 23 instructions a
//! byte, most of it going through its visitor machinery for fields nobody reads. This
//! scanner checks the whole line is JSON (RFC 8259: what serde_json refuses, it refuses,
//! though its messages are its own) and builds values only for the members the caller
//! wants; strings are searched sixteen bytes at a time and borrowed when they hold no
//! escape. Nested arrays and objects that are wanted are handed to serde_json, which
//! decodes them exactly as a whole record would be.
//!
//! Exports write their members in the same order on every line, so a caller may say which
//! key it expects at each place: a member whose name is, byte for byte, the expected one is
//! recognised without decoding or looking up its name.

use std::borrow::Cow;

use crate::model::Value;

/// Lists and objects nested deeper than this inside a line's object are refused, as
/// serde_json refuses them (its limit of 128 counts the line's object too).
const MAX_DEPTH: usize = 127;

/// Who receives a line's members.
pub trait Members {
    /// The name expected for the `position`-th member, if the caller knows one (the name
    /// in the same place on the previous line). It must need no escape in JSON (see
    /// [`needs_no_escape`]): it is compared with the line's bytes.
    fn expected_key(&self, _position: usize) -> Option<&str> {
        None
    }
    /// Whether the `position`-th member is wanted.
    fn wants(&mut self, position: usize, key: Key<'_>) -> bool;
    /// The value of the member just wanted. An error refuses the line, at the value.
    fn value(&mut self, value: Raw<'_>) -> Result<(), String>;
    /// [`Members::value`] for text without escapes (most values), borrowed from the line.
    fn text(&mut self, text: &str) -> Result<(), String> {
        self.value(Raw::Text(Cow::Borrowed(text)))
    }
}

/// A member's name as the scanner found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key<'k> {
    /// Exactly [`Members::expected_key`] for its place.
    AsExpected,
    Other(&'k str),
}

/// A wanted value as it is written in the line, checked but not yet converted.
#[derive(Debug, PartialEq)]
pub enum Raw<'a> {
    /// Text with its escapes decoded; borrowed from the line when it had none.
    Text(Cow<'a, str>),
    /// A number as written (`-12.50`, `1e3`).
    Number(&'a str),
    Bool(bool),
    Null,
    /// A list or an object, as written.
    Nested(&'a str),
}

impl Raw<'_> {
    /// The value as a record holds it: numbers exact, lists and objects decoded whole.
    pub fn into_value(self) -> Result<Value, String> {
        match self {
            Raw::Text(text) => Ok(Value::Text(text.into_owned())),
            Raw::Number(text) => crate::model::number_from_text(text),
            Raw::Bool(b) => Ok(Value::Bool(b)),
            Raw::Null => Ok(Value::Blank),
            // Checked already; serde_json builds it exactly as a whole record's field.
            // What it can still refuse is a value's own rule ("the field `x` appears
            // twice"): say that, without serde's position, which counts from the value.
            Raw::Nested(text) => serde_json::from_str(text).map_err(|e| {
                let message = e.to_string();
                message
                    .rsplit_once(" at line ")
                    .map_or(&*message, |(m, _)| m)
                    .to_owned()
            }),
        }
    }
}

/// Scans one JSON object, handing wanted members to `members`.
pub fn scan_object(line: &str, members: &mut impl Members) -> Result<(), String> {
    let mut s = Scanner {
        text: line,
        bytes: line.as_bytes(),
        at: 0,
    };
    s.object(members).map_err(|e| e.describe(line))
}

/// What went wrong, and at which byte.
struct Error {
    what: Cow<'static, str>,
    at: usize,
}

impl Error {
    fn describe(&self, line: &str) -> String {
        if self.what == NOT_AN_OBJECT {
            return NOT_AN_OBJECT.to_owned();
        }
        // Columns count characters, as an editor shows them.
        let column = line.get(..self.at).map_or(self.at, |s| s.chars().count()) + 1;
        format!("not valid JSON: {} at column {column}", self.what)
    }
}

/// A line that is JSON but not an object.
pub(super) const NOT_AN_OBJECT: &str = "each line must be one JSON object {…}";

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

type Scan<T> = Result<T, Error>;

impl<'a> Scanner<'a> {
    fn fail<T>(&self, what: &'static str) -> Scan<T> {
        Err(Error {
            what: Cow::Borrowed(what),
            at: self.at,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8, what: &'static str) -> Scan<()> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            self.fail(what)
        }
    }

    fn object(&mut self, members: &mut impl Members) -> Scan<()> {
        self.space();
        match self.peek() {
            Some(b'{') => self.at += 1,
            None => return self.fail("the line ends before any value"),
            Some(_) => {
                // Valid JSON that is not an object says so plainly; anything else is not JSON.
                let start = self.at;
                self.skip_value()?;
                self.space();
                if self.at == self.bytes.len() {
                    return Err(Error {
                        what: Cow::Borrowed(NOT_AN_OBJECT),
                        at: start,
                    });
                }
                return self.fail("trailing characters");
            }
        }
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
        } else {
            self.members(members)?;
        }
        self.space();
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            self.fail("trailing characters")
        }
    }

    /// The members of the line's object, from the first one's name to just after the
    /// closing `}`. This loop runs two dozen times a line, so the usual shape of a member
    /// (`"Name":"text",` as exports write it) is read here with the position in a local,
    /// and anything else (spaces, escapes, other kinds of value, errors) goes through the
    /// general methods, which read and leave `self.at`.
    fn members(&mut self, members: &mut impl Members) -> Scan<()> {
        let (bytes, text) = (self.bytes, self.text);
        let mut at = self.at;
        let mut position = 0;
        loop {
            if bytes.get(at) != Some(&b'"') {
                self.at = at;
                return self.fail("expected a member name in quotes");
            }
            at += 1;
            let wanted = match members.expected_key(position) {
                Some(key) if expected_at(bytes, at, key) => {
                    at += key.len() + 1;
                    members.wants(position, Key::AsExpected)
                }
                _ => {
                    self.at = at;
                    let key = self.string()?;
                    at = self.at;
                    members.wants(position, Key::Other(&key))
                }
            };
            if bytes.get(at) == Some(&b':') {
                at += 1;
            } else {
                self.at = at;
                self.space();
                self.expect(b':', "expected `:`")?;
                at = self.at;
            }
            if let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(at) {
                self.at = at;
                self.space();
                at = self.at;
            }
            let start = at;
            let plain_text = bytes.get(at) == Some(&b'"') && {
                at += 1;
                at += plain_run(&bytes[at..]);
                bytes.get(at) == Some(&b'"')
            };
            if plain_text {
                at += 1;
                if wanted {
                    members
                        .text(&text[start + 1..at - 1])
                        .map_err(|what| Error {
                            what: Cow::Owned(what),
                            at: start,
                        })?;
                }
            } else {
                self.at = start;
                if wanted {
                    let value = self.value()?;
                    members.value(value).map_err(|what| Error {
                        what: Cow::Owned(what),
                        at: start,
                    })?;
                } else {
                    self.skip_value()?;
                }
                at = self.at;
            }
            position += 1;
            match bytes.get(at) {
                Some(b',') => at += 1,
                Some(b'}') => {
                    self.at = at + 1;
                    return Ok(());
                }
                _ => {
                    self.at = at;
                    self.space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(());
                        }
                        Some(_) => return self.fail("expected `,` or `}`"),
                        None => return self.fail("the line ends inside the object"),
                    }
                    at = self.at;
                }
            }
            if let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(at) {
                self.at = at;
                self.space();
                at = self.at;
            }
        }
    }

    /// A value, checked and cut out of the line.
    fn value(&mut self) -> Scan<Raw<'a>> {
        let start = self.at;
        match self.peek() {
            Some(b'"') => {
                self.at += 1;
                Ok(Raw::Text(self.string()?))
            }
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
                Ok(Raw::Number(&self.text[start..self.at]))
            }
            Some(b't') => self.literal("true").map(|()| Raw::Bool(true)),
            Some(b'f') => self.literal("false").map(|()| Raw::Bool(false)),
            Some(b'n') => self.literal("null").map(|()| Raw::Null),
            Some(b'[' | b'{') => {
                self.skip_value()?;
                Ok(Raw::Nested(&self.text[start..self.at]))
            }
            Some(_) => self.fail("expected a value"),
            None => self.fail("the line ends where a value should be"),
        }
    }

    /// Skips any value, checking it; nesting is followed with a counter, not recursion.
    fn skip_value(&mut self) -> Scan<()> {
        // What each open bracket expects next: true after `{` (a member name).
        let mut open: Vec<bool> = Vec::new();
        loop {
            // At a value.
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    self.skip_string()?;
                }
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                Some(bracket @ (b'[' | b'{')) => {
                    if open.len() == MAX_DEPTH {
                        return self.fail("nested too deeply");
                    }
                    self.at += 1;
                    self.space();
                    let close = if bracket == b'[' { b']' } else { b'}' };
                    if self.peek() == Some(close) {
                        self.at += 1;
                    } else {
                        open.push(bracket == b'{');
                        if bracket == b'{' {
                            self.member_name()?;
                        }
                        continue;
                    }
                }
                Some(_) => return self.fail("expected a value"),
                None => return self.fail("the line ends where a value should be"),
            }
            // After a value: close what is done, or go on to the next item.
            loop {
                let Some(&in_object) = open.last() else {
                    return Ok(());
                };
                self.space();
                match (self.peek(), in_object) {
                    (Some(b','), _) => {
                        self.at += 1;
                        self.space();
                        if in_object {
                            self.member_name()?;
                        }
                        break;
                    }
                    (Some(b']'), false) | (Some(b'}'), true) => {
                        self.at += 1;
                        open.pop();
                    }
                    (None, _) => return self.fail("the line ends inside a list or object"),
                    (Some(_), false) => return self.fail("expected `,` or `]`"),
                    (Some(_), true) => return self.fail("expected `,` or `}`"),
                }
            }
        }
    }

    /// `"name" :` inside a skipped object, leaving the scanner at its value.
    fn member_name(&mut self) -> Scan<()> {
        self.expect(b'"', "expected a member name in quotes")?;
        self.skip_string()?;
        self.space();
        self.expect(b':', "expected `:`")?;
        self.space();
        Ok(())
    }

    fn literal(&mut self, word: &'static str) -> Scan<()> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else {
            self.fail("expected a value")
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Scan<()> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.fail("expected a digit"),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.fail("expected a digit after the decimal point");
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.fail("expected a digit in the exponent");
            }
            self.digits();
        }
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    /// From just after an opening quote to just after the closing one. Text without
    /// escapes (nearly all of it) is stepped over here, inlined into the member loop.
    #[inline]
    fn skip_string(&mut self) -> Scan<()> {
        self.at += plain_run(&self.bytes[self.at..]);
        if self.peek() == Some(b'"') {
            self.at += 1;
            return Ok(());
        }
        self.skip_escaped_string()
    }

    /// [`Scanner::skip_string`] from the first byte that is not plain text.
    #[inline(never)]
    fn skip_escaped_string(&mut self) -> Scan<()> {
        loop {
            self.at += plain_run(&self.bytes[self.at..]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.escape(&mut None)?;
                }
                Some(_) => return self.fail("a control character in text (write it as \\n, \\t…)"),
                None => return self.fail("the line ends inside text"),
            }
        }
    }

    /// The text from just after an opening quote, borrowed unless it has escapes.
    #[inline]
    fn string(&mut self) -> Scan<Cow<'a, str>> {
        let start = self.at;
        self.at += plain_run(&self.bytes[self.at..]);
        if self.peek() == Some(b'"') {
            self.at += 1;
            return Ok(Cow::Borrowed(&self.text[start..self.at - 1]));
        }
        self.escaped_string(start)
    }

    /// [`Scanner::string`] from the first byte that is not plain text.
    #[inline(never)]
    fn escaped_string(&mut self, start: usize) -> Scan<Cow<'a, str>> {
        let mut out = Some(String::from(&self.text[start..self.at]));
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out.unwrap_or_default()));
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => return self.fail("a control character in text (write it as \\n, \\t…)"),
                None => return self.fail("the line ends inside text"),
            }
            let run = plain_run(&self.bytes[self.at..]);
            if let Some(out) = &mut out {
                out.push_str(&self.text[self.at..self.at + run]);
            }
            self.at += run;
        }
    }

    /// One escape at a backslash; its character goes to `out` when there is one.
    fn escape(&mut self, out: &mut Option<String>) -> Scan<()> {
        self.at += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let first = self.hex4()?;
                let c = match first {
                    0xD800..=0xDBFF => {
                        if !self.bytes[self.at..].starts_with(b"\\u") {
                            return self.fail("a lone surrogate in a \\u escape");
                        }
                        self.at += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return self.fail("a lone surrogate in a \\u escape");
                        }
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return self.fail("a lone surrogate in a \\u escape"),
                    c => c,
                };
                let Some(c) = char::from_u32(c) else {
                    return self.fail("an invalid \\u escape");
                };
                if let Some(out) = out {
                    out.push(c);
                }
                return Ok(());
            }
            _ => return self.fail("an invalid escape"),
        };
        self.at += 1;
        if let Some(out) = out {
            out.push(c);
        }
        Ok(())
    }

    fn hex4(&mut self) -> Scan<u32> {
        let Some(digits) = self.text.get(self.at..self.at + 4) else {
            return self.fail("a \\u escape needs four hex digits");
        };
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return self.fail("a \\u escape needs four hex digits");
        }
        let Ok(value) = u32::from_str_radix(digits, 16) else {
            return self.fail("a \\u escape needs four hex digits");
        };
        self.at += 4;
        Ok(value)
    }
}

/// Whether the member name starting at `at` (just after its opening quote) is `key`,
/// closing quote included. A name that needs escapes never matches: its bytes in the line
/// are not its text.
#[inline]
fn expected_at(bytes: &[u8], at: usize, key: &str) -> bool {
    debug_assert!(needs_no_escape(key), "{key} cannot be compared as bytes");
    let Some(rest) = bytes.get(at..) else {
        return false;
    };
    rest.get(key.len()) == Some(&b'"')
        && rest
            .get(..key.len())
            .is_some_and(|name| same_bytes(name, key.as_bytes()))
}

/// Whether two slices of the same length hold the same bytes. Member names are short:
/// two overlapping words compare them without a call to `memcmp`.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    fn words<const N: usize>(a: &[u8], b: &[u8]) -> bool {
        a.first_chunk::<N>() == b.first_chunk::<N>() && a.last_chunk::<N>() == b.last_chunk::<N>()
    }
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => words::<4>(a, b),
        8..=16 => words::<8>(a, b),
        _ => a == b,
    }
}

/// Whether `text` is written in JSON as it is, between quotes.
pub(super) fn needs_no_escape(text: &str) -> bool {
    plain_run(text.as_bytes()) == text.len()
}

/// How many bytes from the start of `bytes` are plain text: not `"`, `\` or a control
/// character. Sixteen bytes at a time with vector compares (SSE2 on x86-64, through
/// `wide`), then eight at a time for what is left. The writer asks it too, to know whether
/// text needs escaping.
#[inline]
pub(super) fn plain_run(bytes: &[u8]) -> usize {
    use wide::u8x16;
    /// The first flagged byte of the sixteen at `at`, if any.
    fn first_of_sixteen(bytes: &[u8], at: usize) -> Option<usize> {
        let sixteen = <[u8; 16]>::try_from(bytes.get(at..at + 16)?).ok()?;
        let x = u8x16::new(sixteen);
        let flagged = x.cmp_eq(u8x16::splat(b'"'))
            | x.cmp_eq(u8x16::splat(b'\\'))
            | x.min(u8x16::splat(0x1f)).cmp_eq(x);
        let mask = flagged.move_mask();
        (mask != 0).then(|| at + mask.trailing_zeros() as usize)
    }
    let n = bytes.len();
    if n < 16 {
        return plain_run_short(bytes);
    }
    let mut at = 0;
    while at + 16 <= n {
        if let Some(found) = first_of_sixteen(bytes, at) {
            return found;
        }
        at += 16;
    }
    // The last few bytes as the end of a final sixteen that overlaps bytes already found
    // plain, so nothing is flagged before `at`.
    if at < n {
        return first_of_sixteen(bytes, n - 16).unwrap_or(n);
    }
    n
}

/// The top bit of each byte of `x` that is below 0x20, `"` or `\`, and perhaps of bytes
/// above such a byte: a byte below 0x20 (or equal to `"` or `\` after an XOR) borrows
/// into its top bit when 0x20 (or 0x01) is taken from every byte (Mycroft's test), and a
/// borrow only runs upwards, so the lowest flagged byte is always a real one.
#[inline]
fn flagged(x: u64) -> u64 {
    const ONES: u64 = u64::MAX / 255;
    const TOPS: u64 = ONES << 7;
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x;
    (below(x, 0x20)
        | below(x ^ (ONES * u64::from(b'"')), 1)
        | below(x ^ (ONES * u64::from(b'\\')), 1))
        & TOPS
}

/// Whether all of `bytes` is plain text ([`plain_run`] to the end), asked by the writer
/// of every cell. Up to sixteen bytes are tested as one word of eight, put together from
/// overlapping loads, without a loop.
#[inline]
pub(super) fn is_plain(bytes: &[u8]) -> bool {
    let n = bytes.len();
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|b| b.first_chunk::<8>())
            .map_or(0, |b| u64::from_le_bytes(*b))
    };
    let half = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|b| b.first_chunk::<4>())
            .map_or(0, |b| u32::from_le_bytes(*b))
    };
    match n {
        0 => true,
        1..=3 => {
            // Unused bytes as `a`, which is plain.
            let three = [
                bytes[0],
                bytes[n / 2],
                bytes[n - 1],
                b'a',
                b'a',
                b'a',
                b'a',
                b'a',
            ];
            flagged(u64::from_le_bytes(three)) == 0
        }
        4..=7 => flagged(u64::from(half(0)) | u64::from(half(n - 4)) << 32) == 0,
        8..=16 => flagged(word(0)) | flagged(word(n - 8)) == 0,
        _ => plain_run(bytes) == n,
    }
}

/// [`plain_run`] of fewer than sixteen bytes: eight at a time (see [`flagged`]), then
/// byte by byte.
fn plain_run_short(bytes: &[u8]) -> usize {
    let mut at = 0;
    if let Some(eight) = bytes.first_chunk::<8>() {
        let found = flagged(u64::from_le_bytes(*eight));
        if found != 0 {
            // The lowest flagged byte is a real one: a borrow only runs upwards.
            return (found.trailing_zeros() / 8) as usize;
        }
        at = 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .unwrap_or(bytes.len() - at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Record;

    /// Takes every member.
    struct All(Record, String);

    impl Members for All {
        fn wants(&mut self, _: usize, key: Key<'_>) -> bool {
            let Key::Other(key) = key else {
                unreachable!("All expects no key")
            };
            self.1 = key.to_owned();
            true
        }
        fn value(&mut self, value: Raw<'_>) -> Result<(), String> {
            self.0
                .insert(std::mem::take(&mut self.1), value.into_value()?);
            Ok(())
        }
    }

    /// Takes none.
    struct Nothing;

    impl Members for Nothing {
        fn wants(&mut self, _: usize, _: Key<'_>) -> bool {
            false
        }
        fn value(&mut self, _: Raw<'_>) -> Result<(), String> {
            Ok(())
        }
    }

    fn scanned(line: &str) -> Result<Record, String> {
        let mut all = All(Record::new(), String::new());
        scan_object(line, &mut all).map(|()| all.0)
    }

    /// The reference: serde_json reading the line as a record, as `model::Value`
    /// deserialises (numbers exact); valid JSON that is not an object is refused as such.
    fn serde(line: &str) -> Result<Record, String> {
        let any: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
        if !any.is_object() {
            return Err(NOT_AN_OBJECT.to_owned());
        }
        serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))
    }

    #[test]
    fn lines_read_as_serde_json_reads_them() {
        for line in [
            r#"{}"#,
            r#" { "a" : 1 , "b":-0.50,"c":"x\"y\n\u00e9\ud83d\ude00","d":null,"e":[true,false,[]],"f":{"g":12345678901234567.5,"h":{}}} "#,
            r#"{"n":1e3,"m":-0,"k":99999999999999999999,"s":"\/\b\f\r\t","t":"Zürich – ✓"}"#,
            r#"{"a":1,"a":2}"#,
        ] {
            assert_eq!(scanned(line), serde(line), "{line}");
            assert_eq!(scan_object(line, &mut Nothing), Ok(()), "{line}");
        }
    }

    #[test]
    fn what_serde_json_refuses_is_refused_and_located() {
        for (line, column) in [
            ("", 1),
            ("{", 2),
            (r#"{"a"}"#, 5),
            (r#"{"a":}"#, 6),
            (r#"{"a":1,}"#, 8),
            (r#"{"a":01}"#, 7),
            (r#"{"a":1.}"#, 8),
            (r#"{"a":-}"#, 7),
            (r#"{"a":tru}"#, 6),
            (r#"{"a":"x"} x"#, 11),
            (r#"{"a":"\x"}"#, 8),
            (r#"{"a":"\ud800"}"#, 13),
            (r#"{"a":"\u12"}"#, 9),
            ("{\"a\":\"tab\there\"}", 10),
            (r#"{"a":[1,2}"#, 10),
            (r#"{"a":{"b" 1}}"#, 11),
            (r#"{"a":"unterminated}"#, 20),
        ] {
            assert!(serde(line).is_err(), "serde_json takes {line}");
            let ours = scan_object(line, &mut Nothing).expect_err(line);
            assert!(
                ours.starts_with("not valid JSON") && ours.ends_with(&format!("column {column}")),
                "{line}: {ours}"
            );
        }
        for not_object in ["[1]", "\"a\"", "12", "null"] {
            assert_eq!(
                scan_object(not_object, &mut Nothing),
                Err(NOT_AN_OBJECT.to_owned())
            );
            assert_eq!(serde(not_object), Err(NOT_AN_OBJECT.to_owned()));
        }
        // A value's own rule is named, at the value.
        let twice = r#"{"a":{"b":1,"b":2}}"#;
        assert!(serde(twice).is_err());
        assert_eq!(
            scan_object(twice, &mut All(Record::new(), String::new())),
            Err("not valid JSON: the field `b` appears twice at column 6".to_owned())
        );
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(200), "]".repeat(200));
        assert!(serde(&deep).is_err());
        assert!(scan_object(&deep, &mut Nothing).is_err());
    }

    #[test]
    fn names_compare_equal_exactly_when_their_bytes_do() {
        for n in 0..40 {
            let a: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(same_bytes(&a, &a.clone()), "{n}");
            for at in 0..n {
                let mut b = a.clone();
                b[at] = b'#';
                assert!(!same_bytes(&a, &b), "{n}: differs at {at}");
            }
            assert!(!same_bytes(&a, &a[..n.saturating_sub(1)]) || n == 0);
        }
    }

    #[test]
    fn plain_is_what_the_plain_run_says_at_every_length_and_place() {
        for n in 0..40 {
            assert!(is_plain(&vec![b'x'; n]), "{n} plain bytes");
            for at in 0..n {
                for byte in [b'"', b'\\', 0, b'\n', 0x1f, 0x20, b'!', 0x7f, 0x80, 0xff] {
                    let mut bytes = vec![b'x'; n];
                    bytes[at] = byte;
                    let plain = plain_run(&bytes) == n;
                    assert_eq!(is_plain(&bytes), plain, "{byte:#x} at {at} of {n}");
                }
            }
        }
    }

    #[test]
    fn plain_runs_stop_at_the_first_quote_backslash_or_control() {
        // Lengths around the eight- and sixteen-byte steps, fillers on either side of the
        // bytes that stop a run (0x20, 0x7f, and bytes of UTF-8 sequences).
        for filler in [b'a', b' ', 0x7f, 0xc3, 0xff] {
            for len in 0..50 {
                for at in 0..len {
                    for stop in [b'"', b'\\', b'\n', 0, 0x1f] {
                        let mut text = vec![filler; len];
                        text[at] = stop;
                        if at + 1 < len {
                            text[at + 1] = b'"';
                        }
                        assert_eq!(plain_run(&text), at, "{stop} at {at} of {len}");
                    }
                }
                assert_eq!(plain_run(&vec![filler; len]), len);
            }
        }
    }

    proptest::proptest! {
        /// Any line — JSON built from parts, or JSON with a byte changed — is accepted
        /// exactly when serde_json accepts it, and then reads the same.
        #[test]
        fn agrees_with_serde_json(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "{", "}", "[", "]", ",", ":", " ", "\"a\"", "\"b\\n\"", "\"\\u00e9\"",
                    "1", "-2.5", "1e3", "0", "01", "true", "null", "nul", "\"", "\\", "x",
                    "{\"k\":", "\"v\"}", "[1,2]", "{}", "\t",
                ]),
                0..12,
            )
        ) {
            let line = parts.concat();
            let ours = scanned(&line);
            let theirs = serde(&line);
            proptest::prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{} {:?} {:?}", line, ours, theirs);
            if let (Ok(a), Ok(b)) = (ours, theirs) {
                proptest::prop_assert_eq!(a, b);
            }
        }
    }

    /// `json` with white space around every `{ } [ ] : ,` outside text.
    fn spaced_out(json: &str) -> String {
        let (mut out, mut in_text, mut escaped) = (String::new(), false, false);
        for c in json.chars() {
            let structural = !in_text && matches!(c, '{' | '}' | '[' | ']' | ':' | ',');
            if structural {
                out.push_str(" \t");
            }
            out.push(c);
            if structural {
                out.push_str("\n\r ");
            }
            match c {
                _ if escaped => escaped = false,
                '\\' if in_text => escaped = true,
                '"' => in_text = !in_text,
                _ => {}
            }
        }
        out
    }

    fn json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            "[a-z\"\\\n\u{e9}\u{1F600} ]{0,6}".prop_map(serde_json::Value::from),
            "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,8})?([eE][+-]?[0-9]{1,2})?"
                .prop_map(|n| { serde_json::from_str(&n).unwrap_or(serde_json::Value::Null) }),
        ];
        leaf.prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
                proptest::collection::btree_map("[a-c]{1,2}", inner, 0..5)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Real JSON objects read as serde_json reads them; with one byte changed, they
        /// are refused exactly when serde_json refuses them.
        #[test]
        fn agrees_with_serde_json_on_objects(
            members in proptest::collection::btree_map("[A-Za-z]{1,8}", json(), 0..8),
            at in proptest::prelude::any::<proptest::sample::Index>(),
            byte in proptest::sample::select(b"{}[],:\"\\ 0-.eEtfnu\n".to_vec()),
        ) {
            let object = serde_json::Value::Object(members.into_iter().collect());
            let line = serde_json::to_string(&object).unwrap_or_default();
            let (ours, theirs) = (scanned(&line), serde(&line));
            proptest::prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{} {:?} {:?}", line, ours, theirs);
            if let (Ok(a), Ok(b)) = (ours, theirs) {
                proptest::prop_assert_eq!(a, b);
            }
            // The same object with white space wherever JSON allows it.
            let spaced = spaced_out(&line);
            let (ours, theirs) = (scanned(&spaced), serde(&spaced));
            proptest::prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{} {:?} {:?}", spaced, ours, theirs);
            if let (Ok(a), Ok(b)) = (ours, theirs) {
                proptest::prop_assert_eq!(a, b);
            }
            let mut bytes = line.into_bytes();
            let i = at.index(bytes.len());
            bytes[i] = byte;
            if let Ok(changed) = String::from_utf8(bytes) {
                let ours = scanned(&changed);
                let theirs = serde(&changed);
                proptest::prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{} {:?} {:?}", changed, ours, theirs);
                if let (Ok(a), Ok(b)) = (ours, theirs) {
                    proptest::prop_assert_eq!(a, b);
                }
            }
        }
    }
}
