//! /progress — sessions started and completed, averages, per-category scores, weekly trend.

use super::super::{Turn, messages as m};
use crate::interview::{Session, progress};
use crate::store::keys;
use anyhow::Result;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    let sessions: Vec<Session> =
        t.e.store
            .scan::<Session>(&keys::sessions(&t.user))?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
    let p = progress::compute(&sessions, t.now, 6);
    t.reply(m::progress(&p));
    Ok(())
}

/// The user's weakest competencies with their averages, for tips tied to real weak areas.
pub(crate) fn weak_areas(t: &Turn<'_>) -> Result<Vec<String>> {
    let sessions: Vec<Session> =
        t.e.store
            .scan::<Session>(&keys::sessions(&t.user))?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
    let p = progress::compute(&sessions, t.now, 6);
    Ok(p.weakest
        .iter()
        .take(3)
        .map(|(label, avg, n)| {
            format!(
                "{label} (average {avg}/100 over {})",
                m::plural(*n as usize, "answer", "answers")
            )
        })
        .collect())
}
