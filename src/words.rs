//! Counts as people write them: "1 step", "2 steps", "no steps". Every message that
//! counts something goes through here, so none says "1 steps" or "item(s)".

/// `n` with the singular or plural noun: `count(1, "error", "errors")` is "1 error".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Like [`count`], with "no" for zero: "no errors", "1 error", "3 errors".
pub fn count_or_no(n: usize, one: &str, many: &str) -> String {
    if n == 0 {
        format!("no {many}")
    } else {
        count(n, one, many)
    }
}

/// Two sentences as one text: the first ended with a full stop if it has no end of its
/// own, so "… don't have them" and "Put a Map step…" do not run together.
pub fn sentences(first: &str, second: &str) -> String {
    let first = first.trim_end();
    if first.is_empty() {
        return second.to_owned();
    }
    let ended = first.ends_with(['.', '!', '?', ':']);
    format!("{first}{} {second}", if ended { "" } else { "." })
}

/// `text` cut to at most `max` characters at a word boundary, with `…` when cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([' ', ',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_written_by_hand() {
        assert_eq!(count(1, "step", "steps"), "1 step");
        assert_eq!(count(0, "step", "steps"), "0 steps");
        assert_eq!(count(12, "entry", "entries"), "12 entries");
        assert_eq!(count_or_no(0, "error", "errors"), "no errors");
        assert_eq!(count_or_no(1, "error", "errors"), "1 error");
        assert_eq!(sentences("It fails", "Fix it."), "It fails. Fix it.");
        assert_eq!(sentences("Why?", "Fix it."), "Why? Fix it.");
    }
}
