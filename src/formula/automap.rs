//! Auto-map: formulas for the target fields of a Map step that have none, from the
//! incoming fields that mean the same. Matched, best first, by the same name (ignoring
//! case, spaces, `_` and `-`), by a known synonym (`Amount` → `NetValue`), or by one
//! name ending in the other (`CustomerEmail` → `Email`); always with a type that fits
//! without conversion, and each incoming field used once. Each match says why, so the
//! designer can show what it did.

use std::collections::{BTreeMap, HashSet};

use super::print::is_plain_name;
use super::types::Type;
use crate::model::Field;

/// Why an incoming field was chosen for a target field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    SameName,
    Synonym,
    SimilarName,
}

impl MatchKind {
    /// How the designer says it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::SameName => "same name",
            Self::Synonym => "known synonym",
            Self::SimilarName => "similar name",
        }
    }
}

/// One target field filled by auto-map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AutoMatch {
    pub target: String,
    pub source: String,
    /// The formula put in: the source field's reference.
    pub formula: String,
    pub kind: MatchKind,
}

/// Names that mean the same in the systems our users connect (CRM, ERP, service desks,
/// marketing), normalized: lower case, letters and digits only.
const SYNONYMS: &[&[&str]] = &[
    &[
        "amount",
        "netvalue",
        "netamount",
        "total",
        "totalamount",
        "grandtotal",
        "ordervalue",
        "value",
    ],
    &[
        "currency",
        "currencyisocode",
        "currencycode",
        "documentcurrency",
    ],
    &["closedate", "orderdate", "documentdate", "bookingdate"],
    &[
        "id",
        "externalreference",
        "externalid",
        "sourceid",
        "crmid",
        "reference",
    ],
    &[
        "email",
        "emailaddress",
        "mail",
        "contactemail",
        "customeremail",
    ],
    &[
        "phone",
        "phonenumber",
        "telephone",
        "tel",
        "contactphone",
        "customerphone",
    ],
    &["mobilephone", "mobile", "cellphone", "mobilenumber"],
    &[
        "postalcode",
        "zip",
        "zipcode",
        "postcode",
        "billingpostalcode",
    ],
    &[
        "street",
        "streetaddress",
        "address",
        "addressline1",
        "billingstreet",
    ],
    &["city", "town", "billingcity"],
    &["country", "countrycode", "billingcountry"],
    &["state", "region", "province", "billingstate"],
    &["firstname", "givenname", "forename"],
    &["lastname", "surname", "familyname"],
    &[
        "company",
        "companyname",
        "accountname",
        "organization",
        "organisation",
    ],
    &["quantity", "qty", "orderquantity"],
    &[
        "accountnumber",
        "customernumber",
        "customerno",
        "debtornumber",
    ],
    &[
        "ponumber",
        "purchaseordernumber",
        "customerreference",
        "customerpo",
    ],
    &["description", "notes", "comment", "comments", "details"],
    &["name", "title", "subject"],
    &[
        "productcode",
        "sku",
        "itemnumber",
        "material",
        "materialnumber",
        "partnumber",
    ],
];

/// The fields' names as auto-map compares them.
fn normal(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn synonyms(a: &str, b: &str) -> bool {
    SYNONYMS
        .iter()
        .any(|group| group.contains(&a) && group.contains(&b))
}

/// Whether one name is the other with a qualifier in front or behind
/// (`CustomerEmail`, `EmailAddress` for `Email`); short names do not count.
fn similar(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 4 && (long.ends_with(short) || long.starts_with(short))
}

/// The matches for target fields without a mapping in `existing`.
pub fn auto_matches(
    incoming: &[Field],
    target: &[Field],
    existing: &BTreeMap<String, String>,
) -> Vec<AutoMatch> {
    let fits = |source: &Field, target: &Field| {
        Type::of_field(&source.field_type)
            .conversion_to(&target.field_type)
            .is_ok()
    };
    let open: Vec<&Field> = target
        .iter()
        .filter(|t| !existing.contains_key(&t.name))
        .collect();
    let mut used: HashSet<&str> = HashSet::new();
    let mut matches = Vec::new();
    // The surest kind first, over every field, so a synonym never takes a field that a
    // same-named target needs.
    for kind in [
        MatchKind::SameName,
        MatchKind::Synonym,
        MatchKind::SimilarName,
    ] {
        for t in &open {
            if matches.iter().any(|m: &AutoMatch| m.target == t.name) {
                continue;
            }
            let tn = normal(&t.name);
            let candidates: Vec<&Field> = incoming
                .iter()
                .filter(|i| !used.contains(i.name.as_str()) && fits(i, t))
                .filter(|i| {
                    let n = normal(&i.name);
                    match kind {
                        MatchKind::SameName => n == tn,
                        MatchKind::Synonym => synonyms(&n, &tn),
                        MatchKind::SimilarName => similar(&n, &tn),
                    }
                })
                .collect();
            // A guess only when it is the one candidate.
            let [source] = candidates[..] else {
                continue;
            };
            used.insert(&source.name);
            matches.push(AutoMatch {
                target: t.name.clone(),
                source: source.name.clone(),
                formula: reference(&source.name),
                kind,
            });
        }
    }
    matches.sort_by(|a, b| a.target.cmp(&b.target));
    matches
}

/// Formulas for target fields that have none: [`auto_matches`] as target → formula.
pub fn automap(
    incoming: &[Field],
    target: &[Field],
    existing: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    auto_matches(incoming, target, existing)
        .into_iter()
        .map(|m| (m.target, m.formula))
        .collect()
}

/// A field as a formula names it: bare when it can be, else in brackets.
pub fn reference(name: &str) -> String {
    if is_plain_name(name) {
        name.to_owned()
    } else {
        format!("[{}]", name.replace(']', "]]"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldType;

    fn fields(list: &[(&str, FieldType)]) -> Vec<Field> {
        list.iter()
            .map(|(name, ty)| Field::new(*name, ty.clone()))
            .collect()
    }

    #[test]
    fn an_opportunity_fills_a_sales_order_by_names_synonyms_and_types() {
        let opportunity = fields(&[
            ("Id", FieldType::Text),
            ("Name", FieldType::Text),
            ("Amount", FieldType::Number),
            ("CurrencyIsoCode", FieldType::Text),
            ("CloseDate", FieldType::Date),
            ("CustomerEmail", FieldType::Text),
        ]);
        let order = fields(&[
            ("ExternalReference", FieldType::Text),
            ("NetValue", FieldType::Number),
            ("Currency", FieldType::Text),
            ("OrderDate", FieldType::Date),
            ("Email", FieldType::Text),
            ("Name", FieldType::Text),
            ("Plant", FieldType::Text),
        ]);
        let matches = auto_matches(&opportunity, &order, &BTreeMap::new());
        let found: Vec<(&str, &str, MatchKind)> = matches
            .iter()
            .map(|m| (m.target.as_str(), m.source.as_str(), m.kind))
            .collect();
        assert_eq!(
            found,
            [
                ("Currency", "CurrencyIsoCode", MatchKind::Synonym),
                ("Email", "CustomerEmail", MatchKind::Synonym),
                ("ExternalReference", "Id", MatchKind::Synonym),
                ("Name", "Name", MatchKind::SameName),
                ("NetValue", "Amount", MatchKind::Synonym),
                ("OrderDate", "CloseDate", MatchKind::Synonym),
            ]
        );
    }

    #[test]
    fn similar_names_and_types_decide_and_a_doubt_leaves_the_field_alone() {
        let incoming = fields(&[
            ("Billing Street", FieldType::Text),
            ("ShippingNotesText", FieldType::Text),
            ("Count", FieldType::Number),
        ]);
        let target = fields(&[
            ("billing_street", FieldType::Text),
            ("Count", FieldType::Text),
        ]);
        let map = automap(&incoming, &target, &BTreeMap::new());
        assert_eq!(
            map.get("billing_street").map(String::as_str),
            Some("[Billing Street]")
        );
        assert!(
            !map.contains_key("Count"),
            "a Number never fills Text without TEXT()"
        );

        // Two incoming fields could be the target's: no guess.
        let incoming = fields(&[
            ("HomePhone", FieldType::Text),
            ("WorkPhone", FieldType::Text),
        ]);
        let target = fields(&[("Phone", FieldType::Text)]);
        assert!(automap(&incoming, &target, &BTreeMap::new()).is_empty());
    }
}
