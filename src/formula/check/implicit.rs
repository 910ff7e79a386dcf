//! Arguments a function reads as another kind of value, as a spreadsheet does:
//! `UPPER(123)`, `LEN(TRUE)`, `IF(1, …)`, `DAY(45352)`, `DAY("3/15/2024")`. The formula
//! runs as it would there, and an info finding names the explicit form; an argument no
//! spreadsheet could read (`ROUND("abc", 1)`, `DAY("soon")`) stays an error. Empty
//! arguments (`IF(TRUE,)`) are given the empty value of what the parameter takes.

use super::{Checker, Level, Typed};
use crate::formula::ast::Expr;
use crate::formula::eval::{Op, Program};
use crate::formula::functions::{Function, Kind, Param, Returns};
use crate::formula::lexer::Span;
use crate::formula::operators;
use crate::formula::types::Type;
use crate::formula::value::Value;
use crate::model::Classification;
use rust_decimal::Decimal;

/// How a value of one type is read as another.
struct Implicit {
    /// "as text", with the function's name and the argument before it.
    reads: &'static str,
    /// The explicit form, `{}` standing for the argument.
    pattern: &'static str,
}

/// How `kind` reads a value of type `from` that it does not take as it is, if a
/// spreadsheet reads it at all.
fn implicit(kind: Kind, from: &Type) -> Option<Implicit> {
    let (reads, pattern) = match (kind, from) {
        (Kind::Text, t) if t.is_numeric() => ("as text", "TEXT({})"),
        (Kind::Text, Type::Boolean) => ("as the text TRUE or FALSE", "TEXT({})"),
        (Kind::Number, Type::Text) => ("as a number", "VALUE({})"),
        (Kind::Number, Type::Boolean) => ("as 1 or 0", "N({})"),
        (Kind::Number, Type::Date | Type::DateTime) => {
            ("as its serial number (days since 1900)", "N({})")
        }
        (Kind::Boolean, t) if t.is_numeric() => ("as TRUE unless it is 0", "{} <> 0"),
        (Kind::Boolean, Type::Text) => ("as TRUE or FALSE", "{} = \"TRUE\""),
        (Kind::Date | Kind::Moment, Type::Text) => (
            "as a date, month first as en-US writes it (3/15/2024), the workspace's default",
            "DATEVALUE({})",
        ),
        (Kind::Date | Kind::Moment, t) if t.is_numeric() => (
            "as a spreadsheet's date number, days counted from 1900-01-01 (45352 is 2024-03-01)",
            "DATEVALUE({})",
        ),
        (Kind::Date, Type::DateTime) => ("as its date", "DATEVALUE({})"),
        (Kind::DateTime, Type::Date) => ("as midnight UTC of that day", "DATETIMEVALUE({})"),
        _ => return None,
    };
    Some(Implicit { reads, pattern })
}

fn gives_text(function: &Function) -> bool {
    matches!(function.returns, Returns::Fixed(ty) if ty() == Type::Text)
}

impl Checker<'_> {
    /// Gives each empty argument of a call the empty value of its parameter's kind: 0,
    /// "" or FALSE, and 0 where any value is taken (Excel's `IF(TRUE,)` is 0).
    pub(super) fn empty_arguments(&self, function: &Function, args: &[Expr], typed: &mut [Typed]) {
        for (i, (arg, t)) in args.iter().zip(typed.iter_mut()).enumerate() {
            if !matches!(arg.kind, crate::formula::ast::ExprKind::Empty) {
                continue;
            }
            let (ty, value) = match function.param(i).map(|p| p.kind) {
                Some(Kind::Text) => (Type::Text, Value::Text(String::new())),
                Some(Kind::Boolean) => (Type::Boolean, Value::Bool(false)),
                // Where any value is taken, "" in a function that gives text (CONCAT(, "a")
                // is "a"), else 0 (IF(TRUE,) and MIN(1,) are 0).
                Some(Kind::Any) if gives_text(function) => (Type::Text, Value::Text(String::new())),
                Some(Kind::Number | Kind::Any) => (Type::Integer, Value::Number(Decimal::ZERO)),
                _ => (Type::Blank, Value::Blank),
            };
            *t = Typed {
                maybe_blank: matches!(value, Value::Blank),
                ty,
                class: Classification::Public,
                program: Program {
                    op: Op::Const(value),
                    span: arg.span.clone(),
                },
            };
        }
    }

    /// An argument whose type `param` does not take: an info finding when it is read as
    /// a spreadsheet reads it, else an error with the conversion to write.
    pub(super) fn argument(
        &mut self,
        function: &Function,
        param: &Param,
        (arg, ty): (&Span, &Type),
        call: &Span,
    ) {
        if let Some(implicit) = implicit(param.kind, ty)
            && !self.literal_cannot_be_read(param.kind, arg)
        {
            let explicit = self.rewrite(call, arg, implicit.pattern);
            self.finding(
                Level::Info,
                arg.clone(),
                format!(
                    "{} reads {} {}: {explicit} says so",
                    function.name,
                    self.source(arg),
                    implicit.reads
                ),
                Some(format!("Write {explicit}.")),
            );
            return;
        }
        let fix = param
            .kind
            .conversion_from(ty)
            .map(|pattern| format!("Wrap it: {}", self.rewrite(call, arg, pattern)));
        // Text written in the formula that no spreadsheet could read gives #VALUE! there.
        let code = if implicit(param.kind, ty).is_some() {
            " (#VALUE!)"
        } else {
            ""
        };
        self.problem(
            arg.clone(),
            format!(
                "{} expects {} as {}, but {} is {}{code}",
                function.name,
                param.kind.describe(),
                param.name,
                self.source(arg),
                ty
            ),
            fix,
        );
    }

    /// Whether the argument is text written in the formula that `kind` cannot read
    /// (`ROUND("abc", 1)`): an error now rather than #VALUE! on every record.
    fn literal_cannot_be_read(&self, kind: Kind, arg: &Span) -> bool {
        let source = self.source(arg);
        if !(source.starts_with('"') && source.ends_with('"') && source.len() >= 2) {
            return false;
        }
        let text = crate::formula::lexer::unquote(source, '"');
        match kind {
            Kind::Number => operators::number(&Value::Text(text)).is_err(),
            Kind::Date | Kind::Moment => {
                crate::formula::functions::args::date(&Value::Text(text)).is_err()
            }
            Kind::Boolean => operators::boolean(&Value::Text(text)).is_err(),
            _ => false,
        }
    }
}
