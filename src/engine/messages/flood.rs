//! The flood limit's notice (`engine/flood.rs`).

use super::format::fmt_secs;
use crate::engine::reply::{Doc, Reply, ReplyKind};

/// The one notice a user gets when their messages come faster than the inbound limit allows;
/// `wait` is how long until the next one is taken.
pub fn flood_notice(wait: std::time::Duration) -> Reply {
    let secs = (wait.as_secs_f64().ceil() as i64).max(1);
    Reply::text(Doc::new().para(format!(
        "Slow down a little — messages are arriving faster than I can take them, so I didn't record that last one (if it was an answer, it doesn't count yet). Wait {}, then send it again; anything sent before then is dropped without a reply.",
        fmt_secs(secs)
    )))
    .kind(ReplyKind::Notice)
}
