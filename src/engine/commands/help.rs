//! /help — the command list, generated from the command table.

use crate::engine::messages as m;
use crate::engine::turn::Turn;
use anyhow::Result;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    t.reply(m::help());
    Ok(())
}
