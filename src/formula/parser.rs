//! A Pratt parser: tokens to a syntax tree, or one located error in a business user's
//! words. Nesting is limited so no input can exhaust the stack.

use rust_decimal::Decimal;
use std::str::FromStr;

use super::ast::{BinaryOp, Expr, ExprKind, FieldRef, NodeQualifier, Operation, UnaryOp};
use super::lexer::{Span, Token, TokenKind, tokenize, unquote};

/// Deepest nesting of parentheses, calls and operators a formula may have. Real formulas
/// stay under 10; the limit is what keeps hostile input from overflowing the stack.
pub const MAX_DEPTH: usize = 64;

/// Why a formula could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub span: Span,
    pub message: String,
    /// A suggestion, when there is an obvious one.
    pub fix: Option<String>,
}

impl ParseError {
    fn new(span: Span, message: impl Into<String>) -> ParseError {
        ParseError {
            span,
            message: message.into(),
            fix: None,
        }
    }

    fn with_fix(mut self, fix: impl Into<String>) -> ParseError {
        self.fix = Some(fix.into());
        self
    }
}

/// Parses a whole formula.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let tokens = tokenize(text);
    if tokens.is_empty() {
        return Err(ParseError::new(0..text.len(), "the formula is empty").with_fix(
            "Write a field name such as Email, a value such as \"Open\", or a function such as UPPER(Email).",
        ));
    }
    let mut parser = Parser {
        text,
        tokens,
        at: 0,
        depth: 0,
    };
    let expr = parser.expression(0)?;
    if let Some(extra) = parser.peek() {
        let span = extra.span.clone();
        let shown = parser.show(&span);
        return Err(match extra.kind {
            TokenKind::RParen => ParseError::new(span, "this `)` has no `(` to close")
                .with_fix("Remove it, or add the missing `(`."),
            _ => ParseError::new(
                span,
                format!("unexpected `{shown}` after a complete formula"),
            )
            .with_fix("Join the parts with an operator such as & or +, or put them in a function."),
        });
    }
    Ok(expr)
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += usize::from(token.is_some());
        token
    }

    fn show(&self, span: &Span) -> &str {
        &self.text[span.clone()]
    }

    fn end_span(&self) -> Span {
        self.text.len()..self.text.len()
    }

    fn enter(&mut self, span: &Span) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::new(
                span.clone(),
                format!("the formula is nested more than {MAX_DEPTH} levels deep"),
            )
            .with_fix("Split it into several mapped fields or steps."));
        }
        Ok(())
    }

    /// Binary expressions whose operators bind tighter than `min`, as one chain: the
    /// operators this loop takes are applied left to right, so a long run of them (`A & A
    /// & …`) grows the chain, not the depth of the tree. Only an operator binding tighter
    /// than the one before it starts a deeper expression, for its right operand.
    fn expression(&mut self, min: u8) -> Result<Expr, ParseError> {
        let start_span = self
            .peek()
            .map_or_else(|| self.end_span(), |t| t.span.clone());
        self.enter(&start_span)?;
        let first = self.prefix()?;
        let mut rest = Vec::new();
        while let Some(op) = self.peek().and_then(|t| binary_op(&t.kind)) {
            if op.precedence() <= min {
                break;
            }
            self.next();
            let rhs = match self.peek() {
                Some(_) => self.expression(op.precedence())?,
                None => {
                    return Err(ParseError::new(
                        self.end_span(),
                        format!(
                            "the formula ends after `{}`: something must follow it",
                            op.symbol()
                        ),
                    ));
                }
            };
            rest.push(Operation { op, rhs });
        }
        self.depth -= 1;
        Ok(match rest.last() {
            None => first,
            Some(last) => Expr {
                span: first.span.start..last.rhs.span.end,
                kind: ExprKind::Binary {
                    first: Box::new(first),
                    rest,
                },
            },
        })
    }

    /// A primary, with any prefix signs before it and `%` after it.
    fn prefix(&mut self) -> Result<Expr, ParseError> {
        let Some(token) = self.peek().cloned() else {
            return Err(ParseError::new(
                self.end_span(),
                "the formula ends where a value should come",
            ));
        };
        let op = match token.kind {
            TokenKind::Minus => Some(UnaryOp::Neg),
            TokenKind::Plus => Some(UnaryOp::Plus),
            _ => None,
        };
        let expr = match op {
            Some(op) => {
                self.next();
                self.enter(&token.span)?;
                let operand = self.prefix()?;
                self.depth -= 1;
                let span = token.span.start..operand.span.end;
                Expr {
                    kind: ExprKind::Unary {
                        op,
                        operand: Box::new(operand),
                    },
                    span,
                }
            }
            None => self.primary()?,
        };
        // Binary operators, `^` included, are applied by the caller: -2^2 is (-2)^2.
        self.percent(expr)
    }

    /// Postfix `%`s. Each wraps the tree one level deeper, so they count as nesting.
    fn percent(&mut self, mut expr: Expr) -> Result<Expr, ParseError> {
        let depth = self.depth;
        while let Some(token) = self
            .peek()
            .filter(|t| t.kind == TokenKind::Percent)
            .cloned()
        {
            self.next();
            self.enter(&token.span)?;
            let span = expr.span.start..token.span.end;
            expr = Expr {
                kind: ExprKind::Unary {
                    op: UnaryOp::Percent,
                    operand: Box::new(expr),
                },
                span,
            };
        }
        self.depth = depth;
        Ok(expr)
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let Some(token) = self.next() else {
            return Err(ParseError::new(
                self.end_span(),
                "the formula ends where a value should come",
            ));
        };
        let span = token.span.clone();
        let source = self.show(&span).to_owned();
        match token.kind {
            TokenKind::Number => number_literal(&source)
                .map(|kind| Expr {
                    kind,
                    span: span.clone(),
                })
                .ok_or_else(|| {
                    ParseError::new(
                        span,
                        format!("the number {source} is larger than ±1.8E+308, the largest a number can be"),
                    )
                    .with_fix("Numbers reach 1.8E+308; a larger one is #NUM! in spreadsheets too.")
                }),
            TokenKind::Text { closed: true } => Ok(Expr {
                kind: ExprKind::Text(unquote(&source, '"')),
                span,
            }),
            TokenKind::Text { closed: false } => {
                Err(ParseError::new(span, "this text is never closed")
                    .with_fix("Add a closing \" (write \"\" for a quote inside text)."))
            }
            TokenKind::LParen => {
                let inner = self.expression(0)?;
                match self.next() {
                    Some(t) if t.kind == TokenKind::RParen => Ok(Expr {
                        kind: inner.kind,
                        span: span.start..t.span.end,
                    }),
                    Some(t) => Err(self.expected_close(t.span, span)),
                    None => Err(ParseError::new(span, "this `(` is never closed")
                        .with_fix("Add a `)` at the end.")),
                }
            }
            TokenKind::Name if self.peek().is_some_and(|t| t.kind == TokenKind::LParen) => {
                self.call(source, span)
            }
            TokenKind::Name if self.dotted_call() > 0 => {
                // `CEILING.MATH(`: a function name with dots, written without spaces.
                let end = self.tokens[self.at + self.dotted_call() - 1].span.end;
                self.at += self.dotted_call();
                let span = span.start..end;
                let name = self.show(&span).to_owned();
                self.call(name, span)
            }
            TokenKind::Name if self.peek().is_some_and(|t| t.kind == TokenKind::Bang) => {
                self.qualified(NodeQualifier::Id(source), span)
            }
            TokenKind::Name if source.eq_ignore_ascii_case("true") => Ok(Expr {
                kind: ExprKind::Bool(true),
                span,
            }),
            TokenKind::Name if source.eq_ignore_ascii_case("false") => Ok(Expr {
                kind: ExprKind::Bool(false),
                span,
            }),
            TokenKind::Name | TokenKind::BracketName { closed: true } => {
                let first = field_name(&token.kind, &source);
                self.field_path(None, first, span)
            }
            TokenKind::BracketName { closed: false } => {
                Err(ParseError::new(span, "this `[` is never closed")
                    .with_fix("Add a `]` after the field name."))
            }
            TokenKind::QuotedLabel { closed: true } => {
                if self.peek().is_some_and(|t| t.kind == TokenKind::Bang) {
                    self.qualified(NodeQualifier::Label(unquote(&source, '\'')), span)
                } else {
                    Err(ParseError::new(
                        span,
                        "a step's name in single quotes must be followed by `!` and a field",
                    )
                    .with_fix(
                        "Write it like 'Find the account'!Name, or use double quotes for text.",
                    ))
                }
            }
            TokenKind::QuotedLabel { closed: false } => {
                Err(ParseError::new(span, "this `'` is never closed")
                    .with_fix("Text goes in double quotes: \"like this\"."))
            }
            TokenKind::RParen => Err(ParseError::new(span, "a value is missing before this `)`")),
            TokenKind::Comma => Err(ParseError::new(
                span,
                "a value is missing before this comma",
            )),
            TokenKind::Unknown => Err(ParseError::new(
                span,
                format!("`{source}` has no meaning in a formula"),
            )
            .with_fix("Text goes in double quotes; field names with spaces go in [brackets].")),
            _ => Err(ParseError::new(
                span,
                format!("a value is missing before `{source}`"),
            )),
        }
    }

    fn expected_close(&self, found: Span, open: Span) -> ParseError {
        let shown = self.show(&found).to_owned();
        ParseError::new(
            found,
            format!(
                "expected `)` to close the `(` at character {}, found `{shown}`",
                open.start + 1
            ),
        )
        .with_fix("Check for a missing operator, comma or `)`.")
    }

    /// `Name(arg, …)`; the `(` is next.
    fn call(&mut self, name: String, name_span: Span) -> Result<Expr, ParseError> {
        let open = self.next().map_or_else(|| name_span.clone(), |t| t.span);
        self.enter(&open)?;
        let mut args = Vec::new();
        if self.peek().is_some_and(|t| t.kind == TokenKind::RParen) {
            let close = self.next().map_or(open.end, |t| t.span.end);
            self.depth -= 1;
            return Ok(Expr {
                kind: ExprKind::Call {
                    name,
                    name_span: name_span.clone(),
                    args,
                },
                span: name_span.start..close,
            });
        }
        loop {
            // An empty argument (`IF(TRUE,)`), which spreadsheets allow.
            match self.peek() {
                Some(t) if matches!(t.kind, TokenKind::Comma | TokenKind::RParen) => {
                    let at = t.span.start;
                    args.push(Expr {
                        kind: ExprKind::Empty,
                        span: at..at,
                    });
                }
                _ => args.push(self.expression(0)?),
            }
            match self.next() {
                Some(t) if t.kind == TokenKind::Comma => continue,
                Some(t) if t.kind == TokenKind::RParen => {
                    self.depth -= 1;
                    return Ok(Expr {
                        kind: ExprKind::Call {
                            name,
                            name_span: name_span.clone(),
                            args,
                        },
                        span: name_span.start..t.span.end,
                    });
                }
                Some(t) => {
                    let shown = self.show(&t.span).to_owned();
                    return Err(ParseError::new(
                        t.span,
                        format!("expected `,` or `)` in the call to {name}, found `{shown}`"),
                    )
                    .with_fix("Separate the arguments with commas."));
                }
                None => {
                    return Err(ParseError::new(
                        open,
                        format!("the call to {name} is never closed"),
                    )
                    .with_fix("Add a `)` at the end."));
                }
            }
        }
    }

    /// How many tokens after the name just read make a dotted function name: `.MATH`
    /// before a `(` in `CEILING.MATH(`, every piece touching the one before. 0 if none.
    fn dotted_call(&self) -> usize {
        let mut n = 0;
        let mut end = self.tokens[self.at - 1].span.end;
        while let (Some(dot), Some(name)) = (
            self.tokens.get(self.at + n),
            self.tokens.get(self.at + n + 1),
        ) {
            if dot.kind != TokenKind::Dot
                || name.kind != TokenKind::Name
                || dot.span.start != end
                || name.span.start != dot.span.end
            {
                return 0;
            }
            n += 2;
            end = name.span.end;
            if let Some(open) = self.tokens.get(self.at + n)
                && open.kind == TokenKind::LParen
            {
                return n;
            }
        }
        0
    }

    /// `qualifier!Field.Sub`; the `!` is next.
    fn qualified(&mut self, node: NodeQualifier, span: Span) -> Result<Expr, ParseError> {
        let bang = self.next().map_or_else(|| span.clone(), |t| t.span);
        match self.next() {
            Some(t)
                if matches!(
                    t.kind,
                    TokenKind::Name | TokenKind::BracketName { closed: true }
                ) =>
            {
                let first = field_name(&t.kind, self.show(&t.span));
                self.field_path(Some(node), first, span.start..t.span.end)
            }
            _ => Err(ParseError::new(bang, "a field name must follow `!`")
                .with_fix("Write the step, then ! and the field: 'Find the account'!Name.")),
        }
    }

    /// The rest of a dotted path after its first name.
    fn field_path(
        &mut self,
        node: Option<NodeQualifier>,
        first: String,
        span: Span,
    ) -> Result<Expr, ParseError> {
        let mut path = vec![first];
        let mut end = span.end;
        while self.peek().is_some_and(|t| t.kind == TokenKind::Dot) {
            let dot = self.next().map_or(end..end, |t| t.span);
            match self.next() {
                Some(t)
                    if matches!(
                        t.kind,
                        TokenKind::Name | TokenKind::BracketName { closed: true }
                    ) =>
                {
                    path.push(field_name(&t.kind, self.show(&t.span)));
                    end = t.span.end;
                }
                _ => {
                    return Err(ParseError::new(dot, "a field name must follow this dot")
                        .with_fix("Write it like Account.Name."));
                }
            }
        }
        Ok(Expr {
            kind: ExprKind::Field(FieldRef { node, path }),
            span: span.start..end,
        })
    }
}

fn field_name(kind: &TokenKind, source: &str) -> String {
    match kind {
        TokenKind::BracketName { .. } => unquote(source, ']'),
        _ => source.to_owned(),
    }
}

/// A number as written: a decimal where one holds it, else the binary number a
/// spreadsheet reads (`1E+300`, `1E-29`); `None` past ±1.8E+308.
fn number_literal(source: &str) -> Option<ExprKind> {
    if let Ok(n) = Decimal::from_str(source).or_else(|_| Decimal::from_scientific(source)) {
        return Some(ExprKind::Number(n));
    }
    match crate::formula::float::parse(source)? {
        crate::formula::Value::Float(x) => Some(ExprKind::Float(x)),
        crate::formula::Value::Number(n) => Some(ExprKind::Number(n)),
        _ => None,
    }
}

fn binary_op(kind: &TokenKind) -> Option<BinaryOp> {
    Some(match kind {
        TokenKind::Plus => BinaryOp::Add,
        TokenKind::Minus => BinaryOp::Sub,
        TokenKind::Star => BinaryOp::Mul,
        TokenKind::Slash => BinaryOp::Div,
        TokenKind::Caret => BinaryOp::Pow,
        TokenKind::Amp => BinaryOp::Concat,
        TokenKind::Eq => BinaryOp::Eq,
        TokenKind::Ne => BinaryOp::Ne,
        TokenKind::Lt => BinaryOp::Lt,
        TokenKind::Le => BinaryOp::Le,
        TokenKind::Gt => BinaryOp::Gt,
        TokenKind::Ge => BinaryOp::Ge,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> String {
        // The printer adds exactly the parentheses the tree needs, which shows its shape.
        parse(text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .to_string()
    }

    /// The operators of the chain at the top of the tree, left to right.
    fn ops(text: &str) -> Vec<BinaryOp> {
        match parse(text).map(|e| e.kind) {
            Ok(ExprKind::Binary { rest, .. }) => rest.iter().map(|o| o.op).collect(),
            other => panic!("{text}: not a chain: {other:?}"),
        }
    }

    fn error(text: &str) -> ParseError {
        parse(text).expect_err("refused")
    }

    #[test]
    fn precedence_follows_spreadsheets() {
        assert_eq!(shape("1+2*3"), "1 + 2 * 3");
        assert_eq!(shape("(1+2)*3"), "(1 + 2) * 3");
        assert_eq!(shape("1-(2-3)"), "1 - (2 - 3)");
        assert_eq!(shape("2^3^2"), "2 ^ 3 ^ 2"); // left-associative: 64
        assert_eq!(ops("2^3^2"), [BinaryOp::Pow, BinaryOp::Pow]);
        // A sign binds tighter than ^, as in Excel and LibreOffice: -2^2 is 4.
        assert!(matches!(
            parse("-2^2").map(|e| e.kind),
            Ok(ExprKind::Binary { first, .. }) if matches!(first.kind, ExprKind::Unary { op: UnaryOp::Neg, .. })
        ));
        assert_eq!(shape("a & b = c & d"), "a & b = c & d");
        assert_eq!(ops("a & b = c"), [BinaryOp::Concat, BinaryOp::Eq]);
        assert_eq!(ops("a = b & c"), [BinaryOp::Eq]);
        assert_eq!(shape("(a + b) + c"), "(a + b) + c");
        assert_eq!(shape("a * b + c - d"), "a * b + c - d");
        assert_eq!(shape("50%*2"), "50% * 2");
    }

    #[test]
    fn names_brackets_qualifiers_and_literals() {
        assert_eq!(
            shape("upper( trim( Email ) )"),
            "upper(TRIM(Email))".replace("TRIM", "trim")
        );
        assert_eq!(
            shape("Account.[Billing Street]"),
            "Account.[Billing Street]"
        );
        assert_eq!(shape("'Find the account'!Name"), "'Find the account'!Name");
        assert_eq!(
            shape("find_account!Account.Name"),
            "find_account!Account.Name"
        );
        assert_eq!(shape("\"say \"\"hi\"\"\""), "\"say \"\"hi\"\"\"");
        assert_eq!(shape("true <> FALSE"), "TRUE <> FALSE");
        assert_eq!(shape("a == b"), "a = b");
        assert_eq!(shape("a != b"), "a <> b");
        assert_eq!(shape("1.5E3 + .5"), "1500 + 0.5");
        assert_eq!(shape("BLANK()"), "BLANK()");
        assert_eq!(shape("IF(a;b;c)"), "IF(a, b, c)");
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = error("UPPER(Email");
        assert_eq!(
            (e.span.clone(), e.message.as_str()),
            (5..6, "the call to UPPER is never closed")
        );
        let e = error("\"Closed Won");
        assert_eq!(e.span, 0..11);
        assert!(e.message.contains("never closed"));
        let e = error("Amount >");
        assert_eq!(e.span, 8..8);
        assert!(e.message.contains("ends after `>`"), "{}", e.message);
        let e = error("FirstName LastName");
        assert_eq!(e.span, 10..18);
        assert!(e.fix.as_deref().is_some_and(|f| f.contains("&")));
        let e = error("Amount # 2");
        assert_eq!(e.span, 7..8);
        let e = error("IF(a b)");
        assert!(
            e.message.contains("expected `,` or `)` in the call to IF"),
            "{}",
            e.message
        );
        assert_eq!(error("").message, "the formula is empty");
        assert_eq!(error("   ").message, "the formula is empty");
        let e = error("a)");
        assert!(e.message.contains("has no `(`"));
        let e = error("'Find the account'");
        assert!(e.message.contains("followed by `!`"));
        let e = error("Account.");
        assert_eq!(e.span, 7..8);
    }

    #[test]
    fn nesting_is_bounded() {
        for deep in [
            "(".repeat(10_000) + "1",
            "-".repeat(10_000) + "1",
            "F(".repeat(10_000),
        ] {
            let e = parse(&deep).expect_err("too deep");
            assert!(e.message.contains("nested more than"), "{}", e.message);
        }
        let fine = "(".repeat(30) + "1" + &")".repeat(30);
        assert!(parse(&fine).is_ok());
        // Each `%` wraps the tree once more.
        let e = parse(&("1".to_owned() + &"%".repeat(10_000))).expect_err("too deep");
        assert_eq!(e.span, 64..65, "{}", e.message);
        assert!(parse(&("1".to_owned() + &"%".repeat(30))).is_ok());
    }

    /// How many nodes deep `e` is.
    fn depth(e: &Expr) -> usize {
        1 + match &e.kind {
            ExprKind::Unary { operand, .. } => depth(operand),
            ExprKind::Call { args, .. } => args.iter().map(depth).max().unwrap_or(0),
            ExprKind::Binary { first, rest } => rest
                .iter()
                .map(|o| depth(&o.rhs))
                .chain([depth(first)])
                .max()
                .unwrap_or(0),
            _ => 0,
        }
    }

    #[test]
    fn long_chains_of_operators_are_one_level_deep() {
        let terms = 20_000;
        for (text, deep) in [
            (vec!["A"; terms].join(" & "), 2),
            (vec!["1"; terms].join(" + "), 2),
            (vec!["1 * 2"; terms].join(" - "), 3),
            (vec!["-1% ^ 2"; terms].join(" = "), 5),
            (format!("UPPER({})", vec!["(A & B)"; terms].join(" & ")), 4),
        ] {
            let e = parse(&text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(depth(&e), deep, "{}…", &text[..20]);
            assert_eq!(e.span, 0..text.len());
        }
        assert_eq!(
            ops("1 + 2 * 3 ^ 4 - 5"),
            [BinaryOp::Add, BinaryOp::Sub],
            "each tighter operator starts the right operand's own chain"
        );
    }
}
