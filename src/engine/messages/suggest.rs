//! /suggest (issue #18): the top improvements from the user's own answers, each with the
//! sessions, questions and scores it rests on and the drill that practises it; with no history,
//! the offer of a short diagnostic mock.

use super::intents::{offline_note, run_button};
use super::score::why_text;
use crate::copilot::suggest::{Improvement, Issue};
use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Button, Doc, Line, Reply};
use crate::interview::report::area_label;
use crate::scoring::clip;
use crate::scoring::ledger::{PartKind, Why};
use crate::scoring::text::plural;

/// The diagnostic mock offered with no history: `/mock` with these arguments.
pub const DIAGNOSTIC_MOCK: &str = "mock mixed 3";

/// An improvement as /suggest shows it, with what the engine knows beside the ranking.
pub struct Suggestion<'a> {
    pub item: &'a Improvement,
    /// Whether each cited question is in the bank (a "Try again" button), in `item.evidence`'s order.
    pub in_bank: Vec<bool>,
    /// The competency card's average and number of reviews, when the user has one.
    pub card: Option<(u8, usize)>,
}

/// The issue's title and the advice that goes with it.
fn title_and_advice(i: &Issue) -> (String, String) {
    match i {
        Issue::Guard(w) => {
            let (t, a) = match w {
                Why::Short => (
                    "Give complete answers",
                    "Aim for 150–300 words: the situation in a sentence or two, then what you did and what came of it.",
                ),
                Why::WeNotI => (
                    "Say what you did, not only what \"we\" did",
                    "Interviewers hire you: tell your own steps in the first person (\"I set up…\", \"I convinced…\").",
                ),
                Why::LongVague => (
                    "Fewer words, more specifics",
                    "Cut the general talk; keep one concrete example with names, numbers and tools.",
                ),
                Why::Misconception | Why::Misconceptions => (
                    "Check your facts on the topic",
                    "Some answers stated a common misconception: read the question's key points with /bank <id>.",
                ),
                Why::Hints => (
                    "Answer without hints",
                    "Hints cost points: prepare a few stories ahead so you can start without one.",
                ),
                _ => (
                    "Give a real example with concrete details",
                    "An answer needs a real event: where you were, what you did, and a result you can name.",
                ),
            };
            (t.to_string(), format!("{a} (The scorer's reason: {}.)", why_text(*w)))
        }
        Issue::Rubric { rubric, key, label } => (
            format!("{rubric}: {label}"),
            crate::scoring::part_advice(key)
                .map(str::to_string)
                .unwrap_or_else(|| format!("Your answers lost the most {rubric} points on \u{201c}{label}\u{201d}.")),
        ),
        Issue::Part(p) => {
            let (t, a) = match p {
                PartKind::Relevance => (
                    "Answer the question that was asked",
                    "Make your first sentence answer the question directly, stay on it, and cover its key points (/bank <id> lists them).",
                ),
                PartKind::Specificity => (
                    "Add specifics",
                    "Name the system, the team size, the tool, the number: each answer needs two or three concrete facts.",
                ),
                PartKind::Communication => (
                    "Tighter delivery",
                    "Fewer fillers and hedges (\"kind of\", \"I think maybe\"): say it once, plainly.",
                ),
                PartKind::Impact => (
                    "Show the impact",
                    "End with the result and a number: what changed because of you.",
                ),
                PartKind::Structure | PartKind::Rubric => (
                    "Structure your answers",
                    "Situation, task, action, result — in that order, most of the time on the action.",
                ),
            };
            (t.to_string(), a.to_string())
        }
        Issue::Unanswered => (
            "Answer instead of skipping".to_string(),
            "A skipped or timed-out question scores nothing; even a partial answer earns points and a follow-up."
                .to_string(),
        ),
    }
}

/// The top improvements.
pub fn suggestions(user: &UserId, items: &[Suggestion<'_>], considered: usize, made_due: &[String]) -> Reply {
    let things = match items.len() {
        1 => "the one thing that cost you the most points".to_string(),
        2 => "the two things that cost you the most points".to_string(),
        3 => "the three things that cost you the most points".to_string(),
        n => format!("the {n} things that cost you the most points"),
    };
    let mut doc = Doc::new().heading("What to fix first").para(format!(
        "From your last {}, {things}:",
        plural(
            considered,
            "answered or skipped question",
            "answered or skipped questions"
        )
    ));
    let mut rows: Vec<Vec<Button>> = Vec::new();
    // One button per area and per question, however many improvements name them.
    let mut offered: Vec<String> = Vec::new();
    for (n, s) in items.iter().enumerate() {
        let it = s.item;
        let (title, advice) = title_and_advice(&it.issue);
        doc = doc
            .para(Line::new().b(format!("{}. {title}", n + 1)).t(format!(
                " — cost you {} over {}",
                plural(it.lost as usize, "point", "points"),
                plural(it.answers, "answer", "answers")
            )))
            .para(advice)
            .bullets(it.evidence.iter().map(|c| {
                Line::new()
                    .t(format!("{} session: ", c.session_at.format("%Y-%m-%d")))
                    .i(clip(&c.question, 90))
                    .t(format!(" — {}/100", c.score))
            }));
        let area = area_label_plain(&it.competency);
        let mut drill = Line::new().t("Drill: ").c(format!("/practice {}", it.competency));
        if let Some((avg, reviews)) = s.card {
            drill = drill.t(format!(
                " ({area}: average {avg}/100 over {})",
                plural(reviews, "review", "reviews")
            ));
        }
        doc = doc.para(drill);
        let mut row = Vec::new();
        if !offered.contains(&it.competency) {
            offered.push(it.competency.clone());
            row.push(run_button(
                user,
                &format!("Practise {area}"),
                &format!("practice {}", it.competency),
            ));
        }
        if let Some(c) = it
            .evidence
            .iter()
            .zip(&s.in_bank)
            .find(|(c, b)| **b && !offered.contains(&c.question_id))
            .map(|(c, _)| c)
        {
            offered.push(c.question_id.clone());
            row.push(button(
                user,
                format!("Try again ({}/100)", c.score),
                Action::Drill {
                    question: c.question_id.clone(),
                },
            ));
        }
        rows.push(row);
    }
    if !made_due.is_empty() {
        let areas: Vec<String> = made_due.iter().map(|c| area_label_plain(c)).collect();
        doc = doc.para(
            Line::new()
                .t(format!("Due for review now: {} — ", areas.join(", ")))
                .c("/practice")
                .t(" drills them next."),
        );
    }
    doc = doc.para(offline_note("your scored answers"));
    let mut r = Reply::text(doc).private();
    for row in rows {
        r = r.row(row);
    }
    r
}

fn area_label_plain(competency: &str) -> String {
    area_label(crate::bank::Category::Behavioral, competency)
}

/// /suggest with no answers yet: say so and offer a short diagnostic mock.
pub fn suggest_no_history(user: &UserId) -> Reply {
    Reply::text(
        Doc::new()
            .para("I have no answers of yours yet, so I can't tell what to fix first.")
            .para(
                Line::new()
                    .t("A short diagnostic mock — three mixed questions — gives me enough to go on: ")
                    .c(format!("/{DIAGNOSTIC_MOCK}"))
                    .t(". Then ask again."),
            )
            .para(offline_note("your scored answers")),
    )
    .private()
    .row(vec![
        run_button(user, "Diagnostic mock (3 questions)", DIAGNOSTIC_MOCK),
        run_button(user, "STAR method", "guide star-method"),
    ])
}

/// /suggest when no issue cost enough points to name.
pub fn suggest_nothing_big(user: &UserId, considered: usize) -> Reply {
    Reply::text(
        Doc::new()
            .para(format!(
                "Nothing stands out in your last {}: no single issue cost you many points. Keep your areas fresh with /practice, or raise the difficulty in /mock.",
                plural(considered, "question", "questions")
            ))
            .para(offline_note("your scored answers")),
    )
    .private()
    .row(vec![
        run_button(user, "Practise now", "practice"),
        run_button(user, "Harder mock", "mock hard"),
    ])
}
