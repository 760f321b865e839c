//! When a booked mock interview is (`/schedule`): the first words of the argument line read as a
//! moment in the user's time zone — `2026-12-14 18:00`, `tomorrow 18:00`, `fri 9am`, `today
//! 7:30pm` — and turned into UTC. Pure: the caller passes the current time and the zone. A moment
//! that is not in the future is refused with its own error, so the reply can say so.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// Why the words are not a future moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhenError {
    /// No date or day word came first.
    NoDate,
    /// A day but no time of day after it.
    NoTime,
    /// Words that are neither (the word, clipped).
    Unreadable(String),
    /// The moment has passed (or is now): its local time as read.
    Past(chrono::NaiveDateTime),
    /// More than a year ahead.
    TooFar,
    /// A local time that does not exist (skipped by a daylight-saving change).
    NoSuchTime(chrono::NaiveDateTime),
}

/// The moment read, and how many words it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    pub at: DateTime<Utc>,
    pub words: usize,
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

fn weekday(w: &str) -> Option<Weekday> {
    let w = w.trim_end_matches(['.', ',']);
    if w.len() < 3 {
        return None;
    }
    let full = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    WEEKDAYS
        .iter()
        .zip(full)
        .find(|((short, _), long)| long.starts_with(w) && w.starts_with(short))
        .map(|((_, d), _)| *d)
}

/// A time of day: `18:00`, `9am`, `9:30pm`, `12pm`, `18h`.
pub fn time_of_day(w: &str) -> Option<NaiveTime> {
    let w = w.trim().to_lowercase();
    let (body, half) = if let Some(b) = w.strip_suffix("am") {
        (b.trim(), Some(false))
    } else if let Some(b) = w.strip_suffix("pm") {
        (b.trim(), Some(true))
    } else {
        (w.trim_end_matches('h'), None)
    };
    let (h, m) = match body.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        Some(_) => return None,
        None if half.is_some() || w.ends_with('h') => (body.parse::<u32>().ok()?, 0),
        None => return None,
    };
    let h = match half {
        Some(pm) => {
            if !(1..=12).contains(&h) {
                return None;
            }
            (h % 12) + if pm { 12 } else { 0 }
        }
        None => h,
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// Read the moment at the start of `words`, in `tz`, relative to `now`.
pub fn parse(words: &[&str], now: DateTime<Utc>, tz: Tz) -> Result<When, WhenError> {
    let today = now.with_timezone(&tz).date_naive();
    let Some(first) = words.first().map(|w| w.to_lowercase()) else {
        return Err(WhenError::NoDate);
    };
    let day: Option<(Option<NaiveDate>, Option<Weekday>)> = if let Ok(d) = NaiveDate::parse_from_str(&first, "%Y-%m-%d")
    {
        Some((Some(d), None))
    } else {
        match first.as_str() {
            "today" | "tonight" => Some((Some(today), None)),
            "tomorrow" | "tmrw" => Some((today.succ_opt(), None)),
            w => weekday(w).map(|d| (None, Some(d))),
        }
    };
    let Some((date, wd)) = day else {
        return Err(if time_of_day(&first).is_some() {
            WhenError::NoDate
        } else {
            WhenError::Unreadable(first.chars().take(30).collect())
        });
    };
    // "9 am": the number and its half of the day as two words.
    let (time, used) = match (words.get(1), words.get(2)) {
        (Some(a), Some(b)) if matches!(b.to_lowercase().as_str(), "am" | "pm") => (time_of_day(&format!("{a}{b}")), 3),
        (Some(a), _) => (time_of_day(a), 2),
        (None, _) => return Err(WhenError::NoTime),
    };
    let Some(time) = time else {
        return Err(WhenError::NoTime);
    };
    let local = |d: NaiveDate| d.and_time(time);
    let date = match (date, wd) {
        (Some(d), _) => d,
        (None, Some(wd)) => {
            // The next such day whose moment is still ahead (today if it is today and later).
            let ahead = (wd.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
            let d = today + Duration::days(ahead as i64);
            match tz.from_local_datetime(&local(d)).earliest() {
                Some(at) if at.with_timezone(&Utc) > now => d,
                _ => d + Duration::days(7),
            }
        }
        (None, None) => return Err(WhenError::NoDate),
    };
    let naive = local(date);
    let Some(at) = tz.from_local_datetime(&naive).earliest() else {
        return Err(WhenError::NoSuchTime(naive));
    };
    let at = at.with_timezone(&Utc);
    if at <= now {
        return Err(WhenError::Past(naive));
    }
    if at - now > Duration::days(366) {
        return Err(WhenError::TooFar);
    }
    Ok(When { at, words: used })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2 November 2026, 09:00 UTC (10:00 in Berlin).
    fn now() -> DateTime<Utc> {
        "2026-11-02T09:00:00Z".parse().unwrap()
    }

    fn at(words: &str, tz: &str) -> Result<(String, usize), WhenError> {
        let w: Vec<&str> = words.split_whitespace().collect();
        parse(&w, now(), tz.parse().unwrap()).map(|w| (w.at.to_rfc3339(), w.words))
    }

    #[test]
    fn an_absolute_date_is_read_in_the_users_zone() {
        assert_eq!(
            at("2026-12-14 18:00 technical", "Europe/Berlin"),
            Ok(("2026-12-14T17:00:00+00:00".into(), 2))
        );
        assert_eq!(
            at("2026-12-14 18:00", "America/New_York"),
            Ok(("2026-12-14T23:00:00+00:00".into(), 2))
        );
        assert_eq!(
            at("2026-12-14 18:00", "UTC"),
            Ok(("2026-12-14T18:00:00+00:00".into(), 2))
        );
    }

    #[test]
    fn tomorrow_and_weekdays_are_the_next_such_day() {
        assert_eq!(
            at("tomorrow 18:00", "Europe/Berlin"),
            Ok(("2026-11-03T17:00:00+00:00".into(), 2))
        );
        // Monday → the coming Friday.
        assert_eq!(
            at("fri 9am", "Europe/Berlin"),
            Ok(("2026-11-06T08:00:00+00:00".into(), 2))
        );
        assert_eq!(at("Friday 9 am x", "UTC"), Ok(("2026-11-06T09:00:00+00:00".into(), 3)));
        // Monday at 9am Berlin is past (it is 10:00 there): next Monday.
        assert_eq!(
            at("mon 9am", "Europe/Berlin"),
            Ok(("2026-11-09T08:00:00+00:00".into(), 2))
        );
        // Monday at 11:30 Berlin is still ahead: today.
        assert_eq!(
            at("monday 11:30", "Europe/Berlin"),
            Ok(("2026-11-02T10:30:00+00:00".into(), 2))
        );
        assert_eq!(at("today 7:30pm", "UTC"), Ok(("2026-11-02T19:30:00+00:00".into(), 2)));
        assert_eq!(at("tue 12pm", "UTC"), Ok(("2026-11-03T12:00:00+00:00".into(), 2)));
        assert_eq!(at("tue 12am", "UTC"), Ok(("2026-11-03T00:00:00+00:00".into(), 2)));
    }

    #[test]
    fn past_and_unreadable_moments_are_refused() {
        assert_eq!(
            at("today 9:30", "Europe/Berlin"),
            Err(WhenError::Past(
                NaiveDate::from_ymd_opt(2026, 11, 2)
                    .unwrap()
                    .and_hms_opt(9, 30, 0)
                    .unwrap()
            ))
        );
        assert!(matches!(at("2025-01-01 10:00", "UTC"), Err(WhenError::Past(_))));
        assert_eq!(at("2028-01-01 10:00", "UTC"), Err(WhenError::TooFar));
        assert_eq!(at("tomorrow", "UTC"), Err(WhenError::NoTime));
        assert_eq!(at("tomorrow 25:00", "UTC"), Err(WhenError::NoTime));
        assert_eq!(at("tomorrow 13pm", "UTC"), Err(WhenError::NoTime));
        assert_eq!(at("18:00", "UTC"), Err(WhenError::NoDate));
        assert_eq!(at("someday 18:00", "UTC"), Err(WhenError::Unreadable("someday".into())));
        assert_eq!(at("", "UTC"), Err(WhenError::NoDate));
        // 02:30 on 29 March 2026 does not exist in Berlin (clocks jump to 03:00)... but that is
        // past; 28 March 2027 is the next such jump.
        assert!(matches!(
            at("2027-03-28 02:30", "Europe/Berlin"),
            Err(WhenError::NoSuchTime(_))
        ));
    }
}
