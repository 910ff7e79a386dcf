//! The digit codes of a spreadsheet number format, as TEXT and FIXED write numbers:
//! `0` a digit always shown, `#` a digit shown when significant, `?` a digit or a space
//! (so columns line up), `.` the decimal point, `,` between digit codes for thousands
//! and after the last one to divide by 1,000 (`0,` shows thousands), `%` multiplies by
//! 100, `E+00` / `E-00` scientific notation, `# ?/?` a fraction with the denominator's
//! digits as its largest (or a fixed denominator, `# ?/8`). Anything else between the
//! codes — `-` in `000-00-0000`, the brackets of `(###) ###-####` — is written where it
//! stands, the digits filling the codes from the right.

use rust_decimal::prelude::*;

/// One piece of a number format.
#[derive(Clone, Debug, PartialEq)]
enum Item {
    /// `0`, `#` or `?`.
    Digit(char),
    Point,
    Comma,
    Slash,
    /// `E+` (sign always shown) or `E-` (only a minus).
    Exponent {
        plus: bool,
    },
    Percent,
    Text(String),
}

fn items(format: &str) -> Vec<Item> {
    let chars: Vec<char> = format.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let text = |out: &mut Vec<Item>, s: &str| match out.last_mut() {
        Some(Item::Text(t)) => t.push_str(s),
        _ => out.push(Item::Text(s.to_owned())),
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == '"')
                    .map_or(chars.len(), |p| i + 1 + p);
                text(&mut out, &chars[i + 1..end].iter().collect::<String>());
                i = end + 1;
                continue;
            }
            '\\' if i + 1 < chars.len() => {
                text(&mut out, &chars[i + 1].to_string());
                i += 2;
                continue;
            }
            '0' | '#' | '?' => out.push(Item::Digit(c)),
            '.' => out.push(Item::Point),
            ',' => out.push(Item::Comma),
            '/' => out.push(Item::Slash),
            '%' => out.push(Item::Percent),
            'E' | 'e' if matches!(chars.get(i + 1), Some('+' | '-')) => {
                out.push(Item::Exponent {
                    plus: chars[i + 1] == '+',
                });
                i += 2;
                continue;
            }
            _ => text(&mut out, &c.to_string()),
        }
        i += 1;
    }
    out
}

/// A format read once: its items without the scaling commas, how many thousands those
/// divide by, and how many `%` multiply by 100.
struct Parsed {
    items: Vec<Item>,
    thousands: usize,
    percents: usize,
}

fn parse(format: &str) -> Parsed {
    let mut items = items(format);
    let percents = items.iter().filter(|i| **i == Item::Percent).count();
    // Commas right after the last digit code divide by 1,000 each.
    let mut thousands = 0;
    if let Some(last) = items.iter().rposition(|i| matches!(i, Item::Digit(_))) {
        while matches!(items.get(last + 1), Some(Item::Comma)) {
            items.remove(last + 1);
            thousands += 1;
        }
    }
    Parsed {
        items,
        thousands,
        percents,
    }
}

/// The formats last read on this thread: a mapping writes every record with the same few
/// formats, and reading one again for each record would cost as much as writing.
const CACHED: usize = 4;

thread_local! {
    static PARSED: std::cell::RefCell<Vec<(String, std::rc::Rc<Parsed>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn parsed(format: &str) -> std::rc::Rc<Parsed> {
    PARSED.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, parsed)) = cache.iter().find(|(f, _)| f == format) {
            return parsed.clone();
        }
        let parsed = std::rc::Rc::new(parse(format));
        if cache.len() == CACHED {
            cache.remove(0);
        }
        cache.push((format.to_owned(), parsed.clone()));
        parsed
    })
}

/// `n` written in the number format `format` (one section, without conditions).
pub fn write(n: Decimal, format: &str) -> String {
    let parsed = parsed(format);
    let items = &parsed.items;
    let mut n = n;
    for _ in 0..parsed.percents {
        n = n.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(n);
    }
    for _ in 0..parsed.thousands {
        n /= Decimal::ONE_THOUSAND;
    }
    let negative = n.is_sign_negative() && !n.is_zero();
    let body = if let Some(e) = items
        .iter()
        .position(|i| matches!(i, Item::Exponent { .. }))
    {
        scientific(n.abs(), &items[..e], &items[e..])
    } else if let Some(slash) = items.iter().position(|i| *i == Item::Slash) {
        fraction(n.abs(), items, slash)
    } else {
        plain(n.abs(), items)
    };
    match body {
        Written { text, zero: false } if negative => format!("-{text}"),
        Written { text, .. } => text,
    }
}

/// A written number, and whether it came out as zero (no minus for a negative number
/// rounded to zero).
struct Written {
    text: String,
    zero: bool,
}

/// `0.00`, `#,##0`, `000-00-0000`, `(###) ###-####`, `?.??`.
fn plain(n: Decimal, items: &[Item]) -> Written {
    let point = items.iter().position(|i| *i == Item::Point);
    let (int_items, frac_items) = match point {
        Some(p) => (&items[..p], &items[p + 1..]),
        None => (items, &[][..]),
    };
    let decimals = digit_codes(frac_items);
    let rounded = n.round_dp_with_strategy(
        decimals.min(28) as u32,
        RoundingStrategy::MidpointAwayFromZero,
    );
    let text = rounded.to_string();
    let (int_digits, frac_digits) = text.split_once('.').unwrap_or((&text, ""));
    let int_digits = int_digits.trim_start_matches('0');
    let mut out = fill_integer(int_digits, int_items);
    if point.is_some() {
        let frac = fill_fraction(frac_digits, frac_items);
        if !frac.is_empty() || frac_items.iter().any(|i| matches!(i, Item::Text(_))) {
            out.push('.');
        }
        out.push_str(&frac);
    }
    Written {
        text: out,
        zero: rounded.is_zero(),
    }
}

fn digit_codes(items: &[Item]) -> usize {
    items.iter().filter(|i| matches!(i, Item::Digit(_))).count()
}

/// The integer digits laid into the codes from the right; digits beyond the codes go
/// before the first one, and literals stay where they stand. A comma between codes groups
/// thousands (`#,##0`, `0,000`).
fn fill_integer(digits: &str, items: &[Item]) -> String {
    let first = items.iter().position(|i| matches!(i, Item::Digit(_)));
    let last = items.iter().rposition(|i| matches!(i, Item::Digit(_)));
    let (Some(first), Some(last)) = (first, last) else {
        return items.iter().map(literal).collect();
    };
    let codes = &items[first..=last];
    // The common case, digits and nothing between them (`0`, `#0`, `000`): no pieces.
    if first == 0
        && last + 1 == items.len()
        && codes.iter().all(|i| matches!(i, Item::Digit('0' | '#')))
    {
        let zeros = codes.iter().filter(|i| **i == Item::Digit('0')).count();
        return format!("{digits:0>zeros$}");
    }
    if codes.contains(&Item::Comma) {
        let zeros = codes.iter().filter(|i| **i == Item::Digit('0')).count();
        let padded = format!("{digits:0>zeros$}");
        let before: String = items[..first].iter().map(literal).collect();
        let after: String = items[last + 1..].iter().map(literal).collect();
        return format!("{before}{}{after}", group_thousands(&padded));
    }
    let digits: Vec<char> = digits.chars().collect();
    let mut left = digits.len();
    let mut out: Vec<String> = Vec::new();
    for (k, item) in items.iter().enumerate().rev() {
        let Item::Digit(code) = item else {
            out.push(literal(item));
            continue;
        };
        let piece = if k == first {
            // The leftmost code takes every digit still left.
            let taken: String = digits[..left].iter().collect();
            left = 0;
            taken
        } else if left > 0 {
            left -= 1;
            digits[left].to_string()
        } else {
            String::new()
        };
        out.push(match (piece.is_empty(), code) {
            (false, _) => piece,
            (true, '0') => "0".into(),
            (true, '?') => " ".into(),
            _ => String::new(),
        });
    }
    out.reverse();
    out.concat()
}

/// What a non-digit item writes: its text, or `%`.
fn literal(item: &Item) -> String {
    match item {
        Item::Text(t) => t.clone(),
        Item::Percent => "%".into(),
        _ => String::new(),
    }
}

/// `1234567` → `1,234,567`.
fn group_thousands(digits: &str) -> String {
    let chars: Vec<char> = digits.chars().collect();
    let mut out = String::with_capacity(chars.len() + chars.len() / 3);
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && (chars.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    out
}

/// The decimals laid into the codes from the left: a `#` drops a trailing zero, a `?`
/// shows it as a space.
fn fill_fraction(digits: &str, items: &[Item]) -> String {
    let digits: Vec<char> = digits.chars().collect();
    let significant = digits.iter().rposition(|&d| d != '0').map_or(0, |p| p + 1);
    let mut out = String::new();
    let mut k = 0;
    for item in items {
        match item {
            Item::Digit(code) => {
                let digit = digits.get(k).copied().unwrap_or('0');
                let shown = k < significant;
                match (code, shown) {
                    (_, true) | ('0', false) => out.push(digit),
                    ('?', false) => out.push(' '),
                    _ => {}
                }
                k += 1;
            }
            other => out.push_str(&literal(other)),
        }
    }
    out
}

/// `0.00E+00`: a mantissa with as many integer digits as the codes before the point,
/// then the exponent.
fn scientific(n: Decimal, mantissa: &[Item], exponent: &[Item]) -> Written {
    let point = mantissa.iter().position(|i| *i == Item::Point);
    let int_codes = digit_codes(point.map_or(mantissa, |p| &mantissa[..p])).max(1) as i64;
    let decimals = point.map_or(0, |p| digit_codes(&mantissa[p + 1..])) as u32;
    let mut e = if n.is_zero() {
        0
    } else {
        magnitude(n) - (int_codes - 1)
    };
    let mut m =
        shift(n, -e).round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    if !n.is_zero() && m >= shift(Decimal::ONE, int_codes) {
        e += 1;
        m = shift(n, -e).round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    }
    let Written {
        text: mut out,
        zero,
    } = plain(m, mantissa);
    let plus = matches!(exponent.first(), Some(Item::Exponent { plus: true }));
    let width = digit_codes(exponent).max(1);
    let sign = if e < 0 {
        "-"
    } else if plus {
        "+"
    } else {
        ""
    };
    out.push('E');
    out.push_str(sign);
    out.push_str(&format!("{:0width$}", e.abs()));
    for item in &exponent[1..] {
        if let Item::Text(t) = item {
            out.push_str(t);
        }
    }
    Written { text: out, zero }
}

/// The power of ten of `n`'s first significant digit (`12200000` → 7, `0.000123` → -4).
fn magnitude(n: Decimal) -> i64 {
    let n = n.normalize();
    let digits = n.mantissa().unsigned_abs().to_string().len() as i64;
    digits - 1 - i64::from(n.scale())
}

/// `n` times 10^`power`, within Decimal's range.
fn shift(n: Decimal, power: i64) -> Decimal {
    let mut out = n;
    let ten = Decimal::TEN;
    if power >= 0 {
        for _ in 0..power.min(40) {
            out = out.checked_mul(ten).unwrap_or(out);
        }
    } else {
        for _ in 0..(-power).min(40) {
            out /= ten;
        }
    }
    out
}

/// `# ?/?`, `?/??`, `# ?/8`: the closest fraction whose denominator has at most as many
/// digits as its codes (or is the number written there).
fn fraction(n: Decimal, items: &[Item], slash: usize) -> Written {
    // The numerator's codes run back from the slash to a literal; before them, if any,
    // the whole part's.
    let num_start = items[..slash]
        .iter()
        .rposition(|i| !matches!(i, Item::Digit(_)))
        .map_or(0, |p| p + 1);
    let numerator = &items[num_start..slash];
    let whole_items = &items[..num_start];
    let den_end = items[slash + 1..]
        .iter()
        .position(|i| {
            !matches!(i, Item::Digit(_) | Item::Text(_))
                || matches!(i, Item::Text(t) if !t.chars().all(|c| c.is_ascii_digit()))
        })
        .map_or(items.len(), |p| slash + 1 + p);
    let den_items = &items[slash + 1..den_end];
    let fixed: Option<i64> = match den_items {
        [Item::Text(t)] => t.parse().ok(),
        _ => None,
    };
    let has_whole = whole_items.iter().any(|i| matches!(i, Item::Digit(_)));
    let (whole, rest) = if has_whole {
        (n.trunc(), n - n.trunc())
    } else {
        (Decimal::ZERO, n)
    };
    let largest = fixed.unwrap_or_else(|| 10i64.pow(digit_codes(den_items).max(1) as u32) - 1);
    let (mut num, den) = closest(rest, largest, fixed.is_some());
    let mut whole = whole;
    if has_whole && num == den && num > 0 {
        whole += Decimal::ONE;
        num = 0;
    }
    let whole_text = whole.to_string();
    let mut out = fill_integer(
        if whole.is_zero() {
            ""
        } else {
            whole_text.as_str()
        },
        whole_items,
    );
    let num_width = digit_codes(numerator);
    let den_width = digit_codes(den_items).max(den.to_string().len());
    if num == 0 && has_whole {
        // Excel leaves the fraction out, keeping its place.
        out.push_str(&" ".repeat(num_width + 1 + den_width));
    } else {
        out.push_str(&format!("{num:>num_width$}/{den:<den_width$}"));
    }
    for item in &items[den_end..] {
        if let Item::Text(t) = item {
            out.push_str(t);
        }
    }
    Written {
        text: out,
        zero: n.is_zero(),
    }
}

/// The fraction closest to `x` (0 ≤ x, any size when there is no whole part) with a
/// denominator of at most `largest` (or exactly `largest` when `fixed`).
fn closest(x: Decimal, largest: i64, fixed: bool) -> (i64, i64) {
    let dens: Vec<i64> = if fixed {
        vec![largest.max(1)]
    } else {
        (1..=largest.max(1)).collect()
    };
    let mut best = (0i64, 1i64, Decimal::MAX);
    for den in dens {
        let d = Decimal::from(den);
        let num = (x * d)
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            .to_i64()
            .unwrap_or(0);
        let error = (x - Decimal::from(num) / d).abs();
        if error < best.2 {
            best = (num, den, error);
        }
    }
    (best.0, best.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(n: &str, f: &str) -> String {
        write(n.parse().expect("number"), f)
    }

    /// Values from LibreOffice Calc and Microsoft's TEXT documentation.
    #[test]
    fn digit_codes_write_as_the_spreadsheets_do() {
        assert_eq!(w("1234.567", "0.00"), "1234.57");
        assert_eq!(w("1234.5", "#,##0.00"), "1,234.50");
        assert_eq!(w("1234567.891", "#,##0"), "1,234,568");
        assert_eq!(w("0.5", "#.##"), ".5");
        assert_eq!(w("7", "000-00-0000"), "000-00-0007");
        assert_eq!(w("1234", "###-####"), "-1234");
        assert_eq!(w("1234567898", "(###) ###-####"), "(123) 456-7898");
        assert_eq!(w("3.14159", "?.??"), "3.14");
        assert_eq!(w("3.1", "?.??"), "3.1 ");
        assert_eq!(w("1234567", "0,"), "1235");
        assert_eq!(w("1234567", "0.0,,"), "1.2");
        assert_eq!(w("0.285", "0.0%"), "28.5%");
        assert_eq!(w("-0.004", "0.00"), "0.00");
    }

    #[test]
    fn scientific_notation() {
        assert_eq!(w("12200000", "0.00E+00"), "1.22E+07");
        assert_eq!(w("0.000123", "0.00E+00"), "1.23E-04");
        assert_eq!(w("-12345", "0.00E+00"), "-1.23E+04");
        assert_eq!(w("9.999", "0.00E+00"), "1.00E+01");
        assert_eq!(w("0", "0.00E+00"), "0.00E+00");
        assert_eq!(w("12345", "0.0E-0"), "1.2E4");
    }

    #[test]
    fn fractions() {
        assert_eq!(w("0.25", "# ?/?"), " 1/4");
        assert_eq!(w("4.34", "# ?/?"), "4 1/3");
        assert_eq!(w("1.5", "?/?"), "3/2");
        assert_eq!(w("0.3125", "# ?/8"), " 3/8");
        assert_eq!(w("4", "# ?/?"), "4    ");
        assert_eq!(w("2.99", "# ?/?"), "3    ");
    }
}
