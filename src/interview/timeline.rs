//! What the progress chart draws, from a user's interviews: per category, the day's average
//! question score of each day with a finished interview (so a series has at most one point a
//! day), each series' least-squares trend, and the weekly average of finished interviews (the
//! same figure as /progress's "Last weeks"). Bounded: only the last [`WINDOW_DAYS`] days count.
//! Days are the user's (their time zone), so an evening interview counts for that evening.
//! Pure: the chart itself is drawn by `charts::progress`.

use super::{Session, Status};
use crate::bank::Category;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// How many days back the chart reaches (today included).
pub const WINDOW_DAYS: i64 = 90;
/// The shortest span a chart shows, so a first interview is not drawn on a one-day axis.
pub const MIN_SPAN_DAYS: i64 = 7;

/// One day's average score of one category's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayScore {
    pub day: NaiveDate,
    pub score: u8,
    pub questions: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategorySeries {
    pub category: Category,
    /// Oldest first, one per day at most.
    pub points: Vec<DayScore>,
}

/// The average overall score of the interviews finished in one ISO week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekAverage {
    /// Monday of the week.
    pub week_of: NaiveDate,
    pub average: u8,
    pub interviews: u32,
}

/// A straight line through a series: the score at day offset `x` (days after `Timeline::from`)
/// is `intercept + slope * x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    pub slope: f64,
    pub intercept: f64,
}

impl Trend {
    pub fn at(self, x: f64) -> f64 {
        self.intercept + self.slope * x
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The first day shown.
    pub from: NaiveDate,
    /// The last day shown (today, UTC).
    pub to: NaiveDate,
    /// Categories with at least one point, in `Category::ALL` order.
    pub series: Vec<CategorySeries>,
    /// Weeks with a finished interview, oldest first.
    pub weeks: Vec<WeekAverage>,
}

impl Timeline {
    /// Nothing to draw: no interview finished in the window.
    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// Days shown after `from` (the x axis runs from 0 to this).
    pub fn span_days(&self) -> i64 {
        (self.to - self.from).num_days()
    }

    /// A day as the x axis counts it.
    pub fn offset(&self, day: NaiveDate) -> f64 {
        (day - self.from).num_days() as f64
    }

    /// All points of all series.
    pub fn points(&self) -> usize {
        self.series.iter().map(|s| s.points.len()).sum()
    }
}

/// The day a finished interview counts for: its day in the user's time zone.
fn day_of(s: &Session, tz: Tz) -> NaiveDate {
    s.ended_at.unwrap_or(s.created_at).with_timezone(&tz).date_naive()
}

/// The timeline up to `now`, in days of the user's time zone `tz` (UTC when they set none).
pub fn timeline(sessions: &[Session], now: DateTime<Utc>, tz: Tz) -> Timeline {
    let to = now.with_timezone(&tz).date_naive();
    let earliest = to - Duration::days(WINDOW_DAYS - 1);
    let finished: Vec<&Session> = sessions
        .iter()
        .filter(|s| s.status == Status::Completed && !s.outcomes.is_empty())
        .filter(|s| (earliest..=to).contains(&day_of(s, tz)))
        .collect();

    // (category, day) → (sum of question scores, questions).
    let mut days: BTreeMap<(Category, NaiveDate), (u32, u32)> = BTreeMap::new();
    // Monday → (sum of overall scores, interviews).
    let mut weeks: BTreeMap<NaiveDate, (u32, u32)> = BTreeMap::new();
    for s in &finished {
        let day = day_of(s, tz);
        for o in &s.outcomes {
            let e = days.entry((o.category, day)).or_default();
            e.0 += o.score as u32;
            e.1 += 1;
        }
        if let Some(overall) = s.report.as_ref().map(|r| r.overall).or(s.average()) {
            let monday = day - Duration::days(day.weekday().num_days_from_monday() as i64);
            let e = weeks.entry(monday).or_default();
            e.0 += overall as u32;
            e.1 += 1;
        }
    }
    let avg = |sum: u32, n: u32| (sum as f64 / n as f64).round() as u8;
    let series: Vec<CategorySeries> = Category::ALL
        .iter()
        .map(|&category| CategorySeries {
            category,
            points: days
                .range((category, NaiveDate::MIN)..=(category, NaiveDate::MAX))
                .map(|(&(_, day), &(sum, n))| DayScore {
                    day,
                    score: avg(sum, n),
                    questions: n,
                })
                .collect(),
        })
        .filter(|s| !s.points.is_empty())
        .collect();
    let first = series
        .iter()
        .filter_map(|s| s.points.first().map(|p| p.day))
        .min()
        .unwrap_or(to);
    Timeline {
        from: first.min(to - Duration::days(MIN_SPAN_DAYS - 1)),
        to,
        series,
        weeks: weeks
            .into_iter()
            .map(|(week_of, (sum, n))| WeekAverage {
                week_of,
                average: avg(sum, n),
                interviews: n,
            })
            .collect(),
    }
}

/// The least-squares line through a series (x = days after `from`); `None` with fewer than two
/// distinct days, where no line is defined.
pub fn trend(points: &[DayScore], from: NaiveDate) -> Option<Trend> {
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|p| ((p.day - from).num_days() as f64, p.score as f64))
        .collect();
    let n = xy.len() as f64;
    if xy.len() < 2 {
        return None;
    }
    let mx = xy.iter().map(|p| p.0).sum::<f64>() / n;
    let my = xy.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = xy.iter().map(|p| (p.0 - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xy.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    Some(Trend {
        slope,
        intercept: my - slope * mx,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn p(day: &str, score: u8) -> DayScore {
        DayScore {
            day: d(day),
            score,
            questions: 1,
        }
    }

    #[test]
    fn a_trend_through_two_points_is_the_line_between_them() {
        let t = trend(&[p("2026-11-01", 50), p("2026-11-11", 70)], d("2026-11-01")).unwrap();
        assert!((t.slope - 2.0).abs() < 1e-9, "{t:?}");
        assert!((t.intercept - 50.0).abs() < 1e-9, "{t:?}");
        assert!((t.at(5.0) - 60.0).abs() < 1e-9);
    }

    #[test]
    fn a_trend_of_three_points_fits_them_least_squares() {
        // (0, 10), (1, 30), (2, 20): the best line is 15 + 5x (residuals −5, 10, −5).
        let t = trend(
            &[p("2026-11-01", 10), p("2026-11-02", 30), p("2026-11-03", 20)],
            d("2026-11-01"),
        )
        .unwrap();
        assert!((t.slope - 5.0).abs() < 1e-9, "{t:?}");
        assert!((t.intercept - 15.0).abs() < 1e-9, "{t:?}");
    }

    #[test]
    fn no_trend_from_one_point() {
        assert_eq!(trend(&[p("2026-11-01", 50)], d("2026-11-01")), None);
        assert_eq!(trend(&[], d("2026-11-01")), None);
    }
}
