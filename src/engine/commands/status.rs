//! /status — the running interview, time left, and which brain is active.

use super::super::{Turn, messages as m};
use anyhow::Result;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    let profile = t.profile()?;
    let session = t.active_session()?;
    let view = session.as_ref().map(|s| {
        let q = s
            .current
            .as_ref()
            .and_then(|c| t.e.bank.get(&s.plan[c.index].question_id));
        let left = s
            .current
            .as_ref()
            .map(|c| (c.deadline - t.now).num_seconds())
            .unwrap_or(0);
        (s, q, left)
    });
    let r = m::status(view, &profile, t.e.bank.len());
    t.reply(r);
    Ok(())
}
