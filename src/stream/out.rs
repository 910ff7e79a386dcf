//! Mapped records written as JSON lines straight into one large output buffer: each cell
//! is copied in once (short text with a few fixed-size moves rather than a call to
//! `memcpy`), and the buffer goes to the writer whole, a megabyte or a chunk at a time,
//! between lines.

use std::io::Write;

use super::record::write_formula_json;
use super::text::{copy_short, is_plain, write_string};
use crate::formula::Value as FormulaValue;
use crate::formula::rfc3339;

/// The buffer is handed to the writer once a line ends past this many bytes.
const FLUSH_AT: usize = 1 << 20;

/// JSON lines being written: complete lines, then the line being built.
pub struct JsonLines {
    /// Written bytes are `buffer[..at]`; the rest is room, grown when a line needs more.
    buffer: Vec<u8>,
    at: usize,
    /// Where the line being built starts, to take it back if it fails.
    line_start: usize,
    /// Scratch for the rare value written through `String`-based code (escaped text,
    /// fractions, date-times).
    spare: String,
}

impl Default for JsonLines {
    fn default() -> Self {
        JsonLines::new()
    }
}

impl JsonLines {
    pub fn new() -> JsonLines {
        JsonLines {
            buffer: vec![0; FLUSH_AT + (FLUSH_AT >> 2)],
            at: 0,
            line_start: 0,
            spare: String::new(),
        }
    }

    /// Starts a line.
    pub fn begin_line(&mut self) {
        self.line_start = self.at;
    }

    /// Takes back everything written since [`JsonLines::begin_line`].
    pub fn cancel_line(&mut self) {
        self.at = self.line_start;
    }

    /// The line being built, as written so far.
    #[cfg(test)]
    fn line(&self) -> &[u8] {
        &self.buffer[self.line_start..self.at]
    }

    /// Hands the complete lines to `output` once there is a megabyte of them (every time
    /// with `now`). Called between lines only.
    pub fn flush_to(&mut self, output: &mut dyn Write, now: bool) -> std::io::Result<()> {
        if self.at >= FLUSH_AT || now {
            output.write_all(&self.buffer[..self.at])?;
            self.at = 0;
            self.line_start = 0;
        }
        Ok(())
    }

    /// The complete lines, handed over whole; `spare` (an earlier buffer handed back)
    /// becomes the buffer the next lines go into. Called between lines only.
    pub fn take(&mut self, spare: Vec<u8>) -> Vec<u8> {
        let mut lines = std::mem::replace(&mut self.buffer, spare);
        lines.truncate(self.at);
        // Zeros only past what the spare buffer held before.
        let room = self.buffer.capacity().max(FLUSH_AT + (FLUSH_AT >> 2));
        self.buffer.resize(room, 0);
        self.at = 0;
        self.line_start = 0;
        lines
    }

    /// `bytes` as they are.
    #[inline(always)]
    pub fn raw(&mut self, bytes: &[u8]) {
        let end = self.room(bytes.len());
        copy_short(&mut self.buffer[self.at..end], bytes);
        self.at = end;
    }

    /// `text` as a JSON string.
    #[inline]
    pub fn text(&mut self, text: &str) {
        self.text_after(b"", text);
    }

    /// `before` as it is, then `text` as a JSON string: a key and its text cell in one go.
    #[inline(always)]
    pub fn text_after(&mut self, before: &[u8], text: &str) {
        let bytes = text.as_bytes();
        if !is_plain(bytes) {
            self.raw(before);
            return self.escaped(text);
        }
        let end = self.room(before.len() + bytes.len() + 2);
        let into = &mut self.buffer[self.at..end];
        let (key, into) = into.split_at_mut(before.len());
        copy_short(key, before);
        if let Some((open, rest)) = into.split_first_mut()
            && let Some((close, inner)) = rest.split_last_mut()
        {
            *open = b'"';
            copy_short(inner, bytes);
            *close = b'"';
        }
        self.at = end;
    }

    /// A formula's result as JSON: dates as ISO text, numbers exact.
    #[inline(always)]
    pub fn value(&mut self, value: &FormulaValue) {
        match value {
            FormulaValue::Text(t) => self.text(t),
            FormulaValue::Bool(true) => self.raw(b"true"),
            FormulaValue::Bool(false) => self.raw(b"false"),
            FormulaValue::Blank => self.raw(b"null"),
            FormulaValue::Number(d) if d.scale() == 0 => match i64::try_from(d.mantissa()) {
                Ok(whole) => self.raw(itoa::Buffer::new().format(whole).as_bytes()),
                Err(_) => self.through_string(value),
            },
            FormulaValue::Date(d) if (0..=9999).contains(&d.year()) => {
                // `"2026-11-20"`, as jiff writes dates of these years.
                let end = self.room(12);
                let [year, month, day] =
                    [d.year().unsigned_abs(), d.month() as u16, d.day() as u16];
                let into = &mut self.buffer[self.at..end];
                into.copy_from_slice(b"\"0000-00-00\"");
                for (place, digit) in [(1, 1000), (2, 100), (3, 10), (4, 1)] {
                    into[place] += (year / digit % 10) as u8;
                }
                into[6] += (month / 10) as u8;
                into[7] += (month % 10) as u8;
                into[9] += (day / 10) as u8;
                into[10] += (day % 10) as u8;
                self.at = end;
            }
            FormulaValue::DateTime(z) if let Some(digits) = rfc3339::plain_digits(z) => {
                let end = self.room(digits.len() + 2);
                let into = &mut self.buffer[self.at..end];
                into[0] = b'"';
                into[1..=digits.len()].copy_from_slice(&digits);
                into[digits.len() + 1] = b'"';
                self.at = end;
            }
            other => self.through_string(other),
        }
    }

    #[cold]
    fn escaped(&mut self, text: &str) {
        self.through_spare(|spare| write_string(spare, text));
    }

    #[cold]
    fn through_string(&mut self, value: &FormulaValue) {
        self.through_spare(|spare| write_formula_json(spare, value));
    }

    /// What `write` writes into the spare `String`, copied in.
    fn through_spare(&mut self, write: impl FnOnce(&mut String)) {
        let mut spare = std::mem::take(&mut self.spare);
        spare.clear();
        write(&mut spare);
        self.raw(spare.as_bytes());
        self.spare = spare;
    }

    /// Makes room for `n` more bytes; where they end.
    #[inline]
    fn room(&mut self, n: usize) -> usize {
        let end = self.at + n;
        if end > self.buffer.len() {
            self.grow(end);
        }
        end
    }

    /// Only a line longer than the spare quarter megabyte gets here.
    #[cold]
    fn grow(&mut self, end: usize) {
        self.buffer.resize(end.max(self.buffer.len() * 2), 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_written_whole_and_can_be_taken_back() {
        let mut lines = JsonLines::new();
        lines.begin_line();
        lines.raw(b"{\"a\":");
        lines.text("x\"y");
        lines.raw(b"}\n");
        lines.begin_line();
        lines.raw(b"{\"b\":");
        lines.value(&FormulaValue::Bool(true));
        lines.cancel_line();
        let mut out = Vec::new();
        lines.flush_to(&mut out, true).expect("writes to memory");
        assert_eq!(out, b"{\"a\":\"x\\\"y\"}\n");
    }

    #[test]
    fn values_are_written_as_the_string_writer_writes_them() {
        use jiff::civil::date;
        let n = |s: &str| FormulaValue::Number(s.parse().expect("decimal"));
        for value in [
            FormulaValue::Text("plain".into()),
            FormulaValue::Text("tab\there, \u{1} and ✓".into()),
            FormulaValue::Text(String::new()),
            FormulaValue::Text("a fairly long text of more than thirty-two bytes".into()),
            FormulaValue::Blank,
            FormulaValue::Bool(false),
            n("45398"),
            n("-9079.000"),
            n("129.90"),
            n("79228162514264337593543950335"),
            FormulaValue::Date(date(2026, 3, 7)),
            FormulaValue::Date(date(987, 12, 31)),
            FormulaValue::Date(date(9999, 1, 1)),
            FormulaValue::Date(date(-12, 1, 1)),
            FormulaValue::datetime(
                "2026-11-20T14:30:00-05:00[America/New_York]"
                    .parse()
                    .expect("zoned"),
            ),
            FormulaValue::datetime(
                "1900-01-01T00:00:00+00:19:32[Europe/Amsterdam]"
                    .parse()
                    .expect("zoned"),
            ),
        ] {
            let mut expected = String::new();
            write_formula_json(&mut expected, &value);
            let mut lines = JsonLines::new();
            lines.value(&value);
            assert_eq!(lines.line(), expected.as_bytes(), "{value:?}");
        }
    }

    #[test]
    fn a_line_longer_than_the_buffer_grows_it() {
        let mut lines = JsonLines::new();
        let long = "y".repeat(3 << 20);
        lines.text(&long);
        assert_eq!(lines.line().len(), long.len() + 2);
        assert!(lines.line().ends_with(b"yy\""));
    }
}
