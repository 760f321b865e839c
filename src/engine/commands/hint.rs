//! /hint — the next hint for the current question (noted in its score): the bank's hints, then a
//! key point; during a follow-up, the key points the answer so far missed.

use crate::engine::error::Result;
use crate::engine::interview_turns;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::interview::Session;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    match t.active_session()? {
        Some(mut s) => hint(t, &mut s),
        None => {
            t.reply(m::no_interview("hint"));
            Ok(())
        }
    }
}

fn hint(t: &mut Turn<'_>, s: &mut Session) -> Result<()> {
    if s.current.as_ref().is_some_and(|c| c.follow_up.is_some()) {
        return follow_up_hint(t, s);
    }
    let Some(c) = s.current.as_mut() else {
        t.reply(m::no_interview("hint"));
        return Ok(());
    };
    let Some(q) = t.e.bank.get(&s.plan[c.index].question_id) else {
        t.reply(m::no_more_hints(c.hints_used as usize));
        return Ok(());
    };
    // The bank's hints, then a key point of a strong answer as the last: the count shown is
    // all of them, and a /hint past the last says so and costs nothing.
    let key_point = q.key_points.first();
    let total = q.hints.len() + usize::from(key_point.is_some());
    let n = c.hints_used as usize;
    if n >= total {
        t.reply(m::no_more_hints(total));
        return Ok(());
    }
    c.hints_used += 1;
    match (q.hints.get(n), key_point) {
        (Some(h), _) => t.reply(m::hint(h, n + 1, total)),
        (None, Some(kp)) => t.reply(m::last_hint(kp, n + 1, total)),
        (None, None) => {}
    }
    interview_turns::save(t, s);
    Ok(())
}

/// Hints for a follow-up: it probes what the answer so far missed, so its hints are the key
/// points that answer missed (at most two), or one general nudge when it missed none.
fn follow_up_hint(t: &mut Turn<'_>, s: &mut Session) -> Result<()> {
    const MAX: usize = 2;
    let Some(index) = s.current.as_ref().map(|c| c.index) else {
        return Ok(());
    };
    let question_id = s.plan[index].question_id.clone();
    let missed: Vec<String> = t
        .answers(s)?
        .into_iter()
        .rev()
        .find(|a| a.question_id == question_id)
        .map(|a| a.score.evidence.key_points_missed)
        .unwrap_or_default();
    let Some(c) = s.current.as_mut() else {
        return Ok(());
    };
    let k = c.follow_up_hints as usize;
    let total = missed.len().clamp(1, MAX);
    if k >= total {
        t.reply(m::no_more_hints(total));
        return Ok(());
    }
    c.follow_up_hints += 1;
    c.hints_used += 1;
    t.reply(m::follow_up_hint(missed.get(k).map(String::as_str), k + 1, total));
    interview_turns::save(t, s);
    Ok(())
}
