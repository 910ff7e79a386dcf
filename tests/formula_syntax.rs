//! Formula syntax under random input: the parser never panics and keeps its spans inside
//! the text; every tree prints to text that parses back to the same tree.

use proptest::prelude::*;
use rust_decimal::Decimal;

use switchboard::formula::{
    BinaryOp, Expr, ExprKind, FieldRef, NodeQualifier, Operation, UnaryOp, parse,
};

fn expr(kind: ExprKind) -> Expr {
    Expr { kind, span: 0..0 }
}

/// A chain as the parser builds it: no operator binds tighter than the one before it.
fn chain(first: Expr, mut rest: Vec<(BinaryOp, Expr)>) -> Expr {
    rest.sort_by_key(|(op, _)| std::cmp::Reverse(op.precedence()));
    expr(ExprKind::Binary {
        first: Box::new(first),
        rest: rest
            .into_iter()
            .map(|(op, rhs)| Operation { op, rhs })
            .collect(),
    })
}

fn identifier() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_]{0,8}"
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        (0i64..i64::MAX, 0u32..6).prop_map(|(m, s)| expr(ExprKind::Number(Decimal::new(m, s)))),
        any::<String>().prop_map(|s| expr(ExprKind::Text(s))),
        any::<bool>().prop_map(|b| expr(ExprKind::Bool(b))),
        (
            proptest::option::of(prop_oneof![
                identifier().prop_map(NodeQualifier::Id),
                any::<String>().prop_map(NodeQualifier::Label),
            ]),
            prop::collection::vec(any::<String>(), 1..4),
        )
            .prop_map(|(node, path)| expr(ExprKind::Field(FieldRef { node, path }))),
    ]
}

fn tree() -> impl Strategy<Value = Expr> {
    let unary = prop::sample::select(vec![UnaryOp::Neg, UnaryOp::Plus, UnaryOp::Percent]);
    let binary = prop::sample::select(vec![
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Div,
        BinaryOp::Pow,
        BinaryOp::Concat,
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
    ]);
    leaf().prop_recursive(6, 48, 4, move |inner| {
        prop_oneof![
            (unary.clone(), inner.clone()).prop_map(|(op, e)| expr(ExprKind::Unary {
                op,
                operand: Box::new(e)
            })),
            (
                inner.clone(),
                prop::collection::vec((binary.clone(), inner.clone()), 1..4)
            )
                .prop_map(|(first, rest)| chain(first, rest)),
            (identifier(), prop::collection::vec(inner, 0..4)).prop_map(|(name, args)| expr(
                ExprKind::Call {
                    name,
                    name_span: 0..0,
                    args
                }
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn printing_then_parsing_gives_the_same_tree(e in tree()) {
        let text = e.to_string();
        let back = parse(&text).map_err(|err| TestCaseError::fail(format!("{err} in {text}")))?;
        prop_assert_eq!(back, e, "{}", text);
    }

    #[test]
    fn any_text_parses_or_fails_inside_its_bounds(text in any::<String>()) {
        if let Err(e) = parse(&text) {
            prop_assert!(e.span.start <= e.span.end && e.span.end <= text.len());
            prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn formula_shaped_noise_never_panics(text in "[-+*/^&=<>!%(),.;\\[\\]'\" a-zA-Z0-9_]{0,120}") {
        if let Ok(e) = parse(&text) {
            // Whatever parses also prints to something that parses the same.
            prop_assert_eq!(parse(&e.to_string()).ok(), Some(e));
        }
    }
}
