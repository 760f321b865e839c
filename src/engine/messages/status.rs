//! /status, /usage and /progress (its text, and the chart's words and caption).

use super::format::fmt_secs;
use super::starting::position_words;
use crate::bank::{Question, catalog};
use crate::engine::reply::{Doc, Line, Reply};
use crate::interview::Session;
use crate::interview::progress::Progress;
use crate::interview::timeline::{Timeline, WINDOW_DAYS};
use crate::profile::Profile;
use crate::scoring::clip;
use crate::scoring::text::plural;

pub fn status(
    s: Option<(&Session, Option<&Question>, i64)>,
    profile: &Profile,
    bank_size: usize,
    brain: &str,
    score: Option<&crate::scoring::calibration::ScoreWeight>,
) -> Reply {
    let mut doc = Doc::new().heading("Status");
    match s {
        Some((s, q, left)) => {
            let follow_up = s.current.as_ref().and_then(|c| c.follow_up.as_deref());
            let note = if follow_up.is_some() { " (follow-up)" } else { "" };
            doc = doc.bullets([
                Line::new()
                    .b(if s.drill { "Drill: " } else { "Interview: " })
                    .t(format!(
                        "{} · {}{note}",
                        s.settings.kind.label(),
                        position_words(s.position())
                    )),
                Line::new().b("Time left on this question: ").t(fmt_secs(left)),
                Line::new().b("Answered so far: ").t(format!(
                    "{} (average {})",
                    s.answered(),
                    s.average().map(|a| format!("{a}/100")).unwrap_or_else(|| "—".into())
                )),
            ]);
            if let Some(q) = q {
                doc = doc.para(Line::new().i(clip(&q.text, 200)));
            }
            if let Some(f) = follow_up {
                doc = doc.para(Line::new().b("Follow-up: ").i(clip(f, 200)));
            }
        }
        None => doc = doc.para(Line::new().t("No interview running. Start one with ").c("/mock").t(".")),
    }
    let mut lines = vec![Line::new().b("Brain: ").t(brain)];
    if let Some(w) = score {
        lines.push(Line::new().b("Scores: ").t(score_source(w)));
    }
    lines.push(
        Line::new()
            .b("Question bank: ")
            .t(plural(bank_size, "question", "questions")),
    );
    lines.push(Line::new().b("Profile: ").t(profile_summary(profile)));
    doc = doc.bullets(lines);
    Reply::text(doc).private()
}

/// How an answer's number is made when a model is configured, in a user's words.
fn score_source(w: &crate::scoring::calibration::ScoreWeight) -> String {
    use crate::scoring::calibration::WeightSource;
    let share = (w.weight * 100.0).round();
    match &w.source {
        _ if w.weight <= 0.0 => "the rubric scorer sets the number; the model adds the feedback and follow-ups".into(),
        WeightSource::Calibrated(c) => format!(
            "{share}% from the model, the rest from the rubric scorer (the model was checked against {} hand-graded answers)",
            c.cases
        ),
        _ => format!("{share}% from the model, the rest from the rubric scorer"),
    }
}

pub fn usage(
    model: Option<&str>,
    today: &crate::profile::UsageDay,
    days: &[crate::profile::UsageDay],
    session: Option<crate::llm::Usage>,
    cap: Option<u64>,
) -> Reply {
    let mut doc = Doc::new().heading("AI usage");
    let Some(model) = model else {
        doc = doc.para(
            "No language model is configured, so nothing is spent: the offline coach (rubric scorer and question bank) answers everything.",
        );
        return Reply::text(doc).private();
    };
    let fmt = |u: &crate::llm::Usage| {
        format!(
            "{} ({} prompt + {} completion) in {}",
            plural(u.total() as usize, "token", "tokens"),
            u.prompt,
            u.completion,
            plural(u.calls as usize, "call", "calls")
        )
    };
    let mut lines = vec![
        Line::new().b("Model: ").t(model.to_string()),
        Line::new().b("Today (UTC): ").t(fmt(&today.usage)),
    ];
    if let Some(cap) = cap {
        lines.push(Line::new().b("Daily allowance: ").t(format!(
            "{}, {} left",
            plural(cap as usize, "token", "tokens"),
            cap.saturating_sub(today.usage.total())
        )));
    }
    if let Some(s) = session {
        lines.push(Line::new().b("This interview: ").t(fmt(&s)));
    }
    let week: u64 = days.iter().map(|d| d.usage.total()).sum();
    lines.push(
        Line::new()
            .b("Last 7 active days: ")
            .t(plural(week as usize, "token", "tokens")),
    );
    doc = doc.bullets(lines);
    Reply::text(doc).private()
}

pub fn profile_summary(p: &Profile) -> String {
    let role = p
        .role
        .as_deref()
        .and_then(catalog::role)
        .map(|r| r.label)
        .unwrap_or("role not set");
    let level = p.level.map(|l| l.slug()).unwrap_or("level not set");
    let mut s = format!("{role}, {level}");
    if let Some(i) = &p.industry {
        s.push_str(&format!(", {i}"));
    }
    if let Some(tz) = &p.timezone {
        s.push_str(&format!(", {tz}"));
    }
    s
}

fn bar(v: u8) -> String {
    let full = (v as usize + 5) / 10;
    format!("{}{}", "█".repeat(full), "░".repeat(10 - full.min(10)))
}

/// /progress's text; `charted` says whether a chart follows it (else, once there is a history,
/// a line says when one comes).
pub fn progress(p: &Progress, charted: bool) -> Reply {
    if p.started == 0 {
        return Reply::text(
            Doc::new().heading("Progress").para(
                Line::new()
                    .t("No interviews yet. Your first one is a ")
                    .c("/mock")
                    .t(" away."),
            ),
        )
        .private();
    }
    let mut doc = Doc::new().heading("Progress").bullets([
        format!(
            "Interviews started: {} · completed: {} · abandoned: {}",
            p.started, p.completed, p.abandoned
        ),
        format!("Questions answered: {}", p.answered),
        format!(
            "Average score: {} · best: {} · last: {}",
            p.average.map(|x| format!("{x}/100")).unwrap_or_else(|| "—".into()),
            p.best.map(|x| format!("{x}/100")).unwrap_or_else(|| "—".into()),
            p.last.map(|x| format!("{x}/100")).unwrap_or_else(|| "—".into())
        ),
    ]);
    if !p.per_category.is_empty() {
        doc = doc.para(Line::new().b("By category")).code(
            p.per_category
                .iter()
                .map(|(c, avg, n)| format!("{:<16} {} {:>3}  ({n} q)", c.label(), bar(*avg), avg))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    doc = doc.para(Line::new().b("Last weeks")).code(
        p.weeks
            .iter()
            .map(|w| match w.average {
                Some(a) => format!(
                    "week of {}  {} {:>3}  ({})",
                    w.week_of,
                    bar(a),
                    a,
                    plural(w.sessions as usize, "interview", "interviews")
                ),
                None => format!("week of {}  {}   —", w.week_of, "·".repeat(10)),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    if !p.weakest.is_empty() {
        doc = doc
            .para(Line::new().b("Focus next on"))
            .bullets(p.weakest.iter().map(|(a, s, n)| {
                Line::from(format!(
                    "{a} — {s}/100 over {}",
                    plural(*n as usize, "question", "questions")
                ))
            }));
    }
    if !charted {
        doc = doc.para(Line::new().i(format!(
            "The chart of your scores comes with an interview finished in the last {WINDOW_DAYS} days."
        )));
    }
    Reply::text(doc).private()
}

/// The words drawn into the progress chart.
pub fn progress_chart_labels(t: &Timeline) -> crate::charts::Labels {
    crate::charts::Labels {
        title: format!(
            "Scores by category · {} to {}",
            t.from.format("%-d %b %Y"),
            t.to.format("%-d %b %Y")
        ),
        weekly: "Weekly average".into(),
        day: |d| d.format("%-d %b").to_string(),
    }
}

/// The chart sent beside /progress's text.
pub fn progress_chart(png: Vec<u8>, t: &Timeline) -> Reply {
    let trend = if t.series.iter().any(|s| s.points.len() > 1) {
        " The line through a category's dots is its trend."
    } else {
        " A trend line appears once a category has scores from two days."
    };
    Reply::image(
        png,
        Doc::new().para(format!(
            "Your scores over the last {WINDOW_DAYS} days: each dot is a day's average in one category, the grey steps are your weekly average.{trend}"
        )),
    )
    .private()
}
