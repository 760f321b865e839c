//! Reminders (issue #17): /remind's replies (the rules, the next reminder, quiet hours, off,
//! mistakes), the reminder itself (what is due, with buttons to start it and to snooze), and the
//! snooze's confirmation.

use super::practice::{area_label, when};
use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Doc, Line, Reply};
use crate::practice::Card;
use crate::reminders::{Quiet, Reminders};
use crate::scoring::text::plural;
use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn quiet_words(q: &Quiet) -> String {
    format!("{}–{}", hm(q.from), hm(q.to))
}

/// /remind: the rules, each with its next reminder, and quiet hours; `changed` opens with "Saved".
pub fn reminders_status(r: &Reminders, now: DateTime<Utc>, tz: Tz, tz_set: bool, changed: bool) -> Reply {
    let mut doc = Doc::new();
    if changed {
        doc = doc.para(Line::new().b("Reminders saved."));
    }
    if r.rules.is_empty() {
        doc = doc.para("No reminders set. Try /remind daily 08:30 or /remind weekdays 19:00.");
    } else {
        doc = doc.heading("Your reminders");
        doc = doc.bullets(r.rules.iter().map(|rule| {
            let next = rule
                .next
                .map(|n| when(n, now, Some(tz)))
                .unwrap_or_else(|| "not set".into());
            format!("{} at {} — next reminder {}", rule.days.name(), hm(rule.at), next)
        }));
    }
    doc = doc.para(match &r.quiet {
        Some(q) => format!("Quiet hours: {} (nothing is sent then).", quiet_words(q)),
        None => "Quiet hours: none (set them with /remind quiet 22:00-07:00).".to_string(),
    });
    doc = doc.para(if tz_set {
        format!("Times are in {}.", tz.name())
    } else {
        "Times are in UTC: set your time zone with /profile timezone Europe/Berlin.".to_string()
    });
    if !r.rules.is_empty() {
        doc = doc.para("Stop them all with /remind off.");
    }
    Reply::text(doc)
}

/// /remind off.
pub fn reminders_off(had: usize) -> Reply {
    Reply::text(Doc::new().para(if had == 0 {
        "You had no reminders; nothing changed.".to_string()
    } else {
        format!(
            "Reminders off: {} removed. Turn them on again with /remind daily 08:30.",
            plural(had, "rule", "rules")
        )
    }))
}

/// /remind with words it cannot read.
pub fn reminders_bad(word: &str) -> Reply {
    Reply::text(
        Doc::new()
            .para(Line::new().t("I couldn't read ").c(word).t(" as a reminder."))
            .para("Try /remind daily 08:30, /remind weekdays 19:00, /remind quiet 22:00-07:00, /remind off, or /remind to see yours (times as HH:MM, 24-hour)."),
    )
}

/// /remind with the most rules already set.
pub fn reminders_full(max: usize) -> Reply {
    Reply::text(Doc::new().para(format!(
        "You already have {}: /remind off clears them, then set the ones you want.",
        plural(max, "reminder", "reminders")
    )))
}

/// /remind where others can read.
pub fn reminders_in_private() -> Reply {
    Reply::text(Doc::new().para("Reminders are sent to you directly: send /remind to me in a direct message."))
}

/// The reminder: what is due (weakest first) with a button to start, or with nothing due a mock
/// or a new area; and the snooze buttons.
pub fn reminder(user: &UserId, rule: &str, due: &[Card], new_area: Option<&str>) -> Reply {
    let mut doc = Doc::new();
    let mut row = Vec::new();
    if due.is_empty() {
        doc = doc.para("Nothing is due for review today. A mock interview keeps you sharp.");
        row.push(button(user, "Mock interview", Action::Run { command: "mock".into() }));
        if let Some(area) = new_area {
            doc = super::practice::offer_new_area(doc, &mut row, user, area);
        }
    } else {
        let names: Vec<String> = due.iter().take(5).map(|c| area_label(&c.id)).collect();
        let more = if due.len() > 5 { ", …" } else { "" };
        doc = doc.para(
            Line::new()
                .b(format!("{} due", plural(due.len(), "drill", "drills")))
                .t(format!(": {}{more}", names.join(", "))),
        );
        row.push(button(
            user,
            "Start practice",
            Action::Run {
                command: "practice".into(),
            },
        ));
    }
    let snooze = vec![
        button(
            user,
            "Snooze 1 hour",
            Action::Snooze {
                rule: rule.to_string(),
                tomorrow: false,
            },
        ),
        button(
            user,
            "Tomorrow",
            Action::Snooze {
                rule: rule.to_string(),
                tomorrow: true,
            },
        ),
    ];
    Reply::text(doc).row(row).row(snooze)
}

/// A snooze set.
pub fn snoozed(at: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> Reply {
    Reply::text(Doc::new().para(format!("Snoozed: I'll remind you again {}.", when(at, now, Some(tz)))))
}

/// A snooze for a reminder that was since turned off.
pub fn snooze_gone() -> Reply {
    Reply::text(Doc::new().para("That reminder is off now; /remind shows the ones you have."))
}
