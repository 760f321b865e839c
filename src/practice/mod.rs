//! Spaced repetition of what the user practised (issue #17): a card per competency and per bank
//! question once seen, each scored answer a review (graded by [`grade`], scheduled by FSRS-6 in
//! [`memory`]), the next drill chosen from what is due ([`choose`]), and what changed between two
//! answers to one question ([`delta`]). Pure domain code: no store, no replies — the engine
//! reads and writes cards in its turns (`engine/reviews.rs`).

pub mod booking;
pub mod choose;
pub mod delta;
pub mod grade;
pub mod memory;
pub mod study;
pub mod when;
pub mod wording;

use crate::bank::Category;
use crate::interview::OutcomeKind;
use crate::store::Record;
use chrono::{DateTime, Duration, Utc};
pub use grade::Grade;
pub use memory::Memory;
use serde::{Deserialize, Serialize};

/// What a card stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// A competency (`leadership`, `sql`): reviewed by every question of it.
    Competency,
    /// One bank question, once it was asked.
    Question,
}

/// One review: a question closed, in a mock interview or a drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub at: DateTime<Utc>,
    pub question_id: String,
    pub kind: OutcomeKind,
    /// The question's final score (0 when skipped or timed out).
    pub score: u8,
    pub grade: Grade,
    /// Where its last answer is stored (session id, turn number); none when not answered.
    pub answer: Option<(String, u32)>,
    /// Asked in a drill (`/practice`), not a mock interview.
    pub drill: bool,
}

/// The reviews a card keeps as evidence (/weak shows them; the retry delta reads the last).
pub const HISTORY: usize = 8;

/// A reviews never come back sooner than this, even after "again".
pub const MIN_INTERVAL_MINUTES: i64 = 10;

/// A card: its FSRS memory, when it was last reviewed and when it is due, and its latest
/// reviews. Stored at `u/<user>/r/<kind>/<id>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub kind: CardKind,
    /// The competency slug, or the question id.
    pub id: String,
    /// The category of the question last reviewed.
    pub category: Category,
    pub memory: Memory,
    pub reps: u32,
    pub lapses: u32,
    pub last_review: DateTime<Utc>,
    pub due: DateTime<Utc>,
    /// The latest reviews, oldest first (at most [`HISTORY`]).
    pub history: Vec<Review>,
}

impl Record for Card {}

impl Card {
    /// The card after `review`: a new card when there was none. Whole days since the last review
    /// feed FSRS (a second review on the same day is its short-term case).
    pub fn reviewed(prev: Option<&Card>, kind: CardKind, id: &str, category: Category, review: Review) -> Card {
        let at = review.at;
        let (memory, days) = match prev {
            Some(c) => {
                let elapsed = (at - c.last_review).num_days().max(0) as u32;
                memory::review(Some(c.memory), elapsed, review.grade)
            }
            None => memory::review(None, 0, review.grade),
        };
        let secs = ((days as f64) * 86_400.0).round() as i64;
        let due = at + Duration::seconds(secs.max(MIN_INTERVAL_MINUTES * 60));
        let mut history = prev.map(|c| c.history.clone()).unwrap_or_default();
        let lapse = review.grade == Grade::Again && prev.is_some();
        history.push(review);
        if history.len() > HISTORY {
            history.drain(..history.len() - HISTORY);
        }
        Card {
            kind,
            id: id.to_string(),
            category,
            memory,
            reps: prev.map_or(0, |c| c.reps) + 1,
            lapses: prev.map_or(0, |c| c.lapses) + lapse as u32,
            last_review: at,
            due,
            history,
        }
    }

    /// How likely it is recalled at `now` (FSRS's retrievability).
    pub fn retrievability(&self, now: DateTime<Utc>) -> f32 {
        let days = (now - self.last_review).num_seconds().max(0) as f32 / 86_400.0;
        memory::retrievability(self.memory, days)
    }

    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.due <= now
    }

    /// The last review.
    pub fn last(&self) -> Option<&Review> {
        self.history.last()
    }

    /// The average of the scores it keeps.
    pub fn average(&self) -> u8 {
        if self.history.is_empty() {
            return 0;
        }
        let sum: u32 = self.history.iter().map(|r| r.score as u32).sum();
        ((sum as f64) / self.history.len() as f64).round() as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn review(when: &str, kind: OutcomeKind, score: u8) -> Review {
        Review {
            at: at(when),
            question_id: "beh-x-001".into(),
            kind,
            score,
            grade: Grade::of(kind, score),
            answer: None,
            drill: false,
        }
    }

    fn first(kind: OutcomeKind, score: u8) -> Card {
        let r = review("2026-11-02T09:00:00Z", kind, score);
        Card::reviewed(None, CardKind::Competency, "leadership", Category::Behavioral, r)
    }

    #[test]
    fn easy_is_due_later_than_hard_and_again_soon() {
        let easy = first(OutcomeKind::Answered, 90);
        let hard = first(OutcomeKind::Answered, 45);
        let again = first(OutcomeKind::Skipped, 0);
        assert!(easy.due > hard.due, "{} vs {}", easy.due, hard.due);
        assert!(hard.due > again.due);
        // "Again" first: FSRS-6's initial stability of 0.212 days, about five hours.
        let hours = (again.due - again.last_review).num_minutes() as f64 / 60.0;
        assert!((4.0..6.0).contains(&hours), "{hours}");
        assert_eq!(again.reps, 1);
        assert_eq!(again.lapses, 0, "a first review is no lapse");
    }

    #[test]
    fn reviews_accumulate_up_to_the_history_bound() {
        let mut c = first(OutcomeKind::Answered, 30);
        for i in 0..12u32 {
            let when = format!("2026-11-{:02}T09:00:00Z", 3 + i);
            let r = review(&when, OutcomeKind::Answered, 80);
            c = Card::reviewed(Some(&c), CardKind::Competency, "leadership", Category::Behavioral, r);
        }
        assert_eq!(c.reps, 13);
        assert_eq!(c.history.len(), HISTORY);
        assert_eq!(c.average(), 80, "the oldest review fell out");
        let again = review("2026-11-20T09:00:00Z", OutcomeKind::TimedOut, 0);
        let lapsed = Card::reviewed(
            Some(&c),
            CardKind::Competency,
            "leadership",
            Category::Behavioral,
            again,
        );
        assert_eq!(lapsed.lapses, 1);
        assert!(lapsed.memory.stability < c.memory.stability);
    }

    #[test]
    fn recall_fades_until_the_card_is_due() {
        let c = first(OutcomeKind::Answered, 65);
        let now = c.last_review;
        assert!(!c.is_due(now));
        assert!(c.is_due(c.due));
        assert!(c.retrievability(now + Duration::days(10)) < c.retrievability(now + Duration::days(1)));
    }
}
