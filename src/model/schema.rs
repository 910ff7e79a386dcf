//! Record schemas: the fields a record carries, their types and their data classes.
//! Connector manifests declare them per object; the flow derives every port's schema from
//! them before anything runs, so the canvas, formulas and governance all know what flows
//! on a wire.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::SystemId;

/// How sensitive a field's data is, from least to most. The order matters: governance
/// compares classes ("PHI is above what this system may hold").
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Classification {
    Public,
    #[default]
    Internal,
    Confidential,
    /// Personally identifiable information: names, e-mail addresses, phone numbers…
    #[serde(rename = "PII")]
    Pii,
    /// Protected health information.
    #[serde(rename = "PHI")]
    Phi,
    /// Payment card data.
    #[serde(rename = "PCI")]
    Pci,
}

impl Classification {
    pub const ALL: [Classification; 6] = [
        Classification::Public,
        Classification::Internal,
        Classification::Confidential,
        Classification::Pii,
        Classification::Phi,
        Classification::Pci,
    ];

    /// Personal data in the sense of the "no personal data unencrypted" rule.
    pub fn is_personal(self) -> bool {
        matches!(self, Self::Pii | Self::Phi | Self::Pci)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Public => "Public",
            Self::Internal => "Internal",
            Self::Confidential => "Confidential",
            Self::Pii => "PII",
            Self::Phi => "PHI",
            Self::Pci => "PCI",
        }
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The type of a field's values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldType {
    Text,
    /// A decimal number (0.1 + 0.2 is exactly 0.3).
    Number,
    Integer,
    Boolean,
    Date,
    /// A point in time with its time zone.
    DateTime,
    Email,
    Phone,
    Currency,
    /// One of a fixed set of values, in the order the system shows them.
    Picklist(Vec<String>),
    List(Box<FieldType>),
    /// A nested record, such as an opportunity's line item.
    Record(Vec<Field>),
}

impl FieldType {
    /// A short name for messages: `Text`, `List of Record`, `Picklist`.
    pub fn describe(&self) -> String {
        match self {
            Self::Text => "Text".into(),
            Self::Number => "Number".into(),
            Self::Integer => "Integer".into(),
            Self::Boolean => "Boolean".into(),
            Self::Date => "Date".into(),
            Self::DateTime => "Date/Time".into(),
            Self::Email => "Email".into(),
            Self::Phone => "Phone".into(),
            Self::Currency => "Currency".into(),
            Self::Picklist(_) => "Picklist".into(),
            Self::List(inner) => format!("List of {}", inner.describe()),
            Self::Record(_) => "Record".into(),
        }
    }

    /// Whether a value of type `self` can be stored in a field of type `target` as is,
    /// without a conversion formula. Text-like types widen to Text; Integer widens to
    /// Number and Currency; records and lists must match field by field.
    pub fn fits_into(&self, target: &FieldType) -> bool {
        use FieldType::*;
        match (self, target) {
            (a, b) if a == b => true,
            (Email | Phone | Picklist(_), Text) => true,
            (Integer, Number | Currency) => true,
            (Number, Currency) | (Currency, Number) => true,
            (Text, Picklist(_)) => false,
            (Picklist(values), Picklist(allowed)) => values.iter().all(|v| allowed.contains(v)),
            (List(a), List(b)) => a.fits_into(b),
            (Record(a), Record(b)) => {
                b.iter()
                    .all(|want| match a.iter().find(|have| have.name == want.name) {
                        Some(have) => have.field_type.fits_into(&want.field_type),
                        None => !want.required,
                    })
            }
            _ => false,
        }
    }
}

/// One field of a record schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_internal")]
    pub classification: Classification,
    /// What the field means, shown in the inspector and mapping editor.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Set by the system (an id, a creation time): read, never written.
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    /// The classification was guessed by `switchboard connector import` from the field's
    /// name, format or description, and no person has confirmed it yet.
    #[serde(default, skip_serializing_if = "is_false")]
    pub guessed: bool,
}

impl Field {
    pub fn new(name: impl Into<String>, field_type: FieldType) -> Field {
        Field {
            name: name.into(),
            field_type,
            required: false,
            classification: Classification::Internal,
            description: String::new(),
            read_only: false,
            guessed: false,
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn classified(mut self, classification: Classification) -> Field {
        self.classification = classification;
        self
    }
}

/// Calls `visit` with the dotted name (`Address.City`) of every field of `fields` and of
/// the records nested in them (a list of records included), depth first.
pub fn visit_fields(fields: &[Field], prefix: &str, visit: &mut dyn FnMut(&str, &Field)) {
    for f in fields {
        let name = if prefix.is_empty() {
            f.name.clone()
        } else {
            format!("{prefix}.{}", f.name)
        };
        visit(&name, f);
        match &f.field_type {
            FieldType::Record(inner) => visit_fields(inner, &name, visit),
            FieldType::List(item) => {
                if let FieldType::Record(inner) = item.as_ref() {
                    visit_fields(inner, &name, visit);
                }
            }
            _ => {}
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_internal(c: &Classification) -> bool {
    *c == Classification::Internal
}

/// An object of a system: "the `SalesOrder` object of system `erp`".
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectRef {
    pub system: SystemId,
    pub object: String,
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.system, self.object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_like_types_widen_to_text_but_not_back() {
        assert!(FieldType::Email.fits_into(&FieldType::Text));
        assert!(!FieldType::Text.fits_into(&FieldType::Email));
        assert!(FieldType::Integer.fits_into(&FieldType::Number));
        assert!(!FieldType::Number.fits_into(&FieldType::Integer));
    }

    #[test]
    fn records_fit_when_every_required_field_fits() {
        let target = FieldType::Record(vec![
            Field::new("Sku", FieldType::Text).required(),
            Field::new("Note", FieldType::Text),
        ]);
        let full = FieldType::Record(vec![Field::new("Sku", FieldType::Text)]);
        let missing = FieldType::Record(vec![Field::new("Note", FieldType::Text)]);
        assert!(full.fits_into(&target));
        assert!(!missing.fits_into(&target));
    }

    #[test]
    fn classes_are_ordered_by_sensitivity() {
        assert!(Classification::Pii > Classification::Confidential);
        assert!(Classification::Pii.is_personal());
        assert!(!Classification::Confidential.is_personal());
    }
}
