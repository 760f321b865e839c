//! The grade rule: how a question's final score becomes an FSRS rating (again / hard / good /
//! easy). The bands are the report's (`interview::report`: needs work, developing, solid,
//! strong); the rule and its reasons are in docs/practice.md.

use crate::interview::OutcomeKind;
use serde::{Deserialize, Serialize};

/// FSRS's four ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Again,
    Hard,
    Good,
    Easy,
}

/// Below this an answered question is "again" (the report's "needs work").
pub const HARD_FROM: u8 = 40;
/// From here "good" (the report's "solid").
pub const GOOD_FROM: u8 = 60;
/// From here "easy" (the report's "strong" and "excellent").
pub const EASY_FROM: u8 = 75;

impl Grade {
    /// The rule: a question skipped or timed out without an answer is "again", whatever its
    /// score; an answered one by its final score (after hints and follow-ups).
    pub fn of(kind: OutcomeKind, score: u8) -> Grade {
        if kind != OutcomeKind::Answered {
            return Grade::Again;
        }
        match score {
            s if s >= EASY_FROM => Grade::Easy,
            s if s >= GOOD_FROM => Grade::Good,
            s if s >= HARD_FROM => Grade::Hard,
            _ => Grade::Again,
        }
    }

    /// FSRS's number for it (1 = again … 4 = easy).
    pub fn rating(self) -> u32 {
        match self {
            Grade::Again => 1,
            Grade::Hard => 2,
            Grade::Good => 3,
            Grade::Easy => 4,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OutcomeKind::*;

    #[test]
    fn the_rule_at_its_boundaries() {
        let cases = [
            (0, Grade::Again),
            (39, Grade::Again),
            (40, Grade::Hard),
            (59, Grade::Hard),
            (60, Grade::Good),
            (74, Grade::Good),
            (75, Grade::Easy),
            (100, Grade::Easy),
        ];
        for (score, want) in cases {
            assert_eq!(Grade::of(Answered, score), want, "score {score}");
        }
    }

    #[test]
    fn skipped_or_timed_out_is_again_whatever_the_score() {
        for score in [0, 50, 100] {
            assert_eq!(Grade::of(Skipped, score), Grade::Again);
            assert_eq!(Grade::of(TimedOut, score), Grade::Again);
        }
    }

    #[test]
    fn ratings_are_fsrs_numbers() {
        let all = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];
        assert_eq!(all.map(Grade::rating), [1, 2, 3, 4]);
    }
}
