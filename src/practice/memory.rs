//! The one file that calls the `fsrs` crate (FSRS-6, default parameters): a card's memory state
//! after a review, the interval to its next review, and how likely it is recalled now. The
//! crate's `MemoryState` is not `Deserialize`, so cards keep stability and difficulty in
//! [`Memory`] and convert at this boundary.

use super::grade::Grade;
use fsrs::{DEFAULT_PARAMETERS, FSRS, MemoryState, current_retrievability};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The recall probability reviews are scheduled for (FSRS's usual 0.9).
pub const DESIRED_RETENTION: f32 = 0.9;

/// FSRS's memory state: stability (days until recall falls to 90 %) and difficulty (1–10).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    pub stability: f32,
    pub difficulty: f32,
}

impl From<MemoryState> for Memory {
    fn from(m: MemoryState) -> Self {
        Memory {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

impl From<Memory> for MemoryState {
    fn from(m: Memory) -> Self {
        MemoryState {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

fn model() -> Option<&'static FSRS> {
    static M: OnceLock<Option<FSRS>> = OnceLock::new();
    M.get_or_init(|| FSRS::new(&DEFAULT_PARAMETERS).ok()).as_ref()
}

/// The memory after a review graded `grade`, `elapsed_days` whole days after the previous one
/// (`None`: the first review), and the interval to the next review in days. A stored state the
/// model rejects (not finite) is treated as a first review.
pub fn review(prev: Option<Memory>, elapsed_days: u32, grade: Grade) -> (Memory, f32) {
    let Some(fsrs) = model() else {
        return (FALLBACK, FALLBACK.stability);
    };
    let prev = prev.filter(|m| m.stability.is_finite() && m.difficulty.is_finite() && m.stability > 0.0);
    let states = fsrs
        .next_states(prev.map(Into::into), DESIRED_RETENTION, elapsed_days)
        .or_else(|_| fsrs.next_states(None, DESIRED_RETENTION, 0));
    let Ok(s) = states else {
        return (FALLBACK, FALLBACK.stability);
    };
    let next = match grade {
        Grade::Again => s.again,
        Grade::Hard => s.hard,
        Grade::Good => s.good,
        Grade::Easy => s.easy,
    };
    (next.memory.into(), next.interval.max(0.0))
}

/// Only if the crate refused its own default parameters: a day's stability.
const FALLBACK: Memory = Memory {
    stability: 1.0,
    difficulty: 5.0,
};

/// How likely the card is recalled `elapsed_days` after its last review (1.0 right after it).
pub fn retrievability(m: Memory, elapsed_days: f32) -> f32 {
    if !(m.stability.is_finite() && m.stability > 0.0) {
        return 0.0;
    }
    let r = current_retrievability(m.into(), elapsed_days.max(0.0), DEFAULT_PARAMETERS[20]);
    if r.is_finite() { r.clamp(0.0, 1.0) } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// First reviews take FSRS-6's initial stabilities (its first four default parameters):
    /// the interval grows with the grade.
    #[test]
    fn a_first_review_takes_the_initial_stability_of_its_grade() {
        let days = |g| review(None, 0, g).1;
        assert!((days(Grade::Again) - DEFAULT_PARAMETERS[0]).abs() < 1e-3);
        assert!((days(Grade::Easy) - DEFAULT_PARAMETERS[3]).abs() < 1e-3);
        assert!(days(Grade::Again) < days(Grade::Hard));
        assert!(days(Grade::Hard) < days(Grade::Good));
        assert!(days(Grade::Good) < days(Grade::Easy));
    }

    #[test]
    fn success_grows_stability_and_a_lapse_shrinks_it() {
        let (m, _) = review(None, 0, Grade::Good);
        let (good, _) = review(Some(m), 3, Grade::Good);
        let (again, _) = review(Some(m), 3, Grade::Again);
        assert!(good.stability > m.stability, "{good:?} vs {m:?}");
        assert!(again.stability < m.stability, "{again:?} vs {m:?}");
        assert!(again.difficulty > good.difficulty);
    }

    #[test]
    fn recall_fades_with_time_and_bad_states_do_not_panic() {
        let (m, _) = review(None, 0, Grade::Good);
        assert!((retrievability(m, 0.0) - 1.0).abs() < 1e-6);
        // At its stability the recall is the desired retention, by FSRS's definition.
        assert!((retrievability(m, m.stability) - 0.9).abs() < 1e-3);
        assert!(retrievability(m, 30.0) < retrievability(m, 3.0));
        let bad = Memory {
            stability: f32::NAN,
            difficulty: 3.0,
        };
        assert_eq!(retrievability(bad, 1.0), 0.0);
        let (after, days) = review(Some(bad), 2, Grade::Good);
        assert!(after.stability.is_finite() && days > 0.0);
    }
}
