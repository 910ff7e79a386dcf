//! Values as formulas compute them. Sample and live records arrive loosely typed (a date
//! is text in JSON); [`Value::from_record_value`] reads them as the field's declared type,
//! so a formula sees a Date where the schema says Date.

use jiff::Zoned;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use super::types::Type;
use crate::model;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Blank,
    Bool(bool),
    Number(Decimal),
    /// A number beyond a decimal's reach (past 7.9E+28, or below its 28th decimal
    /// place), held in binary as a spreadsheet holds it; see [`super::float`].
    Float(f64),
    Text(String),
    Date(Date),
    /// Boxed: a date and time is rare in a record and the largest value, and every
    /// value handed between functions is as large as the largest.
    DateTime(Box<Zoned>),
    List(Vec<Value>),
    Record(BTreeMap<String, Value>),
}

impl Value {
    pub fn datetime(z: Zoned) -> Value {
        Value::DateTime(Box::new(z))
    }

    pub fn is_blank(&self) -> bool {
        matches!(self, Value::Blank) || matches!(self, Value::Text(t) if t.is_empty())
    }

    /// Reads a record value as `ty`. Text that does not read as the type is an error
    /// naming the value, so a bad sample shows up in its cell.
    pub fn from_record_value(value: &model::Value, ty: &Type) -> Result<Value, String> {
        use model::Value as M;
        Ok(match (value, ty) {
            (M::Blank, _) => Value::Blank,
            (M::Text(t), _) => Value::from_text(t, ty)?,
            (M::Bool(b), _) => Value::Bool(*b),
            (M::Integer(i), Type::Text) => Value::Text(i.to_string()),
            (M::Number(d), Type::Text) => Value::Text(d.normalize().to_string()),
            (M::Integer(i), _) => Value::Number(Decimal::from(*i)),
            (M::Number(d), _) => Value::Number(*d),
            (M::List(items), Type::List(inner)) => Value::List(
                items
                    .iter()
                    .map(|v| Value::from_record_value(v, inner))
                    .collect::<Result<_, _>>()?,
            ),
            (M::List(items), _) => Value::List(
                items
                    .iter()
                    .map(|v| Value::from_record_value(v, &Type::Any))
                    .collect::<Result<_, _>>()?,
            ),
            (M::Record(fields), Type::Record(schema)) => Value::Record(
                fields
                    .iter()
                    .map(|(name, v)| {
                        let ty = schema
                            .iter()
                            .find(|f| &f.name == name)
                            .map_or(Type::Any, |f| Type::of_field(&f.field_type));
                        Value::from_record_value(v, &ty).map(|v| (name.clone(), v))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            (M::Record(fields), _) => Value::Record(
                fields
                    .iter()
                    .map(|(name, v)| {
                        Value::from_record_value(v, &Type::Any).map(|v| (name.clone(), v))
                    })
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    /// Reads text from a record as `ty`: a date where the schema says Date, and so on.
    /// Empty text is blank unless the field is Text.
    pub fn from_text(text: &str, ty: &Type) -> Result<Value, String> {
        Ok(match ty {
            _ if text.is_empty() && !matches!(ty, Type::Text) => Value::Blank,
            Type::Date => Value::Date(
                parse_date(text)
                    .ok_or_else(|| format!("\"{text}\" is not a date (expected 2026-11-20)"))?,
            ),
            Type::DateTime => Value::datetime(parse_datetime(text).ok_or_else(|| {
                format!("\"{text}\" is not a date and time (expected 2026-11-20T14:30:00+01:00)")
            })?),
            Type::Integer | Type::Number | Type::Currency => Value::Number(
                parse_number(text).ok_or_else(|| format!("\"{text}\" is not a number"))?,
            ),
            Type::Boolean => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Value::Bool(true),
                "false" | "no" | "0" => Value::Bool(false),
                _ => return Err(format!("\"{text}\" is not true or false")),
            },
            _ => Value::Text(text.to_owned()),
        })
    }

    /// Whether [`Value::from_text`] keeps text of this type as it is (when not empty):
    /// asked of `from_text` itself, with a word no converting type reads, so the two
    /// cannot disagree. For setting up readers, not for every value.
    pub fn keeps_text(ty: &Type) -> bool {
        matches!(Value::from_text("text", ty), Ok(Value::Text(_)))
    }

    /// The value as a record value for output (dates as ISO text).
    pub fn to_record_value(&self) -> model::Value {
        use model::Value as M;
        match self {
            Value::Blank => M::Blank,
            Value::Bool(b) => M::Bool(*b),
            Value::Number(d) => {
                let d = d.normalize();
                if d.scale() == 0 {
                    i64::try_from(d.mantissa()).map_or(M::Number(d), M::Integer)
                } else {
                    M::Number(d)
                }
            }
            // A record's numbers are decimal: one beyond it leaves as its E-notation text.
            Value::Float(x) => M::Text(super::precision::general(*x)),
            Value::Text(t) => M::Text(t.clone()),
            Value::Date(d) => M::Text(d.to_string()),
            Value::DateTime(z) => M::Text(format_rfc3339(z)),
            Value::List(items) => M::List(items.iter().map(Value::to_record_value).collect()),
            Value::Record(fields) => M::Record(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_record_value()))
                    .collect(),
            ),
        }
    }
}

/// `2026-11-20`.
pub fn parse_date(text: &str) -> Option<Date> {
    // `2026-11-20`, as nearly every export writes dates, without the general parser.
    if let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = text.as_bytes() {
        let digit = |b: u8| b.is_ascii_digit().then(|| i16::from(b - b'0'));
        let number = |digits: &[u8]| {
            digits
                .iter()
                .try_fold(0i16, |n, &b| Some(n * 10 + digit(b)?))
        };
        if let (Some(y), Some(m), Some(d)) = (
            number(&[y1, y2, y3, y4]),
            number(&[m1, m2]),
            number(&[d1, d2]),
        ) && let Ok(date) = Date::new(y, m as i8, d as i8)
        {
            return Some(date);
        }
    }
    text.trim().parse().ok()
}

/// RFC 3339 with an offset (`2026-11-20T14:30:00-05:00`, `…Z`), optionally with a time
/// zone name in brackets; the time zone is kept.
pub fn parse_datetime(text: &str) -> Option<Zoned> {
    let text = text.trim();
    if let Some(z) = super::rfc3339::parse_plain(text) {
        return Some(z);
    }
    if let Ok(z) = text.parse::<Zoned>() {
        return Some(z);
    }
    let pieces = jiff::fmt::temporal::Pieces::parse(text).ok()?;
    let time = pieces.time().unwrap_or(jiff::civil::Time::midnight());
    let datetime = pieces.date().to_datetime(time);
    let tz = match pieces.offset()? {
        jiff::fmt::temporal::PiecesOffset::Zulu => TimeZone::UTC,
        jiff::fmt::temporal::PiecesOffset::Numeric(n) => TimeZone::fixed(n.offset()),
        _ => return None,
    };
    datetime.to_zoned(tz).ok()
}

/// `2026-11-20T14:30:00-05:00`: RFC 3339, seconds always shown.
pub fn format_rfc3339(z: &Zoned) -> String {
    if let Some(digits) = super::rfc3339::plain_digits(z) {
        return digits.iter().map(|&b| char::from(b)).collect();
    }
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Numbers as people type them: `1200`, `-3.5`, `1e3`, with surrounding spaces.
pub fn parse_number(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .ok()
}

impl fmt::Display for Value {
    /// As a formula literal would write it: text quoted, numbers plain, dates ISO.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Blank => f.write_str("BLANK()"),
            Value::Bool(true) => f.write_str("TRUE"),
            Value::Bool(false) => f.write_str("FALSE"),
            Value::Number(d) => write!(f, "{}", d.normalize()),
            Value::Float(x) => f.write_str(&super::precision::general(*x)),
            Value::Text(t) => write!(f, "\"{}\"", t.replace('"', "\"\"")),
            Value::Date(d) => write!(f, "{d}"),
            Value::DateTime(z) => f.write_str(&format_rfc3339(z)),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Record(fields) => {
                f.write_str("{")?;
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;

    proptest::proptest! {
        /// The quick reading of `2026-11-20` agrees with jiff's parser on every string of
        /// that shape, impossible dates included.
        #[test]
        fn dates_read_quickly_as_jiff_reads_them(
            y in 0u16..10000, m in 0u8..100, d in 0u8..100,
        ) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            proptest::prop_assert_eq!(parse_date(&text), text.parse::<Date>().ok());
        }
    }

    #[test]
    fn dates_in_other_shapes_still_read() {
        assert_eq!(
            parse_date(" 2026-11-20 "),
            Some(jiff::civil::date(2026, 11, 20))
        );
        assert_eq!(
            parse_date("20261120"),
            Some(jiff::civil::date(2026, 11, 20))
        );
        assert_eq!(parse_date("2026-1-20"), None);
        assert_eq!(parse_date("2026-02-30"), None);
    }
}
