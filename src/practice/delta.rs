//! What changed between two answers to one question, for the retry line ("62 → 78, +16: Result
//! 9/30 → 30/30, measurable result"): the inputs of its wording, read from the two scores'
//! rubrics, ledgers and key points. `engine/messages/practice.rs` words them.

use crate::scoring::ScoreResult;
use crate::scoring::ledger::{Op, Why};

/// One reason the score moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A cap that held the earlier answer down no longer applies.
    CapLifted { at: u8, why: Why },
    /// A cap holds this answer down that did not hold the earlier one.
    Capped { at: u8, why: Why },
    /// A rubric item moved: its points before and now, and what the scorer says of it now.
    Rubric {
        label: String,
        from: u8,
        to: u8,
        max: u8,
        note: String,
    },
    /// More (or fewer) of the question's key points covered.
    KeyPoints { from: usize, to: usize, of: usize },
}

/// The change from one answer to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub before: u8,
    pub after: u8,
    /// The reasons that explain most of it, the weightiest first (at most [`MAX_REASONS`]).
    pub reasons: Vec<Reason>,
}

impl Change {
    pub fn delta(&self) -> i16 {
        self.after as i16 - self.before as i16
    }
}

pub const MAX_REASONS: usize = 2;

fn binding_caps(s: &ScoreResult) -> Vec<(u8, Why)> {
    s.ledger
        .steps
        .iter()
        .filter_map(|st| match st.op {
            Op::Cap { at } => Some((at, st.why)),
            _ => None,
        })
        .collect()
}

/// What moved between `before` and `after` (two scores of one question). A score stored without
/// its details (an answer skipped has none) is compared by its number only.
pub fn change(before_score: u8, before: Option<&ScoreResult>, after: &ScoreResult) -> Change {
    let after_score = after.overall;
    let mut reasons = Vec::new();
    if let Some(before) = before {
        let (old_caps, new_caps) = (binding_caps(before), binding_caps(after));
        for (at, why) in &old_caps {
            if !new_caps.iter().any(|(_, w)| w == why) {
                reasons.push(Reason::CapLifted { at: *at, why: *why });
            }
        }
        for (at, why) in &new_caps {
            if !old_caps.iter().any(|(_, w)| w == why) {
                reasons.push(Reason::Capped { at: *at, why: *why });
            }
        }
        // The rubric item that moved most in the direction of the score (any, when it held).
        let up = after_score >= before_score;
        let mut moved: Vec<(i16, Reason)> = Vec::new();
        if before.rubric.name == after.rubric.name {
            for item in &after.rubric.items {
                let Some(old) = before.rubric.items.iter().find(|o| o.key == item.key) else {
                    continue;
                };
                let d = item.score as i16 - old.score as i16;
                if d == 0 || (d > 0) != up {
                    continue;
                }
                moved.push((
                    d.abs(),
                    Reason::Rubric {
                        label: item.label.clone(),
                        from: old.score,
                        to: item.score,
                        max: item.max,
                        note: item.note.clone(),
                    },
                ));
            }
        }
        moved.sort_by_key(|m| std::cmp::Reverse(m.0));
        reasons.extend(moved.into_iter().map(|(_, r)| r));
        let covered = |s: &ScoreResult| s.evidence.key_points_covered.len();
        let of = covered(after) + after.evidence.key_points_missed.len();
        let (from, to) = (covered(before), covered(after));
        if of > 0 && from != to && (to > from) == up {
            reasons.push(Reason::KeyPoints { from, to, of });
        }
    }
    reasons.truncate(MAX_REASONS);
    Change {
        before: before_score,
        after: after_score,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Category;
    use crate::scoring::OfflineScorer;

    fn score(text: &str) -> ScoreResult {
        let bank = crate::bank::Bank::embedded().unwrap();
        let scorer = OfflineScorer::new(&bank);
        let q = bank.get("beh-leadership-001").unwrap();
        assert_eq!(q.category, Category::Behavioral);
        let target = scorer.target(&q.id).unwrap();
        scorer.score(target, text)
    }

    #[test]
    fn a_measured_result_is_named_as_the_reason() {
        let vague = "At my last company I led the migration of our billing service to a new payment provider. My task was to keep failed payments low during the switch. I split the work into three phases and wrote a dual-write adapter. I ran daily check-ins with finance and support.";
        let measured = format!(
            "{vague} As a result we moved 120,000 customers two days early and failed payments stayed at 0.4%."
        );
        let (a, b) = (score(vague), score(&measured));
        assert!(b.overall > a.overall, "{} → {}", a.overall, b.overall);
        let c = change(a.overall, Some(&a), &b);
        assert_eq!(c.delta(), b.overall as i16 - a.overall as i16);
        let result = c.reasons.iter().find_map(|r| match r {
            Reason::Rubric {
                label, note, from, to, ..
            } if label == "Result" => Some((note.clone(), *from, *to)),
            _ => None,
        });
        let (note, from, to) = result.unwrap_or_else(|| panic!("no Result reason: {:?}", c.reasons));
        assert_eq!(note, "measurable result");
        assert!(to > from);
        assert!(c.reasons.len() <= MAX_REASONS);
    }

    #[test]
    fn a_lifted_cap_comes_first_and_no_details_means_no_reasons() {
        let good = score(
            "At my last company I led the migration of our billing service to a new payment provider with a hard deadline of six weeks. My task was to keep failed payments under 1% during the switch. I split the work into three phases, wrote a dual-write adapter, and set up a dashboard that compared both providers every hour. As a result we moved 120,000 customers two days ahead of schedule and failed payments stayed at 0.4%.",
        );
        assert!(good.overall > 35, "{}", good.overall);
        // The same answer held down by a cap, as a short one would be.
        let mut capped = good.clone();
        capped.ledger.steps.push(crate::scoring::ledger::Step {
            op: Op::Cap { at: 35 },
            why: Why::Short,
            after: 35,
        });
        capped.overall = 35;
        let c = change(capped.overall, Some(&capped), &good);
        assert_eq!(
            c.reasons,
            vec![Reason::CapLifted {
                at: 35,
                why: Why::Short
            }]
        );
        let back = change(good.overall, Some(&good), &capped);
        assert_eq!(
            back.reasons,
            vec![Reason::Capped {
                at: 35,
                why: Why::Short
            }]
        );
        assert!(back.delta() < 0);
        let bare = change(0, None, &good);
        assert!(bare.reasons.is_empty());
        assert_eq!(bare.before, 0);
    }
}
