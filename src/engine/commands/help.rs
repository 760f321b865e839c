//! /help — the command list, generated from the command table.

use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    t.reply(m::help());
    Ok(())
}
