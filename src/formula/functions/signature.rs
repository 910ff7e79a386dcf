//! What a library entry is: a function's category, parameters, result type and how it
//! evaluates. Apart from the registry in `mod.rs`, so that the files of functions and the
//! list of them do not import each other.

use crate::formula::eval::{Callee, Eval};
use crate::formula::types::Type;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Text,
    Number,
    Date,
    Logic,
    List,
    Conversion,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Self::Text => "Text",
            Self::Number => "Numbers",
            Self::Date => "Dates",
            Self::Logic => "Logic",
            Self::List => "Lists",
            Self::Conversion => "Conversion and lookups",
        }
    }
}

/// What an argument must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Boolean,
    Date,
    DateTime,
    /// A Date or a Date/Time.
    Moment,
    List,
    Any,
}

impl Kind {
    pub fn accepts(self, ty: &Type) -> bool {
        match (self, ty) {
            (_, Type::Any | Type::Blank) | (Kind::Any, _) => true,
            (Kind::Text, t) => matches!(t, Type::Text),
            (Kind::Number, t) => t.is_numeric(),
            (Kind::Boolean, t) => matches!(t, Type::Boolean),
            (Kind::Date, t) => matches!(t, Type::Date),
            (Kind::DateTime, t) => matches!(t, Type::DateTime),
            (Kind::Moment, t) => matches!(t, Type::Date | Type::DateTime),
            (Kind::List, t) => matches!(t, Type::List(_)),
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text => "Text",
            Kind::Number => "a Number",
            Kind::Boolean => "True/False",
            Kind::Date => "a Date",
            Kind::DateTime => "a Date/Time",
            Kind::Moment => "a Date or Date/Time",
            Kind::List => "a List",
            Kind::Any => "a value",
        }
    }

    /// How to turn a value of type `from` into this kind, `{}` standing for it.
    pub fn conversion_from(self, from: &Type) -> Option<&'static str> {
        Some(match (self, from) {
            (Kind::Text, Type::Date | Type::DateTime) => "FORMAT_DATE({}, \"yyyy-MM-dd\")",
            (Kind::Text, _) => "TEXT({})",
            (Kind::Number, Type::Text) => "VALUE({})",
            (Kind::Date | Kind::Moment, Type::Text | Type::DateTime) => "DATEVALUE({})",
            (Kind::DateTime, Type::Text | Type::Date) => "DATETIMEVALUE({})",
            (Kind::Boolean, Type::Text) => "({} = \"true\")",
            (Kind::List, Type::Text) => "SPLIT({}, \",\")",
            _ => return None,
        })
    }
}

/// One parameter of a signature.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub optional: bool,
    /// The parameter may be given any number of times (`MAX(number, …)`).
    pub repeated: bool,
}

pub const fn p(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        optional: false,
        repeated: false,
    }
}

pub const fn opt(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        optional: true,
        repeated: false,
    }
}

/// One or more.
pub const fn many(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        optional: false,
        repeated: true,
    }
}

/// Any number, none included (IFS's further condition/value pairs).
pub const fn rest(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        optional: true,
        repeated: true,
    }
}

/// The result type.
#[derive(Clone, Copy)]
pub enum Returns {
    Fixed(fn() -> Type),
    /// The common type of the arguments at these positions; for repeated tails, every
    /// `step`-th argument from `from` (CASE's results), and the last one if `last`.
    Common {
        from: usize,
        step: usize,
        last: bool,
    },
    /// The item type of the list argument at this position.
    ItemOf(usize),
    /// The type of the argument at this position.
    SameAs(usize),
}

pub struct Function {
    pub name: &'static str,
    pub category: Category,
    pub signature: &'static str,
    pub doc: &'static str,
    pub example: &'static str,
    /// What the example gives, written as a formula literal.
    pub gives: &'static str,
    pub params: &'static [Param],
    pub returns: Returns,
    /// May the result be blank even when no argument is? (LOOKUP of a missing key…)
    pub may_be_blank: bool,
    pub eval: Eval,
}

impl std::fmt::Debug for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.name)
    }
}

impl Function {
    /// What a program's call of this function keeps of it.
    pub fn callee(&'static self) -> Callee {
        Callee {
            name: self.name,
            eval: self.eval,
        }
    }

    /// Fewest and most arguments.
    pub fn arity(&self) -> (usize, Option<usize>) {
        let min = self.params.iter().filter(|p| !p.optional).count();
        let max = if self.params.iter().any(|p| p.repeated) {
            None
        } else {
            Some(self.params.len())
        };
        (min, max)
    }

    /// The parameter the `i`-th argument binds to.
    pub fn param(&self, i: usize) -> Option<&Param> {
        self.params
            .get(i)
            .or_else(|| self.params.iter().rev().find(|p| p.repeated))
    }
}
