//! /progress — sessions started and completed, averages, per-category scores, weekly trend; and
//! beside the text a chart of the last 90 days (`charts::progress`, drawn off the async
//! threads), unless no interview finished in that time.

use crate::engine::error::Result;
use crate::engine::history;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::interview::{progress, timeline};

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    let sessions = history::sessions(t)?;
    let p = progress::compute(&sessions, t.now, 6);
    let tz = super::schedule::user_tz(t)?.unwrap_or(chrono_tz::Tz::UTC);
    let tl = timeline::timeline(&sessions, t.now, tz);
    let png = if tl.is_empty() {
        None
    } else {
        let labels = m::progress_chart_labels(&tl);
        let data = tl.clone();
        match tokio::task::spawn_blocking(move || crate::charts::progress(&data, &labels)).await {
            Ok(Ok(png)) => Some(png),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "the progress chart could not be drawn");
                None
            }
            Err(e) => {
                tracing::error!(error = %e, "the progress chart's task failed");
                None
            }
        }
    };
    t.reply(m::progress(&p, png.is_some()));
    if let Some(png) = png {
        t.reply(m::progress_chart(png, &tl));
    }
    Ok(())
}
