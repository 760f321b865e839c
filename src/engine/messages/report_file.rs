//! /report: the Markdown file (sessions, scores, weak areas with the questions behind them, the
//! plan), its caption, and the reply when there is nothing to report yet.

use crate::engine::reply::{Doc, Line, Reply};
use crate::interview::progress::Progress;
use crate::interview::summary::{Summary, WeakArea};
use crate::interview::{OutcomeKind, Status};
use crate::scoring::clip;
use crate::scoring::text::plural;
use chrono::{DateTime, Utc};
use std::fmt::Write;

pub fn report_nothing_yet() -> Reply {
    Reply::text(
        Doc::new().heading("Report").para(
            Line::new()
                .t("No interviews yet, so there is nothing to report. Your first one is a ")
                .c("/mock")
                .t(" away."),
        ),
    )
    .private()
}

pub fn report_caption(p: &Progress) -> Doc {
    Doc::new().para(format!(
        "Your progress report as Markdown ({}): sessions, scores, weak areas with the questions behind them, and a plan.",
        plural(p.started as usize, "interview", "interviews")
    ))
}

/// The file's name for a report made at `now`.
pub fn report_file_name(now: DateTime<Utc>) -> String {
    format!("interview-coach-report-{}.md", now.format("%Y%m%d-%H%M%S"))
}

fn score(s: Option<u8>) -> String {
    s.map(|x| format!("{x}/100")).unwrap_or_else(|| "—".into())
}

/// Text for a Markdown table cell: no line breaks, no column separators.
fn cell(s: &str) -> String {
    s.replace(['\n', '\r'], " ").replace('|', "\\|")
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Pending => "not started",
        Status::InProgress => "in progress",
        Status::Completed => "completed",
        Status::Abandoned => "abandoned",
    }
}

fn outcome_words(kind: OutcomeKind, score: u8) -> String {
    match kind {
        OutcomeKind::Answered => format!("{score}/100"),
        OutcomeKind::Skipped => "skipped (0/100)".into(),
        OutcomeKind::TimedOut => "timed out (0/100)".into(),
    }
}

/// The whole report as Markdown.
pub fn report_markdown(p: &Progress, s: &Summary, plan: &str, now: DateTime<Utc>) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Interview Coach report\n");
    let _ = writeln!(md, "Made on {} (UTC).\n", now.format("%Y-%m-%d at %H:%M"));

    let _ = writeln!(md, "## Summary\n");
    let _ = writeln!(
        md,
        "- Interviews started: {} · completed: {} · abandoned: {}",
        p.started, p.completed, p.abandoned
    );
    let _ = writeln!(md, "- Questions answered: {}", p.answered);
    let _ = writeln!(
        md,
        "- Average score: {} · best: {} · last: {}\n",
        score(p.average),
        score(p.best),
        score(p.last)
    );

    if !p.per_category.is_empty() {
        let _ = writeln!(md, "## Scores by category\n");
        let _ = writeln!(md, "| Category | Average | Questions |\n|---|---:|---:|");
        for (c, avg, n) in &p.per_category {
            let _ = writeln!(md, "| {} | {avg}/100 | {n} |", c.label());
        }
        let _ = writeln!(md);
    }

    let _ = writeln!(md, "## Sessions\n");
    let _ = writeln!(
        md,
        "| Started (UTC) | Interview | Status | Questions | Score |\n|---|---|---|---:|---:|"
    );
    for l in &s.sessions {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} answered of {} | {} |",
            l.started.format("%Y-%m-%d %H:%M"),
            l.kind.label(),
            status_word(l.status),
            l.answered,
            l.questions,
            score(l.score)
        );
    }
    if s.older_sessions > 0 {
        let _ = writeln!(
            md,
            "\n…and {} before these.",
            plural(s.older_sessions, "earlier interview", "earlier interviews")
        );
    }
    let _ = writeln!(md);

    let _ = writeln!(md, "## Weak areas\n");
    if s.weak_areas.is_empty() {
        let _ = writeln!(md, "No question has been closed yet, so no area stands out.\n");
    }
    for a in &s.weak_areas {
        let _ = writeln!(
            md,
            "### {} — {}/100 over {}\n",
            a.label,
            a.average,
            plural(a.questions as usize, "question", "questions")
        );
        let _ = writeln!(md, "| Date | Score | Question |\n|---|---:|---|");
        for e in &a.evidence {
            let question = if e.question.is_empty() {
                format!("(question {} is no longer in the bank)", e.question_id)
            } else {
                clip(&e.question, 160)
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} |",
                e.asked.format("%Y-%m-%d"),
                outcome_words(e.kind, e.score),
                cell(&question)
            );
        }
        let _ = writeln!(md);
    }

    md.push_str(&plan_section(s, plan));
    md
}

/// The report's plan section: each weak area, the /mock that practises it and the question to
/// retry first (its lowest score), then the study plan's days (`study_plan_markdown`, the same
/// plan /plan shows, computed at the time of the report).
pub fn plan_section(s: &Summary, plan: &str) -> String {
    let mut md = String::from("## Plan\n\n");
    if s.weak_areas.is_empty() {
        md.push_str("Finish an interview and this section will suggest what to practise first.\n");
    }
    for (i, a) in s.weak_areas.iter().enumerate() {
        let _ = writeln!(md, "{}. {}", i + 1, plan_step(a));
    }
    if !plan.is_empty() {
        let _ = write!(md, "\n{plan}");
    }
    md
}

fn plan_step(a: &WeakArea) -> String {
    let mut step = format!("**{}** (now {}/100)", a.label, a.average);
    if let Some(kind) = a.practice {
        let _ = write!(step, ": practise with `/mock {kind}`");
    }
    if let Some(e) = a.evidence.first().filter(|e| !e.question.is_empty()) {
        let _ = write!(
            step,
            "; retry \"{}\" (your lowest, {}) and aim above 70",
            clip(&e.question, 120),
            outcome_words(e.kind, e.score)
        );
    }
    step.push('.');
    step
}
