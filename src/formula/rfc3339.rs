//! Date-times in the one shape nearly every export writes, `2026-11-20T14:30:00-05:00` or
//! `…Z`, read and written without jiff's general parser and `strftime`.
//!
//! `switchboard map` reads and writes a date-time per field of this type on every record;
//! the general path costs about a sixth of a record's time on a typical CRM export. These
//! two functions answer only what they are sure of (whole seconds, offsets in whole
//! minutes, years 0–9999) and leave everything else to the general path, so they never
//! give a different answer from it — the tests below compare them on every shape.

use jiff::Zoned;
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};

/// `2026-11-20T14:30:00-05:00` and `2026-11-20T14:30:00Z`, as the general reading reads
/// them; `None` for anything else (which the general reading then takes).
pub fn parse_plain(text: &str) -> Option<Zoned> {
    let bytes = text.as_bytes();
    let (clock, zone) = bytes.split_at_checked(19)?;
    let &[
        y1,
        y2,
        y3,
        y4,
        b'-',
        m1,
        m2,
        b'-',
        d1,
        d2,
        b'T',
        h1,
        h2,
        b':',
        i1,
        i2,
        b':',
        s1,
        s2,
    ] = clock
    else {
        return None;
    };
    let year = number(&[y1, y2, y3, y4])?;
    let [month, day, hour, minute, second] =
        [[m1, m2], [d1, d2], [h1, h2], [i1, i2], [s1, s2]].map(|pair| number(&pair));
    let datetime = DateTime::new(
        year,
        month? as i8,
        day? as i8,
        hour? as i8,
        minute? as i8,
        second? as i8,
        0,
    )
    .ok()?;
    let zone = match *zone {
        [b'Z'] => TimeZone::UTC,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (hours, minutes) = (number(&[h1, h2])?, number(&[m1, m2])?);
            // `-00:00` ("offset unknown") and out-of-range offsets: the general path.
            if hours > 23 || minutes > 59 || (sign == b'-' && hours == 0 && minutes == 0) {
                return None;
            }
            let seconds = i32::from(hours) * 3600 + i32::from(minutes) * 60;
            let seconds = if sign == b'-' { -seconds } else { seconds };
            TimeZone::fixed(Offset::from_seconds(seconds).ok()?)
        }
        _ => return None,
    };
    datetime.to_zoned(zone).ok()
}

/// `z` as `2026-11-20T14:30:00-05:00` (what `strftime("%Y-%m-%dT%H:%M:%S%:z")` writes),
/// when its year is 0–9999 and its offset whole minutes; `None` otherwise.
pub fn plain_digits(z: &Zoned) -> Option<[u8; 25]> {
    let year = u16::try_from(z.year()).ok().filter(|y| *y <= 9999)?;
    let offset = z.offset().seconds();
    if offset % 60 != 0 {
        return None;
    }
    let mut out = *b"0000-00-00T00:00:00+00:00";
    let minutes = offset.unsigned_abs() / 60;
    if offset < 0 {
        out[19] = b'-';
    }
    put(&mut out[0..4], u32::from(year));
    for (at, value) in [
        (5, z.month() as u32),
        (8, z.day() as u32),
        (11, z.hour() as u32),
        (14, z.minute() as u32),
        (17, z.second() as u32),
        (20, minutes / 60),
        (23, minutes % 60),
    ] {
        put(&mut out[at..at + 2], value);
    }
    Some(out)
}

/// The decimal digits of `value` into `into`, right-aligned, zero-padded.
fn put(into: &mut [u8], mut value: u32) {
    for place in into.iter_mut().rev() {
        *place = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// Two or four ASCII digits as a number.
fn number(digits: &[u8]) -> Option<i16> {
    digits.iter().try_fold(0i16, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + i16::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the general path reads: a `Zoned` parse (for bracketed zone names), then the
    /// temporal pieces with a `Z` or numeric offset.
    fn general(text: &str) -> Option<Zoned> {
        if let Ok(z) = text.parse::<Zoned>() {
            return Some(z);
        }
        let pieces = jiff::fmt::temporal::Pieces::parse(text).ok()?;
        let time = pieces.time().unwrap_or(jiff::civil::Time::midnight());
        let tz = match pieces.offset()? {
            jiff::fmt::temporal::PiecesOffset::Zulu => TimeZone::UTC,
            jiff::fmt::temporal::PiecesOffset::Numeric(n) => TimeZone::fixed(n.offset()),
            _ => return None,
        };
        pieces.date().to_datetime(time).to_zoned(tz).ok()
    }

    proptest::proptest! {
        /// Wherever the quick reading answers, the general one gives the same instant in
        /// the same time zone; and on valid plain shapes it does answer.
        #[test]
        fn plain_date_times_read_as_the_general_path_reads_them(
            y in 0u16..10000, mo in 0u8..14, d in 0u8..33, h in 0u8..26, mi in 0u8..62,
            s in 0u8..62, zone in 0usize..6, oh in 0u8..26, om in 0u8..62,
        ) {
            let zone = match zone {
                0 => "Z".to_string(),
                1 => format!("+{oh:02}:{om:02}"),
                2 => format!("-{oh:02}:{om:02}"),
                3 => "-00:00".to_string(),
                4 => "+00:00".to_string(),
                _ => "z".to_string(),
            };
            let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{zone}");
            let quick = parse_plain(&text);
            if let Some(quick) = &quick {
                let general = general(&text);
                proptest::prop_assert_eq!(Some(quick), general.as_ref());
                proptest::prop_assert_eq!(
                    Some(quick.time_zone()),
                    general.as_ref().map(Zoned::time_zone)
                );
            }
            let plain = (1..=12).contains(&mo) && (1..=28).contains(&d) && h < 24 && mi < 60
                && s < 60 && zone != "-00:00" && zone != "z" && oh < 24 && om < 60;
            if plain {
                proptest::prop_assert!(quick.is_some(), "{} not read quickly", text);
            }
        }

        /// The quick writing writes what strftime writes, byte for byte.
        #[test]
        fn date_times_are_written_as_strftime_writes_them(
            seconds in -62_000_000_000i64..253_000_000_000i64,
            offset in -93_599i32..93_599,
            whole_minutes in proptest::bool::ANY,
        ) {
            let offset = if whole_minutes { offset / 60 * 60 } else { offset };
            let zone = TimeZone::fixed(Offset::from_seconds(offset).unwrap());
            let Ok(timestamp) = jiff::Timestamp::from_second(seconds) else {
                return Ok(());
            };
            let z = timestamp.to_zoned(zone);
            let slow = z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
            match plain_digits(&z) {
                Some(quick) => proptest::prop_assert_eq!(std::str::from_utf8(&quick).unwrap(), slow),
                None => proptest::prop_assert!(
                    offset % 60 != 0 || !(0..=9999).contains(&z.year()),
                    "{} not written quickly", slow
                ),
            }
        }
    }

    #[test]
    fn other_shapes_are_left_to_the_general_path() {
        for text in [
            "2026-11-20T14:30:00.5Z",
            "2026-11-20 14:30:00Z",
            "2026-11-20T14:30:00-0500",
            "2026-11-20T14:30:00-05:00[America/New_York]",
            "2026-11-20T14:30:00",
            "2026-11-20T14:30:60Z",
        ] {
            assert_eq!(parse_plain(text), None, "{text}");
        }
    }

    #[test]
    fn time_zone_names_are_kept_by_the_general_path_only() {
        let z = parse_plain("2026-11-20T14:30:00-05:00").unwrap();
        assert_eq!(
            std::str::from_utf8(&plain_digits(&z).unwrap()).unwrap(),
            "2026-11-20T14:30:00-05:00"
        );
        let utc = parse_plain("2026-11-20T14:30:00Z").unwrap();
        assert_eq!(utc.time_zone(), &TimeZone::UTC);
    }
}
