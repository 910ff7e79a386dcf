//! Writing a syntax tree back as formula text: the canonical form (node qualifiers by
//! id, text quotes doubled, names bracketed only when they must be, no parentheses but
//! those that keep the meaning or the written grouping of a chain of operators).
//! `parse(print(e)) == e` for every tree the parser builds.

use std::fmt::{self, Write};

use super::ast::{Expr, ExprKind, FieldRef, NodeQualifier, Operation, UnaryOp};

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(n) => write!(f, "{n}"),
            ExprKind::Float(x) => f.write_str(&crate::formula::precision::general(*x)),
            ExprKind::Text(t) => write!(f, "\"{}\"", t.replace('"', "\"\"")),
            ExprKind::Bool(true) => f.write_str("TRUE"),
            ExprKind::Bool(false) => f.write_str("FALSE"),
            ExprKind::Empty => Ok(()),
            ExprKind::Field(field) => write!(f, "{field}"),
            ExprKind::Call { name, args, .. } => {
                write!(f, "{name}(")?;
                for (i, arg) in args.iter().enumerate() {
                    match (i, &arg.kind) {
                        (0, _) => {}
                        (_, ExprKind::Empty) => f.write_char(',')?,
                        _ => f.write_str(", ")?,
                    }
                    write!(f, "{arg}")?;
                }
                f.write_char(')')
            }
            ExprKind::Unary {
                op: UnaryOp::Percent,
                operand,
            } => {
                let bare = !matches!(
                    operand.kind,
                    ExprKind::Binary { .. }
                        | ExprKind::Unary {
                            op: UnaryOp::Neg | UnaryOp::Plus,
                            ..
                        }
                );
                parenthesised(f, operand, !bare)?;
                f.write_char('%')
            }
            ExprKind::Unary { op, operand } => {
                f.write_str(if *op == UnaryOp::Neg { "-" } else { "+" })?;
                parenthesised(f, operand, matches!(operand.kind, ExprKind::Binary { .. }))
            }
            ExprKind::Binary { first, rest } => chain(f, first, rest),
        }
    }
}

/// `first op rhs op rhs …`. Operators are left-associative, so an operand on the right
/// needs parentheses when it holds an operator binding no tighter than its own: a - (b - c).
/// A chain as the first operand is always parenthesised, as only parentheses put it
/// there. Should an operator bind tighter than those before it (the parser never builds
/// such a chain), everything before it is parenthesised, which keeps the meaning.
fn chain(f: &mut fmt::Formatter<'_>, first: &Expr, rest: &[Operation]) -> fmt::Result {
    let mut loosest = u8::MAX;
    let mut closes = Vec::with_capacity(rest.len());
    for Operation { op, .. } in rest {
        let close = loosest < op.precedence();
        loosest = if close {
            op.precedence()
        } else {
            loosest.min(op.precedence())
        };
        closes.push(close);
    }
    for _ in closes.iter().filter(|c| **c) {
        f.write_char('(')?;
    }
    parenthesised(f, first, matches!(first.kind, ExprKind::Binary { .. }))?;
    for (Operation { op, rhs }, close) in rest.iter().zip(closes) {
        if close {
            f.write_char(')')?;
        }
        write!(f, " {} ", op.symbol())?;
        let wrap = loosest_in(rhs).is_some_and(|inner| inner <= op.precedence());
        parenthesised(f, rhs, wrap)?;
    }
    Ok(())
}

/// The precedence of the loosest operator at the top of `e`, if it is a chain.
fn loosest_in(e: &Expr) -> Option<u8> {
    match &e.kind {
        ExprKind::Binary { rest, .. } => rest.iter().map(|o| o.op.precedence()).min(),
        _ => None,
    }
}

fn parenthesised(f: &mut fmt::Formatter<'_>, e: &Expr, wrap: bool) -> fmt::Result {
    if wrap {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

impl fmt::Display for FieldRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.node {
            Some(NodeQualifier::Id(id)) => write!(f, "{id}!")?,
            Some(NodeQualifier::Label(label)) => write!(f, "'{}'!", label.replace('\'', "''"))?,
            None => {}
        }
        for (i, name) in self.path.iter().enumerate() {
            if i > 0 {
                f.write_char('.')?;
            }
            if is_plain_name(name) {
                f.write_str(name)?;
            } else {
                write!(f, "[{}]", name.replace(']', "]]"))?;
            }
        }
        Ok(())
    }
}

/// Whether `name` reads back as the same field without brackets.
pub fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !name.eq_ignore_ascii_case("true")
        && !name.eq_ignore_ascii_case("false")
}
