//! The syntax tree of a formula. Every node keeps its span so the checker and the
//! evaluator can point at exactly the part of the text a message is about.

use rust_decimal::Decimal;

use super::lexer::Span;

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Number(Decimal),
    /// A number literal beyond a decimal's reach, `1E+300` or `1E-29`.
    Float(f64),
    Text(String),
    Bool(bool),
    /// An argument left out between commas, `IF(TRUE,)`: the empty value of what the
    /// parameter takes (0, "" or FALSE), as in spreadsheets.
    Empty,
    Field(FieldRef),
    /// A function call; `name` is as written (names are case-insensitive).
    Call {
        name: String,
        name_span: Span,
        args: Vec<Expr>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// Operators applied left to right: `a + b - c` is `a` then `+ b`, then `- c`. A chain
    /// of any length is one node, so `A & A & …` with thousands of terms is no deeper than
    /// `A & A`, and nothing that walks the tree recurses once per term. As the parser
    /// builds them, no operator in `rest` binds tighter than the one before it: `a * b + c`
    /// is one chain, `a + b * c` holds the chain `b * c` as its second operand.
    Binary {
        first: Box<Expr>,
        rest: Vec<Operation>,
    },
}

/// One operator of a chain and the operand on its right.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub op: BinaryOp,
    pub rhs: Expr,
}

/// `Email`, `Account.Name`, `[Billing Street]`, `'Find the account'!Name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRef {
    /// The node whose output is meant, when the field is qualified.
    pub node: Option<NodeQualifier>,
    /// Field names from the record inwards: `Account.Name` is `["Account", "Name"]`.
    pub path: Vec<String>,
}

/// How a formula names another node: by id (`find_account!`, the stored form) or by
/// label (`'Find the account'!`, as typed); the checker resolves labels to ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeQualifier {
    Id(String),
    Label(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Plus,
    /// Postfix `%`: divides by 100.
    Percent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl BinaryOp {
    /// Binding strength, weakest first, as in spreadsheets: comparison < `&` < `+ -` <
    /// `* /` < `^`. All are left-associative (`2^3^2` is 64).
    pub fn precedence(self) -> u8 {
        match self {
            Self::Eq | Self::Ne | Self::Lt | Self::Le | Self::Gt | Self::Ge => 1,
            Self::Concat => 2,
            Self::Add | Self::Sub => 3,
            Self::Mul | Self::Div => 4,
            Self::Pow => 5,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Add => "+",
            Self::Sub => "-",
            Self::Mul => "*",
            Self::Div => "/",
            Self::Pow => "^",
            Self::Concat => "&",
            Self::Eq => "=",
            Self::Ne => "<>",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
        }
    }

    pub fn is_comparison(self) -> bool {
        self.precedence() == 1
    }
}

impl PartialEq for Expr {
    /// Trees are equal when they mean the same, wherever they sit in the text.
    fn eq(&self, other: &Expr) -> bool {
        self.kind == other.kind
    }
}

impl PartialEq for ExprKind {
    /// Spans are left out: equal trees may come from differently spaced text.
    fn eq(&self, other: &ExprKind) -> bool {
        use ExprKind::*;
        match (self, other) {
            (Number(a), Number(b)) => a == b,
            (Float(a), Float(b)) => a == b,
            (Text(a), Text(b)) => a == b,
            (Bool(a), Bool(b)) => a == b,
            (Empty, Empty) => true,
            (Field(a), Field(b)) => a == b,
            (
                Call {
                    name: a, args: x, ..
                },
                Call {
                    name: b, args: y, ..
                },
            ) => a == b && x == y,
            (Unary { op: a, operand: x }, Unary { op: b, operand: y }) => a == b && x == y,
            (Binary { first: a, rest: x }, Binary { first: b, rest: y }) => a == b && x == y,
            _ => false,
        }
    }
}
