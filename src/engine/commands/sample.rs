//! /sample — a bank question's sample strong answer on request, or a plain "it has none" with
//! what a strong answer covers. Not for the question being answered right now (its sample is
//! shown by Details once the question closes).

use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    let word = args.split_whitespace().next().unwrap_or("").to_lowercase();
    let id = if word.is_empty() {
        crate::engine::history::last_asked(t)?
    } else {
        Some(word.clone())
    };
    let Some(id) = id else {
        t.reply(m::sample_usage());
        return Ok(());
    };
    let Some(q) = t.e.bank.get(&id) else {
        t.reply(m::sample_unknown(&word));
        return Ok(());
    };
    let live = live_question(t)?;
    if live.as_deref() == Some(q.id.as_str()) {
        t.reply(m::sample_live());
        return Ok(());
    }
    let r = match &q.sample_answer {
        Some(s) => m::sample_answer(&t.user, q, s, live.is_some()),
        None => m::sample_none(&t.user, q, live.is_some()),
    };
    t.reply(r);
    Ok(())
}

/// The bank id of the question open in the user's interview, if one is.
pub(crate) fn live_question(t: &Turn<'_>) -> Result<Option<String>> {
    Ok(t.active_session()?
        .and_then(|s| s.current.as_ref().map(|c| s.plan[c.index].question_id.clone())))
}
