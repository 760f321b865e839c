//! Booked mock interviews (/schedule): booked, the list, cancelled, the reminders, the opening,
//! the expiry of an unanswered one, and what could not be read.

use super::practice::when;
use crate::engine::reply::{Doc, Line, Reply, ReplyKind};
use crate::interview::Settings;
use crate::practice::booking::{Booking, Step};
use crate::practice::when::WhenError;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

fn what(s: &Settings) -> String {
    let mut w = format!("{} interview", s.kind.label());
    if let Some(r) = &s.role {
        w.push_str(&format!(", {}", r.replace('_', " ")));
    }
    w.push_str(&format!(", {}, {} questions", s.level.slug(), s.count));
    w
}

/// The zone times are shown in, as a note when the profile has none.
fn zone_note(tz: Option<Tz>) -> Option<&'static str> {
    tz.is_none()
        .then_some("Times are in UTC: set your time zone with /profile timezone Area/City.")
}

pub fn booked(b: &Booking, reminders: usize, now: DateTime<Utc>, tz: Option<Tz>) -> Reply {
    let in_thread = b.opens_in_thread();
    let mut doc = Doc::new()
        .para(
            Line::new()
                .t("Booked: ")
                .b(what(&b.settings))
                .t(" ")
                .t(when(b.at, now, tz))
                .t("."),
        )
        .para(format!(
            "{}open the interview {} at that time.",
            match reminders {
                2 => "I'll remind you a day and an hour before, then ",
                1 => "I'll remind you an hour before, then ",
                _ => "I'll ",
            },
            if in_thread { "in a private thread here" } else { "here" }
        ))
        .para("/schedule lists your bookings; /schedule cancel 1 cancels the first.");
    if let Some(n) = zone_note(tz) {
        doc = doc.para(n);
    }
    Reply::text(doc)
}

pub fn bookings(list: &[Booking], now: DateTime<Utc>, tz: Option<Tz>) -> Reply {
    if list.is_empty() {
        return Reply::text(Doc::new().para(
            "No mock interviews booked. Book one with /schedule 2026-12-14 18:00 technical backend senior (or tomorrow 18:00, fri 9am).",
        ));
    }
    let mut doc = Doc::new()
        .heading("Booked mock interviews")
        .numbered(
            list.iter()
                .map(|b| format!("{} — {}", when(b.at, now, tz), what(&b.settings))),
        )
        .para("/schedule cancel N cancels one.");
    if let Some(n) = zone_note(tz) {
        doc = doc.para(n);
    }
    Reply::text(doc)
}

pub fn booking_cancelled(b: &Booking, now: DateTime<Utc>, tz: Option<Tz>) -> Reply {
    Reply::text(Doc::new().para(format!(
        "Cancelled: {} {}. Its reminders are gone too.",
        what(&b.settings),
        when(b.at, now, tz)
    )))
}

pub fn no_such_booking(word: &str, count: usize) -> Reply {
    let word: String = word.chars().take(20).collect();
    Reply::text(Doc::new().para(match count {
        0 => "You have no booked mock interviews to cancel.".to_string(),
        1 => format!("There is no booking \"{word}\": you have one, so /schedule cancel 1 cancels it."),
        n => format!("There is no booking \"{word}\": give a number from 1 to {n} (/schedule lists them)."),
    }))
}

pub fn too_many_bookings(max: usize) -> Reply {
    Reply::text(Doc::new().para(format!(
        "You already have {max} mock interviews booked. Cancel one first (/schedule lists them)."
    )))
}

/// What could not be read as a moment, with the forms that work.
pub fn bad_when(e: &WhenError, tz: Option<Tz>) -> Reply {
    let zone = tz.map_or("UTC".to_string(), |z| z.name().to_string());
    let head = match e {
        WhenError::NoDate => "Start with the day: a date (2026-12-14), today, tomorrow or a weekday (fri).".to_string(),
        WhenError::NoTime => "Give a time of day after the day: 18:00, 9am or 7:30pm.".to_string(),
        WhenError::Unreadable(w) => format!("I can't read \"{w}\" as a day."),
        WhenError::Past(at) => format!(
            "{} ({zone}) has already passed: pick a time in the future.",
            at.format("%a %-d %b %Y, %H:%M")
        ),
        WhenError::TooFar => "That is more than a year ahead: pick a time within a year.".to_string(),
        WhenError::NoSuchTime(at) => format!(
            "{} does not exist in {zone} (the clocks change then): pick another time.",
            at.format("%a %-d %b %Y, %H:%M")
        ),
    };
    Reply::text(
        Doc::new()
            .para(head)
            .para("For example: /schedule 2026-12-14 18:00 technical backend senior, /schedule tomorrow 18:00, /schedule fri 9am behavioral."),
    )
}

pub fn booking_reminder(b: &Booking, step: Step, now: DateTime<Utc>, tz: Option<Tz>) -> Reply {
    let lead = match step {
        Step::DayBefore => "Reminder: tomorrow",
        _ => "Reminder: in an hour",
    };
    Reply::text(Doc::new().para(format!(
        "{lead}, your booked {} ({}). I'll open it here on time; /schedule cancel drops it.",
        what(&b.settings),
        when(b.at, now, tz)
    )))
}

pub fn booking_opening(b: &Booking) -> Reply {
    Reply::text(Doc::new().para(format!(
        "It's time for your booked {}. If you don't answer the first question before its time runs out, the interview expires without scores.",
        what(&b.settings)
    )))
}

/// The booked time has come where others can read: the privacy question follows.
pub fn booking_due(b: &Booking) -> Reply {
    Reply::text(Doc::new().para(format!("It's time for your booked {}.", what(&b.settings))))
}

pub fn booking_due_thread(b: &Booking) -> Reply {
    Reply::text(Doc::new().para(format!(
        "It's time for your booked {}. I'm opening a private thread for it here.",
        what(&b.settings)
    )))
}

pub fn no_booking_waiting() -> Reply {
    Reply::text(
        Doc::new()
            .para("There's no booked interview waiting to open. /schedule lists your bookings; /mock starts one now."),
    )
    .kind(ReplyKind::Notice)
}

pub fn booking_busy(b: &Booking) -> Reply {
    Reply::text(Doc::new().para(format!(
        "Your booked {} was due now, but another interview is running, so I didn't open it. /mock starts one when you're ready.",
        what(&b.settings)
    )))
}

pub fn booking_expired() -> Reply {
    Reply::text(Doc::new().para(
        "The booked interview expired: its first question went unanswered, so nothing was scored. /schedule books another.",
    ))
}
