//! /status — the running interview, time left, and which brain is active.

use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;

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
    let brain = match t.e.llm.as_deref() {
        None => "offline (rubric scorer and curated question bank; no language model configured)".to_string(),
        Some(llm) if llm.paused().is_some() => format!(
            "offline for now: {} is paused after repeated failures and will be retried shortly",
            llm.describe()
        ),
        Some(llm) => match llm.ping(std::time::Duration::from_secs(3)).await {
            Ok(_) => format!(
                "LLM: {} (answering; structured output via {})",
                llm.describe(),
                llm.json_mode().label()
            ),
            Err(e) => format!(
                "LLM: {} — not answering right now ({e}); the offline engine covers",
                llm.describe()
            ),
        },
    };
    let score = t.e.llm.as_ref().map(|_| &t.e.score_weight);
    let r = m::status(view, &profile, t.e.bank.len(), &brain, score);
    t.reply(r);
    Ok(())
}
