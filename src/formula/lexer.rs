//! Splitting formula text into tokens with byte spans.
//!
//! The lexer is shared by the parser and, later, the formula editor's syntax colouring,
//! so it never fails: text it cannot make sense of becomes an [`TokenKind::Unknown`] or
//! unterminated token, and the parser turns that into a located message.

use std::ops::Range;

/// Byte range in the formula text.
pub type Span = Range<usize>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// `12`, `0.5`, `1E3`: the digits as written.
    Number,
    /// `"text"`, with `""` for a quote inside; `closed` is false when the text runs to the end.
    Text {
        closed: bool,
    },
    /// A bare name: a field, a function, TRUE/FALSE, or a node id before `!`.
    Name,
    /// `[Billing Street]`, with `]]` for a bracket inside.
    BracketName {
        closed: bool,
    },
    /// `'Find the account'` — a node's label before `!`, with `''` for a quote inside.
    QuotedLabel {
        closed: bool,
    },
    LParen,
    RParen,
    Comma,
    Dot,
    Bang,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    Percent,
    Amp,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// A character that has no meaning in a formula.
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// The tokens of `text`, whitespace skipped.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let single = |kind| {
            Some(Token {
                kind,
                span: start..start + c.len_utf8(),
            })
        };
        let token = match c {
            c if c.is_whitespace() => None,
            '(' => single(TokenKind::LParen),
            ')' => single(TokenKind::RParen),
            ',' | ';' => single(TokenKind::Comma),
            '.' if !chars.peek().is_some_and(|(_, d)| d.is_ascii_digit()) => single(TokenKind::Dot),
            '!' if chars.peek().is_some_and(|&(_, d)| d == '=') => {
                chars.next();
                Some(Token {
                    kind: TokenKind::Ne,
                    span: start..start + 2,
                })
            }
            '!' => single(TokenKind::Bang),
            '+' => single(TokenKind::Plus),
            '-' => single(TokenKind::Minus),
            '*' => single(TokenKind::Star),
            '/' => single(TokenKind::Slash),
            '^' => single(TokenKind::Caret),
            '%' => single(TokenKind::Percent),
            '&' => single(TokenKind::Amp),
            '=' => {
                // `==` as in Salesforce formulas means `=`.
                if chars.peek().is_some_and(|&(_, d)| d == '=') {
                    chars.next();
                    Some(Token {
                        kind: TokenKind::Eq,
                        span: start..start + 2,
                    })
                } else {
                    single(TokenKind::Eq)
                }
            }
            '<' => match chars.peek().map(|&(_, d)| d) {
                Some('>') => {
                    chars.next();
                    Some(Token {
                        kind: TokenKind::Ne,
                        span: start..start + 2,
                    })
                }
                Some('=') => {
                    chars.next();
                    Some(Token {
                        kind: TokenKind::Le,
                        span: start..start + 2,
                    })
                }
                _ => single(TokenKind::Lt),
            },
            '>' => {
                if chars.peek().is_some_and(|&(_, d)| d == '=') {
                    chars.next();
                    Some(Token {
                        kind: TokenKind::Ge,
                        span: start..start + 2,
                    })
                } else {
                    single(TokenKind::Gt)
                }
            }
            '"' => Some(quoted(text, &mut chars, start, '"', |closed| {
                TokenKind::Text { closed }
            })),
            '\'' => Some(quoted(text, &mut chars, start, '\'', |closed| {
                TokenKind::QuotedLabel { closed }
            })),
            '[' => Some(quoted(text, &mut chars, start, ']', |closed| {
                TokenKind::BracketName { closed }
            })),
            c if c.is_ascii_digit() || c == '.' => Some(number(text, &mut chars, start)),
            c if c.is_alphabetic() || c == '_' => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' {
                        end = i + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                Some(Token {
                    kind: TokenKind::Name,
                    span: start..end,
                })
            }
            _ => single(TokenKind::Unknown),
        };
        tokens.extend(token);
    }
    tokens
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

/// A quoted run ending at `close`, where a doubled `close` stands for itself.
fn quoted(
    text: &str,
    chars: &mut Chars,
    start: usize,
    close: char,
    kind: impl Fn(bool) -> TokenKind,
) -> Token {
    while let Some((i, c)) = chars.next() {
        if c == close {
            if chars.peek().is_some_and(|&(_, d)| d == close) {
                chars.next();
                continue;
            }
            return Token {
                kind: kind(true),
                span: start..i + c.len_utf8(),
            };
        }
    }
    Token {
        kind: kind(false),
        span: start..text.len(),
    }
}

/// Digits, an optional fraction and an optional exponent (`1.5E-3`).
fn number(text: &str, chars: &mut Chars, start: usize) -> Token {
    let bytes = text.as_bytes();
    let mut end = start;
    let advance_digits = |chars: &mut Chars, end: &mut usize| {
        while let Some(&(i, d)) = chars.peek() {
            if d.is_ascii_digit() {
                *end = i + 1;
                chars.next();
            } else {
                break;
            }
        }
    };
    // The first character (a digit or '.') is already consumed.
    end += 1;
    advance_digits(chars, &mut end);
    if bytes[start] != b'.' && chars.peek().is_some_and(|&(_, d)| d == '.') {
        let after_dot = bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if after_dot {
            chars.next();
            end += 1;
            advance_digits(chars, &mut end);
        }
    }
    if chars.peek().is_some_and(|&(_, d)| d == 'e' || d == 'E') {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        if bytes.get(end + 1 + sign).is_some_and(u8::is_ascii_digit) {
            for _ in 0..=sign {
                chars.next();
            }
            end += 1 + sign;
            advance_digits(chars, &mut end);
        }
    }
    Token {
        kind: TokenKind::Number,
        span: start..end,
    }
}

/// The text a `Text`, `BracketName` or `QuotedLabel` token stands for, quotes removed and
/// doubled quotes undone.
pub fn unquote(source: &str, close: char) -> String {
    let inner = &source[1..];
    let inner = inner.strip_suffix(close).unwrap_or(inner);
    let doubled: String = [close, close].iter().collect();
    inner.replace(&doubled, &close.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn operators_and_names() {
        assert_eq!(
            kinds("a<>b<=c>=d==e!=f"),
            [Name, Ne, Name, Le, Name, Ge, Name, Eq, Name, Ne, Name]
        );
        assert_eq!(
            kinds("'Find it'!Name"),
            [QuotedLabel { closed: true }, Bang, Name]
        );
        assert_eq!(
            kinds("Account.[Billing Street]"),
            [Name, Dot, BracketName { closed: true }]
        );
    }

    #[test]
    fn numbers_take_fractions_and_exponents_but_not_field_dots() {
        let spans = |t: &str| tokenize(t).into_iter().map(|t| t.span).collect::<Vec<_>>();
        assert_eq!(spans("1.5E-3"), vec![0..6_usize]);
        assert_eq!(spans(".5"), vec![0..2_usize]);
        assert_eq!(kinds("1.x"), [Number, Dot, Name]);
        assert_eq!(kinds("2E"), [Number, Name]);
    }

    #[test]
    fn quotes_double_to_escape_and_may_be_unclosed() {
        let t = tokenize(r#""say ""hi""" & "open"#);
        assert_eq!(t[0].kind, Text { closed: true });
        assert_eq!(
            unquote(&r#""say ""hi""" & "open"#[t[0].span.clone()], '"'),
            r#"say "hi""#
        );
        assert_eq!(t[2].kind, Text { closed: false });
        assert_eq!(unquote("[a]]b]", ']'), "a]b");
    }

    #[test]
    fn unknown_characters_become_tokens_not_failures() {
        assert_eq!(kinds("a # b"), [Name, Unknown, Name]);
        assert_eq!(kinds("€"), [Unknown]);
    }
}
