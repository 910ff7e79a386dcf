//! Checking operators: the type `a op b` gives, and what each side needs. Where a
//! spreadsheet converts a side (`"3" + 4`, `TRUE * 2`), the formula runs as it would
//! there and an info finding names the explicit form; where it cannot work (`"abc" + 1`,
//! a list added to a number), an error says so.

use super::{Checker, Level};
use crate::formula::ast::BinaryOp;
use crate::formula::lexer::Span;
use crate::formula::types::Type;

impl Checker<'_> {
    /// The type `lhs op rhs` gives; a finding for each side that does not fit `op`.
    pub(super) fn operation(
        &mut self,
        op: BinaryOp,
        (ta, lhs): (&Type, &Span),
        (tb, rhs): (&Type, &Span),
        span: &Span,
    ) -> Type {
        match op {
            BinaryOp::Concat => {
                for (t, e) in [(ta, lhs), (tb, rhs)] {
                    if matches!(t, Type::Date | Type::DateTime) {
                        let fix = self.wrap("FORMAT_DATE({}, \"yyyy-MM-dd\")", e);
                        self.problem(
                            e.clone(),
                            format!("& joins text, and this is a {t}: say how to write it"),
                            Some(fix),
                        );
                    } else if matches!(t, Type::List(_) | Type::Record(_)) {
                        self.problem(
                            e.clone(),
                            format!("& joins text, and this is a {t}"),
                            Some("Use JOIN(list, \", \") for lists.".into()),
                        );
                    }
                }
                Type::Text
            }
            op if op.is_comparison() => {
                self.comparison((ta, lhs), (tb, rhs), span);
                Type::Boolean
            }
            BinaryOp::Add | BinaryOp::Sub => match (ta, tb) {
                (Type::Date, t) | (t, Type::Date)
                    if t.is_numeric() && !(op == BinaryOp::Sub && *tb == Type::Date) =>
                {
                    Type::Date
                }
                (Type::Date, Type::Date) if op == BinaryOp::Sub => Type::Integer,
                (Type::DateTime, Type::DateTime) if op == BinaryOp::Sub => Type::Number,
                (Type::DateTime, t) | (t, Type::DateTime) if t.is_numeric() => Type::DateTime,
                _ => self.arithmetic(op, (ta, lhs), (tb, rhs), span),
            },
            _ => self.arithmetic(op, (ta, lhs), (tb, rhs), span),
        }
    }

    /// Values of different kinds compare as a spreadsheet compares them (numbers before
    /// text before TRUE/FALSE, so `"3" = 3` is FALSE): said as information, with the
    /// conversion that compares what was probably meant.
    fn comparison(&mut self, (ta, lhs): (&Type, &Span), (tb, rhs): (&Type, &Span), span: &Span) {
        let comparable = ta.common(tb).is_some()
            || (matches!(ta, Type::Date | Type::DateTime)
                && matches!(tb, Type::Date | Type::DateTime));
        if comparable {
            return;
        }
        let structured = |t: &Type| matches!(t, Type::List(_) | Type::Record(_));
        let text_side = match (ta, tb) {
            (Type::Text, other) => Some((lhs, other)),
            (other, Type::Text) => Some((rhs, other)),
            _ => None,
        };
        let pattern = text_side.and_then(|(side, other)| match other {
            t if t.is_numeric() => Some((side, "VALUE({})")),
            Type::Date => Some((side, "DATEVALUE({})")),
            Type::DateTime => Some((side, "DATETIMEVALUE({})")),
            _ => None,
        });
        let (shown_a, shown_b) = (self.source(lhs).to_owned(), self.source(rhs).to_owned());
        if structured(ta) || structured(tb) {
            let fix = pattern.map(|(side, p)| self.wrap(p, side));
            self.problem(
                span.clone(),
                format!("{shown_a} is {ta} and {shown_b} is {tb}: they cannot be compared"),
                fix,
            );
            return;
        }
        let message = match pattern {
            Some((side, p)) => format!(
                "{} compares {ta} with {tb}, which a spreadsheet never finds equal: {} compares them as {}",
                self.source(span),
                self.rewrite(span, side, p),
                if side == lhs { tb } else { ta },
            ),
            None => format!(
                "{} compares {ta} with {tb}, which a spreadsheet never finds equal",
                self.source(span)
            ),
        };
        let fix = pattern.map(|(side, p)| format!("Write {}.", self.rewrite(span, side, p)));
        self.finding(Level::Info, span.clone(), message, fix);
    }

    /// Arithmetic: numbers, or values a spreadsheet reads as numbers (text, TRUE/FALSE,
    /// dates), each of those an info finding; text that is no number is an error.
    fn arithmetic(
        &mut self,
        op: BinaryOp,
        (ta, lhs): (&Type, &Span),
        (tb, rhs): (&Type, &Span),
        span: &Span,
    ) -> Type {
        for (t, e) in [(ta, lhs), (tb, rhs)] {
            if t.is_numeric() {
                continue;
            }
            match t {
                Type::Text if self.literal_text_is_no_number(e) => {
                    let fix = match op {
                        BinaryOp::Add => "To join text, use & instead of +.".to_owned(),
                        _ => format!("{} works on numbers only.", op.symbol()),
                    };
                    self.problem(
                        e.clone(),
                        format!(
                            "{} needs numbers, but {} is not one (#VALUE!)",
                            op.symbol(),
                            self.source(e)
                        ),
                        Some(fix),
                    );
                }
                Type::Text | Type::Boolean | Type::Date | Type::DateTime => {
                    let (what, pattern) = match t {
                        Type::Text => ("text", "VALUE({})"),
                        Type::Boolean => ("TRUE/FALSE (as 1/0)", "N({})"),
                        _ => ("a date (as its serial number, days since 1900)", "N({})"),
                    };
                    let verb = match op {
                        BinaryOp::Add => "adds",
                        BinaryOp::Sub => "subtracts",
                        BinaryOp::Mul => "multiplies",
                        BinaryOp::Div => "divides",
                        _ => "raises to a power",
                    };
                    let explicit = self.rewrite(span, e, pattern);
                    self.finding(
                        Level::Info,
                        e.clone(),
                        format!("{} {verb} {what}: {explicit} says so", self.source(span)),
                        Some(format!("Write {explicit}.")),
                    );
                }
                _ => {
                    self.problem(
                        e.clone(),
                        format!(
                            "{} needs numbers, but {} is {t}",
                            op.symbol(),
                            self.source(e)
                        ),
                        None,
                    );
                }
            }
        }
        match (op, ta, tb) {
            (BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul, Type::Integer, Type::Integer) => {
                Type::Integer
            }
            (_, Type::Currency, _)
            | (BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul, _, Type::Currency)
                if op != BinaryOp::Pow =>
            {
                Type::Currency
            }
            _ => Type::Number,
        }
    }

    /// A sign or % on a value that is not a number: read as one where a spreadsheet
    /// reads it (`-"5"`, `-TRUE`), an info finding; an error where it cannot be.
    pub(super) fn sign(&mut self, ty: &Type, operand: &Span, span: &Span) {
        let readable = matches!(ty, Type::Text | Type::Boolean | Type::Date | Type::DateTime)
            && !self.literal_text_is_no_number(operand);
        if !readable {
            let fix = (*ty == Type::Text).then(|| self.wrap("VALUE({})", operand));
            let code = if *ty == Type::Text { " (#VALUE!)" } else { "" };
            self.problem(
                operand.clone(),
                format!("a sign or % needs a number, but this is {ty}{code}"),
                fix,
            );
            return;
        }
        let pattern = if *ty == Type::Text {
            "VALUE({})"
        } else {
            "N({})"
        };
        let explicit = self.rewrite(span, operand, pattern);
        self.finding(
            Level::Info,
            operand.clone(),
            format!(
                "{} uses {} as a number: {explicit} says so",
                self.source(span),
                self.source(operand)
            ),
            Some(format!("Write {explicit}.")),
        );
    }

    /// Whether the text at `span` is a text literal no spreadsheet reads as a number.
    pub(super) fn literal_text_is_no_number(&self, span: &Span) -> bool {
        let source = self.source(span);
        source.starts_with('"')
            && source.len() >= 2
            && crate::formula::operators::number(&crate::formula::Value::Text(
                crate::formula::lexer::unquote(source, '"'),
            ))
            .is_err()
    }

    /// The text at `whole` with the part at `part` wrapped in `pattern`.
    pub(super) fn rewrite(&self, whole: &Span, part: &Span, pattern: &str) -> String {
        let mut text = self.source(whole).to_owned();
        let wrapped = pattern.replace("{}", self.source(part));
        if part.start >= whole.start && part.end <= whole.end && text.len() == whole.len() {
            text.replace_range(part.start - whole.start..part.end - whole.start, &wrapped);
            text
        } else {
            wrapped
        }
    }
}
