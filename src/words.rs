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
    }
}
