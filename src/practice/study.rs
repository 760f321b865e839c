//! The study plan (`/plan`, and /report's plan section): a day-by-day plan from today to the
//! day before the user's interview date (or the next 14 days): each competency card's review on
//! the day it falls due (overdue ones today), weakest first within a day; booked mock
//! interviews on their day; suggested mock interviews spaced at least [`MOCK_GAP_DAYS`] apart
//! from every other mock; and the minutes each day takes. Pure and computed from the data at
//! each call, so nothing stale is stored.

use super::{Card, choose};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

/// Minutes a review (a one-question drill) is planned at.
pub const REVIEW_MINUTES: u32 = 10;
/// Minutes a mock interview is planned at.
pub const MOCK_MINUTES: u32 = 30;
/// Days between two mock interviews, at least.
pub const MOCK_GAP_DAYS: i64 = 3;
/// Days planned without an interview date.
pub const DEFAULT_DAYS: i64 = 14;
/// The longest plan.
pub const MAX_DAYS: i64 = 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mock {
    /// A booked interview (/schedule) at this time.
    Booked(DateTime<Utc>),
    /// A suggested one, aimed at the weakest area when there is one.
    Suggested(Option<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    /// Competencies to review, weakest first.
    pub reviews: Vec<String>,
    pub mocks: Vec<Mock>,
    pub minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyPlan {
    pub today: NaiveDate,
    /// The interview date the plan leads to, if the profile has one ahead.
    pub interview: Option<NaiveDate>,
    pub days: Vec<Day>,
    /// Every competency, weakest first.
    pub weakest: Vec<String>,
}

impl StudyPlan {
    pub fn total_minutes(&self) -> u32 {
        self.days.iter().map(|d| d.minutes).sum()
    }
}

/// Build the plan from the user's cards and booked interview times.
pub fn build(
    cards: &[Card],
    booked: &[DateTime<Utc>],
    now: DateTime<Utc>,
    tz: Tz,
    interview: Option<NaiveDate>,
) -> StudyPlan {
    let today = now.with_timezone(&tz).date_naive();
    let interview = interview.filter(|d| *d > today && (*d - today).num_days() <= MAX_DAYS);
    let n = match interview {
        Some(d) => (d - today).num_days(),
        None => DEFAULT_DAYS,
    };
    let weakest: Vec<String> = choose::weakest_competencies(cards, now)
        .into_iter()
        .map(|c| c.id.clone())
        .collect();
    let mut days: Vec<Day> = (0..n)
        .map(|i| Day {
            date: today + Duration::days(i),
            reviews: Vec::new(),
            mocks: Vec::new(),
            minutes: 0,
        })
        .collect();
    let index = |d: NaiveDate| -> Option<usize> {
        let i = (d - today).num_days();
        (0..n).contains(&i).then_some(i as usize)
    };
    // Reviews on their due day, weakest first (the order of `weakest`).
    for id in &weakest {
        let Some(c) = cards
            .iter()
            .find(|c| &c.id == id && c.kind == super::CardKind::Competency)
        else {
            continue;
        };
        let due = c.due.with_timezone(&tz).date_naive().max(today);
        if let Some(i) = index(due) {
            days[i].reviews.push(id.clone());
        }
    }
    let mut booked: Vec<DateTime<Utc>> = booked.iter().copied().filter(|b| *b > now).collect();
    booked.sort();
    let mut mock_days: Vec<i64> = Vec::new();
    for b in booked {
        if let Some(i) = index(b.with_timezone(&tz).date_naive()) {
            days[i].mocks.push(Mock::Booked(b));
            mock_days.push(i as i64);
        }
    }
    // Suggested mocks: the earliest days at least MOCK_GAP_DAYS from every other mock.
    let focus = weakest.first().cloned();
    for i in 0..n {
        if mock_days.iter().all(|d| (d - i).abs() >= MOCK_GAP_DAYS) {
            days[i as usize].mocks.push(Mock::Suggested(focus.clone()));
            mock_days.push(i);
        }
    }
    for d in &mut days {
        d.minutes = d.reviews.len() as u32 * REVIEW_MINUTES + d.mocks.len() as u32 * MOCK_MINUTES;
    }
    StudyPlan {
        today,
        interview,
        days,
        weakest,
    }
}
