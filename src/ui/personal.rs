//! Personal data on screen: wherever the designer shows records (the test run's tables,
//! the mapping preview), values of fields classified PII, PHI or PCI — and values a
//! formula computed from such fields — are masked until the user ticks Reveal. Reveal
//! belongs to one tab and is never remembered: every newly opened flow starts masked.

use egui::Ui;

use crate::formula::lexer::{self, TokenKind};
use crate::model::{Classification, Field};

/// The checkbox's label, also how tests find it.
pub const REVEAL: &str = "Reveal personal data";

/// What a masked value shows instead.
pub const MASK: &str = "••••••";

/// The Reveal checkbox.
pub fn reveal_ui(ui: &mut Ui, reveal: &mut bool) {
    ui.checkbox(reveal, REVEAL).on_hover_text(
        "Personal data (PII, PHI, PCI) is masked until you reveal it; this applies to this flow until it is closed",
    );
}

/// Whether values of this class are personal data.
pub fn is_personal(class: Classification) -> bool {
    class >= Classification::Pii
}

/// The names of the personal fields among `fields`.
pub fn personal_names(fields: &[Field]) -> Vec<String> {
    fields
        .iter()
        .filter(|f| is_personal(f.classification))
        .map(|f| f.name.clone())
        .collect()
}

/// Whether `formula` reads one of the `personal` fields by name (`Phone`, `[Home phone]`,
/// `Contact.Phone`): what it computes may then show personal data.
pub fn reads_personal(formula: &str, personal: &[String]) -> bool {
    lexer::tokenize(formula).iter().any(|t| {
        let text = &formula[t.span.clone()];
        let name = match t.kind {
            TokenKind::Name => text.to_owned(),
            TokenKind::BracketName { .. } => lexer::unquote(text, ']'),
            _ => return false,
        };
        personal.iter().any(|p| p.eq_ignore_ascii_case(&name))
    })
}

/// `url` with every query value masked (`?email=••••••&page=••••••`): which record a
/// call asked for is often personal, and the names of the parameters say enough.
pub fn mask_query(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let masked: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) => format!("{name}={MASK}"),
            None => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", masked.join("&"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_masked() {
        assert_eq!(
            super::mask_query("http://crm/api/contacts?email=jo%40x.org&limit=1"),
            "http://crm/api/contacts?email=••••••&limit=••••••"
        );
        assert_eq!(
            super::mask_query("http://crm/api/contacts"),
            "http://crm/api/contacts"
        );
    }

    use super::*;

    #[test]
    fn formulas_that_read_personal_fields_are_personal() {
        let personal = ["Phone".to_owned(), "Home phone".to_owned()];
        assert!(reads_personal("TRIM(Phone)", &personal));
        assert!(reads_personal("\"+1 \" & [Home phone]", &personal));
        assert!(!reads_personal("\"Phone\" & Status", &personal));
        assert!(!reads_personal("UPPER(City)", &personal));
    }
}
