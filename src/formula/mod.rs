//! The formula language: spreadsheet-style expressions for mappings and conditions,
//! `UPPER(TRIM(Email))`, `FirstName & " " & LastName`, `IF(Amount > 1000, "Key", "Standard")`.
//!
//! Text is tokenized ([`lexer`]), parsed into a tree with spans ([`parser`], a Pratt
//! parser), and printed back canonically ([`print`]). Names are case-insensitive for
//! functions; fields are matched as written. A field of another step is qualified like a
//! spreadsheet's sheet reference, `'Find the account'!Name` as typed, stored by the
//! step's id (`find_account!Name`) so renaming a step never breaks a formula.

pub mod ast;
pub mod automap;
pub mod lexer;
pub mod parser;
pub mod print;

pub use ast::{BinaryOp, Expr, ExprKind, FieldRef, NodeQualifier, Operation, UnaryOp};
pub use lexer::Span;
pub use parser::{MAX_DEPTH, ParseError, parse};
pub mod calendar;
pub mod float;
pub mod precision;
pub mod reading;
pub mod rfc3339;
pub mod serial;
pub mod types;
pub mod value;

pub use types::Type;
pub use value::Value;
pub mod check;
pub mod eval;
pub mod functions;
pub mod memo;
pub mod operators;
pub mod preview;
pub mod quick_fix;
pub mod scope;
pub mod sites;

pub use check::{Analysis, Level, Problem, SchemaScope, Scope, analyze};
pub use eval::{Env, EvalError, Inputs, LookupTables, Program};
