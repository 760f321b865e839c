//! Reviews as the turns write them: a question closed — answered, skipped or timed out, in a mock
//! interview or a drill — is a review of its competency's card and of its own
//! (`practice::Card::reviewed`), put in the turn's batch, so it commits atomically with the
//! answer it comes from. In a drill the review is said at once (the change from the earlier
//! answer to the same question, and the next review), and the drill ends with its summary.
//! After a question closes, a saved answer for it (/library) is offered to compare; a report
//! offers to draft its weakest questions (/draft).

use super::messages as m;
use super::turn::Turn;
use crate::interview::{AnswerRecord, Outcome, OutcomeKind, Session};
use crate::practice::delta;
use crate::practice::{Card, CardKind, Grade, Review};
use crate::store::{StoreError, keys};

/// A card's key: `u/<user>/r/c/<competency>` or `u/<user>/r/q/<question id>`.
pub(crate) fn key(t: &Turn<'_>, kind: CardKind, id: &str) -> Vec<u8> {
    let k = match kind {
        CardKind::Competency => "c",
        CardKind::Question => "q",
    };
    keys::card(&t.user, k, id)
}

/// A card as this turn sees it (its own writes first).
pub(crate) fn card(t: &Turn<'_>, key: &[u8]) -> Result<Option<Card>, StoreError> {
    if let Some((_, c)) = t.new_cards.iter().find(|(k, _)| k == key) {
        return Ok(Some(c.clone()));
    }
    t.e.store.get(key)
}

fn put(t: &mut Turn<'_>, key: Vec<u8>, c: Card) {
    t.batch.put(&key, &c);
    t.new_cards.retain(|(k, _)| *k != key);
    t.new_cards.push((key, c));
}

/// The answer a closed question's score comes from: its last answer record in the session (this
/// turn's, else the store's — a follow-up passed or a time-out keeps an earlier answer).
fn last_answer(t: &Turn<'_>, s: &Session, question_id: &str) -> Option<AnswerRecord> {
    let mine = |a: &&AnswerRecord| a.session == s.id && a.question_id == question_id;
    if let Some(a) = t.new_answers.iter().filter(mine).max_by_key(|a| a.seq) {
        return Some(a.clone());
    }
    let all = t.answers(s).unwrap_or_default();
    all.iter().filter(mine).max_by_key(|a| a.seq).cloned()
}

/// Review the question `o` just closed with: both cards written in the turn's batch. In a drill
/// the review is said (see [`m::drill_reviewed`]). A card that cannot be read is left alone
/// (logged): the answer still counts, the review is lost rather than a card overwritten.
pub(crate) fn record(t: &mut Turn<'_>, s: &Session, o: &Outcome) {
    let last = (o.kind == OutcomeKind::Answered)
        .then(|| last_answer(t, s, &o.question_id))
        .flatten();
    let review = Review {
        at: t.now,
        question_id: o.question_id.clone(),
        kind: o.kind,
        score: o.score,
        grade: Grade::of(o.kind, o.score),
        answer: last.as_ref().map(|a| (a.session.clone(), a.seq)),
        drill: s.drill,
    };
    let qkey = key(t, CardKind::Question, &o.question_id);
    let ckey = key(t, CardKind::Competency, &o.competency);
    let (qprev, cprev) = match (card(t, &qkey), card(t, &ckey)) {
        (Ok(q), Ok(c)) => (q, c),
        (Err(e), _) | (_, Err(e)) => {
            tracing::warn!(error = %e, "cannot read a practice card; review not recorded");
            return;
        }
    };
    let previous = qprev.as_ref().and_then(|c| c.last()).cloned();
    let change = match (&previous, &last) {
        (Some(p), Some(now)) if s.drill => {
            let earlier: Option<AnswerRecord> = p
                .answer
                .as_ref()
                .and_then(|(sid, seq)| t.e.store.get(&keys::answer(&t.user, sid, *seq)).ok().flatten());
            Some(delta::change(p.score, earlier.as_ref().map(|a| &a.score), &now.score))
        }
        _ => None,
    };
    let question = Card::reviewed(
        qprev.as_ref(),
        CardKind::Question,
        &o.question_id,
        o.category,
        review.clone(),
    );
    let competency = Card::reviewed(cprev.as_ref(), CardKind::Competency, &o.competency, o.category, review);
    put(t, qkey, question.clone());
    put(t, ckey, competency.clone());
    if s.drill {
        let said = m::Reviewed {
            question: &question,
            competency: &competency,
            previous: previous.as_ref(),
            change: change.as_ref(),
        };
        let r = m::drill_reviewed(&said, t.now, time_zone(t));
        t.reply(r);
    }
}

/// The user's time zone from their profile, for review times.
pub(crate) fn time_zone(t: &Turn<'_>) -> Option<chrono_tz::Tz> {
    t.profile().ok()?.timezone?.parse().ok()
}

/// A drill's end: each question's score and its next review, and what to do next.
pub(crate) fn drill_done(t: &mut Turn<'_>, s: &Session) {
    if s.outcomes.is_empty() {
        t.reply(m::drill_abandoned());
        return;
    }
    let mut lines = Vec::new();
    for o in &s.outcomes {
        let qkey = key(t, CardKind::Question, &o.question_id);
        let due = card(t, &qkey).ok().flatten().map(|c| c.due);
        let text = t.e.bank.get(&o.question_id).map(|q| q.text.clone()).unwrap_or_default();
        lines.push(m::DrillLine {
            question: text,
            kind: o.kind,
            score: o.score,
            due,
        });
    }
    let tz = time_zone(t);
    t.reply(m::drill_done(&t.user, &lines, t.now, tz));
}

/// The weakest questions of a finished interview (graded below good), at most two.
fn weakest<'s>(t: &Turn<'_>, s: &'s Session) -> Vec<(usize, &'s Outcome)> {
    let mut weak: Vec<(usize, &Outcome)> = s
        .outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| Grade::of(o.kind, o.score) < Grade::Good && t.e.bank.get(&o.question_id).is_some())
        .collect();
    weak.sort_by_key(|(i, o)| (o.score, *i));
    weak.truncate(2);
    weak
}

/// "Try again" buttons for the weakest questions of a finished interview (graded below good).
pub(crate) fn retry_buttons(t: &Turn<'_>, s: &Session) -> Vec<crate::engine::reply::Button> {
    weakest(t, s)
        .iter()
        .map(|(i, o)| {
            let at = m::position_label(s.position_of(*i));
            m::retry_button(&t.user, &at, o.kind, o.score, &o.question_id)
        })
        .collect()
}

/// "Draft Q2" buttons for the same questions: an answer drafted from the user's own facts.
pub(crate) fn draft_buttons(t: &Turn<'_>, s: &Session) -> Vec<crate::engine::reply::Button> {
    weakest(t, s)
        .iter()
        .map(|(i, o)| {
            let at = m::position_label(s.position_of(*i));
            m::draft_button(&t.user, format!("Draft {at}"), &o.question_id)
        })
        .collect()
}

/// The question just closed (the session's last outcome) has a saved answer in the user's
/// library: offer it to compare, now that it can no longer serve as notes.
pub(crate) fn offer_saved(t: &mut Turn<'_>, s: &Session) {
    let Some(q) = s.outcomes.last().and_then(|o| t.e.bank.get(&o.question_id)) else {
        return;
    };
    match super::history::saved_for(&t.e.store, &t.user, Some(&q.id), &q.text) {
        Ok(Some(a)) => {
            let r = m::saved_offer(&t.user, &a, time_zone(t));
            t.reply(r);
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "cannot read the answer library; no saved answer offered"),
    }
}

/// Make the competency card of `competency` due now (in the turn's batch), so the practice loop
/// drills it next — /suggest's areas. `false` when the user has no card for it yet (nothing to
/// move: /practice <competency> still drills it) or it is already due.
pub(crate) fn make_due(t: &mut Turn<'_>, competency: &str) -> Result<bool, StoreError> {
    let k = key(t, CardKind::Competency, competency);
    match card(t, &k)? {
        Some(mut c) if c.due > t.now => {
            c.due = t.now;
            put(t, k, c);
            Ok(true)
        }
        _ => Ok(false),
    }
}
