//! Which bytes JSON text holds as they are, and text written as JSON. A byte is plain
//! unless it is `"`, `\` or a control character; the scanner asks to step over text, the
//! writer to know whether a cell needs escaping.

/// Appends `s` as a JSON string, escaped as RFC 8259 requires. Runs of characters that
/// need no escape (nearly all of them) are copied in one go.
pub fn write_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    // Nearly every value needs no escape at all: find that out eight bytes at a time, then
    // copy the text whole.
    if !needs_escape(s.as_bytes()) {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, byte) in s.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            b if b < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            use std::fmt::Write;
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Whether `bytes` holds a control character, `"` or `\`: the scanner's test for plain
/// text.
fn needs_escape(bytes: &[u8]) -> bool {
    !is_plain(bytes)
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
    #[inline(always)]
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
#[inline]
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

    #[test]
    fn escapes_are_found_wherever_they_sit() {
        for bad in [b'"', b'\\', b'\n', 0, 0x1f] {
            for len in 0..20 {
                for at in 0..len {
                    let mut text = vec![b'a'; len];
                    text[at] = bad;
                    assert!(needs_escape(&text), "{bad} at {at} of {len}");
                }
                assert!(!needs_escape(&vec![b'a'; len]));
            }
        }
        assert!(!needs_escape("Zürich – ✓ 😀 ~ \x7f".as_bytes()));
    }

    #[test]
    fn written_strings_read_back_identically() {
        for s in [
            "",
            "plain",
            "quote \" and \\ back",
            "tab\tnew\nline\r",
            "\u{1}\u{1f}ctl",
            "Zürich – ✓ 😀",
            "\"\"",
        ] {
            let mut out = String::new();
            write_string(&mut out, s);
            assert_eq!(
                serde_json::from_str::<String>(&out).expect("valid JSON"),
                s,
                "{out}"
            );
        }
    }

    /// What the slots of `line` must hold: the whole record read by serde, each slot's

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
}
