//! A JSON-object line scanner: it checks the whole line is JSON (RFC 8259: what
//! serde_json refuses, it refuses, though its messages are its own) and builds values only
//! for the members the caller wants — a mapping reads a dozen fields of records that carry
//! thirty. Text is stepped over sixteen bytes at a time and borrowed when it holds no
//! escape. Nested arrays and objects that are wanted are handed to serde_json, which
//! decodes them exactly as a whole record would be.
//!
//! Exports write their members in the same order on every line, so a caller may say which
//! key it expects at each place: a member whose name is, byte for byte, the expected one is
//! recognised without decoding or looking up its name.

use std::borrow::Cow;

use super::text::{needs_no_escape, plain_run};
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
pub fn scan_object(line: &str, members: &mut impl Members) -> Result<(), LineError> {
    let mut s = Scanner {
        text: line,
        bytes: line.as_bytes(),
        at: 0,
    };
    s.object(members).map_err(|e| e.describe(line))
}

/// Why a line was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// Valid JSON, but not an object.
    #[error("each line must be one JSON object {{…}}")]
    NotAnObject,
    /// Not JSON, or a value its reader refused; the column counts characters, from 1, as
    /// an editor shows them.
    #[error("not valid JSON: {what} at column {column}")]
    NotJson {
        what: Cow<'static, str>,
        column: usize,
    },
}

/// What went wrong, and at which byte.
enum Error {
    NotAnObject,
    At { what: Cow<'static, str>, at: usize },
}

impl Error {
    fn describe(self, line: &str) -> LineError {
        match self {
            Error::NotAnObject => LineError::NotAnObject,
            Error::At { what, at } => LineError::NotJson {
                what,
                column: line.get(..at).map_or(at, |s| s.chars().count()) + 1,
            },
        }
    }
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

type Scan<T> = Result<T, Error>;

impl<'a> Scanner<'a> {
    fn fail<T>(&self, what: &'static str) -> Scan<T> {
        Err(Error::At {
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
                self.skip_value()?;
                self.space();
                if self.at == self.bytes.len() {
                    return Err(Error::NotAnObject);
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
                        .map_err(|what| Error::At {
                            what: Cow::Owned(what),
                            at: start,
                        })?;
                }
            } else {
                self.at = start;
                if wanted {
                    let value = self.value()?;
                    members.value(value).map_err(|what| Error::At {
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

#[cfg(test)]
mod tests;
