//! General replies: the welcome, /help, unknown commands, the model pausing or running out of
//! allowance, storage errors and bad arguments.

use super::profile::profile_help_values;
use crate::engine::buttons::{Action, button};
use crate::engine::command_table::{
    ArgProblem, CommandSpec, DIFFICULTIES, INTERVIEW_TYPES, LEVELS, PACES, PERSONAS, Setting, TABLE,
};
use crate::engine::event::UserId;
use crate::engine::reply::{Doc, Line, Reply, ReplyKind};
use crate::profile::Profile;
use crate::scoring::clip;
use crate::scoring::text::plural;

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

/// One problem in a command's arguments, in words.
pub fn arg_problem(p: &ArgProblem) -> String {
    match p {
        ArgProblem::TwoValues { setting, word } => {
            let what = match setting {
                Setting::Count => "the question count",
                Setting::Type => "the interview type",
                Setting::Role => "the role",
                Setting::Level => "the level",
                Setting::Difficulty => "the difficulty",
                Setting::Persona => "the persona",
                Setting::Pace => "the time per question",
            };
            format!("two values for {what} (\"{word}\" and an earlier one) — pick one")
        }
        ArgProblem::CountOutOfRange(n) => format!("{n} questions is out of range: choose 1 to 20"),
        ArgProblem::UnknownMockWord { word, closest: Some(v) } => {
            format!("I don't know \"{word}\" — did you mean \"{v}\"?")
        }
        ArgProblem::UnknownMockWord { word, closest: None } => format!(
            "I don't know \"{word}\". Types: {}; difficulties: {}; personas: {}; time: {}; {}",
            INTERVIEW_TYPES.join(", "),
            DIFFICULTIES.join(", "),
            PERSONAS.join(", "),
            PACES.join(", "),
            profile_help_values()
        ),
        ArgProblem::UnknownRole(v) => format!("unknown role \"{v}\" — {}", profile_help_values()),
        ArgProblem::UnknownLevel(v) => format!("unknown level \"{v}\" — levels: {}", LEVELS.join(", ")),
        ArgProblem::UnknownTimeZone(v) => {
            format!("unknown time zone \"{v}\" — use an IANA name like Europe/Berlin or America/New_York")
        }
        ArgProblem::UnknownPace(v) => format!("unknown time \"{v}\" — say relaxed, standard or strict"),
        ArgProblem::UnknownProfileWord(v) => format!(
            "I don't know \"{v}\" — say e.g. role backend, level senior, industry fintech, timezone Europe/Berlin"
        ),
    }
}

pub fn bad_arguments(command: &str, problems: &[ArgProblem], usage: &str) -> Reply {
    Reply::text(
        Doc::new()
            .para(
                Line::new()
                    .t("I couldn't read all of that for ")
                    .c(format!("/{command}"))
                    .t(":"),
            )
            .bullets(problems.iter().map(|p| Line::from(arg_problem(p).as_str())))
            .para(Line::new().t("Usage: ").c(usage)),
    )
    .kind(ReplyKind::Notice)
}

pub fn input_too_long(kept: usize) -> Line {
    Line::new().i(format!(
        "Your message was very long; I kept the first {kept} characters."
    ))
}
