//! Names as people say them: the object behind `/v2/invoicing/invoices` is an `Invoice`,
//! behind `/request-conditions` a `RequestCondition` labelled "Request condition" — taken
//! from the path the users see in the API's documentation, not from a schema name such as
//! `api.v2010.account.message` or `SimplePublicObject`.

/// The words of an identifier in any style: `salesordersLines`, `request-conditions`,
/// `sys_user`, `accountTypes` → lower-case words.
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The singular of an English plural noun, as API paths use them.
pub fn singular(word: &str) -> String {
    let w = word;
    for (plural, single) in [
        ("ies", "y"),
        ("sses", "ss"),
        ("uses", "us"),
        ("xes", "x"),
        ("ches", "ch"),
        ("shes", "sh"),
    ] {
        if let Some(stem) = w.strip_suffix(plural)
            && !stem.is_empty()
        {
            return format!("{stem}{single}");
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") || w.len() < 3 {
        return w.to_owned();
    }
    w.strip_suffix('s').unwrap_or(w).to_owned()
}

/// `(Name, Label)` for the object listed at a path segment: `request-conditions` →
/// `("RequestCondition", "Request condition")`.
pub fn object_names(segment: &str) -> (String, String) {
    let mut words = words(segment);
    if let Some(last) = words.last_mut() {
        *last = singular(last);
    }
    let name: String = words.iter().map(|w| capitalised(w)).collect();
    let label = capitalised(&words.join(" "));
    (name, label)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An environment variable name for a system's secret: `crm-eu` + `CLIENT_SECRET` →
/// `CRM_EU_CLIENT_SECRET`.
pub fn env_name(system: &str, what: &str) -> String {
    let stem: String = system
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("{stem}_{what}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_named_as_users_know_them() {
        let cases = [
            ("invoices", "Invoice", "Invoice"),
            (
                "request-conditions",
                "RequestCondition",
                "Request condition",
            ),
            ("salesordersLines", "SalesordersLine", "Salesorders line"),
            ("sys_user", "SysUser", "Sys user"),
            ("entries", "Entry", "Entry"),
            (
                "opportunityStatuses",
                "OpportunityStatus",
                "Opportunity status",
            ),
            ("branches", "Branch", "Branch"),
            ("incident", "Incident", "Incident"),
            ("addresses", "Address", "Address"),
            ("pets", "Pet", "Pet"),
        ];
        for (segment, name, label) in cases {
            assert_eq!(
                object_names(segment),
                (name.to_owned(), label.to_owned()),
                "{segment}"
            );
        }
    }

    #[test]
    fn env_names_are_shell_safe() {
        assert_eq!(
            env_name("pay-pal.eu", "CLIENT_SECRET"),
            "PAY_PAL_EU_CLIENT_SECRET"
        );
    }
}
