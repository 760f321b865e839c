//! /progress — sessions started and completed, averages, per-category scores, weekly trend.

use crate::engine::error::Result;
use crate::engine::history;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::interview::progress;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    let p = progress::compute(&history::sessions(t)?, t.now, 6);
    t.reply(m::progress(&p));
    Ok(())
}
