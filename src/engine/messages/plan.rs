//! The study plan (/plan, and its days in /report's plan section): one line per day — the
//! reviews due that day weakest first, the mock interview (booked or suggested), the minutes —
//! and the interview date it leads to; with a model, its checked introduction and day notes
//! around those lines. The numbers are always the plan's.

use super::practice::area_label;
use crate::engine::reply::{Doc, Line, Reply};
use crate::practice::study::{Day, Mock, StudyPlan};
use crate::practice::wording::Wording;
use chrono_tz::Tz;
use std::fmt::Write;

fn day_label(d: &Day, plan: &StudyPlan) -> String {
    let date = d.date.format("%a %-d %b").to_string();
    match (d.date - plan.today).num_days() {
        0 => format!("Today ({date})"),
        1 => format!("Tomorrow ({date})"),
        _ => date,
    }
}

fn mock_words(m: &Mock, tz: Option<Tz>) -> String {
    match m {
        Mock::Booked(at) => {
            let local = match tz {
                Some(z) => at.with_timezone(&z).format("%H:%M").to_string(),
                None => at.format("%H:%M UTC").to_string(),
            };
            format!("booked mock interview at {local}")
        }
        Mock::Suggested(Some(area)) => format!("mock interview (/mock), with an eye on {}", area_label(area)),
        Mock::Suggested(None) => "mock interview (/mock)".to_string(),
    }
}

/// One day's line: what to do and the minutes it takes.
fn day_line(d: &Day, tz: Option<Tz>) -> String {
    let mut parts = Vec::new();
    if !d.reviews.is_empty() {
        let areas: Vec<String> = d.reviews.iter().map(|a| area_label(a)).collect();
        parts.push(format!("review {} (/practice)", areas.join(", ")));
    }
    for m in &d.mocks {
        parts.push(mock_words(m, tz));
    }
    if parts.is_empty() {
        "rest day".to_string()
    } else {
        format!("{} — {} min", parts.join("; "), d.minutes)
    }
}

fn head(plan: &StudyPlan) -> String {
    match plan.interview {
        Some(d) => format!(
            "Study plan to your interview on {} ({} days)",
            d.format("%a %-d %b %Y"),
            plan.days.len()
        ),
        None => format!("Study plan for the next {} days", plan.days.len()),
    }
}

/// /plan's reply; with a model's checked wording, its introduction and day notes around the
/// plan's own lines (which it never changes).
pub fn study_plan(plan: &StudyPlan, tz: Option<Tz>, wording: Option<&Wording>) -> Reply {
    let mut doc = Doc::new().heading(head(plan));
    if let Some(w) = wording {
        doc = doc.para(w.intro.clone());
    }
    doc = if plan.weakest.is_empty() {
        doc.para(
            "No reviews yet: the mock interviews below find your weak areas, and the plan fills in as results come in.",
        )
    } else {
        let weak: Vec<String> = plan.weakest.iter().take(3).map(|a| area_label(a)).collect();
        doc.para(Line::new().t("Weakest first: ").b(weak.join(", ")).t("."))
    };
    doc = doc.bullets(plan.days.iter().map(|d| {
        let line = Line::new().b(format!("{}: ", day_label(d, plan))).t(day_line(d, tz));
        match wording.and_then(|w| w.note(d.date)) {
            Some(note) => line.t(" — ").i(note.to_string()),
            None => line,
        }
    }));
    doc = doc.para(format!(
        "In all {} min. Recomputed from your results each time you ask.",
        plan.total_minutes()
    ));
    if wording.is_some() {
        doc = doc.para(PLAN_WORDED);
    }
    if plan.interview.is_none() {
        doc = doc.para("Set your interview date with /profile interview-date YYYY-MM-DD to plan up to it.");
    }
    Reply::text(doc).private()
}

/// Under a plan the model worded.
pub const PLAN_WORDED: &str = "The introduction and day notes are the model's wording; the days, areas and minutes are computed from your results.";

/// The plan as the model is shown it: its heading, one line per day with its date
/// (YYYY-MM-DD) and what it holds, and the total.
pub fn plan_for_model(plan: &StudyPlan, tz: Option<Tz>) -> String {
    let mut s = format!("{}\n", head(plan));
    for d in &plan.days {
        let _ = writeln!(
            s,
            "- {} ({}): {}",
            d.date.format("%Y-%m-%d"),
            day_label(d, plan),
            day_line(d, tz)
        );
    }
    let _ = writeln!(s, "In all {} min.", plan.total_minutes());
    s
}

/// The plan's days for /report's Markdown (`plan_section`).
pub fn study_plan_markdown(plan: &StudyPlan, tz: Option<Tz>) -> String {
    let mut md = format!("**{}**\n\n", head(plan));
    for d in &plan.days {
        let _ = writeln!(md, "- **{}**: {}", day_label(d, plan), day_line(d, tz));
    }
    let _ = writeln!(md, "\nIn all {} min.", plan.total_minutes());
    md
}

pub fn bad_interview_date(word: &str) -> Reply {
    let word: String = word.chars().take(30).collect();
    Reply::text(Doc::new().para(format!(
        "I can't read \"{word}\" as a date: write it as YYYY-MM-DD, e.g. /profile interview-date 2026-12-20 (or interview-date none to clear it)."
    )))
}
