//! Dates as spreadsheet numbers, the 1900 date system of Excel: 1 is 1900-01-01, 45352 is
//! 2024-03-01, a time of day is the fraction (0.5 is noon). Excel counts a 1900-02-29
//! that never was (serial 60, kept for Lotus 1-2-3); from 1900-03-01 (61) on, Excel and
//! LibreOffice agree. Serials 1 to 59 are Excel's; 0 and 60 name no real day.

use jiff::civil::{Date, date};
use rust_decimal::Decimal;
use rust_decimal::prelude::*;

const SECONDS_PER_DAY: i64 = 86_400;

fn epoch() -> Date {
    date(1899, 12, 30)
}

/// The serial number of `d`.
pub fn from_date(d: Date) -> i64 {
    let days = i64::from((d - epoch()).get_days());
    // Before Excel's 1900-02-29 the count is one lower.
    if days < 61 { days - 1 } else { days }
}

/// The date of serial number `n` (its whole part), or why there is none.
pub fn to_date(n: Decimal) -> Result<Date, String> {
    let whole = n.floor().to_i64().unwrap_or(i64::MAX);
    let days = match whole {
        61.. => whole,
        60 => return Err("day 60 is 1900-02-29, a day Excel counts that never was (#NUM!)".into()),
        1..=59 => whole + 1,
        _ => {
            return Err(format!(
                "{n} is before day 1, 1900-01-01, so it is not a date (#NUM!)"
            ));
        }
    };
    epoch()
        .checked_add(jiff::Span::new().try_days(days).map_err(|_| TOO_LATE)?)
        .map_err(|_| TOO_LATE.into())
}

const TOO_LATE: &str = "the number is after 9999-12-31, so it is not a date (#NUM!)";

/// A time of day in seconds (0 to 86 399) as the fraction of a day a spreadsheet uses.
pub fn day_fraction(seconds: i64) -> Decimal {
    Decimal::from(seconds) / Decimal::from(SECONDS_PER_DAY)
}

/// The time of day of serial number `n`, in seconds, rounded to the nearest second (so
/// 0.99999999 is midnight, as in Excel).
pub fn seconds_of_day(n: Decimal) -> Result<i64, String> {
    if n.is_sign_negative() && !n.is_zero() {
        return Err(format!("{n} is a negative time (#NUM!)"));
    }
    let seconds = (n - n.floor()) * Decimal::from(SECONDS_PER_DAY);
    Ok(seconds.round().to_i64().unwrap_or(0) % SECONDS_PER_DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_are_excels() {
        for (serial, day) in [
            (1, date(1900, 1, 1)),
            (59, date(1900, 2, 28)),
            (61, date(1900, 3, 1)),
            (45352, date(2024, 3, 1)),
            (45351, date(2024, 2, 29)),
            (2958465, date(9999, 12, 31)),
        ] {
            assert_eq!(from_date(day), serial, "{day}");
            assert_eq!(to_date(Decimal::from(serial)), Ok(day), "{serial}");
        }
        assert_eq!(to_date(Decimal::new(453525, 1)), Ok(date(2024, 3, 1)));
        for bad in [0, 60, -1, 2958466] {
            assert!(
                to_date(Decimal::from(bad)).is_err_and(|e| e.ends_with("(#NUM!)")),
                "{bad}"
            );
        }
    }

    #[test]
    fn times_are_fractions_of_a_day() {
        assert_eq!(day_fraction(43_200), Decimal::new(5, 1));
        assert_eq!(seconds_of_day(Decimal::new(5, 1)), Ok(43_200));
        assert_eq!(seconds_of_day(Decimal::new(4537575, 2)), Ok(64_800));
        assert_eq!(seconds_of_day(Decimal::new(99_999_999, 8)), Ok(0));
        assert!(seconds_of_day(Decimal::new(-5, 1)).is_err());
    }
}
