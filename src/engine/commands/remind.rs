//! /remind [daily|weekdays HH:MM | quiet HH:MM-HH:MM | quiet off | off] — practice reminders
//! (issue #17). Rules, quiet hours and where reminders go are one record (`u/<user>/remind`);
//! each rule has one scheduler job for its next reminder, re-armed for the next local occurrence
//! when it fires ([`fire`], called by `engine::jobs`). The Snooze buttons move a rule's job.
//! A reminder whose platform has no adapter running (the terminal closed) waits, looked at again
//! each minute, and goes out once when it opens.
//! The when is decided in `crate::reminders` (pure).

use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::engine::{history, reviews};
use crate::practice::choose;
use crate::reminders::{self as rem, Days, Reminders, Rule, Snooze};
use crate::scheduler::{self, Job, JobKind};
use crate::store::{StoreError, keys};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

fn load(t: &Turn<'_>) -> std::result::Result<Reminders, StoreError> {
    Ok(t.e.store.get(&keys::reminders(&t.user))?.unwrap_or_default())
}

fn zone(t: &Turn<'_>) -> (Tz, bool) {
    match reviews::time_zone(t) {
        Some(z) => (z, true),
        None => (Tz::UTC, false),
    }
}

/// Arm (or move) rule `i`'s job to `at`, in the turn's batch.
fn arm(t: &mut Turn<'_>, r: &mut Reminders, i: usize, at: DateTime<Utc>) {
    if let Some(old) = r.rules[i].job.take() {
        scheduler::cancel(&mut t.batch, &old);
    }
    let place = r.place.clone().unwrap_or_else(|| t.place.clone());
    let job = Job {
        id: format!("{}/remind/{}", t.user.as_str(), r.rules[i].id),
        user: t.user.clone(),
        place,
        due: at,
        kind: JobKind::Reminder {
            rule: r.rules[i].id.clone(),
        },
    };
    r.rules[i].job = Some(scheduler::schedule(&mut t.batch, &job));
    r.rules[i].next = Some(at);
}

fn rearm_all(t: &mut Turn<'_>, r: &mut Reminders, tz: Tz) {
    for i in 0..r.rules.len() {
        let at = rem::next_fire(&r.rules[i], r.quiet, tz, t.now);
        arm(t, r, i, at);
    }
}

/// The user's time zone changed (/profile): every rule's next reminder moves to the new zone.
pub(crate) fn zone_changed(t: &mut Turn<'_>, tz: Tz) -> Result<()> {
    let mut r = load(t)?;
    if r.rules.is_empty() {
        return Ok(());
    }
    rearm_all(t, &mut r, tz);
    t.batch.put(&keys::reminders(&t.user), &r);
    Ok(())
}

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    let words: Vec<String> = args.split_whitespace().map(str::to_lowercase).collect();
    let mut r = load(t)?;
    let (tz, tz_set) = zone(t);
    if words.is_empty() {
        t.reply(m::reminders_status(&r, t.now, tz, tz_set, false));
        return Ok(());
    }
    if t.place.is_shared() {
        t.reply(m::reminders_in_private());
        return Ok(());
    }
    let first = words[0].as_str();
    if matches!(first, "off" | "stop" | "none" | "disable") && words.len() == 1 {
        for rule in &r.rules {
            if let Some(k) = &rule.job {
                scheduler::cancel(&mut t.batch, k);
            }
        }
        t.batch.delete(&keys::reminders(&t.user));
        t.reply(m::reminders_off(r.rules.len()));
        return Ok(());
    }
    if first == "quiet" {
        let rest = words[1..].join("");
        r.quiet = match rest.as_str() {
            "off" | "none" => None,
            s => match rem::parse_quiet(s) {
                Some(q) => Some(q),
                None => {
                    t.reply(m::reminders_bad(&clip(&words.join(" "))));
                    return Ok(());
                }
            },
        };
    } else {
        let (days, time) = match (Days::parse(first), words.get(1)) {
            (Some(d), Some(w)) if words.len() == 2 => (d, rem::parse_time(w)),
            (None, None) => (Days::Daily, rem::parse_time(first)),
            _ => (Days::Daily, None),
        };
        let Some(at) = time else {
            t.reply(m::reminders_bad(&clip(&words.join(" "))));
            return Ok(());
        };
        if !r.rules.iter().any(|x| x.days == days && x.at == at) {
            if r.rules.len() >= rem::MAX_RULES {
                t.reply(m::reminders_full(rem::MAX_RULES));
                return Ok(());
            }
            r.seq += 1;
            r.rules.push(Rule {
                id: format!("r{}", r.seq),
                days,
                at,
                job: None,
                next: None,
            });
        }
    }
    // Reminders go where the user set them (a direct conversation); setting them is an answer.
    r.place = Some(t.place.clone());
    r.unanswered = 0;
    rearm_all(t, &mut r, tz);
    t.batch.put(&keys::reminders(&t.user), &r);
    t.reply(m::reminders_status(&r, t.now, tz, tz_set, true));
    Ok(())
}

/// A Snooze button: the rule's job moves an hour on, or to tomorrow at the rule's time.
pub async fn snooze(t: &mut Turn<'_>, rule: &str, tomorrow: bool) -> Result<()> {
    let mut r = load(t)?;
    let (tz, _) = zone(t);
    let Some(i) = r.rules.iter().position(|x| x.id == rule) else {
        t.reply(m::snooze_gone());
        return Ok(());
    };
    let how = if tomorrow { Snooze::Tomorrow } else { Snooze::Hour };
    let at = rem::snoozed(how, r.rules[i].at, r.quiet, tz, t.now);
    arm(t, &mut r, i, at);
    r.unanswered = 0;
    t.batch.put(&keys::reminders(&t.user), &r);
    t.reply(m::snoozed(at, t.now, tz));
    Ok(())
}

/// Whether the user did something since `since`: reviewed a card (a drill or an interview
/// question), or has an interview running or finished one.
fn acted_since(t: &Turn<'_>, since: DateTime<Utc>) -> std::result::Result<bool, StoreError> {
    if t.meta.active_session.is_some() || t.meta.last_ended.as_ref().is_some_and(|(_, at)| *at > since) {
        return Ok(true);
    }
    Ok(history::cards(t)?.iter().any(|c| c.last_review > since))
}

/// A rule's job fired (the job is already cancelled in the turn's batch): send the reminder
/// unless `reminders::should_send` holds it back, and arm the rule's next reminder.
pub(crate) async fn fire(t: &mut Turn<'_>, key: &[u8], rule: &str) -> std::result::Result<(), StoreError> {
    let mut r = load(t)?;
    let Some(i) = r
        .rules
        .iter()
        .position(|x| x.id == rule && x.job.as_deref() == Some(key))
    else {
        return Ok(()); // A job a crash or a change left behind.
    };
    r.rules[i].job = None;
    let platform = r.place.as_ref().unwrap_or(&t.place).platform;
    if !t.e.pushes.contains_key(&platform) {
        // Nothing of the user's platform runs now (the terminal is closed, or this process
        // serves another platform): the reminder waits, and is looked at again in a minute.
        arm(t, &mut r, i, t.now + chrono::Duration::minutes(1));
        t.batch.put(&keys::reminders(&t.user), &r);
        return Ok(());
    }
    let (tz, _) = zone(t);
    let due = keys::job_due_millis(key)
        .and_then(DateTime::<Utc>::from_timestamp_millis)
        .unwrap_or(t.now);
    if let Some(last) = r.last_sent
        && acted_since(t, last)?
    {
        r.unanswered = 0;
    }
    let in_quiet = r.quiet.is_some_and(|q| q.contains(t.now.with_timezone(&tz).time()));
    if rem::should_send(&r, tz, due, t.now) {
        let due_cards = history::due_cards(&t.e.store, &t.user, t.now)?;
        let area = if due_cards.is_empty() {
            let cards = history::cards(t)?;
            let role = t.profile()?.role;
            choose::new_area(&cards, t.e.bank.all(), role.as_deref()).map(str::to_string)
        } else {
            None
        };
        t.reply(m::reminder(&t.user, rule, &due_cards, area.as_deref()));
        r.last_sent = Some(t.now);
        r.unanswered += 1;
    }
    let at = if in_quiet {
        rem::outside_quiet(r.quiet, tz, t.now)
    } else {
        rem::next_fire(&r.rules[i], r.quiet, tz, t.now)
    };
    arm(t, &mut r, i, at);
    t.batch.put(&keys::reminders(&t.user), &r);
    Ok(())
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}
