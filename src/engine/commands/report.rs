//! /report — a Markdown file of the user's interviews: sessions, scores, weak areas with the
//! questions and scores behind them, and a plan (`messages::plan_section`).

use crate::engine::error::Result;
use crate::engine::history;
use crate::engine::messages as m;
use crate::engine::reply::Reply;
use crate::engine::turn::Turn;
use crate::interview::{progress, summary};

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    let sessions = history::sessions(t)?;
    if sessions.is_empty() {
        t.reply(m::report_nothing_yet());
        return Ok(());
    }
    let p = progress::compute(&sessions, t.now, 6);
    let s = summary::summarize(&sessions, &t.e.bank);
    let plan = super::plan::build(t)?;
    let plan_md = m::study_plan_markdown(&plan, super::schedule::user_tz(t)?);
    let md = m::report_markdown(&p, &s, &plan_md, t.now);
    t.reply(
        Reply::file(
            m::report_file_name(t.now),
            "text/markdown",
            md.into_bytes(),
            m::report_caption(&p),
        )
        .private(),
    );
    Ok(())
}
