//! Interview prep (issue #18): /questions' tailored list, /mock from-jd's opening, /company's
//! brief (offline and the model's, marked unverified), and their usage replies.

use crate::bank::Question;
use crate::copilot::company::{Brief, Industry, ModelBrief};
use crate::copilot::questions::{MAX_COUNT, MIN_COUNT, Probe, Source, Tailored};
use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Doc, Line, Reply, ReplyKind};
use crate::scoring::text::plural;

/// Who wrote a /questions list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListBrain {
    Offline,
    /// The model, just now.
    Model,
    /// The model, earlier, for the same input.
    Cached,
}

/// What /questions shows.
pub struct QuestionsView<'a> {
    pub list: &'a [Tailored],
    pub brain: ListBrain,
    pub has_cv: bool,
    pub has_jd: bool,
    pub company: Option<&'a str>,
    /// "Backend engineer", when a role is known.
    pub role: Option<&'a str>,
    pub level: &'a str,
    /// The command "Mock from these" runs (`mock from-jd …`).
    pub mock_command: String,
}

/// What a question probes, as the user reads it.
pub fn probe_line(p: &Probe) -> Line {
    match p {
        Probe::Gap(s) => Line::new()
            .t("probes: ")
            .b(s.as_str())
            .t(" (asked by the job, not on your CV)"),
        Probe::JobSkill(s) => Line::new()
            .t("probes: ")
            .b(s.as_str())
            .t(" (asked by the job; on your CV)"),
        Probe::Achievement(l) => Line::new().t("from your CV: ").i(format!("'{l}'")),
        Probe::Responsibility(l) => Line::new().t("from the job description: ").i(format!("'{l}'")),
        Probe::Competency(c) => Line::new().t("probes: ").t(c.replace('_', " ")),
        Probe::Stated(s) => Line::new().t("probes: ").t(s.as_str()),
    }
}

fn source_label(s: &Source) -> String {
    match s {
        Source::Bank(id) => format!("bank question {id}"),
        Source::Template(_) => "built from your own lines".into(),
        Source::Model => "written by the AI model".into(),
    }
}

pub fn tailored_questions(user: &UserId, v: &QuestionsView<'_>) -> Reply {
    let mut head = format!("Likely questions · {}", plural(v.list.len(), "question", "questions"));
    if let Some(c) = v.company {
        head.push_str(&format!(" · {c}"));
    }
    let mut doc = Doc::new().heading(head);
    let for_whom = match v.role {
        Some(r) => format!("For a {} {} role", v.level, r.to_lowercase()),
        None => format!(
            "For a {}-level role (no role given: add one, e.g. /questions backend)",
            v.level
        ),
    };
    let grounded = match (v.has_cv, v.has_jd) {
        (true, true) => "grounded in your CV and the job description on file",
        (false, true) => "grounded in the job description on file (no CV yet: send one with /cv)",
        (true, false) => "grounded in your CV (no job description yet: paste one with /jd)",
        (false, false) => {
            "picked from the question bank (send a CV with /cv and a job description with /jd to ground them in both)"
        }
    };
    doc = doc.para(format!("{for_whom}, {grounded}."));
    for (i, q) in v.list.iter().enumerate() {
        doc = doc
            .para(Line::new().b(format!("{}. ", i + 1)).t(q.text.as_str()))
            .bullets([
                Line::new().t(format!(
                    "{} · {} · {} · {}",
                    q.category.label(),
                    q.competency.replace('_', " "),
                    q.difficulty.slug(),
                    source_label(&q.source)
                )),
                probe_line(&q.probe),
                Line::new().t("Hint: ").t(q.hint.as_str()),
            ]);
    }
    let brain = match v.brain {
        ListBrain::Offline => {
            "The offline coach picked these (bank questions and your own lines; no facts about the company)."
        }
        ListBrain::Model => {
            "The AI model wrote these from your documents; near-duplicates of bank questions were replaced by the bank's, so they can be practised in a mock."
        }
        ListBrain::Cached => {
            "The AI model wrote these earlier for the same request (kept, so asking again gives the same list)."
        }
    };
    doc = doc.para(Line::new().i(brain));
    doc = doc.para(
        Line::new()
            .t("Practise them in a timed mock interview: ")
            .c("/mock from-jd")
            .t(". See a bank question with its key points: ")
            .c("/bank <id>")
            .t("."),
    );
    // "Draft N" for the bank's questions (a drafted answer from the user's own facts, /draft);
    // questions built from the user's lines or written by a model have no id to carry.
    let drafts: Vec<_> = v
        .list
        .iter()
        .enumerate()
        .filter_map(|(i, q)| match &q.source {
            Source::Bank(id) => Some(super::library::draft_button(user, format!("Draft {}", i + 1), id)),
            _ => None,
        })
        .take(5)
        .collect();
    let mut r = Reply::text(doc).private().row(vec![button(
        user,
        "Mock from these",
        Action::Run {
            command: v.mock_command.clone(),
        },
    )]);
    if !drafts.is_empty() {
        r = r.row(drafts);
    }
    r
}

/// Nothing in the bank fits the words (e.g. case questions for a backend role).
pub fn no_tailored_questions() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("No questions fit that combination of role and type. Try another type or role, e.g. ")
                .c("/questions behavioral")
                .t(" or ")
                .c("/questions case product_manager")
                .t("."),
        ),
    )
    .kind(ReplyKind::Notice)
}

/// Why /questions' (or /mock from-jd's) words could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrepArgProblem {
    CountOutOfRange(i64),
    TwoValues { setting: &'static str, word: String },
    CompanyTooLong,
}

pub fn questions_usage(command: &str, problems: &[PrepArgProblem]) -> Reply {
    let lines = problems.iter().map(|p| match p {
        PrepArgProblem::CountOutOfRange(n) => {
            format!("{n} questions: a list has {MIN_COUNT} to {MAX_COUNT}.")
        }
        PrepArgProblem::TwoValues { setting, word } => {
            format!("\"{word}\" is a second {setting}; give one.")
        }
        PrepArgProblem::CompanyTooLong => "That company name is too long (60 characters at most).".to_string(),
    });
    Reply::text(
        Doc::new()
            .para(Line::new().t("I couldn't read all of that for ").c(command).t(":"))
            .bullets(lines.map(Line::from))
            .para(Line::new().t("Usage: ").c(format!(
                "{command} [company] [role] [level] [difficulty] [type] [count {MIN_COUNT}-{MAX_COUNT}]"
            )))
            .para(
                Line::new()
                    .t("For example ")
                    .c(format!("{command} Acme backend senior 5"))
                    .t("."),
            ),
    )
    .kind(ReplyKind::Notice)
}

/// The opening of /mock from-jd, before the interview's own intro.
pub fn from_jd_intro(has_jd: bool, asked: &[&Tailored], left_out: usize) -> Reply {
    let mut doc = Doc::new().heading("Mock interview from the job description");
    doc = doc.para(if has_jd {
        "The questions were picked for the job description on file:"
    } else {
        "No job description on file (paste one with /jd), so these were picked for your role:"
    });
    doc = doc.bullets(asked.iter().map(|q| {
        let mut l = Line::new().t(format!("{}, ", q.competency.replace('_', " ")));
        l.0.extend(probe_line(&q.probe).0);
        l
    }));
    if left_out > 0 {
        doc = doc.para(Line::new().i(format!(
            "The {} built from your own lines (or written by the AI model) can't be timed and scored in a mock yet, so bank questions picked for the same job take their place; answer those in the chat to practise them.",
            plural(left_out, "question", "questions")
        )));
    }
    Reply::text(doc)
}

pub fn from_jd_in_private() -> Reply {
    Reply::text(Doc::new().para(
        "A mock from your job description uses your CV and the job, so it runs in private: send /mock from-jd to me in a direct message.",
    ))
    .kind(ReplyKind::Notice)
}

pub fn company_usage() -> Reply {
    Reply::text(
        Doc::new()
            .para(Line::new().t("Which company? ").c("/company NAME [role] [industry]"))
            .para(
                Line::new()
                    .t("For example ")
                    .c("/company Monzo fintech")
                    .t(" or ")
                    .c("/company Acme backend")
                    .t(". Industries I have notes for: fintech, banking, healthcare, ecommerce, saas, gaming, consulting, government, telecom, automotive, media, edtech, logistics, energy, ai_startup."),
            ),
    )
    .kind(ReplyKind::Notice)
}

pub fn company_too_long() -> Reply {
    Reply::text(Doc::new().para("That company name is too long (60 characters at most).")).kind(ReplyKind::Notice)
}

fn likely_lines(likely: &[&Question]) -> Vec<Line> {
    likely
        .iter()
        .map(|q| {
            Line::new()
                .t(q.text.as_str())
                .t(format!(" ({}, ", q.category.label()))
                .c(q.id.as_str())
                .t(")")
        })
        .collect()
}

fn industry_line(industry: Option<&Industry>) -> Line {
    match industry {
        Some(i) => Line::new().t("Industry notes: ").b(i.name.as_str()).t("."),
        None => Line::new()
            .t("No industry given: add one for its notes, e.g. ")
            .c("/company NAME fintech")
            .t("."),
    }
}

/// The offline brief: a framework with the company's name, and no fact about it.
pub fn company_offline(b: &Brief<'_>, role: Option<&str>) -> Reply {
    let mut doc = Doc::new()
        .heading(format!("Preparing for {}", b.company))
        .para(Line::new().i(format!(
            "The offline coach does not know {}: nothing below is a fact about it. These are the questions to check yourself, from its own site, its job posting and recent news.",
            b.company
        )))
        .para(industry_line(b.industry))
        .para(Line::new().b("What to research"))
        .bullets(b.research.iter().map(String::as_str));
    if let Some(i) = b.industry {
        doc = doc
            .para(Line::new().b(format!("Common themes in {} interviews", i.name.to_lowercase())))
            .bullets(i.themes.iter().map(String::as_str));
    }
    let likely_head = match role {
        Some(r) => format!("Likely questions for a {} role", r.to_lowercase()),
        None => "Likely questions".to_string(),
    };
    doc = doc
        .para(Line::new().b(likely_head))
        .bullets(likely_lines(&b.likely))
        .para(Line::new().b("Questions to ask the interviewer"))
        .bullets(b.ask.iter().map(String::as_str))
        .para(Line::new().b("Red flags to probe"))
        .bullets(b.red_flags.iter().map(String::as_str))
        .para(
            Line::new()
                .t("Next: ")
                .c(format!("/questions {}", b.company))
                .t(" for questions grounded in your CV and the job."),
        );
    Reply::text(doc)
}

/// The model's brief, marked unverified, with the bank's likely questions beside the model's.
pub fn company_model(company: &str, mb: &ModelBrief, industry: Option<&Industry>, likely: &[&Question]) -> Reply {
    let doc = Doc::new()
        .heading(format!("Preparing for {company}"))
        .para(
            Line::new()
                .b("Unverified: check before you rely on it.")
                .t(" The AI model wrote this brief; it may be out of date or wrong about the company."),
        )
        .para(industry_line(industry))
        .para(Line::new().b("What to research"))
        .bullets(mb.research.iter().map(String::as_str))
        .para(Line::new().b("Likely questions"))
        .bullets(
            mb.likely
                .iter()
                .map(|s| Line::from(s.as_str()))
                .chain(likely_lines(likely)),
        )
        .para(Line::new().b("Questions to ask the interviewer"))
        .bullets(mb.ask.iter().map(String::as_str))
        .para(Line::new().b("Red flags to probe"))
        .bullets(mb.red_flags.iter().map(String::as_str))
        .para(
            Line::new()
                .t("Next: ")
                .c(format!("/questions {company}"))
                .t(" for questions grounded in your CV and the job."),
        );
    Reply::text(doc)
}
