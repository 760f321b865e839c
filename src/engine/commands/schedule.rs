//! /schedule — booked mock interviews: `/schedule <when> [mock settings]` books one (the moment
//! read by `practice::when` in the user's time zone, the settings as /mock reads them), bare
//! `/schedule` lists the upcoming ones, `/schedule cancel N` cancels one and its jobs. Each
//! booking owns scheduler jobs (a reminder a day and an hour before, the opening); [`fire`] runs
//! them (a booking made in a Discord server channel opens in a new private thread: the push asks
//! the adapter for one, and `/schedule open <id>` comes back from inside it), and
//! [`expire_if_unanswered`] ends an opened interview whose first question ran out of
//! time unanswered, without scores.

use crate::engine::error::Result;
use crate::engine::event::Payload;
use crate::engine::interview_turns;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::interview::{Session, rules};
use crate::practice::booking::{self, Booking, Step};
use crate::practice::when;
use crate::scheduler::{self, Job, JobKind};
use crate::store::keys;
use chrono_tz::Tz;

/// Upcoming bookings a user may hold.
pub const MAX_BOOKINGS: usize = 10;

/// The user's time zone, if their profile names a valid one.
pub(crate) fn user_tz(t: &Turn<'_>) -> Result<Option<Tz>> {
    Ok(t.profile()?.timezone.and_then(|z| z.parse::<Tz>().ok()))
}

/// The user's bookings not yet opened, soonest first.
pub(crate) fn upcoming(t: &Turn<'_>) -> Result<Vec<Booking>> {
    let mut v: Vec<Booking> =
        t.e.store
            .scan::<Booking>(&keys::bookings(&t.user))?
            .into_iter()
            .map(|(_, b)| b)
            .filter(|b| b.session.is_none() && !b.jobs.is_empty())
            .collect();
    v.sort_by_key(|b| (b.at, b.id.clone()));
    Ok(v)
}

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    let tz = user_tz(t)?;
    let words: Vec<&str> = args.split_whitespace().collect();
    // An opened booking whose interview ended without a later alarm has served its purpose;
    // one left waiting for its private thread (the process stopped before the adapter opened
    // it) is dropped after an hour.
    for (k, b) in t.e.store.scan::<Booking>(&keys::bookings(&t.user))? {
        let ended = match &b.session {
            Some(id) => !t.session(id)?.is_some_and(|s| s.is_active()),
            None => b.jobs.is_empty() && t.now - b.at > chrono::Duration::hours(1),
        };
        if ended {
            t.batch.delete(&k);
        }
    }
    if words.first().is_some_and(|w| w.eq_ignore_ascii_case("open")) {
        return open_waiting(t, words.get(1).copied().unwrap_or("")).await;
    }
    let list = upcoming(t)?;
    match words.first().map(|w| w.to_lowercase()).as_deref() {
        None | Some("list") => {
            t.reply(m::bookings(&list, t.now, tz));
            return Ok(());
        }
        Some("cancel" | "delete" | "remove") => {
            let word = words.get(1).copied().unwrap_or("");
            match word.trim_start_matches('#').parse::<usize>() {
                Ok(n) if (1..=list.len()).contains(&n) => {
                    let b = &list[n - 1];
                    for k in &b.jobs {
                        scheduler::cancel(&mut t.batch, k);
                    }
                    t.batch.delete(&keys::booking(&t.user, &b.id));
                    t.reply(m::booking_cancelled(b, t.now, tz));
                }
                _ => t.reply(m::no_such_booking(word, list.len())),
            }
            return Ok(());
        }
        _ => {}
    }
    let at = match when::parse(&words, t.now, tz.unwrap_or(Tz::UTC)) {
        Ok(w) => w,
        Err(e) => {
            t.reply(m::bad_when(&e, tz));
            return Ok(());
        }
    };
    let settings = match super::mock::parse(&words[at.words..].join(" ")) {
        Ok(a) => super::mock::settings_of(t, a)?,
        Err(problems) => {
            let usage = crate::engine::command_table::find("schedule")
                .map(|c| c.usage)
                .unwrap_or("/schedule");
            t.reply(m::bad_arguments("schedule", &problems, usage));
            return Ok(());
        }
    };
    if list.len() >= MAX_BOOKINGS {
        t.reply(m::too_many_bookings(MAX_BOOKINGS));
        return Ok(());
    }
    let id = format!("{}-{}", interview_turns::new_session_id(t.now), list.len() + 1);
    let mut b = Booking {
        id: id.clone(),
        at: at.at,
        settings,
        place: t.place.clone(),
        created_at: t.now,
        jobs: Vec::new(),
        session: None,
    };
    let steps = booking::steps(b.at, t.now);
    for (step, due) in &steps {
        let job = Job {
            id: format!("{id}-{step:?}"),
            user: t.user.clone(),
            place: b.place.clone(),
            due: *due,
            kind: JobKind::Booking {
                booking: id.clone(),
                step: *step,
            },
        };
        b.jobs.push(scheduler::schedule(&mut t.batch, &job));
    }
    t.batch.put(&keys::booking(&t.user, &id), &b);
    t.reply(m::booked(&b, steps.len() - 1, t.now, tz));
    Ok(())
}

/// A booking's job fired (`engine::jobs`): a reminder, or the opening. A cancelled booking's
/// job finds no booking and does nothing.
pub(crate) async fn fire(t: &mut Turn<'_>, fired: &[u8], id: &str, step: Step) -> Result<()> {
    let key = keys::booking(&t.user, id);
    let Some(mut b) = t.e.store.get::<Booking>(&key)? else {
        return Ok(());
    };
    b.jobs.retain(|k| k != fired);
    let tz = user_tz(t)?;
    match step {
        Step::DayBefore | Step::HourBefore => {
            t.reply(m::booking_reminder(&b, step, t.now, tz));
            t.batch.put(&key, &b);
        }
        Step::Open => {
            for k in &b.jobs {
                scheduler::cancel(&mut t.batch, k);
            }
            b.jobs.clear();
            if t.active_session()?.is_some() {
                t.reply(m::booking_busy(&b));
                t.batch.delete(&key);
                return Ok(());
            }
            // In a Discord server channel the interview runs in a new private thread, as a
            // /mock there does: the adapter opens it and hands `/schedule open <id>` back from
            // inside it (or from the channel, when it cannot open one).
            if b.opens_in_thread() {
                t.reply(m::booking_due_thread(&b));
                t.in_private_thread = Some(Payload::Command {
                    name: "schedule".into(),
                    args: format!("open {}", b.id),
                });
                t.batch.put(&key, &b);
                return Ok(());
            }
            open_here(t, key, b).await?;
        }
    }
    Ok(())
}

/// `/schedule open <id>`: a booking due in a Discord server channel, handed back from the
/// private thread opened for it. Any other booking (or a second press) is not waiting.
async fn open_waiting(t: &mut Turn<'_>, id: &str) -> Result<()> {
    let key = keys::booking(&t.user, id);
    match t.e.store.get::<Booking>(&key)? {
        Some(b) if b.session.is_none() && b.jobs.is_empty() && !id.is_empty() => open_here(t, key, b).await,
        _ => {
            t.reply(m::no_booking_waiting());
            Ok(())
        }
    }
}

/// Open a due booking where the turn is: the interview starts, unless another one is running
/// or others can read here (a group, a server channel: it asks first, as /mock does there,
/// and starts on "Continue here").
async fn open_here(t: &mut Turn<'_>, key: Vec<u8>, mut b: Booking) -> Result<()> {
    if t.active_session()?.is_some() {
        t.reply(m::booking_busy(&b));
        t.batch.delete(&key);
        return Ok(());
    }
    if t.place.is_shared() {
        let now = t.now;
        t.meta_mut().pending = Some(crate::profile::Pending::GroupMock {
            settings: b.settings.clone(),
            at: now,
        });
        t.reply(m::booking_due(&b));
        t.reply(m::group_mock_warning(&t.user));
        t.batch.delete(&key);
        return Ok(());
    }
    t.reply(m::booking_opening(&b));
    interview_turns::start(t, b.settings.clone()).await?;
    match t.meta.active_session.clone() {
        Some(session) => {
            b.session = Some(session);
            t.batch.put(&key, &b);
        }
        None => t.batch.delete(&key),
    }
    Ok(())
}

/// The interview's alarm fired (`engine::jobs`): if the session was opened by a booking and its
/// first question ran out of time with nothing answered, it expires without scores. Returns
/// whether it did. Any alarm of an opened booking's interview after that point forgets the
/// booking (it has served its purpose).
pub(crate) async fn expire_if_unanswered(t: &mut Turn<'_>, s: &mut Session) -> Result<bool> {
    let opened: Vec<(Vec<u8>, Booking)> =
        t.e.store
            .scan::<Booking>(&keys::bookings(&t.user))?
            .into_iter()
            .filter(|(_, b)| b.session.as_deref() == Some(s.id.as_str()))
            .collect();
    if opened.is_empty() {
        return Ok(false);
    }
    let unanswered = s.outcomes.is_empty() && s.current.as_ref().is_some_and(|c| c.score_so_far.is_none());
    let over = matches!(
        rules::due(s.current.as_ref(), s.cap_at, t.now),
        rules::Due::TimeOut | rules::Due::GraceOver | rules::Due::Cap
    );
    if unanswered && !over {
        return Ok(false);
    }
    for (k, _) in &opened {
        t.batch.delete(k);
    }
    if !unanswered {
        return Ok(false);
    }
    t.reply(m::booking_expired());
    interview_turns::end(t, s).await?;
    Ok(true)
}
