//! Reading text as a spreadsheet reads what people typed, in en-US (the workspace default;
//! workspaces have no locale setting yet): numbers with thousands commas, a currency sign,
//! a trailing % or accounting parentheses (`"(1,200.50)"` is -1200.5); dates as
//! month/day/year (`3/15/2024`), ISO (`2024-03-15`) or with the month's name
//! (`March 15, 2024`, `15-Mar-2024`); times as `14:30`, `2:30:15 PM`.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::calendar::month_named;
use super::value::{parse_date, parse_number};

/// A number as VALUE reads it, as en-US Excel does: `1,200.50` (commas grouping three
/// digits), `$15`, `-$15`, `50%`, `(100)`, `1e3`, spaces around. `None` if the text is no
/// number — `1 234`, `1,2,3`, `1.234,5` (another locale's writing), `€5`, `50%%`.
pub fn number(text: &str) -> Option<Decimal> {
    if let Some(n) = parse_number(text) {
        return Some(n);
    }
    let mut t = text.trim();
    if t.chars().any(char::is_whitespace) {
        return None;
    }
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        negative = true;
        t = inner;
    }
    let percent = t.strip_suffix('%');
    let t = percent.unwrap_or(t);
    // One sign, before or after the currency sign: -$15, $-15.
    let mut rest = t;
    let mut signed = false;
    for _ in 0..2 {
        if !signed && let Some(r) = rest.strip_prefix(['-', '+']) {
            negative ^= rest.starts_with('-');
            signed = true;
            rest = r;
        }
        rest = rest.strip_prefix('$').unwrap_or(rest);
    }
    if !rest.starts_with(|c: char| c.is_ascii_digit() || c == '.') || !grouped_in_threes(rest) {
        return None;
    }
    let mut n = parse_number(&rest.replace(',', ""))?;
    if percent.is_some() {
        n /= Decimal::ONE_HUNDRED;
    }
    Some(if negative { -n } else { n })
}

/// Commas only in the whole part, each followed by exactly three digits (`1,234,567.5`).
fn grouped_in_threes(number: &str) -> bool {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if fraction.contains(',') {
        return false;
    }
    let mut groups = whole.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| !g.is_empty() && g.len() <= 3 || !whole.contains(','));
    first_ok && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// A date in text: ISO, en-US month/day/year, or with the month's name; a time after the
/// date is left aside.
pub fn date_in(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(d) = parse_date(text) {
        return Some(d);
    }
    // "3/15/2024 14:30": the date part.
    let first = text.split_whitespace().next()?;
    if first.len() < text.len()
        && let Some(d) = numeric_date(first)
        && time_in(text[first.len()..].trim()).is_some()
    {
        return Some(d);
    }
    numeric_date(text).or_else(|| named_date(text))
}

/// `3/15/2024`, `3-15-24`, `2024/3/15`.
fn numeric_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.split(['/', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let n = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (a_n, b_n, c_n) = (n(a)?, n(b)?, n(c)?);
    if a.len() == 4 {
        return civil(a_n, b_n, c_n);
    }
    civil(year(c_n, c.len()), a_n, b_n)
}

/// `March 15, 2024`, `Mar 15 2024`, `15 March 2024`, `15-Mar-2024`, `15-Mar-24`.
fn named_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let [x, y, z] = words.as_slice() else {
        return None;
    };
    let n = |s: &str| -> Option<i64> {
        (s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (day, month) = match (month_named(x), month_named(y)) {
        (Some(m), None) => (n(y)?, m),
        (None, Some(m)) => (n(x)?, m),
        _ => return None,
    };
    civil(year(n(z)?, z.len()), i64::from(month), day)
}

/// A two-digit year as Excel reads it: 00–29 are 2000–2029, 30–99 are 1930–1999.
fn year(y: i64, written: usize) -> i64 {
    match (written, y) {
        (1 | 2, 0..=29) => 2000 + y,
        (1 | 2, _) => 1900 + y,
        _ => y,
    }
}

fn civil(y: i64, m: i64, d: i64) -> Option<Date> {
    let (y, m, d) = (
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    );
    (1900..=9999)
        .contains(&y)
        .then(|| Date::new(y, m, d).ok())
        .flatten()
}

/// A time of day in seconds: `14:30`, `14:30:15`, `2:30 PM`, `2 PM`, `12:00 am`, a
/// date before it allowed (`2024-03-15 14:30`, `2024-03-15T14:30:00`).
pub fn time_in(text: &str) -> Option<i64> {
    let text = text.trim();
    let text = match text.split_once(['T', ' ']) {
        Some((day, time)) if date_in(day).is_some() => time.trim(),
        _ => text,
    };
    let upper = text.to_ascii_uppercase();
    let (clock, meridiem) = match upper
        .strip_suffix("AM")
        .map(|c| (c, Some(false)))
        .or_else(|| upper.strip_suffix("PM").map(|c| (c, Some(true))))
    {
        Some((clock, m)) => (clock.trim_end(), m),
        None => (upper.as_str(), None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if parts.len() > 3 || (parts.len() == 1 && meridiem.is_none()) {
        return None;
    }
    let field = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let hour = field(parts[0])?;
    let minute = parts.get(1).map_or(Some(0), |m| field(m))?;
    let second = parts.get(2).map_or(Some(0), |s| field(s))?;
    let hour = match meridiem {
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None if hour < 24 => hour,
        None => return None,
    };
    (minute < 60 && second < 60).then_some(hour * 3600 + minute * 60 + second)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as ymd;

    #[test]
    fn numbers_read_as_spreadsheets_read_them() {
        let n = |s: &str| number(s).map(|d| d.normalize().to_string());
        assert_eq!(n("(100)"), Some("-100".into()));
        assert_eq!(n("1,234.5"), Some("1234.5".into()));
        assert_eq!(n("12%"), Some("0.12".into()));
        assert_eq!(n(" $1,200.50 "), Some("1200.5".into()));
        assert_eq!(n("-$15"), Some("-15".into()));
        assert_eq!(n("$-15"), Some("-15".into()));
        assert_eq!(n("($15)"), Some("-15".into()));
        assert_eq!(n("1e3"), Some("1000".into()));
        assert_eq!(n("abc"), None);
        assert_eq!(n("--5"), None);
        assert_eq!(n(""), None);
        assert_eq!(n("(-5)"), Some("5".into()));
        // Excel (en-US) gives #VALUE! for these.
        for not_en_us in ["1 234", "1,2,3", "1.234,5", "€5", "50%%", "1,23"] {
            assert_eq!(n(not_en_us), None, "{not_en_us}");
        }
        assert_eq!(n("1,234,567.25"), Some("1234567.25".into()));
    }

    #[test]
    fn dates_read_in_en_us() {
        assert_eq!(date_in("3/15/2024"), Some(ymd(2024, 3, 15)));
        assert_eq!(date_in("03-15-24"), Some(ymd(2024, 3, 15)));
        assert_eq!(date_in("1/2/30"), Some(ymd(1930, 1, 2)));
        assert_eq!(date_in("2024/3/15"), Some(ymd(2024, 3, 15)));
        assert_eq!(date_in("2024-03-15"), Some(ymd(2024, 3, 15)));
        assert_eq!(date_in("March 15, 2024"), Some(ymd(2024, 3, 15)));
        assert_eq!(date_in("15-Mar-2024"), Some(ymd(2024, 3, 15)));
        assert_eq!(date_in("15 march 24"), Some(ymd(2024, 3, 15)));
        assert_eq!(date_in("2/29/2024 14:30"), Some(ymd(2024, 2, 29)));
        assert_eq!(date_in("2/29/2023"), None, "not a leap year");
        assert_eq!(date_in("15/3/2024"), None, "day/month is not en-US");
        assert_eq!(date_in("Smarch 1, 2024"), None);
        assert_eq!(date_in(""), None);
    }

    #[test]
    fn times_read_in_en_us() {
        assert_eq!(time_in("14:30"), Some(52_200));
        assert_eq!(time_in("2:30 PM"), Some(52_200));
        assert_eq!(time_in("12:00 am"), Some(0));
        assert_eq!(time_in("12 PM"), Some(43_200));
        assert_eq!(time_in("23:59:59"), Some(86_399));
        assert_eq!(time_in("3/15/2024 6:00"), Some(21_600));
        assert_eq!(time_in("24:00"), None);
        assert_eq!(time_in("13:00 PM"), None);
        assert_eq!(time_in("12"), None);
        assert_eq!(time_in("noon"), None);
    }
}
