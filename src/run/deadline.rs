//! The time limit of a test run (30 seconds unless the user sets another). When it is
//! reached, the step that was running fails with a fault that says so, and the run stops
//! there: the steps after it never run, and the run counts as failed.

use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug)]
pub struct Deadline {
    at: Instant,
    limit: Duration,
}

impl Deadline {
    pub fn starting_now(limit: Duration) -> Deadline {
        Deadline {
            at: Instant::now() + limit,
            limit,
        }
    }

    pub fn passed(&self) -> bool {
        Instant::now() >= self.at
    }

    /// Time left, zero once passed: the most a call may still wait.
    pub fn remaining(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// The fault on the step that was running when the limit was reached.
    pub fn fault(&self) -> String {
        format!(
            "the run reached its time limit of {} during this step, so it stopped here",
            words(self.limit)
        )
    }

    /// Why the run stopped.
    pub fn stopped(&self) -> String {
        format!(
            "Stopped after {}, the longest this test run may take.",
            words(self.limit)
        )
    }
}

/// "1 second", "30 seconds", "0.5 seconds".
fn words(d: Duration) -> String {
    match (d.as_secs(), d.subsec_millis()) {
        (1, 0) => "1 second".into(),
        (s, 0) => format!("{s} seconds"),
        _ => format!("{} seconds", d.as_secs_f64()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_said_in_words() {
        assert_eq!(words(Duration::from_secs(1)), "1 second");
        assert_eq!(words(Duration::from_secs(30)), "30 seconds");
        assert_eq!(words(Duration::from_millis(1500)), "1.5 seconds");
        let over = Deadline::starting_now(Duration::ZERO);
        assert!(over.passed());
        assert_eq!(over.remaining(), Duration::ZERO);
    }
}
