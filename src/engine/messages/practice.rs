//! Practice (issue #17): the drill's intro, each drill review (the change from the earlier answer,
//! the next reviews), the drill's summary, nothing due, /weak, and the "Try again" buttons.

use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Button, Doc, Line, Reply};
use crate::interview::{OutcomeKind, Position};
use crate::practice::delta::{Change, Reason};
use crate::practice::{Card, Review};
use crate::scoring::clip;
use crate::scoring::text::plural;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// A competency or its slug as people read it ("decision making").
pub fn area_label(slug: &str) -> String {
    slug.replace('_', " ")
}

/// When something falls due, relative and absolute: "in 5 h (Mon 2 Nov, 14:05 UTC)", in the
/// user's time zone when their profile has one.
pub fn when(at: DateTime<Utc>, now: DateTime<Utc>, tz: Option<Tz>) -> String {
    let secs = (at - now).num_seconds();
    let rel = if secs <= 0 {
        "now".to_string()
    } else if secs < 3_600 {
        format!("in {} min", (secs + 59) / 60)
    } else if secs < 48 * 3_600 {
        format!("in {} h", (secs + 1_800) / 3_600)
    } else {
        format!("in {} days", (secs + 43_200) / 86_400)
    };
    let abs = match tz {
        Some(z) => at.with_timezone(&z).format("%a %-d %b, %H:%M %Z").to_string(),
        None => at.format("%a %-d %b, %H:%M UTC").to_string(),
    };
    format!("{rel} ({abs})")
}

/// The opening of a drill: how many questions, from which areas and why.
pub fn drill_intro(areas: &[(String, bool)], retry_of: Option<&str>) -> Reply {
    let n = areas.len();
    let head = if n == 1 {
        "Practice drill · 1 question".to_string()
    } else {
        format!("Practice set · {}", plural(n, "question", "questions"))
    };
    let mut doc = Doc::new().heading(head);
    doc = match retry_of {
        Some(area) => doc.para(format!(
            "Trying a question again ({}). Your earlier score is compared with this one.",
            area_label(area)
        )),
        None => doc
            .para("From your weakest areas that are due for review:")
            .bullets(areas.iter().map(|(a, retry)| {
                let mut l = Line::new().b(area_label(a));
                if *retry {
                    l = l.t(" — a question you answered before");
                }
                l
            })),
    };
    Reply::text(doc.para(
        "Scored like a mock answer, with the same feedback; no follow-ups. /hint, /skip and /end work as in a mock.",
    ))
}

/// What a drill review says: the cards after it, the question's review before it, the change.
pub struct Reviewed<'a> {
    pub question: &'a Card,
    pub competency: &'a Card,
    pub previous: Option<&'a Review>,
    pub change: Option<&'a Change>,
}

fn reason_text(r: &Reason) -> String {
    match r {
        Reason::CapLifted { at, why } => format!("no longer capped at {at} ({})", super::score::why_text(*why)),
        Reason::Capped { at, why } => format!("now capped at {at} ({})", super::score::why_text(*why)),
        Reason::Rubric {
            label,
            from,
            to,
            max,
            note,
        } => format!("{label} {from}/{max} → {to}/{max}, {note}"),
        Reason::KeyPoints { from, to, of } => format!("key points covered {from} → {to} of {of}"),
    }
}

/// The change line: "62 → 78, +16: Result 9/30 → 30/30, measurable result".
pub fn change_line(c: &Change) -> String {
    let d = c.delta();
    let sign = match d {
        0 => "±0".to_string(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", -d),
    };
    let mut s = format!("{} → {}, {sign}", c.before, c.after);
    if !c.reasons.is_empty() {
        s.push_str(": ");
        s.push_str(&c.reasons.iter().map(reason_text).collect::<Vec<_>>().join("; "));
    }
    s
}

pub fn drill_reviewed(r: &Reviewed<'_>, now: DateTime<Utc>, tz: Option<Tz>) -> Reply {
    let mut doc = Doc::new();
    match (r.change, r.previous) {
        (Some(c), Some(p)) => {
            let earlier = if p.kind == OutcomeKind::Answered {
                format!("Last time ({}): ", p.at.format("%-d %b"))
            } else {
                format!("Last time ({}, {}): ", p.at.format("%-d %b"), kind_word(p.kind))
            };
            doc = doc.para(Line::new().t(earlier).b(change_line(c)));
        }
        (None, Some(p)) => {
            doc = doc.para(format!(
                "Last time ({}): {}.",
                p.at.format("%-d %b"),
                score_word(p.kind, p.score)
            ));
        }
        _ => {}
    }
    doc = doc.para(
        Line::new()
            .t("Next review of this question: ")
            .t(when(r.question.due, now, tz))
            .t(format!(
                " · of {}: {}",
                area_label(&r.competency.id),
                when(r.competency.due, now, tz)
            )),
    );
    Reply::text(doc)
}

fn kind_word(k: OutcomeKind) -> &'static str {
    match k {
        OutcomeKind::Answered => "answered",
        OutcomeKind::Skipped => "skipped",
        OutcomeKind::TimedOut => "timed out",
    }
}

fn score_word(k: OutcomeKind, score: u8) -> String {
    match k {
        OutcomeKind::Answered => format!("{score}/100"),
        other => kind_word(other).to_string(),
    }
}

/// One question of a finished drill.
pub struct DrillLine {
    pub question: String,
    pub kind: OutcomeKind,
    pub score: u8,
    pub due: Option<DateTime<Utc>>,
}

fn next_buttons(user: &UserId) -> Vec<Button> {
    vec![
        button(
            user,
            "Practise more",
            Action::Run {
                command: "practice".into(),
            },
        ),
        button(user, "My weak areas", Action::Run { command: "weak".into() }),
    ]
}

pub fn drill_done(user: &UserId, lines: &[DrillLine], now: DateTime<Utc>, tz: Option<Tz>) -> Reply {
    let head = if lines.len() == 1 {
        "Drill done"
    } else {
        "Practice set done"
    };
    let doc = Doc::new().heading(head).bullets(lines.iter().map(|l| {
        let mut line = Line::new()
            .b(score_word(l.kind, l.score))
            .t(format!(" · {}", clip(&l.question, 70)));
        if let Some(due) = l.due {
            line = line.t(format!(" · next review {}", when(due, now, tz)));
        }
        line
    }));
    Reply::text(doc.para("Your weak areas and their evidence: /weak")).row(next_buttons(user))
}

pub fn drill_abandoned() -> Reply {
    Reply::text(
        Doc::new().para("Drill ended: nothing was answered, so nothing was reviewed. /practice starts another."),
    )
}

/// /practice with nothing due: when the next review is, and a new area to try.
pub fn nothing_due(
    user: &UserId,
    next: Option<DateTime<Utc>>,
    new_area: Option<&str>,
    now: DateTime<Utc>,
    tz: Option<Tz>,
) -> Reply {
    let mut doc = Doc::new();
    doc = match next {
        Some(at) => doc.para(Line::new().t("Nothing is due for review. Next review: ").b(when(at, now, tz))),
        None => doc.para(
            "Nothing to review yet: every question you answer in a mock interview (/mock) or a drill becomes a review card.",
        ),
    };
    let mut row = Vec::new();
    if let Some(area) = new_area {
        doc = offer_new_area(doc, &mut row, user, area);
    }
    Reply::text(doc).row(row)
}

/// "Or try a new area", with its button (nothing due in a drill or a reminder).
pub(super) fn offer_new_area(doc: Doc, row: &mut Vec<Button>, user: &UserId, area: &str) -> Doc {
    row.push(button(
        user,
        format!("Try {}", area_label(area)),
        Action::Run {
            command: format!("practice {area}"),
        },
    ));
    doc.para(format!("Or try a new area: {}.", area_label(area)))
}

/// /practice where others can read (a group, a public thread).
pub fn practice_in_private() -> Reply {
    Reply::text(Doc::new().para(
        "Drills show your answers and scores, so they run in private: send /practice to me in a direct message (on Discord, /practice in a server channel opens a private thread).",
    ))
}

pub fn practice_while_running() -> Reply {
    Reply::text(
        Doc::new().para("Finish the current interview or drill first (answer, /skip, or /end), then /practice."),
    )
}

pub fn unknown_area(word: &str, closest: Option<&str>) -> Reply {
    let word: String = word.chars().take(40).collect();
    let mut s = format!("I don't know the area \"{word}\".");
    if let Some(c) = closest {
        s.push_str(&format!(" Did you mean {}?", area_label(c)));
    }
    s.push_str(" Try /practice, /practice 5, or /practice leadership (any competency of /bank).");
    Reply::text(Doc::new().para(s))
}

pub fn no_drill_question(area: &str) -> Reply {
    Reply::text(Doc::new().para(format!(
        "There is no other question on {} to drill right now. Try /practice for your due areas.",
        area_label(area)
    )))
}

pub fn retry_unknown() -> Reply {
    Reply::text(
        Doc::new().para("That question is no longer in the bank, so it can't be tried again. /practice picks another."),
    )
}

/// Where a question of a finished interview was asked, as its report names it ("Q2").
pub fn position_label(at: Position) -> String {
    match at {
        Position::Intro => "intro".to_string(),
        Position::Numbered { n, .. } => format!("Q{n}"),
        Position::WrapUp => "wrap-up".to_string(),
    }
}

/// A "Try again" button for one question: "Try again: Q2 (34)", "Try again: conflict (skipped)".
pub fn retry_button(user: &UserId, what: &str, kind: OutcomeKind, score: u8, question: &str) -> Button {
    button(
        user,
        format!("Try again: {} ({})", area_label(what), score_word(kind, score)),
        Action::Drill {
            question: question.into(),
        },
    )
}

/// One weak area of /weak with its evidence.
pub struct WeakArea<'a> {
    pub card: &'a Card,
    /// The texts of the questions of its reviews, in the card's order.
    pub questions: Vec<String>,
    pub recall: f32,
}

/// /weak: the weak areas, each with its scores, dates and questions, and its next review.
pub fn weak_areas(
    user: &UserId,
    areas: &[WeakArea<'_>],
    strong: usize,
    retry: Vec<Button>,
    now: DateTime<Utc>,
    tz: Option<Tz>,
) -> Reply {
    if areas.is_empty() {
        let text = if strong == 0 {
            "No weak areas yet: nothing has been reviewed. Answer questions in a mock interview (/mock) or a drill (/practice) and they show up here.".to_string()
        } else {
            format!(
                "No weak areas: all {} you practised average 75 or more. Keep them fresh with /practice.",
                plural(strong, "area", "areas")
            )
        };
        return Reply::text(Doc::new().para(text)).private();
    }
    let mut doc = Doc::new().heading("Weak areas");
    for a in areas {
        let c = a.card;
        doc = doc.para(Line::new().b(area_label(&c.id)).t(format!(
            " — average {}/100 over {}, recall now {:.0} %",
            c.average(),
            plural(c.history.len(), "review", "reviews"),
            a.recall * 100.0
        )));
        let evidence = c
            .history
            .iter()
            .rev()
            .take(3)
            .zip(a.questions.iter().rev())
            .map(|(r, q)| {
                Line::new()
                    .b(score_word(r.kind, r.score))
                    .t(format!(" on {} · {}", r.at.format("%-d %b"), clip(q, 60)))
            });
        doc = doc
            .bullets(evidence)
            .para(Line::new().i(format!("Next review: {}", when(c.due, now, tz))));
    }
    let mut practise = vec![button(
        user,
        "Practise now",
        Action::Run {
            command: "practice".into(),
        },
    )];
    practise.extend(retry);
    Reply::text(doc).row(practise).private()
}
