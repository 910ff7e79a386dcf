//! The function library. Each function is one entry: its name, signature, a one-line doc
//! and an example (all shown in the formula editor, and the example is run as a test),
//! the types it takes and gives, and how it evaluates.
//!
//! Where a function exists in spreadsheets it behaves as Excel and LibreOffice Calc do,
//! edge cases included; where those two disagree, the entry's doc says which one we follow.

pub(crate) mod args;
mod characters;
mod convert;
mod date;
mod date_math;
mod excel_date;
mod info;
mod list;
mod logic;
mod math;
mod number;
mod number_code;
mod number_format;
mod number_text;
mod patterns;
mod signature;
mod text;
mod time;
mod workdays;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use super::eval::{Arg, Eval};
pub use signature::{Category, Function, Kind, Param, Returns, many, opt, p, rest};

fn all() -> Vec<&'static Function> {
    [
        text::FUNCTIONS,
        patterns::FUNCTIONS,
        characters::FUNCTIONS,
        number::FUNCTIONS,
        math::FUNCTIONS,
        date::FUNCTIONS,
        date_math::FUNCTIONS,
        workdays::FUNCTIONS,
        time::FUNCTIONS,
        logic::FUNCTIONS,
        info::FUNCTIONS,
        list::FUNCTIONS,
        convert::FUNCTIONS,
        number_text::FUNCTIONS,
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn registry() -> &'static HashMap<String, &'static Function> {
    static REGISTRY: OnceLock<HashMap<String, &'static Function>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        all()
            .into_iter()
            .map(|f| (f.name.to_ascii_uppercase(), f))
            .collect()
    })
}

/// The function called `name`, in any letter case.
pub fn lookup(name: &str) -> Option<&'static Function> {
    registry().get(&name.to_ascii_uppercase()).copied()
}

/// Every function, sorted by category then name (for the editor's list and the docs).
pub fn catalogue() -> Vec<&'static Function> {
    let mut all = all();
    all.sort_by_key(|f| (f.category, f.name));
    all
}

/// Names for "did you mean".
pub fn names() -> impl Iterator<Item = &'static str> {
    registry().values().map(|f| f.name)
}
