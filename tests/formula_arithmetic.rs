//! Formula arithmetic against an independent reference: exact rational numbers over big
//! integers. Sums, differences and products of decimals must come out exactly; quotients
//! to the 28 significant digits a decimal holds.

use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::Signed;
use std::str::FromStr;

use crate::formula_functions::eval;
use switchboard::formula::Value;

fn rational(d: Decimal) -> BigRational {
    let mantissa = BigInt::from(d.mantissa());
    let scale = BigInt::from(10u8).pow(d.scale());
    BigRational::new(mantissa, scale)
}

fn decimal() -> impl Strategy<Value = Decimal> {
    (-99_999_999i64..99_999_999i64, 0u32..5).prop_map(|(m, s)| Decimal::new(m, s))
}

fn literal(d: Decimal) -> String {
    // Negative numbers are written as a sign and a number, as a user types them.
    if d.is_sign_negative() {
        format!("(-{})", d.abs())
    } else {
        d.to_string()
    }
}

fn number(text: &str) -> Decimal {
    match eval(text) {
        Ok(Value::Number(n)) => n,
        other => panic!("{text} gave {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sums_differences_and_products_are_exact(a in decimal(), b in decimal(), c in decimal()) {
        let text = format!("{} + {} * {} - {}", literal(a), literal(b), literal(c), literal(a));
        let expected = rational(a) + rational(b) * rational(c) - rational(a);
        prop_assert_eq!(rational(number(&text)), expected, "{}", text);
    }

    #[test]
    fn quotients_agree_to_the_precision_of_a_decimal(a in decimal(), b in decimal()) {
        prop_assume!(!b.is_zero());
        let got = rational(number(&format!("{} / {}", literal(a), literal(b))));
        let exact = rational(a) / rational(b);
        // 28 significant digits: the error is below 1e-27 of the quotient's size (plus one
        // unit in the last place for tiny quotients).
        let bound = (exact.abs() + BigRational::from_integer(1.into())) * BigRational::new(1.into(), BigInt::from(10u8).pow(26));
        prop_assert!((got - exact).abs() <= bound);
    }

    #[test]
    fn rounding_is_half_away_from_zero(m in -9_999_999i64..9_999_999i64, digits in 0u32..4) {
        let d = Decimal::new(m, 4);
        let got = rational(number(&format!("ROUND({}, {digits})", literal(d))));
        // Reference: scale, add or subtract one half, truncate toward zero.
        let scale = BigRational::from_integer(BigInt::from(10u8).pow(digits));
        let half = BigRational::new(1.into(), 2.into());
        let scaled = rational(d) * scale.clone();
        let shifted = if scaled < BigRational::from_integer(0.into()) { scaled - half } else { scaled + half };
        prop_assert_eq!(got, shifted.trunc() / scale);
    }

    #[test]
    fn printed_formulas_evaluate_like_the_original(a in decimal(), b in decimal()) {
        let text = format!("ROUND({} * 3 - {}, 2) & \"\"", literal(a), literal(b));
        let reprinted = switchboard::formula::parse(&text).expect("parses").to_string();
        prop_assert_eq!(eval(&text), eval(&reprinted));
    }
}

#[test]
fn decimal_literals_keep_every_digit() {
    assert_eq!(
        number("0.1 + 0.2"),
        Decimal::from_str("0.3").expect("decimal")
    );
    assert_eq!(
        number("1234567890.123456789 * 10"),
        Decimal::from_str("12345678901.23456789").expect("decimal")
    );
}
