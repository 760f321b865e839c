//! Coach chat outside interviews: guides, model replies, offline help, greetings, documents,
//! voice messages, groups and small notices.

use crate::bank::Question;
use crate::copilot::Guide;
use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Button, Doc, Line, Reply, ReplyKind};
use crate::scoring::clip;

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
