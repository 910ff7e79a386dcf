//! TEXT(number, format) with Excel's format language around the digit codes of
//! [`format_number`]: up to three sections `positive;negative;zero` (a negative number
//! written without its sign in the second), text in double quotes and a character after
//! `\` written as they stand, colours such as `[Red]` left out, `General`, `@` (the value
//! as text), and date and time codes on a serial number (`TEXT(45352, "yyyy-mm-dd")`).
//! Conditions choose a section (`[>3]"big";"small"`), a text section takes text with `@`
//! (`"@!"`), elapsed times `[h]:mm` count past a day; the digit codes themselves
//! (scientific, fractions, scaling commas, `?`, literals among the digits) are
//! [`super::number_code`]'s.

use rust_decimal::Decimal;

use super::number::{code_positions, format_number, literal};
use crate::formula::operators::text;
use crate::formula::serial;
use crate::formula::value::Value;

/// The sections of a format, split at `;` outside quotes and brackets.
fn sections(format: &str) -> Vec<&str> {
    let (mut out, mut start, mut quoted, mut bracket) = (Vec::new(), 0, false, false);
    let mut escaped = false;
    for (i, c) in format.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => {
                out.push(&format[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&format[start..]);
    out
}

/// Whether the section holds date or time codes (outside quotes).
fn has_date_codes(section: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    section.chars().any(|c| {
        let code =
            !quoted && !escaped && matches!(c.to_ascii_lowercase(), 'y' | 'm' | 'd' | 'h' | 's');
        escaped = !escaped && c == '\\' && !quoted;
        if c == '"' {
            quoted = !quoted;
        }
        code
    })
}

/// `number` written in `format`.
pub fn format(number: Decimal, format: &str) -> Result<String, String> {
    let parts = sections(format);
    if let Some((section, n)) = by_condition(&parts, number) {
        return write_section(section, n);
    }
    let (section, n) = match (parts.as_slice(), number) {
        (_, n) if n.is_zero() && parts.len() >= 3 => (parts[2], n),
        ([_, negative, ..], n) if n.is_sign_negative() && !n.is_zero() => (*negative, n.abs()),
        ([first, ..], n) => (*first, n),
        ([], n) => ("", n),
    };
    write_section(section, n)
}

/// `n` in one section of a format.
fn write_section(section: &str, n: Decimal) -> Result<String, String> {
    let section = without_colours(section);
    if section.eq_ignore_ascii_case("general") {
        return Ok(text(&Value::Number(n)));
    }
    if section.trim() == "@" {
        return Ok(text(&Value::Number(n)));
    }
    if section.is_empty() {
        return Ok(String::new());
    }
    if has_date_codes(section) {
        return super::excel_date::format(&serial_moment(n)?, section);
    }
    if code_positions(section).is_empty() && !section.contains('?') {
        // No digit codes: the section's text alone ("zero", "n/a").
        return Ok(literal(section));
    }
    Ok(format_number(n, section))
}

/// Sections chosen by conditions (`[>3]"big";"small"`, `[<=9999999]###-####;(###)
/// ###-####`): the first whose condition holds, a section without one standing for
/// "otherwise". `None` when the format has no conditions.
fn by_condition<'f>(parts: &[&'f str], n: Decimal) -> Option<(&'f str, Decimal)> {
    let first = condition(parts.first()?)?;
    if first.0.holds(n) {
        return Some((first.1, n));
    }
    let second = parts.get(1)?;
    match condition(second) {
        Some((test, rest)) if test.holds(n) => Some((rest, n)),
        Some(_) => parts.get(2).map(|third| (*third, n)),
        None => Some((second, n)),
    }
}

/// A comparison a section starts with.
#[derive(Clone, Copy)]
struct Test {
    op: &'static str,
    value: Decimal,
}

impl Test {
    fn holds(self, n: Decimal) -> bool {
        match self.op {
            "<=" => n <= self.value,
            ">=" => n >= self.value,
            "<>" => n != self.value,
            "<" => n < self.value,
            ">" => n > self.value,
            _ => n == self.value,
        }
    }
}

/// `[>3]rest` → the test and `rest`.
fn condition(section: &str) -> Option<(Test, &str)> {
    let inner = section.strip_prefix('[')?;
    let end = inner.find(']')?;
    let (test, rest) = (&inner[..end], &inner[end + 1..]);
    let op = ["<=", ">=", "<>", "<", ">", "="]
        .into_iter()
        .find(|op| test.starts_with(op))?;
    let value = test[op.len()..].trim().parse::<Decimal>().ok()?;
    Some((Test { op, value }, rest))
}

/// What TEXT makes of text in `format`: the format's text section (its fourth, or its
/// only one) with `@` standing for the text; `None` when the format has none.
pub fn text_section(value: &str, format: &str) -> Option<String> {
    let parts = sections(format);
    let section = match parts.as_slice() {
        [only] => *only,
        [_, _, _, text, ..] => *text,
        _ => return None,
    };
    section.contains('@').then(|| {
        let pieces: Vec<String> = section.split('@').map(literal).collect();
        pieces.join(value)
    })
}

/// `h`, `mm`, `ss` of the elapsed-time codes `[h]`, `[mm]`, `[ss]`: not colours.
fn is_elapsed(inside: &str) -> bool {
    let mut chars = inside.chars().map(|c| c.to_ascii_lowercase());
    chars
        .next()
        .is_some_and(|u| matches!(u, 'h' | 'm' | 's') && chars.all(|c| c == u))
}

/// `[Red]`, `[Color 3]`: colours a spreadsheet shows, which text cannot.
fn without_colours(section: &str) -> &str {
    let mut s = section;
    while let Some(rest) = s.strip_prefix('[')
        && let Some(end) = rest.find(']')
        && rest[..end]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ')
        && !is_elapsed(&rest[..end])
    {
        s = &rest[end + 1..];
    }
    s
}

/// A serial number as the date and time it stands for (day 0 is Excel's 1900-01-00,
/// written here as 1899-12-31), UTC.
fn serial_moment(n: Decimal) -> Result<Value, String> {
    let day = if n.floor().is_zero() {
        jiff::civil::date(1899, 12, 31)
    } else {
        serial::to_date(n)?
    };
    let seconds = serial::seconds_of_day(n)?;
    let time = jiff::civil::Time::new(
        (seconds / 3600) as i8,
        (seconds / 60 % 60) as i8,
        (seconds % 60) as i8,
        0,
    )
    .map_err(|e| e.to_string())?;
    day.to_datetime(time)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(Value::datetime)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(n: &str, fmt: &str) -> String {
        format(n.parse().expect("number"), fmt).unwrap_or_else(|e| e)
    }

    #[test]
    fn sections_pick_by_sign() {
        assert_eq!(f("5", "\"pos\";\"neg\";\"zero\""), "pos");
        assert_eq!(f("-5", "\"pos\";\"neg\";\"zero\""), "neg");
        assert_eq!(f("0", "\"pos\";\"neg\";\"zero\""), "zero");
        assert_eq!(f("-1234.5", "#,##0.00;(#,##0.00)"), "(1,234.50)");
        assert_eq!(f("1234.5", "#,##0.00;(#,##0.00)"), "1,234.50");
        assert_eq!(f("-5", "0;0"), "5");
        assert_eq!(f("-5", "[Red]0;[Blue](0)"), "(5)");
    }

    #[test]
    fn literals_general_and_dates() {
        assert_eq!(f("1234.5", "\"Total: \"0.00"), "Total: 1234.50");
        assert_eq!(f("12", "0\" units\""), "12 units");
        assert_eq!(f("12", "0 \\k\\g"), "12 kg");
        assert_eq!(
            f("0.3333333333333333333333333333", "General"),
            "0.333333333333333"
        );
        assert_eq!(f("1234", "@"), "1234");
        assert_eq!(f("1234.5", ""), "");
        assert_eq!(f("45352", "yyyy-mm-dd"), "2024-03-01");
        assert_eq!(f("45352.75", "yyyy-mm-dd hh:mm"), "2024-03-01 18:00");
        assert_eq!(f("0.75", "h:mm AM/PM"), "6:00 PM");
        assert_eq!(f("0", "h:mm AM/PM"), "12:00 AM");
        assert!(f("-1", "yyyy").ends_with("(#NUM!)"));
    }
}
