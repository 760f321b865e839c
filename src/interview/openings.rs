//! What an answer leaves open for a follow-up, read with the scorer's own machinery: the
//! question's wrong claims it makes, the question's key points it missed, and for each of the
//! question's own follow-ups (the bank's `follow_ups`) the key point it asks about and whether
//! the answer already covers what it asks. Nothing here chooses: `rules::choose_follow_up` does,
//! from an [`Openings`].
//!
//! A bank follow-up is covered when one sentence of the answer holds every one of its
//! distinctive terms (its own terms, as the scorer finds a question's, less the question's), or
//! when it asks about a key point the answer covers. One that poses a new scenario ("What if the
//! colleague is your manager?") is never covered in advance.

use crate::bank::Question;
use crate::scoring::text::{Analysis, concept_match};
use crate::scoring::{OfflineScorer, ScoreResult, Target};

/// What an answer leaves open, by the question's own numbering.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Openings {
    /// The question's misconceptions the answer asserts (indices in the bank's list, in order).
    pub claims: Vec<usize>,
    /// The question's key points the answer missed (indices in the bank's list, in order).
    pub missed: Vec<usize>,
    /// Each of the question's own follow-ups, in order.
    pub bank: Vec<BankAsk>,
}

/// One of the question's own follow-ups as the answer leaves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BankAsk {
    /// The key point (index) it asks about, if it asks about one.
    pub point: Option<usize>,
    /// The answer already covers what it asks.
    pub covered: bool,
}

/// How a follow-up that poses a new scenario begins.
const SCENARIO: &[&str] = &[
    "what if",
    "and if",
    "what would you do if",
    "what would you have done if",
    "what happens if",
    "suppose",
    "imagine",
    "say ",
];

/// What `answer` (everything said to the question so far), scored as `score` against
/// `question`, leaves open of the bank question `q`.
pub fn openings(
    scorer: &OfflineScorer,
    q: &Question,
    question: &Target,
    score: &ScoreResult,
    answer: &str,
) -> Openings {
    let e = &score.evidence;
    let claims = q
        .misconceptions
        .iter()
        .enumerate()
        .filter(|(_, m)| e.misconceptions.iter().any(|h| h.claim == m.claim))
        .map(|(i, _)| i)
        .collect();
    let missed = q
        .key_points
        .iter()
        .enumerate()
        .filter(|(_, k)| e.key_points_missed.iter().any(|m| m == *k))
        .map(|(i, _)| i)
        .collect();
    let covered: Vec<bool> = q
        .key_points
        .iter()
        .map(|k| e.key_points_covered.iter().any(|h| &h.point == k))
        .collect();
    // Each key point's concepts, from its text and the bank's forms of it.
    let points: Vec<Vec<String>> = q
        .key_points
        .iter()
        .map(|k| {
            let mut text = k.clone();
            for f in q.forms.get(k).into_iter().flatten() {
                text.push_str(". ");
                text.push_str(f);
            }
            concepts(&Analysis::new(&text))
        })
        .collect();
    let said = Analysis::new(answer);
    let bank = q
        .follow_ups
        .iter()
        .map(|f| {
            let terms = distinctive(scorer, q, question, f);
            let point = asked_point(&terms, &points);
            BankAsk {
                point,
                covered: point.is_some_and(|i| covered[i]) || in_one_sentence(&said, &terms),
            }
        })
        .collect();
    Openings { claims, missed, bank }
}

/// A follow-up's own terms that the question does not already have, each with its weight (how
/// rare it is across the bank); none for one that poses a new scenario.
fn distinctive(scorer: &OfflineScorer, q: &Question, question: &Target, follow_up: &str) -> Vec<(String, f64)> {
    let lower = follow_up.trim().to_lowercase();
    if SCENARIO.iter().any(|s| lower.starts_with(s)) {
        return Vec::new();
    }
    scorer
        .target_from_text(follow_up, q.category)
        .terms
        .into_iter()
        .filter(|(c, _)| !question.terms.iter().any(|(t, _)| concept_match(c, t)))
        .collect()
}

/// The key point a follow-up asks about: the one that shares the most of its terms by weight,
/// at least half of their weight (the first on a tie). Weighing keeps a common word
/// ("manager") from tying a follow-up to a point that merely mentions it.
fn asked_point(terms: &[(String, f64)], points: &[Vec<String>]) -> Option<usize> {
    let total: f64 = terms.iter().map(|(_, w)| w).sum();
    let mut best: Option<(usize, f64)> = None;
    for (i, cs) in points.iter().enumerate() {
        let shared: f64 = terms
            .iter()
            .filter(|(t, _)| cs.iter().any(|c| concept_match(c, t)))
            .map(|(_, w)| w)
            .sum();
        if shared > 0.0 && shared * 2.0 >= total && best.is_none_or(|(_, b)| shared > b) {
            best = Some((i, shared));
        }
    }
    best.map(|(i, _)| i)
}

/// Whether one sentence of the answer holds every term (never for no terms).
fn in_one_sentence(a: &Analysis, terms: &[(String, f64)]) -> bool {
    !terms.is_empty()
        && a.sentences.iter().any(|s| {
            terms
                .iter()
                .all(|(t, _)| s.words.iter().any(|w| concept_match(&w.concept, t)))
        })
}

/// The distinct concepts of a text's content words.
fn concepts(a: &Analysis) -> Vec<String> {
    let mut v: Vec<String> = a
        .words()
        .filter(|w| !w.stop && !w.number && w.lower.len() >= 3)
        .map(|w| w.concept.to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;

    /// The openings of an answer to a bank question, scored by the offline scorer.
    fn open(bank: &Bank, scorer: &OfflineScorer, id: &str, answer: &str) -> Openings {
        let q = bank.get(id).expect("bank question");
        let target = scorer.target(id).expect("target");
        let score = scorer.score(target, answer);
        openings(scorer, q, target, &score, answer)
    }

    #[test]
    fn a_bank_follow_up_is_covered_by_an_answer_that_says_what_it_asks() {
        let bank = Bank::embedded().expect("bank");
        let scorer = OfflineScorer::new(&bank);
        // tech-backend-001: "When would the planner ignore your index?", "What is a covering index?"
        let q = bank.get("tech-backend-001").expect("question");
        assert_eq!(
            q.follow_ups[1], "What is a covering index?",
            "the bank changed: pick another"
        );
        let thin = "An index is a B-tree that keeps the column sorted, so a lookup is fast.";
        let o = open(&bank, &scorer, "tech-backend-001", thin);
        assert!(o.bank.iter().all(|b| !b.covered), "{o:?}");
        // The planner follow-up asks about the low-selectivity key point.
        let low = q
            .key_points
            .iter()
            .position(|k| k.starts_with("Low-selectivity"))
            .expect("key point");
        assert_eq!(o.bank[0].point, Some(low));
        assert!(o.missed.contains(&low));
        let covering = format!(
            "{thin} If the index also holds every selected column it is a covering index, so the table is never read."
        );
        let o = open(&bank, &scorer, "tech-backend-001", &covering);
        assert_eq!(
            o.bank[1],
            BankAsk {
                point: None,
                covered: true
            }
        );
        assert!(!o.bank[0].covered);
        // Covering the key point the planner follow-up asks about covers it.
        let selective = format!(
            "{thin} On a boolean column with few distinct values the planner will scan anyway, because the index matches most of the rows."
        );
        let o = open(&bank, &scorer, "tech-backend-001", &selective);
        assert!(!o.missed.contains(&low), "{o:?}");
        assert!(o.bank[0].covered);
        assert!(!o.bank[1].covered);
    }

    #[test]
    fn claims_and_missed_points_are_numbered_as_in_the_bank() {
        let bank = Bank::embedded().expect("bank");
        let scorer = OfflineScorer::new(&bank);
        let o = open(
            &bank,
            &scorer,
            "tech-backend-001",
            "Indexes are free, so you should index every column. An index is a B-tree that keeps the values sorted.",
        );
        assert_eq!(o.claims, vec![0], "the first misconception: no real cost");
        assert!(!o.missed.contains(&0), "the B-tree point is covered: {o:?}");
        assert!(o.missed.contains(&3), "the cost point is missed: {o:?}");
    }

    #[test]
    fn a_follow_up_posing_a_new_scenario_is_never_covered_in_advance() {
        let bank = Bank::embedded().expect("bank");
        let scorer = OfflineScorer::new(&bank);
        let q = bank.get("tech-backend-002").expect("question");
        assert!(q.follow_ups[0].starts_with("What if"), "the bank changed: pick another");
        let answer = "I find it in the slow query log, read the plan with EXPLAIN ANALYZE, and the plan looks fine, but it is still slow, so I check locks.";
        let o = open(&bank, &scorer, "tech-backend-002", answer);
        assert_eq!(o.bank[0], BankAsk::default());
    }

    #[test]
    fn terms_in_one_sentence_cover_but_spread_across_two_do_not() {
        let terms: Vec<(String, f64)> = concepts(&Analysis::new("retry failed"))
            .into_iter()
            .map(|c| (c, 1.0))
            .collect();
        assert_eq!(terms.len(), 2, "{terms:?}");
        assert!(in_one_sentence(
            &Analysis::new("Failed jobs are retried with backoff."),
            &terms
        ));
        assert!(!in_one_sentence(
            &Analysis::new("Some jobs failed. We retried the queue later."),
            &terms
        ));
        assert!(
            !in_one_sentence(&Analysis::new("Failed, retried."), &[]),
            "no terms: nothing to cover"
        );
    }
}
