//! Reads of a user's past: their interviews, the questions recently asked (selection avoids
//! them), their weakest competencies (the coach chat and tips name them), the timers their
//! interviews own (/export lists them, /forget deletes them), and their practice cards (the due
//! ones weakest first: /practice, and reminders through [`due_cards`]). One place, so the
//! commands, the interview turns and the model's prompts read the same history the same way.

use super::turn::Turn;
use crate::ids::UserId;
use crate::interview::{Session, progress};
use crate::practice::{Card, choose};
use crate::scoring::text::plural;
use crate::store::{Store, StoreError, keys};
use chrono::{DateTime, Utc};

type Result<T> = std::result::Result<T, StoreError>;

/// Every mock interview of the user (oldest first, by key); drills (/practice) are not
/// interviews: /progress and the tips leave them out (their reviews are in the cards).
pub(crate) fn sessions(t: &Turn<'_>) -> Result<Vec<Session>> {
    Ok(t.e
        .store
        .scan::<Session>(&keys::sessions(&t.user))?
        .into_iter()
        .map(|(_, s)| s)
        .filter(|s| !s.drill)
        .collect())
}

/// The user's weakest competencies with their averages, for tips tied to real weak areas.
pub(crate) fn weak_areas(t: &Turn<'_>) -> Result<Vec<String>> {
    let p = progress::compute(&sessions(t)?, t.now, 6);
    Ok(p.weakest
        .iter()
        .take(3)
        .map(|(label, avg, n)| {
            format!(
                "{label} (average {avg}/100 over {})",
                plural(*n as usize, "answer", "answers")
            )
        })
        .collect())
}

/// Questions of the user's recent interviews, oldest first (selection avoids them).
pub(crate) fn recent_questions(t: &Turn<'_>) -> Result<Vec<String>> {
    let mut recent: Vec<(DateTime<Utc>, Vec<String>)> =
        t.e.store
            .scan_last::<SessionPlan>(&keys::sessions(&t.user), RECENT_SESSIONS)?
            .into_iter()
            .map(|(_, s)| (s.created_at, s.plan.into_iter().map(|p| p.question_id).collect()))
            .collect();
    recent.sort_by_key(|(at, _)| *at);
    Ok(recent.into_iter().flat_map(|(_, ids)| ids).collect())
}

const RECENT_SESSIONS: usize = 20;

/// The part of a stored `Session` that question selection reads: decoding only these fields
/// skips the rest (outcomes, report) without building it.
#[derive(serde::Deserialize, serde::Serialize)]
struct SessionPlan {
    created_at: DateTime<Utc>,
    plan: Vec<crate::interview::Planned>,
}

impl crate::store::Record for SessionPlan {
    const VERSION: u16 = <Session as crate::store::Record>::VERSION;
}

/// The user's scheduled timers that exist (key, stored job): they live in the global queue,
/// and the user's sessions and bookings (/schedule) know their keys. /export lists them, /forget deletes them.
pub(crate) fn timers(t: &Turn<'_>) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
    let mut out = Vec::new();
    let sessions = t.e.store.scan::<crate::interview::Session>(&keys::sessions(&t.user))?;
    let bookings =
        t.e.store
            .scan::<crate::practice::booking::Booking>(&keys::bookings(&t.user))?;
    let booked = bookings.into_iter().flat_map(|(_, b)| b.jobs);
    for k in sessions.into_iter().flat_map(|(_, s)| s.job_keys()).chain(booked) {
        if let Some(job) = t.e.store.get_raw(&k)? {
            out.push((k, job));
        }
    }
    // Each reminder rule's armed job (its key in the user's reminder record).
    let reminders: Option<crate::reminders::Reminders> = t.e.store.get(&keys::reminders(&t.user))?;
    for k in reminders.into_iter().flat_map(|r| r.rules).filter_map(|r| r.job) {
        if let Some(job) = t.e.store.get_raw(&k)? {
            out.push((k, job));
        }
    }
    Ok(out)
}

/// Every practice card of the user, this turn's writes over the store's.
pub(crate) fn cards(t: &Turn<'_>) -> Result<Vec<Card>> {
    let mut v = t.e.store.scan::<Card>(&keys::cards(&t.user))?;
    for (k, c) in &t.new_cards {
        match v.iter_mut().find(|(key, _)| key == k) {
            Some(slot) => slot.1 = c.clone(),
            None => v.push((k.clone(), c.clone())),
        }
    }
    Ok(v.into_iter().map(|(_, c)| c).collect())
}

/// The competency cards of `user` due at `now`, weakest (lowest retrievability) first: what
/// /practice drills next and what a practice reminder would offer. Reads the store only, so a
/// scheduler job can call it without a turn.
pub(crate) fn due_cards(store: &Store, user: &UserId, now: DateTime<Utc>) -> Result<Vec<Card>> {
    let cards: Vec<Card> = store
        .scan::<Card>(&keys::cards(user))?
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    Ok(choose::due_competencies(&cards, now).into_iter().cloned().collect())
}

/// The question asked last (the last of the user's last finished interview or drill): a drill
/// never asks it again straight away.
pub(crate) fn last_asked(t: &Turn<'_>) -> Result<Option<String>> {
    let Some((id, _)) = &t.meta.last_ended else {
        return Ok(None);
    };
    Ok(t.session(id)?
        .and_then(|s| s.outcomes.last().map(|o| o.question_id.clone())))
}

/// The user's saved answers (their library, /library), oldest first.
pub(crate) fn saved_answers(store: &Store, user: &UserId) -> Result<Vec<crate::copilot::draft::Saved>> {
    Ok(store
        .scan::<crate::copilot::draft::Saved>(&keys::library(user))?
        .into_iter()
        .map(|(_, a)| a)
        .collect())
}

/// The saved answer for a question (the same bank question, or a question worded alike), the
/// latest if several fit.
pub(crate) fn saved_for(
    store: &Store,
    user: &UserId,
    question_id: Option<&str>,
    question: &str,
) -> Result<Option<crate::copilot::draft::Saved>> {
    Ok(saved_answers(store, user)?
        .into_iter()
        .rev()
        .find(|a| crate::copilot::draft::same_question(a.question_id.as_deref(), &a.question, question_id, question)))
}

/// The user's CV and target job description, when stored (/cv, /jd).
pub(crate) fn cv_and_jd(
    store: &Store,
    user: &UserId,
) -> Result<(Option<crate::copilot::docs::Cv>, Option<crate::copilot::docs::Jd>)> {
    Ok((store.get(&keys::cv(user))?, store.get(&keys::jd(user))?))
}
