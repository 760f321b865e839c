//! /usage — LLM tokens used today, over the last days, and by the running interview.

use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::profile::UsageDay;
use crate::store::keys;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    let days: Vec<UsageDay> =
        t.e.store
            .scan_last::<UsageDay>(&keys::usage_days(&t.user), 7)?
            .into_iter()
            .map(|(_, d)| d)
            .collect();
    let today = t.usage_day().clone();
    let session = t.active_session()?.map(|s| s.tokens);
    let model = t.e.llm.as_deref().map(|l| l.describe());
    let r = m::usage(
        model.as_deref(),
        &today,
        &days,
        session,
        t.e.config.max_tokens_per_user_day,
    );
    t.reply(r);
    Ok(())
}
