//! What the /report file says, as data: every interview in one line, and the weakest areas with
//! the questions and scores behind them (the same areas, in the same order, as /progress's
//! "Focus next on"). Pure: `engine::messages` writes it as Markdown.

use super::report::{area_label, mock_type_for};
use super::{InterviewType, OutcomeKind, Session, Status};
use crate::bank::{Bank, Category};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// How many interviews the file lists one by one (the newest); older ones are counted.
pub const MAX_SESSIONS: usize = 50;
/// How many weak areas the file details.
pub const WEAK_AREAS: usize = 3;
/// How many questions back each weak area (its lowest scores).
pub const EVIDENCE: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLine {
    pub started: DateTime<Utc>,
    pub kind: InterviewType,
    pub status: Status,
    /// Questions closed (answered, skipped or timed out).
    pub questions: u32,
    pub answered: u32,
    /// The report's overall score, else the average of the questions closed.
    pub score: Option<u8>,
}

/// One question behind a weak area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub question_id: String,
    /// The bank's text (empty if the question has left the bank).
    pub question: String,
    pub asked: DateTime<Utc>,
    pub kind: OutcomeKind,
    pub score: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeakArea {
    /// As /progress names it (`interview::report::area_label`).
    pub label: String,
    pub category: Category,
    pub average: u8,
    pub questions: u32,
    /// The lowest-scored questions first (the newest first among equal scores).
    pub evidence: Vec<Evidence>,
    /// The /mock type that practises it.
    pub practice: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The newest [`MAX_SESSIONS`] interviews, newest first.
    pub sessions: Vec<SessionLine>,
    /// Interviews older than those listed.
    pub older_sessions: usize,
    pub weak_areas: Vec<WeakArea>,
}

pub fn summarize(sessions: &[Session], bank: &Bank) -> Summary {
    let mut by_start: Vec<&Session> = sessions.iter().collect();
    by_start.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let lines: Vec<SessionLine> = by_start
        .iter()
        .take(MAX_SESSIONS)
        .map(|s| SessionLine {
            started: s.created_at,
            kind: s.settings.kind,
            status: s.status,
            questions: s.outcomes.len() as u32,
            answered: s.answered() as u32,
            score: s.report.as_ref().map(|r| r.overall).or(s.average()),
        })
        .collect();

    // Area → (category, every question closed in it).
    let mut areas: BTreeMap<String, (Category, Vec<Evidence>)> = BTreeMap::new();
    for s in sessions {
        for o in &s.outcomes {
            let e = areas
                .entry(area_label(o.category, &o.competency))
                .or_insert_with(|| (o.category, Vec::new()));
            e.1.push(Evidence {
                question_id: o.question_id.clone(),
                question: bank.get(&o.question_id).map(|q| q.text.clone()).unwrap_or_default(),
                asked: s.ended_at.unwrap_or(s.created_at),
                kind: o.kind,
                score: o.score,
            });
        }
    }
    let mut weak: Vec<WeakArea> = areas
        .into_iter()
        .map(|(label, (category, mut evidence))| {
            let n = evidence.len() as u32;
            let average = (evidence.iter().map(|e| e.score as f64).sum::<f64>() / n as f64).round() as u8;
            evidence.sort_by(|a, b| a.score.cmp(&b.score).then(b.asked.cmp(&a.asked)));
            evidence.truncate(EVIDENCE);
            WeakArea {
                label,
                category,
                average,
                questions: n,
                evidence,
                practice: mock_type_for(category),
            }
        })
        .collect();
    // /progress's order: the lowest average first, then by name.
    weak.sort_by(|a, b| a.average.cmp(&b.average).then(a.label.cmp(&b.label)));
    weak.truncate(WEAK_AREAS);

    Summary {
        sessions: lines,
        older_sessions: sessions.len().saturating_sub(MAX_SESSIONS),
        weak_areas: weak,
    }
}
