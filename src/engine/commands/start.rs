//! /start — welcome.

use super::super::{Turn, messages as m};
use anyhow::Result;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    let profile = t.profile()?;
    let r = m::welcome(&t.user, &t.sender.display_name, &profile);
    t.reply(r);
    Ok(())
}
