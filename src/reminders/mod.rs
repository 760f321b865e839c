//! Reminders (issue #17), pure: a user's reminder rules (`daily 08:30`, `weekdays 19:00`), quiet
//! hours, and when the next reminder falls — computed at local time in the user's IANA zone, so a
//! rule fires once a day across daylight-saving changes: on the night the clock skips the rule's
//! time it fires at the same moment in the pre-change offset (02:30 → 03:30 summer time), and on
//! the night the clock repeats it, at the first of the two (02:30 summer time). The record lives
//! at `u/<user>/remind`; each rule's armed job is a scheduler job (`JobKind::Reminder`).

use crate::ids::Place;
use crate::store::Record;
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The most rules one user keeps.
pub const MAX_RULES: usize = 4;

/// Which days a rule fires on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Days {
    Daily,
    Weekdays,
}

impl Days {
    pub fn parse(s: &str) -> Option<Days> {
        match s.to_lowercase().as_str() {
            "daily" | "every_day" | "everyday" => Some(Days::Daily),
            "weekdays" | "weekday" | "workdays" => Some(Days::Weekdays),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Days::Daily => "daily",
            Days::Weekdays => "weekdays",
        }
    }

    fn includes(self, d: NaiveDate) -> bool {
        match self {
            Days::Daily => true,
            Days::Weekdays => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }
}

/// One rule: which days, at what local time, and the job armed for its next reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Stable within the user's record (`r1`, `r2`, …); the job's id carries it.
    pub id: String,
    pub days: Days,
    pub at: NaiveTime,
    /// The key of the armed scheduler job (`j/<due><id>`), and when it is due.
    pub job: Option<Vec<u8>>,
    pub next: Option<DateTime<Utc>>,
}

/// Quiet hours, local: nothing is sent from `from` up to `to` (may span midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiet {
    pub from: NaiveTime,
    pub to: NaiveTime,
}

impl Quiet {
    pub fn contains(&self, t: NaiveTime) -> bool {
        if self.from <= self.to {
            self.from <= t && t < self.to
        } else {
            t >= self.from || t < self.to
        }
    }
}

/// A user's reminders: their rules, quiet hours, where reminders go, and what was sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminders {
    pub rules: Vec<Rule>,
    pub quiet: Option<Quiet>,
    /// Where reminders are delivered: the direct conversation the user set them from.
    pub place: Option<Place>,
    /// When the last reminder was sent.
    pub last_sent: Option<DateTime<Utc>>,
    /// Reminders sent in a row that the user did not act on.
    pub unanswered: u32,
    /// The counter for rule ids.
    pub seq: u32,
}

impl Record for Reminders {}

/// `08:30`, `8:30`, `0830`, `8` → a time of day.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    let (h, m) = match s.split_once([':', '.', 'h']) {
        Some((h, m)) => (h, if m.is_empty() { "0" } else { m }),
        None if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) => (&s[..2], &s[2..]),
        None => (s, "0"),
    };
    if h.is_empty() || h.len() > 2 || m.len() > 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// `22:00-07:00` → quiet hours (equal ends are refused: they would mean always or never).
pub fn parse_quiet(s: &str) -> Option<Quiet> {
    let (a, b) = s.split_once(['-', '–'])?;
    let q = Quiet {
        from: parse_time(a)?,
        to: parse_time(b)?,
    };
    (q.from != q.to).then_some(q)
}

/// The instant a local date and time names in `tz`: the first of two on the night the clock
/// repeats; on the night it skips the time, the moment it would have been in the offset before
/// the change (02:30 in a skipped 02:00–03:00 is 03:30 summer time).
pub fn instant(tz: Tz, date: NaiveDate, at: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(at);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            let before = tz.offset_from_utc_datetime(&(local - Duration::days(1))).fix();
            Utc.from_utc_datetime(&(local - Duration::seconds(before.local_minus_utc() as i64)))
        }
    }
}

/// The first instant strictly after `after` at which `days` at `at` falls in `tz`.
pub fn next_occurrence(days: Days, at: NaiveTime, tz: Tz, after: DateTime<Utc>) -> DateTime<Utc> {
    let start = after.with_timezone(&tz).date_naive() - Duration::days(1);
    (0..10)
        .map(|i| start + Duration::days(i))
        .filter(|d| days.includes(*d))
        .map(|d| instant(tz, d, at))
        .find(|t| *t > after)
        // Unreachable (a weekday falls within any ten days); a day later is a safe answer.
        .unwrap_or(after + Duration::days(1))
}

/// If `t` falls inside quiet hours, the moment they end; else `t`.
pub fn outside_quiet(quiet: Option<Quiet>, tz: Tz, t: DateTime<Utc>) -> DateTime<Utc> {
    match quiet {
        Some(q) if q.contains(t.with_timezone(&tz).time()) => next_occurrence(Days::Daily, q.to, tz, t),
        _ => t,
    }
}

/// When a rule's next reminder goes out after `after`: its next occurrence, moved to the end of
/// quiet hours if it falls inside them.
pub fn next_fire(rule: &Rule, quiet: Option<Quiet>, tz: Tz, after: DateTime<Utc>) -> DateTime<Utc> {
    outside_quiet(quiet, tz, next_occurrence(rule.days, rule.at, tz, after))
}

/// A snooze: an hour from now, or tomorrow at the rule's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snooze {
    Hour,
    Tomorrow,
}

/// When a snoozed reminder comes back (outside quiet hours).
pub fn snoozed(snooze: Snooze, rule_at: NaiveTime, quiet: Option<Quiet>, tz: Tz, now: DateTime<Utc>) -> DateTime<Utc> {
    let t = match snooze {
        Snooze::Hour => now + Duration::hours(1),
        Snooze::Tomorrow => instant(tz, now.with_timezone(&tz).date_naive() + Duration::days(1), rule_at),
    };
    outside_quiet(quiet, tz, t)
}

/// Whether a reminder due at `due` is sent when its job runs at `now`: not inside quiet hours
/// (the caller moves it to their end); not when another reminder already went out since it fell
/// due (after downtime the missed ones are sent once, not as a burst); and to a user who let the
/// last two pass unanswered, at most one per local day.
pub fn should_send(r: &Reminders, tz: Tz, due: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    if r.quiet.is_some_and(|q| q.contains(now.with_timezone(&tz).time())) {
        return false;
    }
    let Some(last) = r.last_sent else {
        return true;
    };
    if last >= due {
        return false;
    }
    !(r.unanswered >= 2 && last.with_timezone(&tz).date_naive() == now.with_timezone(&tz).date_naive())
}

#[cfg(test)]
mod tests;
