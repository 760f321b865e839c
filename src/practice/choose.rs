//! Choosing what to drill: the due competencies in weakness order (lowest retrievability now
//! first), a question of the weakest for which one is left (never an excluded one — the question
//! just asked, or one already in the set), the earliest next review when nothing is due, and a
//! new area to try.

use super::{Card, CardKind};
use crate::bank::Question;
use chrono::{DateTime, Utc};
use std::cmp::Ordering;

/// One drill: a question and the competency it trains.
#[derive(Debug, Clone, Copy)]
pub struct Pick<'a> {
    pub question: &'a Question,
    /// The user answered this question before: the drill shows the change.
    pub retry: bool,
}

/// Weakest first: lowest retrievability at `now`, then lowest average score, then the id (so the
/// order never depends on how cards were read).
fn weaker(a: &Card, b: &Card, now: DateTime<Utc>) -> Ordering {
    a.retrievability(now)
        .partial_cmp(&b.retrievability(now))
        .unwrap_or(Ordering::Equal)
        .then(a.average().cmp(&b.average()))
        .then(a.id.cmp(&b.id))
}

/// The competency cards due at `now`, weakest first. Reminders read this (through
/// `engine::history::due_cards`).
pub fn due_competencies(cards: &[Card], now: DateTime<Utc>) -> Vec<&Card> {
    let mut due: Vec<&Card> = cards
        .iter()
        .filter(|c| c.kind == CardKind::Competency && c.is_due(now))
        .collect();
    due.sort_by(|a, b| weaker(a, b, now));
    due
}

/// Every competency card, weakest first (/weak).
pub fn weakest_competencies(cards: &[Card], now: DateTime<Utc>) -> Vec<&Card> {
    let mut all: Vec<&Card> = cards.iter().filter(|c| c.kind == CardKind::Competency).collect();
    all.sort_by(|a, b| weaker(a, b, now));
    all
}

/// When the next competency review falls due (the earliest due time), if any card exists.
pub fn next_due(cards: &[Card]) -> Option<DateTime<Utc>> {
    cards
        .iter()
        .filter(|c| c.kind == CardKind::Competency)
        .map(|c| c.due)
        .min()
}

/// Questions of a competency the user can be asked: those for their role (general ones when no
/// role is set), else any of the competency.
fn of_competency<'a>(competency: &str, questions: &'a [Question], role: Option<&str>) -> Vec<&'a Question> {
    let all: Vec<&Question> = questions.iter().filter(|q| q.competency == competency).collect();
    let fitting: Vec<&Question> = all
        .iter()
        .copied()
        .filter(|q| match role {
            Some(r) => q.fits_role(Some(r)),
            None => q.is_general(),
        })
        .collect();
    if fitting.is_empty() { all } else { fitting }
}

/// The question to drill for `competency`: a question card that is due (a retry, the most
/// forgotten first), else one never asked (in bank order), else the seen one due soonest.
/// `exclude` is never chosen.
pub fn question_for<'a>(
    competency: &str,
    questions: &'a [Question],
    cards: &[Card],
    role: Option<&str>,
    exclude: &[&str],
    now: DateTime<Utc>,
) -> Option<Pick<'a>> {
    let card = |id: &str| cards.iter().find(|c| c.kind == CardKind::Question && c.id == id);
    let candidates: Vec<&Question> = of_competency(competency, questions, role)
        .into_iter()
        .filter(|q| !exclude.contains(&q.id.as_str()))
        .collect();
    let mut due: Vec<(&Question, &Card)> = candidates
        .iter()
        .filter_map(|q| card(&q.id).map(|c| (*q, c)))
        .filter(|(_, c)| c.is_due(now))
        .collect();
    due.sort_by(|a, b| weaker(a.1, b.1, now));
    if let Some((q, _)) = due.first() {
        return Some(Pick {
            question: q,
            retry: true,
        });
    }
    if let Some(q) = candidates.iter().find(|q| card(&q.id).is_none()) {
        return Some(Pick {
            question: q,
            retry: false,
        });
    }
    candidates
        .iter()
        .filter_map(|q| card(&q.id).map(|c| (*q, c)))
        .min_by_key(|(_, c)| c.due)
        .map(|(q, _)| Pick {
            question: q,
            retry: true,
        })
}

/// Up to `n` drills from the due competencies, weakest first: one question per competency in
/// turn, then around again while questions are left; never `just_asked`, never one twice.
pub fn plan<'a>(
    cards: &[Card],
    questions: &'a [Question],
    role: Option<&str>,
    just_asked: Option<&str>,
    n: usize,
    now: DateTime<Utc>,
) -> Vec<Pick<'a>> {
    let due = due_competencies(cards, now);
    let mut picks: Vec<Pick<'a>> = Vec::new();
    loop {
        let before = picks.len();
        for c in &due {
            if picks.len() >= n {
                return picks;
            }
            let mut exclude: Vec<&str> = picks.iter().map(|p| p.question.id.as_str()).collect();
            exclude.extend(just_asked);
            if let Some(p) = question_for(&c.id, questions, cards, role, &exclude, now) {
                picks.push(p);
            }
        }
        if picks.len() == before || picks.len() >= n {
            return picks;
        }
    }
}

/// A competency the user has no card for yet, to offer when nothing is due: the one with the
/// most questions for their role (general questions when no role is set), then by name.
pub fn new_area<'a>(cards: &[Card], questions: &'a [Question], role: Option<&str>) -> Option<&'a str> {
    let mut counts: std::collections::BTreeMap<&'a str, usize> = std::collections::BTreeMap::new();
    for q in questions {
        let fits = match role {
            Some(r) => q.fits_role(Some(r)),
            None => q.is_general(),
        };
        let known = cards
            .iter()
            .any(|c| c.kind == CardKind::Competency && c.id == q.competency);
        if fits && !known {
            *counts.entry(q.competency.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Bank, Category};
    use crate::interview::OutcomeKind;
    use crate::practice::{Grade, Review};
    use chrono::Duration;

    fn t0() -> DateTime<Utc> {
        "2026-11-02T09:00:00Z".parse().unwrap()
    }

    fn card(kind: CardKind, id: &str, question: &str, kind_of: OutcomeKind, score: u8) -> Card {
        let r = Review {
            at: t0(),
            question_id: question.into(),
            kind: kind_of,
            score,
            grade: Grade::of(kind_of, score),
            answer: None,
            drill: false,
        };
        Card::reviewed(None, kind, id, Category::Behavioral, r)
    }

    fn ids_of(bank: &Bank, competency: &str) -> Vec<String> {
        of_competency(competency, bank.all(), None)
            .iter()
            .map(|q| q.id.clone())
            .collect()
    }

    #[test]
    fn the_weakest_due_competency_comes_first_and_the_question_just_asked_never() {
        let bank = Bank::embedded().unwrap();
        let lead = ids_of(&bank, "leadership");
        let conflict = ids_of(&bank, "conflict");
        let cards = vec![
            card(
                CardKind::Competency,
                "conflict",
                &conflict[0],
                OutcomeKind::Answered,
                80,
            ),
            card(CardKind::Competency, "leadership", &lead[0], OutcomeKind::Skipped, 0),
            card(CardKind::Question, &lead[0], &lead[0], OutcomeKind::Skipped, 0),
        ];
        let now = t0() + Duration::days(40);
        let due = due_competencies(&cards, now);
        assert_eq!(
            due.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["leadership", "conflict"]
        );
        // The skipped question is due, but it was just asked: another leadership question.
        let p = plan(&cards, bank.all(), None, Some(&lead[0]), 1, now);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].question.competency, "leadership");
        assert_ne!(p[0].question.id, lead[0]);
        assert!(!p[0].retry);
        // Not just asked: the due question itself, as a retry.
        let p = plan(&cards, bank.all(), None, None, 1, now);
        assert_eq!((p[0].question.id.as_str(), p[0].retry), (lead[0].as_str(), true));
    }

    #[test]
    fn a_set_takes_the_due_competencies_in_turn_without_repeating_a_question() {
        let bank = Bank::embedded().unwrap();
        let lead = ids_of(&bank, "leadership");
        let conflict = ids_of(&bank, "conflict");
        let cards = vec![
            card(
                CardKind::Competency,
                "conflict",
                &conflict[0],
                OutcomeKind::Answered,
                50,
            ),
            card(CardKind::Competency, "leadership", &lead[0], OutcomeKind::Answered, 10),
        ];
        let now = t0() + Duration::days(40);
        let p = plan(&cards, bank.all(), None, None, 5, now);
        let comps: Vec<&str> = p.iter().map(|p| p.question.competency.as_str()).collect();
        assert_eq!(
            comps,
            ["leadership", "conflict", "leadership", "conflict", "leadership"]
        );
        let mut ids: Vec<&str> = p.iter().map(|p| p.question.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 5);
    }

    #[test]
    fn nothing_due_gives_the_next_review_and_a_new_area() {
        let bank = Bank::embedded().unwrap();
        let lead = ids_of(&bank, "leadership");
        let cards = vec![card(
            CardKind::Competency,
            "leadership",
            &lead[0],
            OutcomeKind::Answered,
            70,
        )];
        assert!(plan(&cards, bank.all(), None, None, 1, t0()).is_empty());
        assert_eq!(next_due(&cards), Some(cards[0].due));
        let area = new_area(&cards, bank.all(), None).unwrap();
        assert_ne!(area, "leadership");
        assert!(bank.all().iter().any(|q| q.competency == area && q.is_general()));
        assert_eq!(next_due(&[]), None);
    }
}
