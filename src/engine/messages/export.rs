//! /export and /forget: the export's caption and the confirm / done / cancelled / expired notices.

use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Doc, Line, Reply, ReplyKind};
use crate::scoring::text::plural;

pub fn export_caption(keys: usize) -> Doc {
    Doc::new().para(format!(
        "All your data as JSON ({}). Keep it somewhere safe: it contains your answers.",
        plural(keys, "record", "records")
    ))
}

pub fn forget_confirm(user: &UserId, nonce: &str, records: usize) -> Reply {
    Reply::text(
        Doc::new()
            .heading("Delete all your data?")
            .para(format!("This permanently deletes your profile, every interview, answer, score and schedule ({}). It cannot be undone. /export first if you want a copy.", plural(records, "record", "records")))
            .para(
                Line::new()
                    .t("Press the button or reply ")
                    .b("yes")
                    .t(" within 10 minutes; reply ")
                    .b("no")
                    .t(" to keep everything. Any other message withdraws the request."),
            ),
    )
    .private()
    .row(vec![
        button(user, "Yes, delete everything", Action::ForgetYes { nonce: nonce.into() }),
        button(user, "Cancel", Action::ForgetNo),
    ])
}

pub fn forget_done(records: usize) -> Reply {
    Reply::text(Doc::new().para(format!(
        "Done — all your data is deleted ({}). If you come back, you start fresh.",
        plural(records, "record", "records")
    )))
    .private()
}

pub fn forget_cancelled() -> Reply {
    Reply::text(Doc::new().para("Cancelled — nothing was deleted.")).private()
}

pub fn forget_withdrawn() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("Your ")
                .c("/forget")
                .t(" request is withdrawn — nothing was deleted."),
        ),
    )
    .kind(ReplyKind::Notice)
    .private()
}

pub fn forget_expired() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("That confirmation has expired. Send ")
                .c("/forget")
                .t(" again if you want to delete your data."),
        ),
    )
    .kind(ReplyKind::Notice)
    .private()
}
