//! /help — the command list, generated from the command table.

use super::super::{Turn, messages as m};
use anyhow::Result;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    t.reply(m::help());
    Ok(())
}
