//! Text from files on its way to a terminal or a report: control characters in it are
//! shown, not obeyed. A label holding `ESC [ 2 J` would otherwise clear the screen of
//! whoever runs `switchboard check`, or make a report say what the file does not.
//! JSON and SARIF need nothing of this: serde writes such characters as escapes.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use codespan_reporting::term::termcolor::{ColorSpec, WriteColor};

/// Whether `c` is shown escaped: control characters but line breaks and tabs, and the
/// marks that reverse the direction of the text after them.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with each hidden character written as an escape: `\x1b` for ESC, `\u{202e}` for
/// a right-to-left override.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !is_hidden(c) => out.push(c),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

/// A writer that escapes what [`escape_controls`] escapes in everything written through
/// it; colours set through [`WriteColor`] go to the terminal as they are.
pub struct Plain<W>(pub W);

impl<W: Write> Write for Plain<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match std::str::from_utf8(buf) {
            Ok(text) => self.0.write_all(escape_controls(text).as_bytes()),
            // Not whole characters: the one-byte controls, which never sit inside one.
            Err(_) => {
                for chunk in buf.split_inclusive(|b| *b < 0x20 || *b == 0x7f) {
                    match chunk.split_last() {
                        Some((&last, head)) if last < 0x20 || last == 0x7f => {
                            self.0.write_all(head)?;
                            let c = char::from(last).to_string();
                            self.0.write_all(escape_controls(&c).as_bytes())?;
                        }
                        _ => self.0.write_all(chunk)?,
                    }
                }
                Ok(())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl<W: WriteColor> WriteColor for Plain<W> {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.0.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.0.reset()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_and_text_is_left_alone() {
        assert!(matches!(escape_controls("Größe\tok\n"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("a\u{1b}[2Jb\rc\u{7f}\u{9b}d\u{202e}e"),
            "a\\x1b[2Jb\\rc\\x7f\\u{9b}d\\u{202e}e"
        );
        let mut out = Plain(Vec::new());
        out.write_all("x\u{1b}]0;owned\u{7}y\n".as_bytes())
            .expect("write");
        // Half a character, then the rest: still written, the control still escaped.
        out.write_all(b"\xc3").expect("write");
        out.write_all(b"\xa9\x1b").expect("write");
        assert_eq!(
            String::from_utf8_lossy(&out.0),
            "x\\x1b]0;owned\\x07y\né\\x1b"
        );
    }
}
