//! Progress over all of a user's sessions: counts, averages, per-category scores, weekly trend.

use super::{OutcomeKind, Session, Status};
use crate::bank::Category;
use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekPoint {
    /// Monday of the ISO week.
    pub week_of: String,
    pub sessions: u32,
    pub average: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub started: u32,
    pub completed: u32,
    pub abandoned: u32,
    pub in_progress: u32,
    pub answered: u32,
    pub average: Option<u8>,
    pub best: Option<u8>,
    pub last: Option<u8>,
    /// Category → (average of final question scores, questions).
    pub per_category: Vec<(Category, u8, u32)>,
    /// The weakest competencies (label, average, questions).
    pub weakest: Vec<(String, u8, u32)>,
    pub weeks: Vec<WeekPoint>,
}

pub fn compute(sessions: &[Session], now: DateTime<Utc>, weeks: u32) -> Progress {
    let completed: Vec<&Session> = sessions.iter().filter(|s| s.status == Status::Completed).collect();
    let scores: Vec<u8> = completed
        .iter()
        .filter_map(|s| s.report.as_ref().map(|r| r.overall).or(s.average()))
        .collect();
    let average = (!scores.is_empty())
        .then(|| (scores.iter().map(|&x| x as f64).sum::<f64>() / scores.len() as f64).round() as u8);
    let last = completed
        .iter()
        .max_by_key(|s| s.ended_at)
        .and_then(|s| s.report.as_ref().map(|r| r.overall).or(s.average()));

    let mut cat: BTreeMap<Category, (f64, u32)> = BTreeMap::new();
    let mut comp: BTreeMap<String, (f64, u32)> = BTreeMap::new();
    let mut answered = 0;
    for s in sessions {
        for o in &s.outcomes {
            if o.kind == OutcomeKind::Answered {
                answered += 1;
            }
            let e = cat.entry(o.category).or_default();
            e.0 += o.score as f64;
            e.1 += 1;
            let e = comp
                .entry(super::report::area_label(o.category, &o.competency))
                .or_default();
            e.0 += o.score as f64;
            e.1 += 1;
        }
    }
    let per_category = cat
        .into_iter()
        .map(|(c, (sum, n))| (c, (sum / n as f64).round() as u8, n))
        .collect();
    let mut weakest: Vec<(String, u8, u32)> = comp
        .into_iter()
        .map(|(c, (sum, n))| (c, (sum / n as f64).round() as u8, n))
        .collect();
    weakest.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    weakest.truncate(3);

    // Weekly trend, oldest first, ending with the current week.
    let this_monday = (now - Duration::days(now.weekday().num_days_from_monday() as i64)).date_naive();
    let mut points = Vec::new();
    for w in (0..weeks as i64).rev() {
        let start = this_monday - Duration::weeks(w);
        let end = start + Duration::weeks(1);
        let in_week: Vec<u8> = completed
            .iter()
            .filter(|s| {
                let d = s.ended_at.unwrap_or(s.created_at).date_naive();
                d >= start && d < end
            })
            .filter_map(|s| s.report.as_ref().map(|r| r.overall).or(s.average()))
            .collect();
        points.push(WeekPoint {
            week_of: start.format("%Y-%m-%d").to_string(),
            sessions: in_week.len() as u32,
            average: (!in_week.is_empty())
                .then(|| (in_week.iter().map(|&x| x as f64).sum::<f64>() / in_week.len() as f64).round() as u8),
        });
    }

    Progress {
        started: sessions.len() as u32,
        completed: completed.len() as u32,
        abandoned: sessions.iter().filter(|s| s.status == Status::Abandoned).count() as u32,
        in_progress: sessions.iter().filter(|s| s.is_active()).count() as u32,
        answered,
        average,
        best: scores.iter().copied().max(),
        last,
        per_category,
        weakest,
        weeks: points,
    }
}
