//! Which bytes JSON text holds as they are, and text written as JSON. A byte is plain
//! unless it is `"`, `\` or a control character; the scanner asks to step over text, the
//! writer to know whether a cell needs escaping.

use wide::u8x16;

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

/// Whether `bytes` holds a control character, `"` or `\`.
fn needs_escape(bytes: &[u8]) -> bool {
    !is_plain(bytes)
}

/// Whether `text` is written in JSON as it is, between quotes.
pub(super) fn needs_no_escape(text: &str) -> bool {
    is_plain(text.as_bytes())
}

/// The bytes of `sixteen` that are not plain text, one bit each, the first byte's lowest:
/// the test of plain text, sixteen bytes at a time with vector compares (SSE2 on x86-64,
/// through `wide`). Only the writer's short cells take another ([`flagged_word`]).
#[inline(always)]
fn flagged(sixteen: [u8; 16]) -> u32 {
    let x = u8x16::new(sixteen);
    let flagged = x.cmp_eq(u8x16::splat(b'"'))
        | x.cmp_eq(u8x16::splat(b'\\'))
        | x.min(u8x16::splat(0x1f)).cmp_eq(x);
    flagged.move_mask() as u32
}

/// Up to sixteen bytes as sixteen, the rest filled with spaces (plain).
#[inline(always)]
fn padded(bytes: &[u8]) -> [u8; 16] {
    let mut sixteen = [b' '; 16];
    if let Some(into) = sixteen.get_mut(..bytes.len()) {
        copy_short(into, bytes);
    }
    sixteen
}

/// How many bytes from the start of `bytes` are plain text. The scanner asks it to step
/// over text in a line.
#[inline]
pub(super) fn plain_run(bytes: &[u8]) -> usize {
    /// The first flagged byte of the sixteen at `at`, if any.
    #[inline(always)]
    fn first_of_sixteen(bytes: &[u8], at: usize) -> Option<usize> {
        let sixteen = <[u8; 16]>::try_from(bytes.get(at..at + 16)?).ok()?;
        let mask = flagged(sixteen);
        (mask != 0).then(|| at + mask.trailing_zeros() as usize)
    }
    let n = bytes.len();
    if n < 16 {
        // Only near the end of a line. Bits past `n` are clear: no bit set gives 32, so `n`.
        return (flagged(padded(bytes)).trailing_zeros() as usize).min(n);
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

/// Whether all of `bytes` is plain text, asked by the writer of every cell. Most cells are
/// sixteen bytes or fewer: those are tested as two words of eight put together from
/// overlapping loads (see [`flagged_word`]), without a loop and without a store before.
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
            .map_or(0, |b| u64::from(u32::from_le_bytes(*b)))
    };
    match n {
        0 => true,
        1..=3 => {
            let three = [
                bytes[0],
                bytes[n / 2],
                bytes[n - 1],
                b' ',
                b' ',
                b' ',
                b' ',
                b' ',
            ];
            flagged_word(u64::from_le_bytes(three)) == 0
        }
        4..=7 => flagged_word(half(0) | half(n - 4) << 32) == 0,
        8..=16 => flagged_word(word(0)) | flagged_word(word(n - 8)) == 0,
        _ => plain_run(bytes) == n,
    }
}

/// [`flagged`] for eight bytes in a word: the top bit of each byte below 0x20, `"` or `\`,
/// and perhaps of bytes above such a byte (a byte below 0x20, or equal to `"` or `\` after
/// an XOR, borrows into its top bit when 0x20, or 0x01, is taken from every byte; Mycroft's
/// test). The writer's test for short cells: a second test of plain text, kept because it
/// pays (BENCHMARKS.md: the vector test on a copy padded to sixteen bytes costs 3 % more
/// time, on a value put together in registers 1.3 % more instructions).
#[inline]
fn flagged_word(x: u64) -> u64 {
    const ONES: u64 = u64::MAX / 255;
    const TOPS: u64 = ONES << 7;
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x;
    (below(x, 0x20)
        | below(x ^ (ONES * u64::from(b'"')), 1)
        | below(x ^ (ONES * u64::from(b'\\')), 1))
        & TOPS
}

/// Copies `from` into `into` (of the same length). Cells are short: up to 32 bytes go in
/// two overlapping moves of a fixed size, which compile to plain loads and stores.
#[inline]
pub(super) fn copy_short(into: &mut [u8], from: &[u8]) {
    fn two<const N: usize>(into: &mut [u8], from: &[u8]) {
        if let (Some(a), Some(b)) = (into.first_chunk_mut::<N>(), from.first_chunk::<N>()) {
            *a = *b;
        }
        if let (Some(a), Some(b)) = (into.last_chunk_mut::<N>(), from.last_chunk::<N>()) {
            *a = *b;
        }
    }
    let n = from.len();
    if n != into.len() {
        return into.copy_from_slice(from);
    }
    match n {
        0 => {}
        1..=3 => {
            into[0] = from[0];
            into[n / 2] = from[n / 2];
            into[n - 1] = from[n - 1];
        }
        4..=7 => two::<4>(into, from),
        8..=15 => two::<8>(into, from),
        16..=32 => two::<16>(into, from),
        _ => into.copy_from_slice(from),
    }
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
    fn plain_is_what_a_byte_by_byte_test_says_at_every_length_and_place() {
        let plain = |b: &u8| *b >= 0x20 && *b != b'"' && *b != b'\\';
        for n in 0..40 {
            assert!(is_plain(&vec![b'x'; n]), "{n} plain bytes");
            for at in 0..n {
                for byte in [b'"', b'\\', 0, b'\n', 0x1f, 0x20, b'!', 0x7f, 0x80, 0xff] {
                    let mut bytes = vec![b'x'; n];
                    bytes[at] = byte;
                    let expected = bytes.iter().all(plain);
                    assert_eq!(is_plain(&bytes), expected, "{byte:#x} at {at} of {n}");
                    let run = bytes.iter().position(|b| !plain(b)).unwrap_or(n);
                    assert_eq!(plain_run(&bytes), run, "{byte:#x} at {at} of {n}");
                }
            }
        }
    }

    #[test]
    fn short_copies_copy_every_byte_of_every_length() {
        for n in 0..80 {
            let from: Vec<u8> = (0..n).map(|i| i as u8 + 1).collect();
            let mut into = vec![0; n as usize];
            copy_short(&mut into, &from);
            assert_eq!(into, from, "length {n}");
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
