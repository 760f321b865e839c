//! Reads of a user's past: their interviews, the questions recently asked (selection avoids
//! them), their weakest competencies (the coach chat and tips name them), and the timers their
//! interviews own (/export lists them, /forget deletes them). One place, so the commands, the
//! interview turns and the model's prompts read the same history the same way.

use super::turn::Turn;
use crate::interview::{Session, progress};
use crate::scoring::text::plural;
use crate::store::{StoreError, keys};
use chrono::{DateTime, Utc};

type Result<T> = std::result::Result<T, StoreError>;

/// Every interview of the user (oldest first, by key).
pub(crate) fn sessions(t: &Turn<'_>) -> Result<Vec<Session>> {
    Ok(t.e
        .store
        .scan::<Session>(&keys::sessions(&t.user))?
        .into_iter()
        .map(|(_, s)| s)
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
/// and the user's sessions know their keys. /export lists them, /forget deletes them.
pub(crate) fn timers(t: &Turn<'_>) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
    let mut out = Vec::new();
    for (_, s) in t.e.store.scan::<crate::interview::Session>(&keys::sessions(&t.user))? {
        for k in s.job_keys() {
            if let Some(job) = t.e.store.get_raw(&k)? {
                out.push((k, job));
            }
        }
    }
    Ok(out)
}
