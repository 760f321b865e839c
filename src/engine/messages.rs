//! Every user-facing text of the engine, in one place. Functions build platform-neutral replies;
//! adapters render them.

use super::buttons::{Action, button};
use super::command_table::{CommandSpec, TABLE};
use super::event::UserId;
use super::reply::{Button, Doc, Line, Reply, ReplyKind};
use crate::bank::{Bank, Category, Persona, Question, catalog};
use crate::copilot::Guide;
use crate::interview::progress::Progress;
use crate::interview::{InterviewType, OutcomeKind, Phase, Position, Report, Session};
use crate::profile::Profile;
/// "1 question" / "3 questions": every count in a message goes through it.
pub use crate::scoring::text::plural;
use crate::scoring::{Flag, ScoreResult, clip};

pub fn fmt_secs(secs: i64) -> String {
    let secs = secs.max(0);
    if secs >= 60 {
        let (m, s) = (secs / 60, secs % 60);
        if s == 0 {
            format!("{m} min")
        } else {
            format!("{m} min {s} s")
        }
    } else {
        format!("{secs} s")
    }
}

// ----- general -----------------------------------------------------------------------------

pub fn welcome(user: &UserId, name: &str, profile: &Profile) -> Reply {
    let hello = if name.trim().is_empty() {
        "Hi!".to_string()
    } else {
        format!("Hi {}!", name.trim())
    };
    let mut doc = Doc::new()
        .heading(format!("{hello} I'm your interview coach."))
        .para("I run timed mock interviews, score every answer against a rubric with evidence from your own words, and track your progress. Everything works offline; your answers stay in this coach's local database.")
        .bullets([
            Line::new().c("/mock").t(" — start a mock interview (e.g. ").c("/mock behavioral senior").t(")"),
            Line::new().c("/bank").t(" — browse and search the question bank"),
            Line::new().c("/profile").t(" — set your target role, level, industry and time zone"),
            Line::new().c("/progress").t(" — your scores over time"),
            Line::new().c("/help").t(" — every command"),
        ])
        .para("Or just ask me something, like \"how do I answer tell me about yourself?\"");
    if profile.role.is_none() {
        doc = doc.para(
            Line::new()
                .t("Tip: set your role first, e.g. ")
                .c("/profile role backend level mid")
                .t(", so questions fit you."),
        );
    }
    Reply::text(doc).row(vec![
        button(user, "Start a mock interview", Action::Run { command: "mock".into() }),
        button(user, "Browse questions", Action::Run { command: "bank".into() }),
    ])
}

pub fn help() -> Reply {
    let items: Vec<Line> = TABLE
        .iter()
        .filter(|c| !c.hidden)
        .map(|c: &CommandSpec| Line::new().c(c.usage).t(" — ").t(c.summary))
        .collect();
    Reply::text(
        Doc::new()
            .heading("Commands")
            .bullets(items)
            .para("During an interview, anything you type is your answer. Timers run per question; I warn you before time is up.")
            .para(Line::new().t("Arguments can come in any order: ").c("/mock senior backend technical 5 challenging").t(".")),
    )
}

pub fn unknown_command(name: &str, suggestion: Option<&str>) -> Reply {
    let name = clip(name, 40);
    let doc = match suggestion {
        Some(s) => Doc::new().para(
            Line::new()
                .t("I don't know ")
                .c(format!("/{name}"))
                .t(". Did you mean ")
                .c(format!("/{s}"))
                .t("?"),
        ),
        None => Doc::new().para(
            Line::new()
                .t("I don't know ")
                .c(format!("/{name}"))
                .t(". See ")
                .c("/help")
                .t(" for what I understand."),
        ),
    };
    Reply::text(doc).kind(ReplyKind::Notice)
}

pub fn llm_paused() -> Reply {
    Reply::text(Doc::new().para(Line::new().i(
        "The AI model isn't answering right now, so I'm using the offline coach (rubric scorer and question bank) for a while. Your interview carries on as normal.",
    )))
    .kind(ReplyKind::Notice)
}

pub fn llm_cap_reached(cap: u64) -> Reply {
    Reply::text(Doc::new().para(Line::new().i(format!(
        "You've used today's AI allowance ({}), so the offline coach answers until midnight UTC. Scores stay comparable; feedback is rule-based.",
        plural(cap as usize, "token", "tokens")
    ))))
    .kind(ReplyKind::Notice)
}

pub fn storage_error() -> Reply {
    Reply::text(
        Doc::new().para("Sorry — I couldn't save that just now, so nothing changed. Please send it again in a moment."),
    )
    .kind(ReplyKind::Notice)
}

pub fn no_interview(command: &str) -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .c(format!("/{command}"))
                .t(" works during a mock interview, and none is running. Start one with ")
                .c("/mock")
                .t("."),
        ),
    )
    .kind(ReplyKind::Notice)
}

pub fn bad_arguments(command: &str, problems: &[String], usage: &str) -> Reply {
    Reply::text(
        Doc::new()
            .para(
                Line::new()
                    .t("I couldn't read all of that for ")
                    .c(format!("/{command}"))
                    .t(":"),
            )
            .bullets(problems.iter().map(|p| Line::from(p.as_str())))
            .para(Line::new().t("Usage: ").c(usage)),
    )
    .kind(ReplyKind::Notice)
}

pub fn input_too_long(kept: usize) -> Line {
    Line::new().i(format!(
        "Your message was very long; I kept the first {kept} characters."
    ))
}

// ----- starting an interview -----------------------------------------------------------------

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
    let roles = [
        "backend",
        "frontend",
        "data_scientist",
        "data_analyst",
        "product_manager",
        "business_analyst",
        "devops_sre",
        "ml_engineer",
    ];
    let buttons: Vec<Button> = roles
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
fn position_words(p: Position) -> String {
    match p {
        Position::Intro => "the intro".into(),
        Position::Numbered { n, of } => format!("question {n} of {of}"),
        Position::WrapUp => "the wrap-up".into(),
    }
}

pub fn already_running(user: &UserId, s: &Session) -> Reply {
    Reply::text(Doc::new().para(format!(
        "You already have a {} interview running (at {}). Answer the current question, or end it first.",
        s.settings.kind.label().to_lowercase(),
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
                "each question has its own limit (about {minutes_needed} min in all); the interview stops after {cap_minutes} min"
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

// ----- questions and answers -----------------------------------------------------------------

pub struct QuestionView<'a> {
    pub session: &'a Session,
    pub question: &'a Question,
    pub phase: Phase,
    /// Question k of n (only the questions of the asked kind are numbered), or the intro or
    /// wrap-up.
    pub position: Position,
    pub seconds: i64,
    pub follow_up: Option<(&'a str, &'a str)>,
    pub repeated: bool,
    pub transition: Option<&'a str>,
}

pub fn question(user: &UserId, v: &QuestionView) -> Reply {
    let mut doc = Doc::new();
    if let Some(t) = v.transition {
        doc = doc.para(Line::new().i(t.to_string()));
    }
    let diff = v.question.difficulty.slug();
    match v.follow_up {
        Some((prefix, text)) => {
            let of = match v.position {
                Position::Numbered { n, of } => format!("question {n}/{of}"),
                Position::Intro => "intro".into(),
                Position::WrapUp => "wrap-up".into(),
            };
            doc = doc
                .para(Line::new().b(format!("Follow-up · {of}")))
                .para(format!("{prefix} {text}"));
        }
        None => {
            // The intro and wrap-up are named; the questions of the asked kind are numbered,
            // with their kind (the middle phases hold several: situational, system design, case).
            let place = match v.position {
                Position::Numbered { n, of } => format!("Question {n}/{of} · {}", v.question.category.label()),
                _ => v.phase.label().to_string(),
            };
            let head = format!(
                "{}{place} · {} · {}",
                if v.repeated { "Again — " } else { "" },
                v.question.competency.replace('_', " "),
                diff
            );
            doc = doc.para(Line::new().b(head)).para(v.question.text.clone());
        }
    }
    doc = doc.para(Line::new().i(format!("⏱ {} to answer", fmt_secs(v.seconds))));
    let sid = v.session.id.clone();
    Reply::text(doc).kind(ReplyKind::Question).row(vec![
        button(user, "Hint", Action::Hint { session: sid.clone() }),
        button(user, "Skip", Action::Skip { session: sid.clone() }),
        button(user, "Repeat", Action::Repeat { session: sid.clone() }),
        button(user, "End", Action::End { session: sid }),
    ])
}

fn rubric_line(s: &ScoreResult) -> String {
    s.rubric
        .items
        .iter()
        .map(|i| format!("{} {}/{}", i.label, i.score, i.max))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn feedback(
    user: &UserId,
    session: &str,
    seq: u32,
    s: &ScoreResult,
    interim: bool,
    overtime: Option<i64>,
) -> Reply {
    let head = if interim {
        format!("Score so far: {}/100", s.overall)
    } else {
        format!("Score: {}/100", s.overall)
    };
    let mut doc = Doc::new().para(Line::new().b(head).t(format!("  ({} brain)", brain(s))));
    doc = doc.para(Line::new().i(rubric_line(s)));
    if !s.strengths.is_empty() {
        doc = doc.para(
            Line::new()
                .b("Good: ")
                .t(s.strengths.iter().take(2).cloned().collect::<Vec<_>>().join("; ")),
        );
    }
    doc = doc.para(Line::new().b("Improve: ").t(s.improvement.clone()));
    let mut notes: Vec<Line> = Vec::new();
    if s.has(Flag::InstructionIgnored) {
        notes.push(Line::new().t("Instructions to the grader were ignored — only your answer counts."));
    }
    if s.has(Flag::Truncated) {
        notes.push(Line::new().t("Your answer was cut to the first part before scoring (it was very long)."));
    }
    if s.hint_penalty > 0 {
        notes.push(Line::new().t(format!("Hints used: −{} points.", s.hint_penalty)));
    }
    if let Some(over) = overtime.filter(|o| *o > 0) {
        notes.push(Line::new().t(format!("Answered {} after the time limit.", fmt_secs(over))));
    }
    if let Some(n) = s.style.notes.first() {
        notes.push(Line::new().t(n.clone()));
    }
    doc = doc.bullets(notes);
    Reply::text(doc).kind(ReplyKind::Feedback).row(vec![button(
        user,
        "Details",
        Action::Details {
            session: session.into(),
            seq,
        },
    )])
}

fn brain(s: &ScoreResult) -> &'static str {
    match s.brain {
        crate::scoring::BrainKind::Offline => "offline",
        crate::scoring::BrainKind::Llm => "LLM",
    }
}

pub fn details(question: &str, follow_up: Option<&str>, s: &ScoreResult) -> Reply {
    let b = s.breakdown;
    let mut doc = Doc::new()
        .heading(format!("Answer breakdown · {}/100", s.overall))
        .para(Line::new().i(clip(question, 160)));
    if let Some(f) = follow_up {
        doc = doc.para(Line::new().i(format!("Follow-up: {}", clip(f, 160))));
    }
    doc = doc
        .para(s.summary.clone())
        .para(Line::new().b("Dimensions"))
        .bullets([
            format!("Structure {} (15 %)", b.structure),
            format!("Relevance {} (30 %)", b.relevance),
            format!("Specificity {} (25 %)", b.specificity),
            format!("Communication {} (15 %)", b.communication),
            format!("Impact {} (15 %)", b.impact),
        ])
        .para(Line::new().b(format!("{} rubric", s.rubric.name)));
    let items: Vec<Line> = s
        .rubric
        .items
        .iter()
        .map(|i| {
            let mut l = Line::new()
                .b(format!("{} {}/{}", i.label, i.score, i.max))
                .t(format!(" — {}", i.note));
            if let Some(e) = &i.evidence {
                l = l.t(": ").i(format!("\"{}\"", clip(e, 140)));
            }
            l
        })
        .collect();
    doc = doc.bullets(items);
    if !s.evidence.specifics.is_empty() {
        doc = doc.para(
            Line::new()
                .b("Specifics that counted: ")
                .t(s.evidence.specifics.join(", ")),
        );
    }
    if !s.evidence.key_points_covered.is_empty() {
        doc = doc
            .para(Line::new().b("Key points covered"))
            .bullets(s.evidence.key_points_covered.iter().map(|k| {
                Line::new()
                    .t(k.point.clone())
                    .t(" — ")
                    .i(format!("\"{}\"", clip(&k.quote, 100)))
            }));
    }
    if !s.evidence.key_points_missed.is_empty() {
        doc = doc
            .para(Line::new().b("Key points missed"))
            .bullets(s.evidence.key_points_missed.iter().map(|k| Line::from(k.as_str())));
    }
    if !s.style.notes.is_empty() {
        doc = doc
            .para(Line::new().b("Style"))
            .bullets(s.style.notes.iter().map(|n| Line::from(n.as_str())));
    }
    doc = doc.para(Line::new().b("One improvement: ").t(s.improvement.clone()));
    if !s.skeleton.is_empty() {
        doc = doc
            .para(Line::new().b("A stronger answer, from your own words:"))
            .code(s.skeleton.clone());
    }
    Reply::text(doc).kind(ReplyKind::Feedback).private()
}

pub fn details_missing() -> Reply {
    Reply::text(Doc::new().para("I can't find that answer any more (it may have been deleted with /forget)."))
        .kind(ReplyKind::Notice)
}

pub fn empty_answer() -> Reply {
    Reply::text(
        Doc::new().para("That message was empty, so I didn't count it. Type your answer, or use /hint, /skip or /end."),
    )
    .kind(ReplyKind::Notice)
}

/// What hints cost, said under each one (the penalty is `ScoreResult::apply_hints`).
const HINT_COST: &str = "Hints cost 5 points each on this answer (15 at most).";

/// Hint `n` of the `total` this question has (its last one is a key point: [`last_hint`]).
pub fn hint(text: &str, n: usize, total: usize) -> Reply {
    Reply::text(
        Doc::new()
            .para(Line::new().b(format!("Hint {n}/{total}: ")).t(text.to_string()))
            .para(Line::new().i(HINT_COST)),
    )
}

/// A hint for a follow-up: a key point the answer so far missed, or a general nudge.
pub fn follow_up_hint(missed: Option<&str>, n: usize, total: usize) -> Reply {
    let line = Line::new().b(format!("Hint {n}/{total} for the follow-up: "));
    let line = match missed {
        Some(k) => line.t("your answer so far did not cover — ").i(k.to_string()),
        None => line.t("answer just this follow-up, with one concrete detail: what you did, a name or a number."),
    };
    Reply::text(Doc::new().para(line).para(Line::new().i(HINT_COST)))
}

/// The last hint of a question (`n` = `total`): a key point of a strong answer.
pub fn last_hint(key_point: &str, n: usize, total: usize) -> Reply {
    Reply::text(
        Doc::new()
            .para(
                Line::new()
                    .b(format!("Hint {n}/{total}, the last: "))
                    .t("a strong answer includes — ")
                    .i(key_point.to_string()),
            )
            .para(Line::new().i(HINT_COST)),
    )
}

/// Every hint was given (or the question has none): this one costs nothing.
pub fn no_more_hints(given: usize) -> Reply {
    let had = match given {
        0 => String::new(),
        1 => " You've had its one hint; this /hint costs nothing.".into(),
        n => format!(" You've had all {n}; this /hint costs nothing."),
    };
    Reply::text(Doc::new().para(format!(
        "No more hints for this one.{had} Give it your best shot, or /skip."
    )))
    .kind(ReplyKind::Notice)
}

/// Targeted follow-up probes: each asks for what the answer's weakest rubric item lacked
/// (`interview_turns::choose_follow_up` picks one).
pub const PROBE_MORE_DETAIL: &str = "Can you walk me through it in more detail, with a specific example?";
pub const PROBE_RESULT: &str = "What was the result — what changed, and can you put a number on it?";
pub const PROBE_ACTION: &str = "What did you personally do, step by step?";
pub const PROBE_TRADEOFFS: &str = "What are the trade-offs? When would you not do it this way?";
pub const PROBE_REQUIREMENTS: &str = "Before going further: what scale and requirements are you designing for?";
pub const PROBE_RECOMMENDATION: &str = "So what would you recommend, and what's the main risk?";
pub const PROBE_QUANTITATIVE: &str = "Can you put numbers on that? Walk me through a rough estimate.";

pub fn follow_up_passed(score: u8) -> Reply {
    Reply::text(Doc::new().para(Line::new().i(format!("Nothing to add — fine. Your answer stands at {score}/100."))))
}

pub fn skipped() -> Reply {
    Reply::text(Doc::new().para(Line::new().i("Skipped — it counts as 0 in the report.")))
}

pub fn time_warning(p: &Persona, secs: i64) -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .b("⏱ ")
                .t(p.time_warning
                    .replace("{seconds} seconds", &plural(secs.max(0) as usize, "second", "seconds"))
                    .replace("{seconds}", &secs.to_string())),
        ),
    )
}

pub fn timed_out(p: &Persona, had_partial: bool) -> Reply {
    let extra = if had_partial {
        " Your earlier answer to this question stands."
    } else {
        " It counts as unanswered."
    };
    Reply::text(Doc::new().para(Line::new().b("⏱ ").t(p.timeout.clone()).t(extra)))
}

pub fn cap_reached(minutes: u32) -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .b("⏱ ")
                .t(format!("That's the {minutes}-minute mark — time to wrap up.")),
        ),
    )
}

pub fn abandoned() -> Reply {
    Reply::text(
        Doc::new().para(
            "Interview ended. No answers were given, so there's nothing to score. Start again any time with /mock.",
        ),
    )
}

pub fn report(user: &UserId, s: &Session, r: &Report, p: &Persona) -> Reply {
    let mut doc = Doc::new()
        .heading(format!("Interview report · {}/100", r.overall))
        .para(p.closing.clone())
        .para(r.summary.clone())
        .bullets([
            format!("Overall: {}/100", r.overall),
            format!("Content: {}/100", r.content),
            format!("Communication: {}/100", r.communication),
            format!("Confidence: {}/100", r.confidence),
        ]);
    if !r.strengths.is_empty() {
        doc = doc
            .para(Line::new().b("Strengths"))
            .bullets(r.strengths.iter().map(|x| Line::from(x.as_str())));
    }
    if !r.improvements.is_empty() {
        doc = doc
            .para(Line::new().b("Improvements"))
            .bullets(r.improvements.iter().map(|x| Line::from(x.as_str())));
    }
    if !r.skill_gaps.is_empty() {
        doc = doc
            .para(Line::new().b("Skill gaps"))
            .bullets(r.skill_gaps.iter().map(|g| {
                Line::new()
                    .t(format!("{} — {}/100, e.g. ", g.area, g.score))
                    .i(g.evidence.clone())
            }));
    }
    let lines: Vec<Line> = r
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let what = match q.kind {
                OutcomeKind::Answered => format!("{}/100", q.score),
                OutcomeKind::Skipped => "skipped".into(),
                OutcomeKind::TimedOut => "timed out".into(),
            };
            // Numbered as they were asked: Q1…Qn are the questions of the asked kind.
            let label = match s.position_of(i) {
                Position::Intro => "Intro".to_string(),
                Position::Numbered { n, .. } => format!("Q{n}"),
                Position::WrapUp => "Wrap-up".to_string(),
            };
            Line::new()
                .t(format!("{label} "))
                .b(what)
                .t(format!(" · {}", clip(&q.question, 70)))
        })
        .collect();
    doc = doc.para(Line::new().b("Questions")).bullets(lines);
    if !r.next_steps.is_empty() {
        doc = doc
            .para(Line::new().b("Next steps"))
            .numbered(r.next_steps.iter().map(|x| Line::from(x.as_str())));
    }
    let again = format!(
        "mock {} {} {}",
        s.settings.kind.slug(),
        s.settings.role.as_deref().unwrap_or(""),
        s.settings.persona
    )
    .replace("  ", " ");
    Reply::text(doc).kind(ReplyKind::Report).row(vec![
        button(user, "Practise again", Action::Run { command: again }),
        button(
            user,
            "My progress",
            Action::Run {
                command: "progress".into(),
            },
        ),
    ])
}

// ----- buttons ---------------------------------------------------------------------------------

pub fn not_your_button() -> Reply {
    Reply::text(Doc::new().para("That button belongs to someone else's session — start your own with /mock."))
        .kind(ReplyKind::Notice)
        .private()
}

pub fn stale_button() -> Reply {
    Reply::text(
        Doc::new().para("That button is from an interview that has already ended. /status shows what's running now."),
    )
    .kind(ReplyKind::Notice)
    .private()
}

pub fn unknown_button() -> Reply {
    Reply::text(Doc::new().para("That button has expired. Send /help to see what I can do."))
        .kind(ReplyKind::Notice)
        .private()
}

// ----- status, progress ------------------------------------------------------------------------

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
                Line::new().b("Interview: ").t(format!(
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

pub fn progress(p: &Progress) -> Reply {
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
    Reply::text(doc).private()
}

// ----- profile -----------------------------------------------------------------------------------

pub fn profile(p: &Profile, changed: bool) -> Reply {
    let role = p
        .role
        .as_deref()
        .and_then(catalog::role)
        .map(|r| r.label.to_string())
        .unwrap_or_else(|| "—".into());
    let doc = Doc::new()
        .heading(if changed { "Profile saved" } else { "Your profile" })
        .bullets([
            Line::new().b("Role: ").t(role),
            Line::new()
                .b("Level: ")
                .t(p.level.map(|l| l.slug().to_string()).unwrap_or_else(|| "—".into())),
            Line::new()
                .b("Industry: ")
                .t(p.industry.clone().unwrap_or_else(|| "—".into())),
            Line::new()
                .b("Time zone: ")
                .t(p.timezone.clone().unwrap_or_else(|| "—".into())),
        ])
        .para(
            Line::new()
                .t("Change it with e.g. ")
                .c("/profile role data_analyst level senior industry fintech timezone Europe/Berlin"),
        );
    Reply::text(doc).private()
}

pub fn profile_help_values() -> String {
    let roles: Vec<&str> = catalog::ROLES.iter().map(|r| r.slug).collect();
    let levels: Vec<&str> = crate::bank::Level::ALL.iter().map(|l| l.slug()).collect();
    format!("roles: {}; levels: {}", roles.join(", "), levels.join(", "))
}

// ----- bank ----------------------------------------------------------------------------------

pub fn bank_overview(user: &UserId, bank: &Bank) -> Reply {
    let lines: Vec<Line> = Category::ALL
        .iter()
        .map(|c| {
            Line::new()
                .b(c.label())
                .t(format!(" — {} · ", plural(bank.count(*c), "question", "questions")))
                .c(format!("/bank {}", c.slug()))
        })
        .collect();
    let comps = bank.competencies(Category::Behavioral).join(", ");
    let buttons: Vec<Button> = Category::ALL
        .iter()
        .map(|c| {
            button(
                user,
                c.label(),
                Action::Run {
                    command: format!("bank {}", c.slug()),
                },
            )
        })
        .collect();
    let mut reply = Reply::text(
        Doc::new()
            .heading(format!(
                "Question bank · {}",
                plural(bank.len(), "question", "questions")
            ))
            .bullets(lines)
            .para(Line::new().b("Behavioural competencies: ").t(comps))
            .para(
                Line::new()
                    .t("Filter and search in any order: ")
                    .c("/bank leadership hard")
                    .t(", ")
                    .c("/bank technical backend caching")
                    .t(", or open one: ")
                    .c("/bank beh-leadership-001"),
            ),
    );
    for chunk in buttons.chunks(3) {
        reply = reply.row(chunk.to_vec());
    }
    reply
}

pub fn bank_list(user: &UserId, title: &str, hits: &[&Question], page: u32, pages: u32, total: usize) -> Reply {
    let lines: Vec<Line> = hits
        .iter()
        .map(|q| {
            Line::new()
                .c(q.id.clone())
                .t(format!(
                    " · {} · {} — ",
                    q.competency.replace('_', " "),
                    q.difficulty.slug()
                ))
                .t(clip(&q.text, 120))
        })
        .collect();
    let mut reply = Reply::text(
        Doc::new()
            .heading(format!("{title} · {total} found · page {}/{}", page + 1, pages.max(1)))
            .bullets(lines)
            .para(
                Line::new()
                    .t("Open one with ")
                    .c("/bank <id>")
                    .t(" for hints, key points and a sample answer."),
            ),
    );
    let mut row: Vec<Button> = hits
        .iter()
        .take(3)
        .map(|q| button(user, format!("Open {}", q.id), Action::BankShow { id: q.id.clone() }))
        .collect();
    if page + 1 < pages {
        row.push(button(user, "More", Action::BankMore));
    }
    reply = reply.row(row);
    reply
}

pub fn bank_empty(query: &str) -> Reply {
    Reply::text(Doc::new().para(format!(
        "No questions match \"{}\". Try fewer words, or /bank to see the categories.",
        clip(query, 60)
    )))
    .kind(ReplyKind::Notice)
}

pub fn bank_question(user: &UserId, q: &Question) -> Reply {
    let roles = if q.is_general() {
        "any role".to_string()
    } else {
        q.roles.join(", ")
    };
    let mut doc = Doc::new()
        .heading(format!("{} · {}", q.category.label(), q.id))
        .para(q.text.clone())
        .para(Line::new().i(format!(
            "{} · {} · {} · {} to answer",
            q.competency.replace('_', " "),
            q.difficulty.slug(),
            roles,
            fmt_secs(q.time_limit_secs as i64)
        )))
        .para(Line::new().b("Hints"))
        .bullets(q.hints.iter().map(|h| Line::from(h.as_str())))
        .para(Line::new().b("A strong answer covers"))
        .bullets(q.key_points.iter().map(|h| Line::from(h.as_str())))
        .para(Line::new().b("Likely follow-ups"))
        .bullets(q.follow_ups.iter().map(|h| Line::from(h.as_str())));
    if let Some(s) = &q.sample_answer {
        doc = doc
            .para(Line::new().b("Sample strong answer"))
            .quote(s.trim().to_string());
    }
    let kind = match q.category {
        Category::Motivation => "behavioral",
        c => c.slug(),
    };
    Reply::text(doc).row(vec![button(
        user,
        "Practise this type",
        Action::Run {
            command: format!("mock {kind} 4"),
        },
    )])
}

// ----- export / forget -------------------------------------------------------------------------

pub fn export_caption(keys: usize) -> Doc {
    Doc::new().para(format!(
        "All your data as JSON ({}). Keep it somewhere safe: it contains your answers.",
        plural(keys, "record", "records")
    ))
}

pub fn forget_confirm(user: &UserId, nonce: &str, records: usize) -> Reply {
    Reply::text(
        Doc::new()
            .heading("Delete all your data?")
            .para(format!("This permanently deletes your profile, every interview, answer, score and schedule ({}). It cannot be undone. /export first if you want a copy.", plural(records, "record", "records")))
            .para(
                Line::new()
                    .t("Press the button or reply ")
                    .b("yes")
                    .t(" within 10 minutes; reply ")
                    .b("no")
                    .t(" to keep everything. Any other message withdraws the request."),
            ),
    )
    .private()
    .row(vec![
        button(user, "Yes, delete everything", Action::ForgetYes { nonce: nonce.into() }),
        button(user, "Cancel", Action::ForgetNo),
    ])
}

pub fn forget_done(records: usize) -> Reply {
    Reply::text(Doc::new().para(format!(
        "Done — all your data is deleted ({}). If you come back, you start fresh.",
        plural(records, "record", "records")
    )))
    .private()
}

pub fn forget_cancelled() -> Reply {
    Reply::text(Doc::new().para("Cancelled — nothing was deleted.")).private()
}

pub fn forget_withdrawn() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("Your ")
                .c("/forget")
                .t(" request is withdrawn — nothing was deleted."),
        ),
    )
    .kind(ReplyKind::Notice)
    .private()
}

pub fn forget_expired() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("That confirmation has expired. Send ")
                .c("/forget")
                .t(" again if you want to delete your data."),
        ),
    )
    .kind(ReplyKind::Notice)
    .private()
}

// ----- coach chat --------------------------------------------------------------------------------

pub fn guide(user: &UserId, g: &Guide, related: &[&Question]) -> Reply {
    let steps: Vec<Line> = g
        .steps
        .iter()
        .map(|s| match s.split_once(": ") {
            Some((label, rest)) if label.len() <= 30 => Line::new().b(format!("{label}: ")).t(rest.to_string()),
            _ => Line::from(s.as_str()),
        })
        .collect();
    let mut doc = Doc::new()
        .heading(g.title.clone())
        .para(g.summary.clone())
        .numbered(steps)
        .para(Line::new().b("Template"))
        .code(g.template.trim().to_string());
    if let Some(e) = &g.example {
        doc = doc.para(Line::new().b("Example")).quote(e.trim().to_string());
    }
    doc = doc
        .para(Line::new().b("Tips"))
        .bullets(g.tips.iter().map(|t| Line::from(t.as_str())));
    if !related.is_empty() {
        doc = doc
            .para(Line::new().b("Practise with these bank questions"))
            .bullets(related.iter().map(|q| {
                Line::new()
                    .c(q.id.clone())
                    .t(" ")
                    .t(clip(&q.text, 100))
                    .t(" — hint: ")
                    .i(q.hints.first().cloned().unwrap_or_default())
            }));
    }
    doc = doc.para(Line::new().i("Offline coach: this is curated guidance, not a generated reply."));
    let buttons: Vec<Button> = g
        .commands
        .iter()
        .take(3)
        .map(|c| {
            button(
                user,
                c.clone(),
                Action::Run {
                    command: c.trim_start_matches('/').to_string(),
                },
            )
        })
        .collect();
    Reply::text(doc).row(buttons)
}

/// A reply written by the language model (outside interviews), marked as such.
pub fn coach_chat_reply(user: &UserId, text: &str) -> Reply {
    let mut doc = crate::engine::reply::doc_from_markdown(text);
    doc = doc.para(Line::new().i("AI coach: a generated reply — double-check facts that matter."));
    let buttons: Vec<Button> = ["/mock", "/bank"]
        .iter()
        .map(|c| {
            button(
                user,
                c.to_string(),
                Action::Run {
                    command: c.trim_start_matches('/').to_string(),
                },
            )
        })
        .collect();
    Reply::text(doc).row(buttons)
}

pub fn related_only(user: &UserId, qs: &[&Question]) -> Reply {
    let doc = Doc::new()
        .para("I'm the offline coach, so I can't chat freely — but these questions from the bank match what you wrote:")
        .bullets(
            qs.iter()
                .map(|q| Line::new().c(q.id.clone()).t(" ").t(clip(&q.text, 110))),
        )
        .para(
            Line::new()
                .t("Open one with ")
                .c("/bank <id>")
                .t(" for hints, key points and a sample answer, or practise with ")
                .c("/mock")
                .t("."),
        );
    let row = qs
        .iter()
        .take(3)
        .map(|q| button(user, format!("Open {}", q.id), Action::BankShow { id: q.id.clone() }))
        .collect();
    Reply::text(doc).row(row)
}

/// `model_configured`: a model is set up but did not answer this turn (paused, failing, over
/// the day's allowance), so "no model configured" would not be true.
pub fn offline_help(user: &UserId, topics: &[&Guide], model_configured: bool) -> Reply {
    let why = if model_configured {
        "I'm answering as the offline coach (the language model isn't answering right now), so I answer from curated guides and the question bank rather than free conversation."
    } else {
        "I'm running as the offline coach (no language model configured), so I answer from curated guides and the question bank rather than free conversation."
    };
    let doc = Doc::new()
        .para(why)
        .para(Line::new().b("Ask me about, for example:"))
        .bullets(topics.iter().take(8).map(|g| Line::from(g.title.as_str())))
        .para(
            Line::new()
                .t("Or practise: ")
                .c("/mock")
                .t(" · browse: ")
                .c("/bank")
                .t(" · all commands: ")
                .c("/help"),
        );
    Reply::text(doc).row(vec![
        button(user, "Start a mock interview", Action::Run { command: "mock".into() }),
        button(
            user,
            "STAR method",
            Action::Run {
                command: "guide star-method".into(),
            },
        ),
    ])
}

pub fn greeting(user: &UserId, name: &str) -> Reply {
    let hello = if name.trim().is_empty() {
        "Hi!".into()
    } else {
        format!("Hi {}!", name.trim())
    };
    Reply::text(Doc::new().para(format!(
        "{hello} Ready to practise? Start a mock interview, or ask me how to answer a question."
    )))
    .row(vec![
        button(user, "Start a mock interview", Action::Run { command: "mock".into() }),
        button(user, "Help", Action::Run { command: "help".into() }),
    ])
}

pub fn thanks(user: &UserId) -> Reply {
    Reply::text(
        Doc::new()
            .para("You're welcome! Whenever you're ready: another mock interview, or ask me how to answer a question."),
    )
    .row(vec![
        button(user, "Start a mock interview", Action::Run { command: "mock".into() }),
        button(
            user,
            "My progress",
            Action::Run {
                command: "progress".into(),
            },
        ),
    ])
}

pub fn answer_after_end() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("Your interview has already ended, so I didn't score that. Start another with ")
                .c("/mock")
                .t(", or see how you did with ")
                .c("/progress")
                .t("."),
        ),
    )
    .kind(ReplyKind::Notice)
}

pub fn empty_message() -> Reply {
    Reply::text(Doc::new().para("That message was empty. Ask me something, or try /mock or /help."))
        .kind(ReplyKind::Notice)
}

pub fn document_outside(name: &str, size: usize) -> Reply {
    Reply::text(Doc::new().para(format!(
        "I received {} ({} KB), but reading CVs and job descriptions isn't available yet, so I didn't keep it. For feedback on an answer, paste the text or run /mock.",
        clip(name, 60),
        size.div_ceil(1024)
    )))
    .kind(ReplyKind::Notice)
}

pub fn document_unreadable(name: &str) -> Reply {
    Reply::text(Doc::new().para(format!(
        "I can't read {} as text (it isn't plain UTF-8 text). During an interview, type or paste your answer instead — your clock is still running.",
        clip(name, 60)
    )))
    .kind(ReplyKind::Notice)
}

pub fn document_too_big(max_kb: usize) -> Reply {
    Reply::text(Doc::new().para(format!(
        "That file is too large to use as an answer (the limit is {max_kb} KB). Please paste the key part as text."
    )))
    .kind(ReplyKind::Notice)
}

pub fn voice_unavailable(in_interview: bool) -> Reply {
    let tail = if in_interview {
        " Please type your answer — your clock is still running."
    } else {
        ""
    };
    Reply::text(Doc::new().para(format!(
        "Voice messages need a speech-to-text endpoint, and none is configured (the offline coach can't transcribe).{tail}"
    )))
    .kind(ReplyKind::Notice)
}

pub fn voice_heard(text: &str) -> Reply {
    Reply::text(Doc::new().para(Line::new().b("🎙 Heard: ").i(clip(text, 600))))
}

pub fn voice_unusable(in_interview: bool) -> Reply {
    let tail = if in_interview {
        " Please type your answer, or record it again — your clock is still running."
    } else {
        " Please type it, or try recording again."
    };
    Reply::text(Doc::new().para(format!("Sorry — I couldn't turn that voice message into text.{tail}")))
        .kind(ReplyKind::Notice)
}

pub fn group_mock_warning(user: &UserId) -> Reply {
    Reply::text(Doc::new().para(Line::new().b("Before we start: ").t(
        "everyone in this chat can read your answers and scores. Continue here, or practise privately in a direct chat with me (send /mock there).",
    )))
    .row(vec![
        button(user, "Continue here", Action::GroupMockYes),
        Button {
            label: "Private chat".into(),
            payload: crate::engine::reply::OPEN_DM.into(),
        },
        button(user, "Cancel", Action::Cancel),
    ])
}

pub fn answer_usage() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("Put your answer after the command, e.g. ")
                .c("/answer In my last role I…")
                .t("."),
        ),
    )
    .kind(ReplyKind::Notice)
}

pub fn cancelled() -> Reply {
    Reply::text(Doc::new().para("OK — cancelled."))
}

pub fn group_answer_ignored() -> Reply {
    Reply::text(Doc::new().para("Only the person being interviewed can answer here."))
        .kind(ReplyKind::Notice)
        .private()
}

// --- Notices adapters send themselves (platform plumbing, not engine turns) ---------------------

pub const DOWNLOAD_FAILED: &str = "Sorry — I couldn't download that file (it may be over 20 MB, or the download failed). Please try again, or paste the text.";
pub const SENT_PRIVATELY: &str = "I've sent that to you in a private chat, since it's your personal data.";
pub const OPEN_PRIVATE_CHAT: &str = "That reply holds your personal data, so I only send it privately — open a private chat with me, press Start, then ask again there.";
pub const STREAM_BROKE_OFF: &str = "(the AI reply broke off; here is the offline coach's answer)";
/// A pressed button Telegram no longer ties to a message (shown as an alert).
pub const BUTTON_EXPIRED: &str = "This button has expired.";
pub const DISCORD_NO_THREAD: &str = "I couldn't open a thread for your interview here (missing permission?). Send me /mock in a direct message instead.";

/// The terminal saved a file a reply carried (an /export) at this full path.
pub fn file_saved(path: &str) -> String {
    format!("(saved to {path})")
}

pub fn file_not_saved(path: &str, error: &str) -> String {
    format!("(could not save {path}: {error})")
}

/// The name of the Discord thread an interview runs in (the adapter cuts it to Discord's limit).
pub fn discord_thread_name(candidate: &str) -> String {
    format!("Mock interview · {candidate}")
}

pub fn discord_thread_opened(thread: u64) -> String {
    format!("Your interview is ready in a private thread: <#{thread}>. Only you and I can read it.")
}

pub fn discord_public_thread_opened(thread: u64) -> String {
    format!(
        "Private threads aren't allowed in this channel, so your interview is in a public thread: <#{thread}>. Others can read your answers there; for privacy, send me /mock in a direct message instead."
    )
}

// ----- flood limit (engine/flood.rs) ---------------------------------------------------------

/// The one notice a user gets when their messages come faster than the inbound limit allows;
/// `wait` is how long until the next one is taken.
pub fn flood_notice(wait: std::time::Duration) -> Reply {
    let secs = (wait.as_secs_f64().ceil() as i64).max(1);
    Reply::text(Doc::new().para(format!(
        "Slow down a little — messages are arriving faster than I can take them, so I didn't record that last one (if it was an answer, it doesn't count yet). Wait {}, then send it again; anything sent before then is dropped without a reply.",
        fmt_secs(secs)
    )))
    .kind(ReplyKind::Notice)
}
