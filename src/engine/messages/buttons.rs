//! Replies to button presses that cannot be honoured: someone else's, stale or unknown buttons.

use crate::engine::reply::{Doc, Reply, ReplyKind};

pub fn not_your_button() -> Reply {
    Reply::text(Doc::new().para("That button belongs to someone else's session — start your own with /mock."))
        .kind(ReplyKind::Notice)
        .private()
}

pub fn stale_button() -> Reply {
    Reply::text(
        Doc::new().para("That button is from an interview that has already ended. /status shows what's running now."),
    )
    .kind(ReplyKind::Notice)
    .private()
}

pub fn unknown_button() -> Reply {
    Reply::text(Doc::new().para("That button has expired. Send /help to see what I can do."))
        .kind(ReplyKind::Notice)
        .private()
}
