//! Type-checking a formula against the records on its step's input, and compiling it.
//!
//! One walk over the tree gives the result type, whether the result may be blank, the
//! most sensitive data class it is computed from (so governance can follow personal data
//! through formulas), every problem with its exact span and a fix in plain words, and —
//! when there are no problems — a [`Program`] with all names resolved.

mod implicit;
mod operators;

use std::collections::BTreeSet;

use super::ast::{BinaryOp, Expr, ExprKind, Operation, UnaryOp};
use super::eval::{Op, Program};
use super::functions::{self, Returns};
use super::lexer::Span;
use super::parser::{self, ParseError};
pub use super::scope::{SchemaScope, Scope, ScopeField, suggestion};
use super::types::Type;
use super::value::Value;
use crate::model::{Classification, Field, FieldType};

/// How much a problem matters: errors stop the formula from running; warnings, infos and
/// notes are told but do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// For governance to judge (personal data reaching a field), not a finding by itself.
    Note,
    /// A conversion the formula relies on, as a spreadsheet makes it (`"3" + 4`), with the
    /// explicit form that says so.
    Info,
    Warning,
    Error,
}

/// A problem in a formula, located in its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub level: Level,
    pub span: Span,
    pub message: String,
    pub fix: Option<String>,
}

impl From<ParseError> for Problem {
    fn from(e: ParseError) -> Problem {
        Problem {
            level: Level::Error,
            span: e.span,
            message: e.message,
            fix: e.fix,
        }
    }
}

/// What checking a formula found.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub ty: Type,
    pub maybe_blank: bool,
    /// The most sensitive class among the fields the result is computed from.
    pub classification: Classification,
    /// Every field read, as written (for lineage).
    pub reads: BTreeSet<String>,
    pub problems: Vec<Problem>,
    program: Option<Program>,
}

impl Analysis {
    /// The compiled formula, when no problem is an error.
    pub fn program(&self) -> Option<&Program> {
        if self.errors().next().is_none() {
            self.program.as_ref()
        } else {
            None
        }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.level == Level::Error)
    }

    /// What storing the result in `target` adds: a conversion it needs, a blank where one
    /// is required, a value outside a picklist, personal data reaching it. `text` is the
    /// formula, quoted in the fixes.
    pub fn check_target(&mut self, text: &str, target: &Field) {
        let problems = self.target_problems(text, target);
        self.problems.extend(problems);
    }

    /// The problems [`Analysis::check_target`] adds, leaving the analysis as it is (a
    /// [`super::memo::Memo`] shares one analysis between checks).
    pub fn target_problems(&self, text: &str, target: &Field) -> Vec<Problem> {
        let mut problems = Vec::new();
        let whole = 0..text.len();
        if let Err(pattern) = self.ty.conversion_to(&target.field_type) {
            let fix = (!pattern.is_empty())
                .then(|| format!("Wrap it: {}", pattern.replace("{}", text.trim())));
            problems.push(Problem {
                level: Level::Error,
                span: whole.clone(),
                message: format!(
                    "{} holds {}, but this formula gives {}",
                    target.name,
                    target.field_type.describe(),
                    self.ty
                ),
                fix,
            });
        }
        if target.required && self.maybe_blank {
            problems.push(Problem {
                level: Level::Warning,
                span: whole.clone(),
                message: format!("{} is required, but this formula can be blank", target.name),
                fix: Some(format!(
                    "Give a value for when it is blank: BLANKVALUE({}, …)",
                    text.trim()
                )),
            });
        }
        if let (FieldType::Picklist(allowed), Some(Value::Text(literal))) =
            (&target.field_type, self.constant())
            && !allowed.iter().any(|a| a == literal)
        {
            problems.push(Problem {
                level: Level::Error,
                span: whole.clone(),
                message: format!("\"{literal}\" is not one of {}'s values", target.name),
                fix: Some(format!("Use one of: {}.", allowed.join(", "))),
            });
        }
        if self.classification.is_personal() {
            problems.push(Problem {
                level: Level::Note,
                span: whole,
                message: format!(
                    "{} receives {} data computed from {}",
                    target.name,
                    self.classification,
                    self.reads.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
                fix: None,
            });
        }
        problems
    }

    /// The result when the formula is a constant.
    fn constant(&self) -> Option<&Value> {
        match &self.program.as_ref()?.op {
            Op::Const(v) => Some(v),
            _ => None,
        }
    }
}

/// Parses and checks `text` in `scope`.
pub fn analyze(text: &str, scope: &dyn Scope) -> Analysis {
    match parser::parse(text) {
        Ok(expr) => analyze_expr(&expr, text, scope),
        Err(e) => Analysis {
            ty: Type::Any,
            maybe_blank: true,
            classification: Classification::Public,
            reads: BTreeSet::new(),
            problems: vec![e.into()],
            program: None,
        },
    }
}

/// Checks an already parsed formula; `text` is its source, for quoting in fixes.
pub fn analyze_expr(expr: &Expr, text: &str, scope: &dyn Scope) -> Analysis {
    let mut checker = Checker {
        text,
        scope,
        problems: Vec::new(),
        reads: BTreeSet::new(),
    };
    let typed = checker.check(expr);
    Analysis {
        ty: typed.ty,
        maybe_blank: typed.maybe_blank,
        classification: typed.class,
        reads: checker.reads,
        problems: checker.problems,
        program: Some(typed.program),
    }
}

struct Typed {
    ty: Type,
    maybe_blank: bool,
    class: Classification,
    program: Program,
}

struct Checker<'a> {
    text: &'a str,
    scope: &'a dyn Scope,
    problems: Vec<Problem>,
    reads: BTreeSet<String>,
}

impl Checker<'_> {
    fn problem(&mut self, span: Span, message: String, fix: Option<String>) {
        self.finding(Level::Error, span, message, fix);
    }

    fn finding(&mut self, level: Level, span: Span, message: String, fix: Option<String>) {
        self.problems.push(Problem {
            level,
            span,
            message,
            fix,
        });
    }

    fn source(&self, span: &Span) -> &str {
        self.text.get(span.clone()).unwrap_or("…")
    }

    /// "Wrap it: VALUE(Amount)".
    fn wrap(&self, pattern: &str, span: &Span) -> String {
        format!("Wrap it: {}", pattern.replace("{}", self.source(span)))
    }

    fn check(&mut self, expr: &Expr) -> Typed {
        let span = expr.span.clone();
        let leaf = |ty: Type, value: Value, maybe_blank: bool| Typed {
            ty,
            maybe_blank,
            class: Classification::Public,
            program: Program {
                op: Op::Const(value),
                span: span.clone(),
            },
        };
        match &expr.kind {
            ExprKind::Number(n) => leaf(
                if n.fract().is_zero() {
                    Type::Integer
                } else {
                    Type::Number
                },
                Value::Number(*n),
                false,
            ),
            ExprKind::Float(x) => leaf(Type::Number, Value::Float(*x), false),
            ExprKind::Text(t) => leaf(Type::Text, Value::Text(t.clone()), t.is_empty()),
            ExprKind::Bool(b) => leaf(Type::Boolean, Value::Bool(*b), false),
            // Given its value by the call it is in (see `Checker::empty_argument`).
            ExprKind::Empty => leaf(Type::Blank, Value::Blank, true),
            ExprKind::Field(field) => {
                self.reads.insert(field.to_string());
                match self.scope.field(field) {
                    Ok(found) => Typed {
                        maybe_blank: !found.required,
                        class: found.classification,
                        program: Program {
                            op: Op::Field {
                                node: found.node,
                                path: field.path.clone(),
                                ty: found.ty.clone(),
                                slot: None,
                            },
                            span,
                        },
                        ty: found.ty,
                    },
                    Err((message, fix)) => {
                        self.problem(span.clone(), message, fix);
                        leaf(Type::Any, Value::Blank, true)
                    }
                }
            }
            ExprKind::Unary { op, operand } => {
                let inner = self.check(operand);
                if !inner.ty.is_numeric() {
                    self.sign(&inner.ty, &operand.span, &span);
                }
                let ty = match (op, &inner.ty) {
                    (UnaryOp::Percent, _) => Type::Number,
                    (_, t) if t.is_numeric() && *t != Type::Blank && *t != Type::Any => t.clone(),
                    _ => Type::Number,
                };
                Typed {
                    ty,
                    maybe_blank: false,
                    class: inner.class,
                    program: Program {
                        op: Op::Unary {
                            op: *op,
                            operand: Box::new(inner.program),
                        },
                        span,
                    },
                }
            }
            ExprKind::Binary { first, rest } => self.chain(first, rest, span),
            ExprKind::Call {
                name,
                name_span,
                args,
            } => self.call(name, name_span, args, span),
        }
    }

    /// A chain of operators, left to right: each operator's left operand is everything
    /// before it, already checked, so a chain of any length is one loop.
    fn chain(&mut self, first: &Expr, rest: &[Operation], span: Span) -> Typed {
        // The left operand so far: the first, then everything up to the last operator's
        // right operand.
        let mut lhs = first.span.clone();
        let first = self.check(first);
        let (mut ty, mut maybe_blank, mut class) = (first.ty, first.maybe_blank, first.class);
        let mut programs = Vec::with_capacity(rest.len());
        for Operation { op, rhs } in rest {
            let b = self.check(rhs);
            let here = lhs.start..rhs.span.end;
            ty = self.operation(*op, (&ty, &lhs), (&b.ty, &rhs.span), &here);
            maybe_blank = *op == BinaryOp::Concat && maybe_blank && b.maybe_blank;
            class = class.max(b.class);
            programs.push((*op, b.program));
            lhs = here;
        }
        Typed {
            ty,
            maybe_blank,
            class,
            program: Program {
                op: Op::chain(first.program, programs),
                span,
            },
        }
    }

    fn call(&mut self, name: &str, name_span: &Span, args: &[Expr], span: Span) -> Typed {
        let mut typed: Vec<Typed> = args.iter().map(|a| self.check(a)).collect();
        let class = typed
            .iter()
            .map(|t| t.class)
            .max()
            .unwrap_or(Classification::Public);
        let Some(function) = functions::lookup(name) else {
            let known: Vec<&str> = functions::names().collect();
            let fix = suggestion(name, &known)
                .or_else(|| Some("See the function list for what is available.".into()));
            self.problem(
                name_span.clone(),
                format!("there is no function called {name} (#NAME?)"),
                fix,
            );
            return Typed {
                ty: Type::Any,
                maybe_blank: true,
                class,
                program: Program {
                    op: Op::Const(Value::Blank),
                    span,
                },
            };
        };
        self.empty_arguments(function, args, &mut typed);
        let (min, max) = function.arity();
        if args.len() < min || max.is_some_and(|m| args.len() > m) {
            let expected = match max {
                Some(m) if m == min => format!("{min}"),
                Some(m) => format!("{min} to {m}"),
                None => format!("at least {min}"),
            };
            self.problem(
                span.clone(),
                format!(
                    "{} takes {expected} argument{}, not {}",
                    function.name,
                    if expected.ends_with(" 1") || expected == "1" {
                        ""
                    } else {
                        "s"
                    },
                    args.len()
                ),
                Some(format!("Write it as {}.", function.signature)),
            );
        }
        for (i, (arg, t)) in args.iter().zip(&typed).enumerate() {
            let Some(param) = function.param(i) else {
                continue;
            };
            if !param.kind.accepts(&t.ty) {
                self.argument(function, param, (&arg.span, &t.ty), &span);
            }
        }
        if function.name == "LOOKUP"
            && let (Some(table), Some(known)) = (args.get(1), self.scope.value_maps())
            && let ExprKind::Text(name) = &table.kind
            && !known.contains(&name.as_str())
        {
            let fix = suggestion(name, &known).or_else(|| {
                Some(if known.is_empty() {
                    "Value maps are defined in the workspace's value_maps.ron.".to_owned()
                } else {
                    format!("The workspace has: {}.", known.join(", "))
                })
            });
            self.problem(
                table.span.clone(),
                format!("the workspace has no value map called \"{name}\""),
                fix,
            );
        }
        let ty = match function.returns {
            Returns::Fixed(ty) => ty(),
            Returns::SameAs(i) => typed.get(i).map_or(Type::Any, |t| t.ty.clone()),
            Returns::ItemOf(i) => match typed.get(i).map(|t| &t.ty) {
                Some(Type::List(inner)) => (**inner).clone(),
                _ => Type::Any,
            },
            Returns::Common { from, step, last } => {
                let mut positions: Vec<usize> = (from..typed.len()).step_by(step.max(1)).collect();
                if last && typed.len() > from && !positions.contains(&(typed.len() - 1)) {
                    positions.push(typed.len() - 1);
                }
                let mut common = Type::Blank;
                for &i in &positions {
                    match common.common(&typed[i].ty) {
                        Some(t) => common = t,
                        None => {
                            // A spreadsheet lets a function give different kinds of value;
                            // said, and the result is of no one type.
                            self.finding(
                                Level::Info,
                                args[i].span.clone(),
                                format!(
                                    "{} gives {} this way and {common} another: whatever takes its result must take both",
                                    function.name, typed[i].ty
                                ),
                                Some("Give the same kind of value every way, with TEXT(…) or VALUE(…).".into()),
                            );
                            common = Type::Any;
                            break;
                        }
                    }
                }
                common
            }
        };
        let maybe_blank = function.may_be_blank || blank_through(function.name, &typed);
        Typed {
            ty,
            maybe_blank,
            class,
            program: Program {
                op: Op::Call {
                    function: function.callee(),
                    args: typed.into_iter().map(|t| t.program).collect(),
                },
                span,
            },
        }
    }
}

/// Whether a call may give blank because of its arguments.
fn blank_through(name: &str, args: &[Typed]) -> bool {
    match name {
        "BLANK" => true,
        "ISBLANK" | "ISNUMBER" | "ISTEXT" | "NOT" | "AND" | "OR" | "LEN" | "COUNT" | "TODAY"
        | "NOW" | "CONTAINS" | "BEGINS" | "ENDS" | "REGEX_MATCH" | "ISERROR" | "ISERR" | "ISNA"
        | "ISLOGICAL" | "ISNONTEXT" | "ISEVEN" | "ISODD" | "XOR" | "TRUE" | "FALSE" | "N" | "T"
        | "PI" | "NA" | "SEARCH" | "TIME" | "TIMEVALUE" | "SECOND" => false,
        "BLANKVALUE" | "COALESCE" => args.iter().all(|a| a.maybe_blank),
        "IF" => args.iter().skip(1).any(|a| a.maybe_blank) || args.len() < 3,
        // Only the results count: the value being matched may well be blank.
        "IFS" => args.iter().skip(1).step_by(2).any(|a| a.maybe_blank),
        "CASE" | "SWITCH" => {
            let has_default = args.len().is_multiple_of(2);
            args.iter().skip(2).step_by(2).any(|a| a.maybe_blank)
                || (has_default && args.last().is_some_and(|a| a.maybe_blank))
        }
        _ => args.iter().any(|a| a.maybe_blank),
    }
}
