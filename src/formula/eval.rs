//! Evaluating compiled formulas. A [`Program`] has every name resolved and every
//! function looked up at compile time; evaluation only walks it. Blank follows the
//! spreadsheet rules: 0 in arithmetic, "" in text, equal to both in comparisons.

use jiff::Zoned;
use std::borrow::Cow;
use std::collections::HashMap;

use super::ast::{BinaryOp, UnaryOp};
use super::lexer::Span;
use super::operators::{binary, boolean, comparison, push_text, unary};
use super::types::Type;
use super::value::Value;
use crate::model::Record;

/// Value maps for LOOKUP, by table name: `"stage_to_status" → {"Closed Won" → "Released"}`.
pub type LookupTables = crate::workspace::value_maps::ValueMaps;

/// What a formula may know besides its inputs: the clock (pinned in test runs, so
/// TODAY() and NOW() repeat) and the workspace's value maps.
pub struct Env<'a> {
    pub now: Zoned,
    pub tables: &'a LookupTables,
}

/// The records a formula reads: its step's input, and the outputs of earlier steps it
/// names by id (`find_account!Name`).
pub struct Inputs<'a> {
    pub record: &'a Record,
    pub nodes: &'a HashMap<String, Record>,
}

/// Why evaluating a formula failed, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EvalError {
    pub span: Span,
    pub message: String,
}

impl EvalError {
    /// The spreadsheet error this is (`#N/A`, `#VALUE!`, …), for ISNA and IFNA: the
    /// library's messages give it in parentheses after the reason, "… (#N/A)". `None`
    /// for a failure no spreadsheet has a code for (a value map that does not exist).
    pub fn code(&self) -> Option<&str> {
        let start = self.message.rfind("(#")? + 1;
        let end = start + self.message[start..].find(')')?;
        Some(&self.message[start..end])
    }
}

/// An argument as a strict function receives it: borrowed when it is a constant or a
/// field as read (nothing copied), owned when it was computed.
pub type Arg<'a> = Cow<'a, Value>;

/// How a function evaluates. It is here, with the programs that call it, rather than with
/// the function library: a lazy function is handed the [`Args`] of its call, and the
/// library's entries use these types without the evaluator knowing the library.
#[derive(Clone, Copy)]
pub enum Eval {
    /// All arguments evaluated first, left to right.
    Strict(fn(&mut [Arg], &Env) -> Result<Value, String>),
    /// The function evaluates only the arguments it needs (IF, AND, COALESCE…).
    Lazy(for<'a> fn(&mut Args<'a>) -> Result<Cow<'a, Value>, EvalError>),
}

/// The function a call calls: its name (for its errors) and how it evaluates, looked up
/// in the library when the formula was checked.
#[derive(Clone, Copy)]
pub struct Callee {
    pub name: &'static str,
    pub eval: Eval,
}

impl std::fmt::Debug for Callee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// A blank to stand in for arguments not yet evaluated.
static BLANK: Value = Value::Blank;

#[derive(Clone, Debug)]
pub(crate) enum Op {
    Const(Value),
    Field {
        node: Option<String>,
        path: Vec<String>,
        ty: Type,
        /// Where the field's value sits when records arrive as slots (see
        /// [`Program::bind_slots`]); `None` reads it by name.
        slot: Option<usize>,
    },
    Call {
        function: Callee,
        args: Vec<Program>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Program>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Program>,
        rhs: Box<Program>,
    },
    /// Three operands or more, the operators applied left to right (see
    /// [`super::ast::ExprKind::Binary`]): a loop, however long the chain.
    Chain {
        first: Box<Program>,
        rest: Vec<(BinaryOp, Program)>,
    },
}

impl Op {
    /// `first`, then each operator with its right operand in turn.
    pub(crate) fn chain(first: Program, mut rest: Vec<(BinaryOp, Program)>) -> Op {
        match (rest.pop(), rest.is_empty()) {
            (None, _) => first.op,
            (Some((op, rhs)), true) => Op::Binary {
                op,
                lhs: Box::new(first),
                rhs: Box::new(rhs),
            },
            (Some(last), false) => {
                rest.push(last);
                Op::Chain {
                    first: Box::new(first),
                    rest,
                }
            }
        }
    }
}

/// A checked formula, ready to evaluate many times.
#[derive(Clone, Debug)]
pub struct Program {
    pub(crate) op: Op,
    pub(crate) span: Span,
}

/// A field as a reader decoded it for [`Program::eval_slots`]: its value as the type the
/// formulas read it as, or the message saying why it is not one ("Amount: "x" is not a
/// number"), which becomes the error of every cell that reads it.
pub type Slot = Result<Value, String>;

/// Where a program finds its fields: a record by name, or slots filled in the order
/// [`Program::bind_slots`] gave them (the streaming `map`, which decodes only those).
#[derive(Clone, Copy)]
enum Source<'a> {
    Inputs(&'a Inputs<'a>),
    Slots(&'a [Slot]),
}

/// A lazy function's view of its arguments. Its errors are formula errors already
/// (placed at an argument, or at the call by [`Args::fail`]): results pass through
/// unchanged, not rewrapped at every call on the way out.
pub struct Args<'a> {
    programs: &'a [Program],
    source: Source<'a>,
    pub env: &'a Env<'a>,
    /// The call being evaluated.
    call: &'a Program,
}

impl<'a> Args<'a> {
    pub fn len(&self) -> usize {
        self.programs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.programs.is_empty()
    }

    /// Evaluates argument `i` as a condition (IF's first argument, AND's…). A comparison
    /// is answered without building the Boolean value it would give.
    #[inline]
    pub fn condition(&mut self, i: usize) -> Result<bool, EvalError> {
        match self.programs.get(i) {
            Some(p) => p.test(self.source, self.env, self.call),
            None => Err(self.fail(format!("argument {} is missing", i + 1))),
        }
    }

    /// Evaluates argument `i`. A constant or a field comes back borrowed, not copied.
    #[inline(always)]
    pub fn value(&mut self, i: usize) -> Result<Cow<'a, Value>, EvalError> {
        match self.programs.get(i) {
            Some(p) => p.run(self.source, self.env),
            None => Err(self.fail(format!("argument {} is missing", i + 1))),
        }
    }

    /// The function's own failure, placed at the call and named after the function.
    #[cold]
    pub fn fail(&self, message: impl Into<String>) -> EvalError {
        self.call.failed(message.into())
    }
}

impl Program {
    /// The first names of the unqualified field paths this program reads.
    pub fn input_fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(p) = stack.pop() {
            match &p.op {
                Op::Const(_) => {}
                Op::Field {
                    node: None, path, ..
                } => out.extend(path.first().cloned()),
                Op::Field { .. } => {}
                Op::Call { args, .. } => stack.extend(args),
                Op::Unary { operand, .. } => stack.push(operand),
                Op::Binary { lhs, rhs, .. } => {
                    stack.push(lhs);
                    stack.push(rhs);
                }
                Op::Chain { first, rest } => {
                    stack.push(first);
                    stack.extend(rest.iter().map(|(_, p)| p));
                }
            }
        }
        out
    }

    /// The ids of other steps whose output this program reads (`'Find the account'!Name`).
    pub fn node_refs(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(p) = stack.pop() {
            match &p.op {
                Op::Const(_) => {}
                Op::Field { node, .. } => out.extend(node.iter().cloned()),
                Op::Call { args, .. } => stack.extend(args),
                Op::Unary { operand, .. } => stack.push(operand),
                Op::Binary { lhs, rhs, .. } => {
                    stack.push(lhs);
                    stack.push(rhs);
                }
                Op::Chain { first, rest } => {
                    stack.push(first);
                    stack.extend(rest.iter().map(|(_, p)| p));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Gives every unqualified, top-level field this program reads a slot: its index in
    /// `slots`, where it is added (with its type) if no earlier read of the same name and
    /// type has one. False, binding nothing, if the program reads a nested path or another
    /// step's output, which slots cannot hold.
    pub fn bind_slots(&mut self, slots: &mut Vec<(String, Type)>) -> bool {
        if !self.slot_bindable() {
            return false;
        }
        let mut stack = vec![self];
        while let Some(p) = stack.pop() {
            match &mut p.op {
                Op::Const(_) => {}
                Op::Field { path, ty, slot, .. } => {
                    let name = &path[0];
                    let index = match slots.iter().position(|(n, t)| n == name && t == ty) {
                        Some(i) => i,
                        None => {
                            slots.push((name.clone(), ty.clone()));
                            slots.len() - 1
                        }
                    };
                    *slot = Some(index);
                }
                Op::Call { args, .. } => stack.extend(args.iter_mut()),
                Op::Unary { operand, .. } => stack.push(operand),
                Op::Binary { lhs, rhs, .. } => {
                    stack.push(lhs);
                    stack.push(rhs);
                }
                Op::Chain { first, rest } => {
                    stack.push(first);
                    stack.extend(rest.iter_mut().map(|(_, p)| p));
                }
            }
        }
        true
    }

    fn slot_bindable(&self) -> bool {
        match &self.op {
            Op::Const(_) => true,
            Op::Field { node, path, .. } => node.is_none() && path.len() == 1,
            Op::Call { args, .. } => args.iter().all(Program::slot_bindable),
            Op::Unary { operand, .. } => operand.slot_bindable(),
            Op::Binary { lhs, rhs, .. } => lhs.slot_bindable() && rhs.slot_bindable(),
            Op::Chain { first, rest } => {
                first.slot_bindable() && rest.iter().all(|(_, p)| p.slot_bindable())
            }
        }
    }

    pub fn eval(&self, inputs: &Inputs, env: &Env) -> Result<Value, EvalError> {
        self.run(Source::Inputs(inputs), env).map(Cow::into_owned)
    }

    /// Evaluates over slots filled as [`Program::bind_slots`] numbered them. The result
    /// borrows from the program or the slots where it can (a constant, a field as read).
    pub fn eval_slots<'a>(
        &'a self,
        slots: &'a [Slot],
        env: &'a Env,
    ) -> Result<Cow<'a, Value>, EvalError> {
        self.run(Source::Slots(slots), env)
    }

    /// This program as a condition: TRUE or FALSE as [`boolean`]
    /// reads its value (a value that is neither is the asking function's failure).
    fn test(&self, source: Source, env: &Env, asker: &Program) -> Result<bool, EvalError> {
        use BinaryOp::*;
        if let Op::Binary { op, lhs, rhs } = &self.op
            && matches!(op, Eq | Ne | Lt | Le | Gt | Ge)
        {
            let a = lhs.run(source, env)?;
            let b = rhs.run(source, env)?;
            return Ok(comparison(*op, &a, &b));
        }
        let value = self.run(source, env)?;
        boolean(&value).map_err(|m| asker.failed(m))
    }

    /// Constants and fields in slots (most of a formula's leaves) are answered here,
    /// inlined into the caller; calls go to a function for their kind and number of
    /// arguments, everything else to [`Program::run_node`]. Each path sets up only the
    /// frame it needs: one frame for all of them cost more than the work.
    #[inline]
    fn run<'a>(&'a self, source: Source<'a>, env: &'a Env) -> Result<Cow<'a, Value>, EvalError> {
        match (&self.op, source) {
            (Op::Const(v), _) => Ok(Cow::Borrowed(v)),
            (Op::Field { slot: Some(i), .. }, Source::Slots(slots)) => match slots.get(*i) {
                Some(Ok(value)) => Ok(Cow::Borrowed(value)),
                _ => self.run_node(source, env),
            },
            _ => self.run_call(source, env),
        }
    }

    /// Everything but a constant or a slot: a call goes to the function for its kind and
    /// number of arguments, the rest to [`Program::run_node`].
    #[inline(never)]
    fn run_call<'a>(
        &'a self,
        source: Source<'a>,
        env: &'a Env,
    ) -> Result<Cow<'a, Value>, EvalError> {
        match &self.op {
            Op::Call { function, args } => match (function.eval, args.len()) {
                (Eval::Lazy(f), _) => self.run_lazy(f, args, source, env),
                (Eval::Strict(f), 1) => self.run_strict::<1>(f, args, source, env),
                (Eval::Strict(f), 2) => self.run_strict::<2>(f, args, source, env),
                (Eval::Strict(f), 3) => self.run_strict::<3>(f, args, source, env),
                _ => self.run_node(source, env),
            },
            _ => self.run_node(source, env),
        }
    }

    /// A call of a lazy function (IF, BLANKVALUE…), which evaluates what it needs.
    #[inline(never)]
    fn run_lazy<'a>(
        &'a self,
        f: for<'b> fn(&mut Args<'b>) -> Result<Cow<'b, Value>, EvalError>,
        args: &'a [Program],
        source: Source<'a>,
        env: &'a Env,
    ) -> Result<Cow<'a, Value>, EvalError> {
        f(&mut Args {
            programs: args,
            source,
            env,
            call: self,
        })
    }

    /// A call of a strict function with `N` arguments, which sit in an array on the
    /// stack. Plain loops: collecting into a Result goes through an adapter that costs
    /// more than the arguments themselves.
    #[inline(never)]
    fn run_strict<'a, const N: usize>(
        &'a self,
        f: fn(&mut [Arg], &Env) -> Result<Value, String>,
        args: &'a [Program],
        source: Source<'a>,
        env: &'a Env,
    ) -> Result<Cow<'a, Value>, EvalError> {
        let mut values: [Cow<Value>; N] = std::array::from_fn(|_| Cow::Borrowed(&BLANK));
        for (value, a) in values.iter_mut().zip(args) {
            *value = a.run(source, env)?;
        }
        f(&mut values, env)
            .map(Cow::Owned)
            .map_err(|message| self.failed(message))
    }

    /// A function's own failure as the formula's error: placed at the call and named
    /// after the function. (An argument's error keeps the argument's place.)
    #[cold]
    fn failed(&self, message: String) -> EvalError {
        let message = match &self.op {
            Op::Call { function, .. } => format!("{}: {message}", function.name),
            _ => message,
        };
        EvalError {
            span: self.span.clone(),
            message,
        }
    }

    fn run_node<'a>(
        &'a self,
        source: Source<'a>,
        env: &'a Env,
    ) -> Result<Cow<'a, Value>, EvalError> {
        let here = |message: String| EvalError {
            span: self.span.clone(),
            message,
        };
        match &self.op {
            Op::Const(v) => Ok(Cow::Borrowed(v)),
            Op::Field {
                node,
                path,
                ty,
                slot,
            } => match (source, slot) {
                (Source::Slots(slots), Some(i)) => match slots.get(*i) {
                    Some(Ok(value)) => Ok(Cow::Borrowed(value)),
                    Some(Err(message)) => Err(here(message.clone())),
                    None => Ok(Cow::Owned(Value::Blank)),
                },
                (Source::Slots(_), None) => Ok(Cow::Owned(Value::Blank)),
                (Source::Inputs(inputs), _) => read_field(inputs, node.as_deref(), path, ty)
                    .map(Cow::Owned)
                    .map_err(here),
            },
            Op::Call { function, args } => {
                // Strict calls with one to three arguments and lazy calls go their own way
                // from `run`; this is every other strict call (none, or four and more).
                match function.eval {
                    Eval::Strict(f) => {
                        let mut values = Vec::with_capacity(args.len());
                        for a in args {
                            values.push(a.run(source, env)?);
                        }
                        f(&mut values, env)
                            .map(Cow::Owned)
                            .map_err(|message| self.failed(message))
                    }
                    Eval::Lazy(f) => self.run_lazy(f, args, source, env),
                }
            }
            Op::Unary { op, operand } => {
                let v = operand.run(source, env)?;
                unary(*op, &v).map(Cow::Owned).map_err(here)
            }
            Op::Binary { op, lhs, rhs } => {
                let a = lhs.run(source, env)?;
                let b = rhs.run(source, env)?;
                binary(*op, &a, &b).map(Cow::Owned).map_err(here)
            }
            Op::Chain { first, rest } => self.run_chain(first, rest, source, env),
        }
    }

    /// A chain of three operands or more, left to right. Text joined by `&` grows in
    /// place, rather than being copied into a new text at every `&`.
    fn run_chain<'a>(
        &'a self,
        first: &'a Program,
        rest: &'a [(BinaryOp, Program)],
        source: Source<'a>,
        env: &'a Env,
    ) -> Result<Cow<'a, Value>, EvalError> {
        let mut value = first.run(source, env)?;
        for (op, rhs) in rest {
            let b = rhs.run(source, env)?;
            value = match (op, value) {
                (BinaryOp::Concat, Cow::Owned(Value::Text(mut joined))) => {
                    push_text(&mut joined, &b);
                    Cow::Owned(Value::Text(joined))
                }
                (op, a) => Cow::Owned(binary(*op, &a, &b).map_err(|message| EvalError {
                    // The operation's own span: from the chain's start to this operand.
                    span: self.span.start..rhs.span.end,
                    message,
                })?),
            };
        }
        Ok(value)
    }
}

fn read_field(
    inputs: &Inputs,
    node: Option<&str>,
    path: &[String],
    ty: &Type,
) -> Result<Value, String> {
    let record = match node {
        None => inputs.record,
        Some(id) => match inputs.nodes.get(id) {
            Some(r) => r,
            None => return Ok(Value::Blank),
        },
    };
    let Some((first, rest)) = path.split_first() else {
        return Ok(Value::Blank);
    };
    match record.get(first) {
        Some(v) => walk(v, rest, ty).map_err(|e| format!("{}: {e}", path.join("."))),
        None => Ok(Value::Blank),
    }
}

/// Follows `rest` into `value`; through a list, field by field of each item.
fn walk(value: &crate::model::Value, rest: &[String], ty: &Type) -> Result<Value, String> {
    use crate::model::Value as M;
    let Some((name, deeper)) = rest.split_first() else {
        return Value::from_record_value(value, ty);
    };
    match value {
        M::Record(r) => match r.get(name) {
            Some(v) => walk(v, deeper, ty),
            None => Ok(Value::Blank),
        },
        M::List(items) => {
            let item_ty = match ty {
                Type::List(inner) => inner.as_ref(),
                other => other,
            };
            let values = items
                .iter()
                .map(|item| walk(item, rest, item_ty))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::List(values))
        }
        _ => Ok(Value::Blank),
    }
}
