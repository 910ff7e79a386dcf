//! Numbers as a spreadsheet sees them at the edge of precision. Spreadsheets compute in
//! binary floating point and take a result to 15 significant digits before comparing it,
//! truncating it (INT, TRUNC) or writing it as text, so `1/3*3 = 1` is TRUE there. We
//! compute in decimal with up to 28 digits, and take the same step at the same places:
//! 1/3*3 is 0.9999999999999999999999999999 here, which is 1 to 15 digits.
//!
//! Whole numbers are left as they are, however many digits they have: they are order
//! numbers and ids far more often than results of arithmetic, and decimal holds them
//! exactly (a spreadsheet would round 12345678901234567 to 12345678901234600).
//!
//! A number beyond a decimal's reach is binary (see [`super::float`]) and written as a
//! spreadsheet writes it: 15 digits in E-notation ([`general`]).

use rust_decimal::{Decimal, RoundingStrategy};

/// 10^15: a mantissa below this has at most 15 digits.
const FIFTEEN_DIGITS: u128 = 1_000_000_000_000_000;

/// `n` to 15 significant digits, halves away from zero; a whole number, or one with at
/// most 15 digits (nearly every amount), is given back at once.
#[inline]
pub fn significant(n: Decimal) -> Decimal {
    if n.scale() == 0 || n.mantissa().unsigned_abs() < FIFTEEN_DIGITS {
        return n;
    }
    round_to_fifteen(n)
}

/// The rounding itself: the fractional digits beyond the 15th significant one go, the
/// whole part stays.
#[inline(never)]
fn round_to_fifteen(n: Decimal) -> Decimal {
    let digits = n.mantissa().unsigned_abs().ilog10() + 1;
    let keep = n.scale().saturating_sub(digits.saturating_sub(15));
    n.round_dp_with_strategy(keep, RoundingStrategy::MidpointAwayFromZero)
}

/// `x` as a spreadsheet writes a number beyond a decimal's reach: 15 significant digits
/// in E-notation, trailing zeros dropped (`1.5E+300`, `1E-29`, `-2.5E+40`).
pub fn general(x: f64) -> String {
    let written = format!("{x:.14e}");
    let (mantissa, exponent) = written.split_once('e').unwrap_or((&written, "0"));
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}E{sign}{:02}", exponent.abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    #[test]
    fn results_are_taken_to_fifteen_digits_as_spreadsheets_take_them() {
        let third = Decimal::ONE / Decimal::from(3);
        assert_eq!(significant(third * Decimal::from(3)), Decimal::ONE);
        assert_eq!(
            significant(third).normalize().to_string(),
            "0.333333333333333"
        );
        assert_eq!(
            significant(-third * Decimal::from(2))
                .normalize()
                .to_string(),
            "-0.666666666666667"
        );
        assert_eq!(
            significant(d("0.000123456789012345678")).to_string(),
            "0.000123456789012346"
        );
        assert_eq!(
            significant(d("1234567890123456.75")).to_string(),
            "1234567890123457",
            "the whole part stays even beyond 15 digits"
        );
    }

    #[test]
    fn short_and_whole_numbers_are_kept_as_they_are() {
        for n in [
            "0.1",
            "-2.675",
            "123456789012345",
            "12345678901234567890",
            "0",
        ] {
            assert_eq!(significant(d(n)).to_string(), n);
        }
        assert_eq!(significant(Decimal::MAX), Decimal::MAX);
        assert_eq!(significant(Decimal::MIN), Decimal::MIN);
        let tiny = Decimal::new(1, 28);
        assert_eq!(significant(tiny), tiny);
    }
}
