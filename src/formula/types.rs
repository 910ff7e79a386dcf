//! The types formulas compute with, and how they relate to the field types of connector
//! manifests. Email, Phone and Picklist fields are Text to a formula; Integer, Number and
//! Currency are all decimal numbers that keep their flavour where it matters (an Integer
//! target needs whole numbers).

use std::fmt;

use crate::model::{Field, FieldType};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    /// Nothing: `BLANK()`. Fits every target that may be blank.
    Blank,
    Boolean,
    Integer,
    Number,
    Currency,
    Text,
    Date,
    /// A point in time with its time zone.
    DateTime,
    List(Box<Type>),
    Record(Vec<Field>),
    /// Unknown, for instance the items of an empty list; accepted everywhere.
    Any,
}

impl Type {
    pub fn of_field(field_type: &FieldType) -> Type {
        match field_type {
            FieldType::Text | FieldType::Email | FieldType::Phone | FieldType::Picklist(_) => {
                Type::Text
            }
            FieldType::Number => Type::Number,
            FieldType::Integer => Type::Integer,
            FieldType::Currency => Type::Currency,
            FieldType::Boolean => Type::Boolean,
            FieldType::Date => Type::Date,
            FieldType::DateTime => Type::DateTime,
            FieldType::List(inner) => Type::List(Box::new(Type::of_field(inner))),
            FieldType::Record(fields) => Type::Record(fields.clone()),
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Type::Integer | Type::Number | Type::Currency | Type::Any | Type::Blank
        )
    }

    /// Whether a value of this type can stand where `want` is expected without a
    /// conversion function.
    pub fn fits(&self, want: &Type) -> bool {
        match (self, want) {
            (Type::Any, _) | (_, Type::Any) | (Type::Blank, _) => true,
            (a, b) if a == b => true,
            (Type::Integer | Type::Number | Type::Currency, Type::Number | Type::Currency) => true,
            (Type::List(a), Type::List(b)) => a.fits(b),
            (Type::Record(_), Type::Record(_)) => true,
            _ => false,
        }
    }

    /// The type both `self` and `other` fit, for IF's branches and CASE's results.
    pub fn common(&self, other: &Type) -> Option<Type> {
        match (self, other) {
            (Type::Blank | Type::Any, t) | (t, Type::Blank | Type::Any) => Some(t.clone()),
            (a, b) if a == b => Some(a.clone()),
            (Type::Currency, b) | (b, Type::Currency) if b.is_numeric() => Some(Type::Currency),
            (a, b) if a.is_numeric() && b.is_numeric() => Some(Type::Number),
            (Type::List(a), Type::List(b)) => a.common(b).map(|t| Type::List(Box::new(t))),
            _ => None,
        }
    }

    /// How to turn a value of this type into `target`, when it does not fit as it is:
    /// `Ok(())` when it fits, else the wrapping to suggest with `{}` for the formula.
    pub fn conversion_to(&self, target: &FieldType) -> Result<(), &'static str> {
        use FieldType as F;
        let fits = match target {
            F::Text | F::Email | F::Phone | F::Picklist(_) => matches!(self, Type::Text),
            F::Number | F::Currency => self.is_numeric(),
            F::Integer => matches!(self, Type::Integer),
            F::Boolean => matches!(self, Type::Boolean),
            F::Date => matches!(self, Type::Date),
            F::DateTime => matches!(self, Type::DateTime),
            F::List(inner) => match self {
                Type::List(item) => item.conversion_to(inner).is_ok(),
                _ => false,
            },
            F::Record(_) => matches!(self, Type::Record(_)),
        };
        if fits || matches!(self, Type::Blank | Type::Any) {
            return Ok(());
        }
        Err(match (self, target) {
            (Type::Date, F::Text | F::Email | F::Phone | F::Picklist(_)) => {
                "FORMAT_DATE({}, \"yyyy-MM-dd\")"
            }
            (Type::DateTime, F::Text | F::Email | F::Phone | F::Picklist(_)) => {
                "FORMAT_DATE({}, \"yyyy-MM-dd'T'HH:mm:ssXXX\")"
            }
            (Type::Boolean, F::Text | F::Picklist(_)) => "IF({}, \"Yes\", \"No\")",
            (_, F::Text | F::Email | F::Phone | F::Picklist(_)) => "TEXT({})",
            (Type::Number | Type::Currency, F::Integer) => "ROUND({}, 0)",
            (Type::Text, F::Number | F::Currency | F::Integer) => "VALUE({})",
            (Type::Text, F::Date) | (Type::DateTime, F::Date) => "DATEVALUE({})",
            (Type::Text | Type::Date, F::DateTime) => "DATETIMEVALUE({})",
            (Type::Text, F::Boolean) => "({} = \"true\")",
            (t, F::List(_)) if !matches!(t, Type::List(_)) => "SPLIT({}, \",\")",
            _ => "",
        })
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Blank => f.write_str("Blank"),
            Type::Boolean => f.write_str("True/False"),
            Type::Integer => f.write_str("Integer"),
            Type::Number => f.write_str("Number"),
            Type::Currency => f.write_str("Currency"),
            Type::Text => f.write_str("Text"),
            Type::Date => f.write_str("Date"),
            Type::DateTime => f.write_str("Date/Time"),
            Type::List(inner) => write!(f, "List of {inner}"),
            Type::Record(_) => f.write_str("Record"),
            Type::Any => f.write_str("any value"),
        }
    }
}
