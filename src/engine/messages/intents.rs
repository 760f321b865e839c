//! The offline coach's answers to what a chat message asks for (issue #18, `copilot::intents`):
//! a bank question with its hint, a review of a pasted answer, the questions to ask the
//! interviewer, the pointers to /questions and /draft, the lead line of "my weak points", and
//! the menu for a message that matches nothing. Every one says the offline coach is answering
//! and ends with quick-reply buttons for the next steps.

use super::score::{score_sum, why_text};
use crate::bank::Question;
use crate::copilot::ask::AskList;
use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Button, Doc, Line, Reply, ReplyKind};
use crate::scoring::ledger::Op;
use crate::scoring::{ScoreResult, clip};

/// A quick reply that runs a command as if typed.
pub fn run_button(user: &UserId, label: &str, command: &str) -> Button {
    button(
        user,
        label.to_string(),
        Action::Run {
            command: command.trim_start_matches('/').to_string(),
        },
    )
}

/// The line every offline answer ends with: who answered, and from what.
pub fn offline_note(source: &str) -> Line {
    Line::new().i(format!("Offline coach: answered from {source}, not a generated reply."))
}

/// A message that matches nothing the offline coach knows: what it can do, as a short menu.
/// `lead` says why first (e.g. a "how do I answer" it has no guide or question for).
pub fn chat_menu(user: &UserId, lead: Option<String>, model_configured: bool) -> Reply {
    let why = if model_configured {
        "I'm answering as the offline coach (the language model isn't answering right now)"
    } else {
        "I'm the offline coach (no language model configured)"
    };
    let mut doc = Doc::new();
    if let Some(l) = lead {
        doc = doc.para(l);
    }
    doc = doc
        .para(format!(
            "{why}: I work from curated guides, the question bank, the rubric scorer and your own sessions, not free conversation. Try one of these:"
        ))
        .bullets([
            Line::new().b("How do I answer …?").t(" — a guide, or a bank question with its hint"),
            Line::new().b("Review my answer: …").t(" — a score, what's strong and what to fix"),
            Line::new().b("What are my weak points?").t(" — from your own answers"),
            Line::new().b("What should I fix first?").t(" — your top three improvements (").c("/suggest").t(")"),
            Line::new().b("Practice questions for <company> <role>").t(" · ").b("Help me draft an answer"),
            Line::new().b("What should I ask the interviewer?"),
        ])
        .para(Line::new().t("All commands: ").c("/help"));
    Reply::text(doc)
        .row(vec![
            run_button(user, "Start a mock interview", "mock"),
            run_button(user, "What to fix first", "suggest"),
            run_button(user, "My weak points", "weak"),
        ])
        .row(vec![
            run_button(user, "STAR method", "guide star-method"),
            run_button(user, "Questions to ask them", "guide questions-to-ask"),
        ])
}

/// "How do I answer X?" matched to a bank question: the question, its hints and key points,
/// and the way to its sample answer.
pub fn how_to_question(user: &UserId, q: &Question) -> Reply {
    let mut doc = Doc::new()
        .para(
            Line::new()
                .t("The closest question in the bank is ")
                .c(q.id.clone())
                .t(":"),
        )
        .quote(q.text.clone());
    if !q.hints.is_empty() {
        doc = doc
            .para(Line::new().b("Hints"))
            .bullets(q.hints.iter().take(3).map(|h| Line::from(h.as_str())));
    }
    if !q.key_points.is_empty() {
        doc = doc
            .para(Line::new().b("A strong answer covers"))
            .bullets(q.key_points.iter().take(4).map(|k| Line::from(k.as_str())));
    }
    if q.sample_answer.is_some() {
        doc = doc.para("It has a sample strong answer: press the button to see it.");
    }
    doc = doc.para(offline_note("the question bank"));
    let mut row = Vec::new();
    if q.sample_answer.is_some() {
        row.push(button(user, "Sample answer", Action::BankShow { id: q.id.clone() }));
    }
    row.push(button(
        user,
        "Practise it now",
        Action::Drill { question: q.id.clone() },
    ));
    row.push(run_button(user, "Draft my answer", "draft"));
    Reply::text(doc).row(row)
}

/// "Review my answer" with nothing after it.
pub fn review_usage() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("Paste the answer after a colon and I'll score it with the rubric, e.g. ")
                .c("Review my answer: In my last role I…")
                .t(" — name the question for a closer match: ")
                .c("Review my answer to <question>: …"),
        ),
    )
    .kind(ReplyKind::Notice)
}

/// What a pasted answer was scored against.
pub enum ReviewedAgainst<'a> {
    /// The bank question that matches it best.
    Bank(&'a Question),
    /// The question the user named (no bank question close enough).
    Named(&'a str),
    /// No question: a generic behavioural (STAR) rubric.
    Generic,
}

/// "Review my answer: …": the rubric's score, what it was scored against, what is strong and
/// what to fix.
pub fn review(user: &UserId, against: &ReviewedAgainst<'_>, s: &ScoreResult) -> Reply {
    let mut doc = Doc::new().heading(format!("Your answer: {}/100", s.overall));
    doc = doc.para(match against {
        ReviewedAgainst::Bank(q) => Line::new()
            .t("Scored against the bank question ")
            .c(q.id.clone())
            .t(": ")
            .i(clip(&q.text, 160)),
        ReviewedAgainst::Named(q) => Line::new().t("Scored against your question: ").i(clip(q, 160)),
        ReviewedAgainst::Generic => Line::new().t(
            "Scored with the generic behavioural (STAR) rubric — name the question (\"Review my answer to <question>: …\") for a closer match.",
        ),
    });
    let sum = score_sum(s);
    if !sum.is_empty() {
        doc = doc.para(Line::new().b("How it adds up: ").t(sum));
    }
    let strong: Vec<Line> = s.strengths.iter().take(3).map(|x| Line::from(x.as_str())).collect();
    doc = doc.para(Line::new().b("What's strong"));
    doc = if strong.is_empty() {
        doc.para("Nothing stood out yet — the fixes below come first.")
    } else {
        doc.bullets(strong)
    };
    let mut fix: Vec<Line> = Vec::new();
    for st in &s.ledger.steps {
        if matches!(st.op, Op::Cap { .. } | Op::Times { .. }) {
            fix.push(Line::new().b("Held down: ").t(why_text(st.why).to_string()));
        }
    }
    if !s.improvement.trim().is_empty() {
        fix.push(Line::from(s.improvement.trim()));
    }
    let mut weak: Vec<_> = s
        .rubric
        .items
        .iter()
        .filter(|i| i.max > 0 && i.score * 2 < i.max)
        .collect();
    weak.sort_by_key(|i| (i.score as u32 * 100 / i.max as u32, i.key.clone()));
    for i in weak.iter().take(2) {
        fix.push(Line::new().b(format!("{} {}/{}", i.label, i.score, i.max)).t(
            match crate::scoring::part_advice(&i.key) {
                Some(a) => format!(": {a}"),
                None => String::new(),
            },
        ));
    }
    for k in s.evidence.key_points_missed.iter().take(2) {
        fix.push(Line::new().t("Not covered: ").i(clip(k, 140)));
    }
    doc = doc.para(Line::new().b("What to fix"));
    doc = if fix.is_empty() {
        doc.para("Little to fix: keep it this tight in a mock interview.")
    } else {
        doc.bullets(fix)
    };
    doc = doc.para(offline_note("the rubric scorer"));
    let mut row = Vec::new();
    if let ReviewedAgainst::Bank(q) = against {
        row.push(button(
            user,
            "Practise this question",
            Action::Drill { question: q.id.clone() },
        ));
        if q.sample_answer.is_some() {
            row.push(button(user, "Sample answer", Action::BankShow { id: q.id.clone() }));
        }
    }
    row.push(run_button(user, "Draft a better one", "draft"));
    Reply::text(doc)
        .row(row)
        .row(vec![run_button(user, "What to fix first", "suggest")])
}

/// "Give me practice questions for <company> <role>": /questions makes them.
pub fn practice_questions(user: &UserId, company: Option<&str>, role: Option<(&str, &str)>) -> Reply {
    let mut command = "questions".to_string();
    // The button's payload holds at most 64 bytes: the company's first 16 bytes (whole
    // characters) go in it.
    if let Some(c) = company {
        let mut short = String::new();
        for ch in c.chars() {
            if short.len() + ch.len_utf8() > 16 {
                break;
            }
            short.push(ch);
        }
        command.push(' ');
        command.push_str(short.trim());
    }
    if let Some((slug, _)) = role {
        command.push(' ');
        command.push_str(slug);
    }
    let target = match (company, role) {
        (Some(c), Some((_, label))) => format!(" for a {label} role at {c}"),
        (Some(c), None) => format!(" for {c}"),
        (None, Some((_, label))) => format!(" for a {label} role"),
        (None, None) => String::new(),
    };
    let doc = Doc::new()
        .para(
            Line::new()
                .t(format!("Tailored practice questions{target} come from "))
                .c(format!("/{command}"))
                .t(": each with its category, competency, difficulty and a hint, grounded in your CV and the job description when you've shared them."),
        )
        .para(Line::new().t("Or run a mock interview straight away with ").c("/mock").t("."))
        .para(offline_note("its command list"));
    let mut row = vec![run_button(user, "Get the questions", &command)];
    row.push(match role {
        Some((slug, _)) => run_button(user, "Mock interview", &format!("mock {slug}")),
        None => run_button(user, "Mock interview", "mock"),
    });
    Reply::text(doc).row(row)
}

/// "Help me draft an answer": /draft does it.
pub fn draft(user: &UserId, topic: Option<&str>) -> Reply {
    let what = topic
        .map(|t| format!(" to \u{201c}{}\u{201d}", clip(t, 120)))
        .unwrap_or_default();
    let doc = Doc::new()
        .para(
            Line::new()
                .t(format!("To draft an answer{what}, use "))
                .c("/draft")
                .t(": give it the question and your points (what happened, what you did, the result), and it builds a STAR answer from your own facts, marking the gaps."),
        )
        .para(offline_note("its command list"));
    Reply::text(doc).row(vec![
        run_button(user, "Draft an answer", "draft"),
        run_button(user, "STAR method", "guide star-method"),
    ])
}

/// "What should I ask the interviewer?": the curated lists.
pub fn ask_interviewer(user: &UserId, lists: &[AskList]) -> Reply {
    let mut doc = Doc::new().heading("Questions to ask the interviewer");
    for l in lists {
        doc = doc
            .para(Line::new().b(l.title.clone()))
            .bullets(l.questions.iter().map(|q| Line::from(q.as_str())));
    }
    doc = doc
        .para("Pick two or three that you genuinely want answered, and ask a follow-up on the answer.")
        .para(offline_note("a curated list"));
    Reply::text(doc).row(vec![
        run_button(user, "More on this", "guide questions-to-ask"),
        run_button(user, "Start a mock interview", "mock"),
    ])
}

/// The lead of "what are my weak points" (the /weak answer follows it).
pub fn weak_points_lead() -> Line {
    Line::new().i("Offline coach: answered from your own sessions and reviews.")
}

/// The quick replies after "what are my weak points".
pub fn weak_points_buttons(user: &UserId) -> Vec<Button> {
    vec![
        run_button(user, "What to fix first", "suggest"),
        run_button(user, "Practise now", "practice"),
    ]
}

/// The lead of the menu when "how do I answer X" finds no guide and no bank question.
pub fn no_guide_for(topic: &str) -> String {
    if topic.trim().is_empty() {
        "Which question? Ask it as \u{201c}How do I answer <the question>?\u{201d}".into()
    } else {
        format!(
            "I have no guide or bank question for \u{201c}{}\u{201d} yet.",
            clip(topic, 100)
        )
    }
}
