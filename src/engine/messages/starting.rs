//! Starting an interview: the /mock set-up and persona pickers, missing role, an interview
//! already running, and the interview's intro.

use crate::bank::{Category, Persona, catalog};
use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Button, Doc, Line, Reply, ReplyKind};
use crate::interview::{InterviewType, Position, Session};
use crate::scoring::text::plural;

pub fn mock_setup(user: &UserId) -> Reply {
    let b = |t: InterviewType| {
        button(
            user,
            t.label(),
            Action::Mock {
                kind: t.slug().into(),
                persona: None,
            },
        )
    };
    Reply::text(
        Doc::new()
            .heading("Mock interview")
            .para("What kind of interview do you want to practise?")
            .para(
                Line::new()
                    .i("Tip: skip this step next time with e.g. ")
                    .c("/mock behavioral")
                    .i(" or ")
                    .c("/mock technical backend senior 5 challenging"),
            ),
    )
    .row(vec![
        b(InterviewType::Behavioral),
        b(InterviewType::Technical),
        b(InterviewType::SystemDesign),
    ])
    .row(vec![
        b(InterviewType::Case),
        b(InterviewType::Situational),
        b(InterviewType::Mixed),
    ])
}

pub fn mock_persona(user: &UserId, kind: InterviewType, personas: &[&Persona]) -> Reply {
    let rows: Vec<Button> = personas
        .iter()
        .map(|p| {
            button(
                user,
                p.name.clone(),
                Action::Mock {
                    kind: kind.slug().into(),
                    persona: Some(p.id.clone()),
                },
            )
        })
        .collect();
    let lines: Vec<Line> = personas
        .iter()
        .map(|p| Line::new().b(p.name.clone()).t(" — ").t(p.description.clone()))
        .collect();
    Reply::text(
        Doc::new()
            .para(format!("{} interview. Who should interview you?", kind.label()))
            .bullets(lines),
    )
    .row(rows)
}

pub fn need_role(user: &UserId, kind: InterviewType) -> Reply {
    let buttons: Vec<Button> = catalog::CORE_ROLES
        .iter()
        .filter_map(|r| catalog::role(r))
        .map(|r| {
            button(
                user,
                r.label,
                Action::Run {
                    command: format!("mock {} {}", kind.slug(), r.slug),
                },
            )
        })
        .collect();
    let mut reply = Reply::text(
        Doc::new()
            .para(format!(
                "Which role should the {} questions be for?",
                kind.label().to_lowercase()
            ))
            .para(
                Line::new()
                    .t("Pick one, or type it: ")
                    .c(format!("/mock {} backend", kind.slug()))
                    .t(". Set it once with ")
                    .c("/profile role backend")
                    .t("."),
            ),
    );
    for chunk in buttons.chunks(4) {
        reply = reply.row(chunk.to_vec());
    }
    reply
}

pub fn no_questions() -> Reply {
    Reply::text(
        Doc::new().para(
            "I couldn't find questions for that combination. Try another difficulty or type, e.g. /mock behavioral.",
        ),
    )
    .kind(ReplyKind::Notice)
}

/// "question 2 of 4", "the intro", "the wrap-up".
pub(super) fn position_words(p: Position) -> String {
    match p {
        Position::Intro => "the intro".into(),
        Position::Numbered { n, of } => format!("question {n} of {of}"),
        Position::WrapUp => "the wrap-up".into(),
    }
}

pub fn already_running(user: &UserId, s: &Session) -> Reply {
    Reply::text(Doc::new().para(format!(
        "You already have a {} {} running (at {}). Answer the current question, or end it first.",
        s.settings.kind.label().to_lowercase(),
        if s.drill { "drill" } else { "interview" },
        position_words(s.position())
    )))
    .kind(ReplyKind::Notice)
    .row(vec![
        button(user, "Repeat question", Action::Repeat { session: s.id.clone() }),
        button(user, "End interview", Action::End { session: s.id.clone() }),
    ])
}

/// How the questions of an interview are made up: "4 system design questions, plus a short
/// intro and wrap-up"; for a mix, "5 questions: 2 behavioural, 1 situational and 2 technical".
/// `made_up` counts the numbered questions by category, in the order they come.
pub fn questions_made_up(made_up: &[(Category, usize)], bookends: bool) -> String {
    let total: usize = made_up.iter().map(|(_, n)| n).sum();
    let label = |c: &Category| c.label().to_lowercase();
    let mut out = match made_up {
        [(c, n)] => plural(
            *n,
            &format!("{} question", label(c)),
            &format!("{} questions", label(c)),
        ),
        _ => {
            let parts: Vec<String> = made_up.iter().map(|(c, n)| format!("{n} {}", label(c))).collect();
            let list = match parts.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => parts.join(""),
            };
            format!("{}: {list}", plural(total, "question", "questions"))
        }
    };
    if bookends {
        out.push_str(", plus a short intro and wrap-up");
    }
    out
}

pub fn interview_intro(
    p: &Persona,
    s: &Session,
    made_up: &[(Category, usize)],
    minutes_needed: u32,
    cap_minutes: u32,
    shared: bool,
) -> Reply {
    let role = s
        .settings
        .role
        .as_deref()
        .and_then(catalog::role)
        .map(|r| r.label.to_string())
        .unwrap_or_else(|| "general".into());
    let count = s.numbered_total();
    let greeting = p
        .greeting
        .replace("{role}", &role)
        .replace("{count} questions", &plural(count, "question", "questions"))
        .replace("{count}", &count.to_string());
    let bookends = s.plan.iter().any(|q| q.phase.is_bookend());
    let diff = s
        .settings
        .difficulty
        .map(|d| d.slug().to_string())
        .unwrap_or_else(|| format!("auto for {}", s.settings.level.slug()));
    let mut doc = Doc::new()
        .heading(format!(
            "{} mock interview · {}",
            s.settings.kind.label(),
            plural(count, "question", "questions")
        ))
        .para(greeting)
        .bullets([
            Line::new().b("Questions: ").t(questions_made_up(made_up, bookends)),
            Line::new().b("Interviewer: ").t(p.name.clone()),
            Line::new().b("Difficulty: ").t(diff),
            Line::new().b("Time: ").t(format!(
                "{}each question has its own limit (about {minutes_needed} min in all); the interview stops after {cap_minutes} min",
                match s.settings.pace {
                    crate::interview::Pace::Standard => String::new(),
                    pace => format!("{} pace: ", pace.slug()),
                }
            )),
            Line::new().b("Controls: ").c("/hint").t(" ").c("/skip").t(" ").c("/repeat").t(" ").c("/end").t(" — anything else you type is your answer"),
        ]);
    if shared {
        doc =
            doc.para(Line::new().b("Heads-up: ").t(
                "others in this chat can read your answers. For privacy, send me /mock in a direct message instead.",
            ));
    }
    Reply::text(doc)
}
