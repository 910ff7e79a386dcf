//! Data classes guessed from what a description says of a field: its name, its format
//! and its description. A guess is only a start — every guessed class is marked
//! `guessed: true` in the manifest, and governance findings that rest on one say so and
//! where to confirm it.

use super::naming::words;
use crate::model::{Classification, Field, FieldType};

/// Objects whose records are about one person, where a plain `name` or an address is
/// personal data (an account's name and address are not).
const PERSON_OBJECTS: &[&str] = &[
    "contact",
    "user",
    "person",
    "people",
    "customer",
    "employee",
    "lead",
    "patient",
    "member",
    "citizen",
    "requester",
    "recipient",
    "candidate",
    "student",
    "subscriber",
    "assignee",
    "reporter",
    "author",
    "owner",
    "adopter",
    "buyer",
    "payer",
    "invoicer",
];

/// Marks the classes of `fields` (and of their nested fields) of object `object`.
pub fn guess(object: &str, fields: &mut [Field]) {
    let personal = words(object)
        .iter()
        .any(|w| PERSON_OBJECTS.contains(&w.as_str()));
    for field in fields {
        guess_field(personal, field);
    }
}

fn guess_field(personal: bool, field: &mut Field) {
    let is_email = matches!(field.field_type, FieldType::Email);
    // Flags, counts and amounts are not personal by themselves (`useCompanyAddress`).
    let holds_text = matches!(
        field.field_type,
        FieldType::Text
            | FieldType::Email
            | FieldType::Phone
            | FieldType::Date
            | FieldType::DateTime
    );
    let words = words(&field.name);
    let description = field.description.to_lowercase();
    let class = if holds_text {
        classify(&words, &description, personal, is_email)
    } else {
        None
    };
    if let Some(class) = class
        && field.classification == Classification::Internal
    {
        field.classification = class;
        field.guessed = true;
    }
    let person_inside = personal
        || words
            .iter()
            .any(|w| PERSON_OBJECTS.contains(&w.as_str()) || w == "billing" || w == "shipping");
    match &mut field.field_type {
        FieldType::Record(inner) => inner.iter_mut().for_each(|f| guess_field(person_inside, f)),
        FieldType::List(inner) => {
            if let FieldType::Record(inner) = inner.as_mut() {
                inner.iter_mut().for_each(|f| guess_field(person_inside, f));
            }
        }
        _ => {}
    }
}

fn classify(
    words: &[String],
    description: &str,
    personal: bool,
    is_email: bool,
) -> Option<Classification> {
    let has = |w: &str| words.iter().any(|x| x == w);
    let joined = words.concat();
    // Payment cards first: a card number is PCI even on a person.
    if (has("card") && (has("number") || has("no") || has("num")))
        || [
            "cardnumber",
            "creditcard",
            "pan",
            "cvv",
            "cvv2",
            "cvc",
            "cvc2",
            "securitycode",
        ]
        .iter()
        .any(|w| has(w) || joined == *w)
        || description.contains("card number")
        || description.contains("card verification")
    {
        return Some(Classification::Pci);
    }
    if [
        "diagnosis",
        "diagnoses",
        "medical",
        "medication",
        "prescription",
        "icd",
        "treatment",
        "allergy",
        "allergies",
        "health",
    ]
    .iter()
    .any(|w| has(w))
        || description.contains("diagnos")
        || description.contains("medical")
    {
        return Some(Classification::Phi);
    }
    let national = ["ssn", "passport", "nino"].iter().any(|w| has(w))
        || [
            "socialsecurity",
            "nationalid",
            "taxid",
            "driverslicense",
            "driverlicense",
            "personalnumber",
        ]
        .iter()
        .any(|w| joined.contains(w));
    if national {
        return Some(Classification::Pii);
    }
    // `phoneCode`, `emailType`, `addressId`: about the data, not the data.
    let about = [
        "code",
        "prefix",
        "type",
        "format",
        "verified",
        "status",
        "id",
        "ids",
        "count",
        "country",
        "extension",
    ]
    .iter()
    .any(|w| words.last().is_some_and(|last| last == w));
    if about && !is_email {
        return None;
    }
    let identity = is_email
        || has("email")
        || has("e") && has("mail")
        || joined.contains("email")
        || ["phone", "mobile", "telephone", "fax", "msisdn"]
            .iter()
            .any(|w| has(w) || joined.contains(w))
        || (has("birth") || joined.contains("birthdate") || joined == "dob" || has("dob"))
        || ["ssn", "passport", "nino", "tin"].iter().any(|w| has(w))
        || joined.contains("socialsecurity")
        || joined.contains("nationalid")
        || joined.contains("taxid")
        || joined.contains("driverslicense")
        || joined.contains("driverlicense")
        || [
            "firstname",
            "lastname",
            "givenname",
            "familyname",
            "middlename",
            "fullname",
            "surname",
            "maidenname",
        ]
        .iter()
        .any(|w| joined.contains(w))
        || (has("ip") && has("address"))
        || description.contains("email address")
        || description.contains("phone number")
        || description.contains("date of birth");
    if identity {
        return Some(Classification::Pii);
    }
    let address = [
        "street", "address", "postcode", "zip", "zipcode", "postal", "city",
    ]
    .iter()
    .any(|w| has(w));
    let own_name =
        (words.len() == 1 && has("name")) || joined == "displayname" || joined == "username";
    if personal && (address || own_name) {
        return Some(Classification::Pii);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_of(object: &str, name: &str, ty: FieldType, description: &str) -> Classification {
        let mut field = Field::new(name, ty);
        field.description = description.into();
        let mut fields = vec![field];
        guess(object, &mut fields);
        fields[0].classification
    }

    #[test]
    fn names_formats_and_descriptions_give_classes() {
        use Classification::*;
        use FieldType::*;
        let cases = [
            ("Contact", "email_address", Text, "", Pii),
            (
                "Invoice",
                "billing_info",
                Text,
                "The recipient's email address",
                Pii,
            ),
            ("Account", "contactEmail", Text, "", Pii),
            ("Account", "x", Email, "", Pii),
            ("Contact", "phoneNumber", Text, "", Pii),
            ("Contact", "name", Text, "", Pii),
            ("Account", "name", Text, "", Internal),
            ("Account", "street", Text, "", Internal),
            ("Customer", "street", Text, "", Pii),
            ("Patient", "birthDate", Date, "", Pii),
            ("Patient", "diagnosis_code", Text, "", Phi),
            ("Payment", "card_number", Text, "", Pci),
            ("Payment", "cvv", Text, "", Pci),
            ("Employee", "national_id", Text, "", Pii),
            ("Pet", "tag", Text, "", Internal),
            ("Incident", "short_description", Text, "", Internal),
        ];
        for (object, name, ty, description, class) in cases {
            assert_eq!(
                class_of(object, name, ty, description),
                class,
                "{object}.{name}"
            );
        }
    }

    #[test]
    fn a_guess_is_marked_and_a_declared_class_kept() {
        let mut fields = vec![
            Field::new("email", FieldType::Text),
            Field::new("phone", FieldType::Text).classified(Classification::Public),
        ];
        guess("Contact", &mut fields);
        assert!(fields[0].guessed);
        assert_eq!(fields[1].classification, Classification::Public);
        assert!(!fields[1].guessed);
    }
}
