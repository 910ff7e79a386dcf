//! TEXT(date, format) with the spreadsheet's date and time codes, as Excel and
//! LibreOffice read them: `yyyy` `yy` years; `m` `mm` months — or minutes right after an
//! hour code or right before a seconds code; `mmm` `mmmm` `mmmmm` month names; `d` `dd`
//! days, `ddd` `dddd` weekday names; `h` `hh` hours (1–12 with `AM/PM` or `A/P`, else
//! 0–23); `s` `ss` seconds; text in double quotes and a character after `\` as written;
//! anything else (`-`, `/`, `.`, `:`, spaces, commas) as written. Codes are read in any
//! case. (FORMAT_DATE keeps its own patterns, `dd.MM.yyyy`.)

use jiff::civil::{DateTime, Time};

use super::date::{DAYS, MONTHS};

use crate::formula::value::Value;

/// One piece of a format.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Literal(String),
    Year(usize),
    /// `m` codes, decided month or minute once their neighbours are known.
    M(usize),
    Day(usize),
    Hour(usize),
    Second(usize),
    /// `AM/PM` (true) or `A/P` (false).
    Meridiem(bool),
    /// `[h]`, `[mm]`, `[ss]`: hours, minutes or seconds elapsed since day 0 (1900-01-00),
    /// not wrapped at a day or an hour (`[h]:mm` of 1.5 days is 36:00).
    Elapsed(char, usize),
}

/// `value` (a date or a date-time) written in spreadsheet `format`.
pub fn format(value: &Value, format: &str) -> Result<String, String> {
    let dt: DateTime = match value {
        Value::DateTime(z) => z.datetime(),
        Value::Date(d) => d.to_datetime(Time::midnight()),
        other => return Err(format!("{other} is not a date")),
    };
    let tokens = tokens(format);
    let twelve = tokens.iter().any(|t| matches!(t, Token::Meridiem(_)));
    let mut out = String::new();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Literal(text) => out.push_str(text),
            Token::Year(n) if *n <= 2 => out.push_str(&format!("{:02}", dt.year().rem_euclid(100))),
            Token::Year(_) => out.push_str(&format!("{:04}", dt.year())),
            Token::M(n) if *n <= 2 && is_minute(&tokens, i) => {
                out.push_str(&padded(i64::from(dt.minute()), *n));
            }
            Token::M(1 | 2) => out.push_str(&padded(i64::from(dt.month()), token_len(token))),
            Token::M(3) => out.push_str(&MONTHS[month_index(&dt)][..3]),
            Token::M(4) => out.push_str(MONTHS[month_index(&dt)]),
            Token::M(_) => out.push_str(&MONTHS[month_index(&dt)][..1]),
            Token::Day(n @ (1 | 2)) => out.push_str(&padded(i64::from(dt.day()), *n)),
            Token::Day(3) => out.push_str(&weekday(&dt)[..3]),
            Token::Day(_) => out.push_str(weekday(&dt)),
            Token::Hour(n) => {
                let hour = i64::from(dt.hour());
                let shown = if twelve { (hour + 11) % 12 + 1 } else { hour };
                out.push_str(&padded(shown, (*n).min(2)));
            }
            Token::Second(n) => out.push_str(&padded(i64::from(dt.second()), (*n).min(2))),
            Token::Elapsed(unit, n) => {
                let seconds = elapsed_seconds(&dt);
                let total = match unit {
                    'h' => seconds / 3600,
                    'm' => seconds / 60,
                    _ => seconds,
                };
                out.push_str(&padded(total, *n));
            }
            Token::Meridiem(full) => {
                let pm = dt.hour() >= 12;
                out.push_str(match (full, pm) {
                    (true, false) => "AM",
                    (true, true) => "PM",
                    (false, false) => "A",
                    (false, true) => "P",
                });
            }
        }
    }
    Ok(out)
}

fn token_len(token: &Token) -> usize {
    match token {
        Token::M(n) | Token::Year(n) | Token::Day(n) | Token::Hour(n) | Token::Second(n) => *n,
        _ => 0,
    }
}

fn month_index(dt: &DateTime) -> usize {
    usize::try_from(dt.month() - 1).unwrap_or(0).min(11)
}

fn padded(n: i64, width: usize) -> String {
    if width >= 2 {
        format!("{n:02}")
    } else {
        n.to_string()
    }
}

/// Excel's rule: an `m`/`mm` is minutes right after an hour code or right before a
/// seconds code (literals between them do not count).
fn is_minute(tokens: &[Token], i: usize) -> bool {
    let codes = |range: Box<dyn Iterator<Item = usize>>| {
        range
            .map(|j| &tokens[j])
            .find(|t| !matches!(t, Token::Literal(_)))
            .cloned()
    };
    let before = codes(Box::new((0..i).rev()));
    let after = codes(Box::new(i + 1..tokens.len()));
    matches!(before, Some(Token::Hour(_) | Token::Elapsed('h', _)))
        || matches!(after, Some(Token::Second(_) | Token::Elapsed('s', _)))
}

/// Seconds since day 0 of the serial numbers (1899-12-31 00:00 here, Excel's 1900-01-00).
fn elapsed_seconds(dt: &DateTime) -> i64 {
    let day_zero = jiff::civil::date(1899, 12, 31).to_datetime(Time::midnight());
    dt.duration_since(day_zero).as_secs()
}

fn weekday(dt: &DateTime) -> &'static str {
    DAYS[dt.weekday().to_monday_zero_offset() as usize]
}

/// The format cut into codes and literals.
fn tokens(format: &str) -> Vec<Token> {
    let chars: Vec<char> = format.chars().collect();
    let mut out: Vec<Token> = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    let flush = |literal: &mut String, out: &mut Vec<Token>| {
        if !literal.is_empty() {
            out.push(Token::Literal(std::mem::take(literal)));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().collect::<String>().to_ascii_uppercase();
        if c == '"' {
            let end = chars[i + 1..]
                .iter()
                .position(|&d| d == '"')
                .map_or(chars.len(), |p| i + 1 + p);
            literal.extend(&chars[i + 1..end]);
            i = end + 1;
            continue;
        }
        if c == '\\' && i + 1 < chars.len() {
            literal.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '['
            && let Some(end) = rest.find(']')
            && let Some(unit) = rest[1..end].chars().next().map(|u| u.to_ascii_lowercase())
            && matches!(unit, 'h' | 'm' | 's')
            && rest[1..end].chars().all(|u| u.to_ascii_lowercase() == unit)
        {
            flush(&mut literal, &mut out);
            out.push(Token::Elapsed(unit, end - 1));
            i += end + 1;
            continue;
        }
        if rest.starts_with("AM/PM") {
            flush(&mut literal, &mut out);
            out.push(Token::Meridiem(true));
            i += 5;
            continue;
        }
        if rest.starts_with("A/P") {
            flush(&mut literal, &mut out);
            out.push(Token::Meridiem(false));
            i += 3;
            continue;
        }
        let lower = c.to_ascii_lowercase();
        if matches!(lower, 'y' | 'm' | 'd' | 'h' | 's') {
            let run = chars[i..]
                .iter()
                .take_while(|d| d.to_ascii_lowercase() == lower)
                .count();
            flush(&mut literal, &mut out);
            out.push(match lower {
                'y' => Token::Year(run),
                'm' => Token::M(run),
                'd' => Token::Day(run),
                'h' => Token::Hour(run),
                _ => Token::Second(run),
            });
            i += run;
            continue;
        }
        literal.push(c);
        i += 1;
    }
    flush(&mut literal, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(text: &str, fmt: &str) -> String {
        let value = if text.contains('T') {
            Value::datetime(format!("{text}[UTC]").parse().expect("zoned"))
        } else {
            Value::Date(text.parse().expect("date"))
        };
        format(&value, fmt).expect("formats")
    }

    /// What LibreOffice Calc and Excel give for these (checked by hand against both).
    #[test]
    fn date_codes_read_as_the_spreadsheets_read_them() {
        assert_eq!(on("2024-03-05", "yyyy-mm-dd"), "2024-03-05");
        assert_eq!(on("2024-03-05", "mm/dd/yyyy"), "03/05/2024");
        assert_eq!(on("2024-03-05", "d/m/yy"), "5/3/24");
        assert_eq!(on("2024-03-05", "dddd, mmmm d"), "Tuesday, March 5");
        assert_eq!(on("2024-03-05", "ddd mmm dd yyyy"), "Tue Mar 05 2024");
        assert_eq!(on("2024-03-05", "mmmmm"), "M");
        assert_eq!(on("2024-03-05", "\"Week of\" mmm d"), "Week of Mar 5");
        assert_eq!(on("2026-11-20T14:07:09Z", "hh:mm"), "14:07");
        assert_eq!(on("2026-11-20T14:07:09Z", "h:mm AM/PM"), "2:07 PM");
        assert_eq!(on("2026-11-20T00:07:09Z", "h:mm a/p"), "12:07 A");
        assert_eq!(
            on("2026-11-20T14:07:09Z", "mm:ss"),
            "07:09",
            "minutes before seconds"
        );
        assert_eq!(
            on("2026-11-20T14:07:09Z", "yyyy-mm-dd hh:mm:ss"),
            "2026-11-20 14:07:09"
        );
        assert_eq!(
            on("2026-11-20T14:07:09Z", "YYYY-MM-DD"),
            "2026-11-20",
            "any case"
        );
    }
}
