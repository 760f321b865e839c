//! /suggest — the three things to fix first (issue #18), computed from the user's real answers:
//! every question of their mock interviews and drills (`u/<user>/s/…` outcomes with the answer
//! records `u/<user>/a/…` and their scores) ranked by `copilot::suggest`, each improvement
//! citing the sessions, questions and scores it rests on and naming its drill. The suggested
//! areas feed the practice loop: their competency cards are made due now, in this turn's batch,
//! so /practice drills them next. With no history: a short diagnostic mock is offered.

use crate::copilot::suggest::{self, Answer};
use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::engine::{history, reviews};
use crate::interview::{AnswerRecord, OutcomeKind, Session};
use crate::practice::CardKind;
use crate::store::keys;

/// How many improvements /suggest names.
pub const TOP: usize = 3;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    let e = t.e;
    // Every session, drills included (their answers are real answers too).
    let sessions: Vec<Session> =
        t.e.store
            .scan::<Session>(&keys::sessions(&t.user))?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
    let records: Vec<AnswerRecord> = {
        let mut prefix = keys::user_prefix(&t.user);
        prefix.extend_from_slice(b"a/");
        t.e.store
            .scan::<AnswerRecord>(&prefix)?
            .into_iter()
            .map(|(_, a)| a)
            .collect()
    };
    let mut answers: Vec<Answer<'_>> = Vec::new();
    for s in &sessions {
        for o in &s.outcomes {
            // The question's own answer (not a follow-up's), the last one given to it.
            let rec = records
                .iter()
                .filter(|a| a.session == s.id && a.question_id == o.question_id && a.follow_up.is_none())
                .max_by_key(|a| a.seq);
            let result = match (o.kind, rec) {
                (OutcomeKind::Answered, None) => continue,
                (_, r) => r.map(|a| &a.score),
            };
            answers.push(Answer {
                session: &s.id,
                session_at: s.created_at,
                at: rec.map_or(s.created_at, |a| a.at),
                question_id: &o.question_id,
                question: rec.map_or_else(
                    || {
                        e.bank
                            .get(&o.question_id)
                            .map_or(o.question_id.as_str(), |q| q.text.as_str())
                    },
                    |a| a.question.as_str(),
                ),
                competency: &o.competency,
                category: o.category,
                kind: o.kind,
                result,
            });
        }
    }
    if answers.is_empty() {
        t.reply(m::suggest_no_history(&t.user));
        return Ok(());
    }
    let considered = answers.len().min(suggest::RECENT);
    let top = suggest::top(&answers, TOP);
    if top.is_empty() {
        t.reply(m::suggest_nothing_big(&t.user, considered));
        return Ok(());
    }
    let cards = history::cards(t)?;
    let mut made_due: Vec<String> = Vec::new();
    let mut views = Vec::new();
    for it in &top {
        let card = cards
            .iter()
            .find(|c| c.kind == CardKind::Competency && c.id == it.competency)
            .map(|c| (c.average(), c.history.len()));
        views.push(m::Suggestion {
            item: it,
            in_bank: it
                .evidence
                .iter()
                .map(|c| t.e.bank.get(&c.question_id).is_some())
                .collect(),
            card,
        });
    }
    for it in &top {
        if !made_due.contains(&it.competency) && reviews::make_due(t, &it.competency)? {
            made_due.push(it.competency.clone());
        }
    }
    let r = m::suggestions(&t.user, &views, considered, &made_due);
    t.reply(r);
    Ok(())
}
