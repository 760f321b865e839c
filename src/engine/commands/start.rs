//! /start — welcome.

use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    let profile = t.profile()?;
    let r = m::welcome(&t.user, &t.sender.display_name, &profile);
    t.reply(r);
    // A deep link (Telegram's `t.me/<bot>?start=mock`, from a group's "Private chat" button)
    // goes straight on to setting up an interview.
    if args.trim() == "mock" && !t.place.is_shared() {
        return super::mock::run(t, "").await;
    }
    Ok(())
}
