//! One-click fixes for misspelt names in a formula: `AcountNumber` → `AccountNumber`,
//! `UPPPER(` → `UPPER(`. The checker says "Did you mean …?"; this finds the same closest
//! name and gives the corrected formula, so the designer can offer it as a button under
//! the box and on the Problems row.

use std::ops::Range;

use super::functions;
use super::scope::closest;

/// A corrected formula and the name it puts in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameFix {
    pub formula: String,
    pub name: String,
}

/// The fix for the name at `span` of `formula`, when it is a name no field or function
/// has and one of `fields` (or, before a bracket, of the functions) is close to it. A
/// qualified reference (`'Find the account'!Nmae`) has only its field part changed.
pub fn name_fix(formula: &str, span: Range<usize>, fields: &[String]) -> Option<NameFix> {
    let written = formula.get(span.clone())?;
    // Only the field after a step's name, if the reference names a step.
    let (start, written) = match written.rfind('!') {
        Some(bang) => (span.start + bang + 1, &written[bang + 1..]),
        None => (span.start, written),
    };
    let bare = written.trim_start_matches('[').trim_end_matches(']');
    if bare.is_empty() {
        return None;
    }
    let is_call = formula[span.end..].trim_start().starts_with('(');
    let name = if is_call {
        let known: Vec<&str> = functions::names().collect();
        closest(bare, &known)?.to_owned()
    } else {
        let known: Vec<&str> = fields.iter().map(String::as_str).collect();
        closest(bare, &known)?.to_owned()
    };
    if name == bare {
        return None;
    }
    let plain = name.chars().all(|c| c.is_alphanumeric() || c == '_');
    let put = if is_call || plain {
        name.clone()
    } else {
        format!("[{name}]")
    };
    let mut fixed = String::with_capacity(formula.len() + put.len());
    fixed.push_str(&formula[..start]);
    fixed.push_str(&put);
    fixed.push_str(&formula[span.end..]);
    Some(NameFix {
        formula: fixed,
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<String> {
        ["AccountNumber", "Amount", "Close Date", "Email"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn a_misspelt_field_is_replaced_by_the_closest_one() {
        let text = "LPAD(AcountNumber, 10, \"0\")";
        let fix = name_fix(text, 5..17, &fields()).expect("a fix");
        assert_eq!(fix.formula, "LPAD(AccountNumber, 10, \"0\")");
        assert_eq!(fix.name, "AccountNumber");
    }

    #[test]
    fn a_misspelt_function_is_replaced_by_the_closest_function() {
        let fix = name_fix("UPPPER(Email)", 0..6, &fields()).expect("a fix");
        assert_eq!(fix.formula, "UPPER(Email)");
    }

    #[test]
    fn names_with_spaces_get_brackets_and_qualifiers_stay() {
        let fix = name_fix("[Close Dat] + 1", 0..11, &fields()).expect("a fix");
        assert_eq!(fix.formula, "[Close Date] + 1");
        let text = "'Find the account'!Emial";
        let fix = name_fix(text, 0..text.len(), &fields()).expect("a fix");
        assert_eq!(fix.formula, "'Find the account'!Email");
    }

    #[test]
    fn nothing_close_means_no_fix() {
        assert_eq!(name_fix("Zebra", 0..5, &fields()), None);
        assert_eq!(name_fix("Email", 0..5, &fields()), None, "already right");
        assert_eq!(
            name_fix("Email", 3..9, &fields()),
            None,
            "a span outside the text"
        );
    }
}
