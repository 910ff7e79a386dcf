//! Writing a syntax tree back as formula text: the canonical form (node qualifiers by
//! id, text quotes doubled, names bracketed only when they must be, the fewest
//! parentheses that keep the meaning). `parse(print(e)) == e` for every tree.

use std::fmt::{self, Write};

use super::ast::{Expr, ExprKind, FieldRef, NodeQualifier, UnaryOp};

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(n) => write!(f, "{n}"),
            ExprKind::Text(t) => write!(f, "\"{}\"", t.replace('"', "\"\"")),
            ExprKind::Bool(true) => f.write_str("TRUE"),
            ExprKind::Bool(false) => f.write_str("FALSE"),
            ExprKind::Field(field) => write!(f, "{field}"),
            ExprKind::Call { name, args, .. } => {
                write!(f, "{name}(")?;
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
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
            ExprKind::Binary { op, lhs, rhs } => {
                let needs = |side: &Expr, strict: bool| match &side.kind {
                    ExprKind::Binary { op: inner, .. } => {
                        if strict {
                            inner.precedence() <= op.precedence()
                        } else {
                            inner.precedence() < op.precedence()
                        }
                    }
                    _ => false,
                };
                parenthesised(f, lhs, needs(lhs, false))?;
                write!(f, " {} ", op.symbol())?;
                // Operators are left-associative, so an equal one on the right needs
                // parentheses: a - (b - c).
                parenthesised(f, rhs, needs(rhs, true))
            }
        }
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
