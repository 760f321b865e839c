//! A booked mock interview (`/schedule`): when, with which settings, where it opens, and the
//! scheduler jobs it owns — a reminder a day before and an hour before (each only when that
//! moment is still ahead at booking time) and the opening at the booked time. Once opened it
//! names its interview: if the first question runs out of time unanswered, the interview ends
//! without scores (`engine::commands::schedule::expire_if_unanswered`). Stored at `u/<user>/b/<id>`, so /export lists it and /forget deletes it.

use crate::ids::{Place, PlaceKind, Platform};
use crate::interview::Settings;
use crate::store::Record;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What a booking's job does when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    DayBefore,
    HourBefore,
    Open,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Booking {
    pub id: String,
    pub at: DateTime<Utc>,
    pub settings: Settings,
    pub place: Place,
    pub created_at: DateTime<Utc>,
    /// Queue keys of the jobs it owns.
    pub jobs: Vec<Vec<u8>>,
    /// The interview it opened, once opened.
    #[serde(default)]
    pub session: Option<String>,
}

impl Booking {
    /// Booked in a Discord server channel: it opens in a new private thread there, as /mock
    /// does in a channel.
    pub fn opens_in_thread(&self) -> bool {
        self.place.platform == Platform::Discord && self.place.kind == PlaceKind::Group
    }
}

impl Record for Booking {}

/// The reminders and the opening of a booking at `at`, booked at `now`: a reminder whose moment
/// has already passed is left out.
pub fn steps(at: DateTime<Utc>, now: DateTime<Utc>) -> Vec<(Step, DateTime<Utc>)> {
    let mut v = Vec::new();
    for (step, before) in [
        (Step::DayBefore, Duration::days(1)),
        (Step::HourBefore, Duration::hours(1)),
    ] {
        if at - before > now {
            v.push((step, at - before));
        }
    }
    v.push((Step::Open, at));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminders_already_past_are_left_out() {
        let now: DateTime<Utc> = "2026-11-02T09:00:00Z".parse().unwrap();
        let kinds = |at: DateTime<Utc>| steps(at, now).into_iter().map(|(s, _)| s).collect::<Vec<_>>();
        assert_eq!(
            kinds(now + Duration::days(3)),
            vec![Step::DayBefore, Step::HourBefore, Step::Open]
        );
        assert_eq!(kinds(now + Duration::hours(5)), vec![Step::HourBefore, Step::Open]);
        assert_eq!(kinds(now + Duration::minutes(30)), vec![Step::Open]);
    }
}
