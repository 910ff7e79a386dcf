//! Record values as they appear in pinned samples and the workspace's `samples/` folder.
//!
//! Values are loosely typed here (a date is text until a schema says otherwise); the run
//! engine and formulas interpret them against the port schema. Numbers with a fraction are
//! kept as decimals so that sample data never picks up binary floating-point noise.

use rust_decimal::Decimal;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// One record: field name → value, sorted by name so files are canonical.
pub type Record = BTreeMap<String, Value>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// No value; written `()` in RON.
    Blank,
    Bool(bool),
    Integer(i64),
    Number(Decimal),
    Text(String),
    List(Vec<Value>),
    Record(Record),
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Blank => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Integer(i) => s.serialize_i64(*i),
            // RON has no decimal type. The shortest f64 text of a decimal with up to 15
            // significant digits reads back as the same decimal, which is all samples need.
            Value::Number(d) => {
                let f: f64 = d.to_string().parse().map_err(serde::ser::Error::custom)?;
                s.serialize_f64(f)
            }
            Value::Text(t) => s.serialize_str(t),
            Value::List(items) => items.serialize(s),
            Value::Record(r) => r.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a value: text in quotes, a number, true/false, (), a list [..] or a record {..}",
        )
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Blank)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Blank)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Integer(i))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        i64::try_from(u)
            .map(Value::Integer)
            .map_err(|_| E::custom(format!("the number {u} is too large")))
    }
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        i64::try_from(i)
            .map(Value::Integer)
            .map_err(|_| E::custom(format!("the number {i} is too large")))
    }
    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        i64::try_from(u)
            .map(Value::Integer)
            .map_err(|_| E::custom(format!("the number {u} is too large")))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        if !f.is_finite() {
            return Err(E::custom("a sample number must be finite"));
        }
        Decimal::from_str(&f.to_string())
            .or_else(|_| Decimal::from_scientific(&format!("{f:e}")))
            .map(Value::Number)
            .map_err(|_| E::custom(format!("the number {f} is out of range for a decimal")))
    }
    fn visit_char<E>(self, c: char) -> Result<Value, E> {
        Ok(Value::Text(c.to_string()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Text(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::Text(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut record = Record::new();
        while let Some(key) = map.next_key::<String>()? {
            // serde_json, built with `arbitrary_precision` (as this crate builds it),
            // hands over a number that is not a plain integer as this one-entry map, so
            // that no digit is lost on the way.
            if key == SERDE_JSON_NUMBER && record.is_empty() {
                let text: String = map.next_value()?;
                return number_from_text(&text).map_err(de::Error::custom);
            }
            let value = map.next_value::<Value>()?;
            if record.insert(key.clone(), value).is_some() {
                return Err(de::Error::custom(format!(
                    "the field `{key}` appears twice"
                )));
            }
        }
        Ok(Value::Record(record))
    }
}

const SERDE_JSON_NUMBER: &str = "$serde_json::private::Number";

/// A number written as text (`12`, `-0.5`, `1e3`): whole numbers that fit become
/// integers, the rest exact decimals.
pub(crate) fn number_from_text(text: &str) -> Result<Value, String> {
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Value::Integer(i));
    }
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .map(Value::Number)
        .map_err(|_| format!("the number {text} is out of range for a decimal"))
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        let v: Value = ron::from_str(text).expect("parses");
        ron::to_string(&v).expect("serializes")
    }

    #[test]
    fn decimals_survive_a_round_trip_exactly() {
        let v: Value = ron::from_str("0.1").expect("parses");
        assert_eq!(v, Value::Number(Decimal::from_str("0.1").expect("decimal")));
        assert_eq!(round_trip("1200.5"), "1200.5");
        assert_eq!(round_trip("3"), "3");
        assert_eq!(round_trip("3.0"), "3.0");
    }

    #[test]
    fn records_and_blanks_read_back() {
        let v: Value = ron::from_str(r#"{"Email": "a@b.example", "Phone": (), "Lines": [1, 2]}"#)
            .expect("parses");
        let Value::Record(r) = v else {
            panic!("not a record")
        };
        assert_eq!(r["Phone"], Value::Blank);
        assert_eq!(
            r["Lines"],
            Value::List(vec![Value::Integer(1), Value::Integer(2)])
        );
    }

    #[test]
    fn a_repeated_field_is_refused() {
        assert!(ron::from_str::<Value>(r#"{"A": 1, "A": 2}"#).is_err());
    }
}
