//! /weak — the weak areas: competencies whose kept reviews average below "easy" (75), weakest
//! (lowest recall now) first, each with its evidence (scores, dates, questions) and its next
//! review; "Try again" buttons for the weakest questions.

use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::engine::{history, reviews};
use crate::practice::grade::EASY_FROM;
use crate::practice::{CardKind, Grade, choose};

/// How many areas /weak shows.
const SHOWN: usize = 5;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    let cards = history::cards(t)?;
    let ranked = choose::weakest_competencies(&cards, t.now);
    let strong = ranked.iter().filter(|c| c.average() >= EASY_FROM).count();
    let areas: Vec<m::WeakArea<'_>> = ranked
        .iter()
        .filter(|c| c.average() < EASY_FROM)
        .take(SHOWN)
        .map(|c| m::WeakArea {
            card: c,
            questions: c
                .history
                .iter()
                .map(|r| {
                    t.e.bank
                        .get(&r.question_id)
                        .map(|q| q.text.clone())
                        .unwrap_or_else(|| r.question_id.clone())
                })
                .collect(),
            recall: c.retrievability(t.now),
        })
        .collect();
    // The weakest questions graded below good, each a "Try again" button.
    let mut questions: Vec<_> = cards
        .iter()
        .filter(|c| c.kind == CardKind::Question && t.e.bank.get(&c.id).is_some())
        .filter_map(|c| c.last().map(|r| (r, c)))
        .filter(|(r, _)| r.grade < Grade::Good)
        .collect();
    questions.sort_by_key(|(r, c)| (r.score, c.id.clone()));
    let retry = questions
        .iter()
        .take(2)
        .map(|(r, c)| {
            let area = t.e.bank.get(&c.id).map(|q| q.competency.as_str()).unwrap_or("");
            m::retry_button(&t.user, area, r.kind, r.score, &c.id)
        })
        .collect();
    let tz = reviews::time_zone(t);
    t.reply(m::weak_areas(&t.user, &areas, strong, retry, t.now, tz));
    Ok(())
}
