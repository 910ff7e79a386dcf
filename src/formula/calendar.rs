//! Month and weekday names, in one place: TEXT and FORMAT_DATE write them, DATEVALUE and
//! the other readers of dates in text read them.

/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Weekday names, Monday first.
pub const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The month (1–12) a word names, in full or by its first three letters, in any case.
pub fn month_named(word: &str) -> Option<u8> {
    let word = word.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_ascii_lowercase();
            word == m
                || (word.len() == 3 && m.starts_with(&word))
                || (word == "sept" && m == "september")
        })
        .and_then(|i| u8::try_from(i + 1).ok())
}
