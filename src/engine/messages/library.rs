//! /draft, /save, /library and /sample: the drafted answer with its score and what it still
//! lacks, the saved-answer library (the list, one answer, the Markdown file), the saved answer
//! offered once its question has closed in a mock, and the bank's sample answers.

use crate::bank::Question;
use crate::copilot::draft::{Draft, Saved};
use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Button, Doc, Line, Reply, ReplyKind};
use crate::scoring::text::plural;
use crate::scoring::{ScoreResult, clip};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::fmt::Write;

/// A day as the user reads it (their time zone, else UTC).
fn day(at: DateTime<Utc>, tz: Option<Tz>) -> String {
    match tz {
        Some(tz) => at.with_timezone(&tz).format("%Y-%m-%d").to_string(),
        None => at.format("%Y-%m-%d").to_string(),
    }
}

fn run(user: &UserId, label: impl Into<String>, command: impl Into<String>) -> Button {
    button(
        user,
        label,
        Action::Run {
            command: command.into(),
        },
    )
}

/// "Draft this" under a question: `/draft <id>`.
pub fn draft_button(user: &UserId, label: impl Into<String>, question_id: &str) -> Button {
    run(user, label, format!("draft {question_id}"))
}

pub fn draft_which() -> Reply {
    Reply::text(
        Doc::new()
            .para("Which question shall we draft an answer for? Give a bank id or the question itself:")
            .bullets([
                Line::new().c("/draft beh-leadership-001"),
                Line::new().c("/draft Tell me about a time you failed | what happened, what you did, the result"),
            ])
            .para(Line::new().t("Find questions with ").c("/bank").t(".")),
    )
    .kind(ReplyKind::Notice)
}

/// No drafting while an interview runs.
pub fn draft_during_interview() -> Reply {
    Reply::text(Doc::new().para(
        "Drafting waits until the interview is over: writing the answer to the question in front of you would be rehearsing with the answer in hand, and the score would measure the draft, not you. Finish or /end the interview, then use the report's Draft buttons or /draft.",
    ))
    .kind(ReplyKind::Notice)
}

/// The coach asks for the user's facts; the next message is taken as them.
pub fn draft_ask_points(question: &str, cv_lines: usize) -> Reply {
    let cv = if cv_lines > 0 {
        format!(
            "I'll add the {} of your CV that fit it best.",
            plural(cv_lines, "line", "lines")
        )
    } else {
        "No CV on file, so the draft is built from your points alone.".to_string()
    };
    Reply::text(
        Doc::new()
            .para(Line::new().b("Drafting: ").i(clip(question, 200)))
            .para(Line::new().b("What happened? Give me your points").t(
                " — a few facts in any order, in your next message: where you were, what you had to do, what you did, what changed (with numbers), what you learned.",
            ))
            .para(cv)
            .para(
                Line::new()
                    .t("Reply ")
                    .c("skip")
                    .t(" to draft without points, or put them after the question next time: ")
                    .c("/draft <question> | <your points>")
                    .t("."),
            ),
    )
    .private()
}

/// How a draft came to be, as the reply says it.
pub enum Drafted<'a> {
    /// Written by the model from the user's facts; its figures were checked.
    Model,
    /// Built by the offline coach.
    Offline,
    /// A model is configured but its draft used figures the user never gave (these).
    OfflineInvented(&'a [String]),
    /// A model is configured but could not draft just now.
    OfflineFailed,
    /// The user's own revision.
    Revised,
}

/// A draft: its text, where it came from, its score and what it still lacks, how to revise it.
pub fn draft_reply(user: &UserId, d: &Draft, s: &ScoreResult, how: Drafted<'_>, has_sample: bool) -> Reply {
    let offline_note = "The offline coach built this from your own points and CV lines, placed where they fit; the [brackets] mark what is still missing.";
    let how_line = match how {
        Drafted::Model => {
            "Written by the model from your points and CV lines only — every figure in it is one you gave. Make sure it sounds like you.".to_string()
        }
        Drafted::Offline => offline_note.to_string(),
        Drafted::OfflineInvented(figs) => format!(
            "The model's draft used figures you never gave ({}), so it was not used. {offline_note}",
            figs.join(", ")
        ),
        Drafted::OfflineFailed => format!("The model could not draft this just now. {offline_note}"),
        Drafted::Revised => format!("Revision {}, scored again.", d.revisions),
    };
    let mut doc = Doc::new()
        .heading(format!("Draft · {}", clip(&d.question, 90)))
        .para(Line::new().i(how_line))
        .quote(d.text.clone());
    if !d.cv_lines.is_empty() && d.revisions == 0 {
        doc = doc
            .para(Line::new().b("From your CV"))
            .bullets(d.cv_lines.iter().map(|l| Line::from(clip(l, 160).as_str())));
    }
    doc = doc.para(
        Line::new()
            .b(format!("Score: {}/100", s.overall))
            .t(" (offline scorer) — ")
            .t(s.summary.clone()),
    );
    let lacks = lacks(&d.text, s);
    if !lacks.is_empty() {
        doc = doc
            .para(Line::new().b("Still lacks"))
            .bullets(lacks.into_iter().map(Line::from));
    }
    doc = doc.para(
        Line::new()
            .t("Revise it: ")
            .c("/draft edit <your full new text>")
            .t(" (scored again each time). Keep it: ")
            .c("/save")
            .t("."),
    );
    let mut row = vec![run(user, "Save", "save")];
    if has_sample && let Some(id) = &d.question_id {
        row.push(run(user, "Sample answer", format!("sample {id}")));
    }
    row.push(run(user, "My library", "library"));
    Reply::text(doc).row(row).private()
}

/// What a text still lacks: the gaps marked in it, the scorer's one improvement, and the key
/// points it misses.
fn lacks(text: &str, s: &ScoreResult) -> Vec<String> {
    let mut out: Vec<String> = crate::copilot::draft::gaps_in(text)
        .into_iter()
        .map(|g| format!("{g} (marked in [brackets])"))
        .collect();
    out.push(s.improvement.clone());
    out.extend(
        s.evidence
            .key_points_missed
            .iter()
            .take(3)
            .map(|k| format!("Key point: {k}")),
    );
    out
}

pub fn draft_none() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("No draft open. Start one with ")
                .c("/draft <question id or text>")
                .t("."),
        ),
    )
    .kind(ReplyKind::Notice)
}

pub fn draft_edit_usage() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("Send the whole new text after the command: ")
                .c("/draft edit <your full answer>")
                .t(". It replaces the draft and is scored again."),
        ),
    )
    .kind(ReplyKind::Notice)
}

pub fn save_nothing() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("Nothing to save yet: draft an answer with ")
                .c("/draft <question>")
                .t(" first, or save your own text with ")
                .c("/save <question id or text> | <your answer>")
                .t("."),
        ),
    )
    .kind(ReplyKind::Notice)
}

pub fn library_full(max: usize) -> Reply {
    Reply::text(Doc::new().para(format!(
        "Your library holds {max} answers, its limit. Delete one with /library delete N first."
    )))
    .kind(ReplyKind::Notice)
}

pub fn saved(user: &UserId, n: usize, a: &Saved, replaced: bool) -> Reply {
    let replaced = if replaced {
        ", replacing your earlier answer to this question"
    } else {
        ""
    };
    Reply::text(
        Doc::new()
            .para(
                Line::new()
                    .b(format!("Saved as answer {n}"))
                    .t(format!(" ({}/100){replaced}: ", a.score))
                    .i(clip(&a.question, 120)),
            )
            .para(
                Line::new()
                    .t("It is offered to you after this question (or one like it) comes up in a mock. All of them: ")
                    .c("/library")
                    .t("."),
            ),
    )
    .row(vec![
        run(user, "Show it", format!("library show {}", a.id)),
        run(user, "My library", "library"),
    ])
    .private()
}

pub fn library_empty() -> Reply {
    Reply::text(
        Doc::new().heading("Your answer library").para(
            Line::new()
                .t("It is empty. Draft an answer with ")
                .c("/draft <question>")
                .t(", then ")
                .c("/save")
                .t(" it."),
        ),
    )
    .private()
}

pub fn library_list(user: &UserId, all: &[Saved], tz: Option<Tz>) -> Reply {
    let lines = all.iter().map(|a| {
        Line::new()
            .t(clip(&a.question, 90))
            .t(" — ")
            .b(format!("{}/100", a.score))
            .t(format!(" · {}", day(a.updated, tz)))
    });
    let doc = Doc::new()
        .heading(format!(
            "Your answer library · {}",
            plural(all.len(), "answer", "answers")
        ))
        .numbered(lines)
        .para(
            Line::new()
                .c("/library show N")
                .t(" · ")
                .c("/library edit N <text>")
                .t(" · ")
                .c("/library delete N")
                .t(" · ")
                .c("/library export")
                .t(" (a Markdown file)"),
        );
    let mut row: Vec<Button> = all
        .iter()
        .enumerate()
        .take(3)
        .map(|(i, a)| run(user, format!("Show {}", i + 1), format!("library show {}", a.id)))
        .collect();
    row.push(run(user, "Export", "library export"));
    Reply::text(doc).row(row).private()
}

pub fn library_show(user: &UserId, n: usize, a: &Saved, s: &ScoreResult, tz: Option<Tz>) -> Reply {
    let edited = if a.updated > a.saved {
        format!(", edited {}", day(a.updated, tz))
    } else {
        String::new()
    };
    let mut doc = Doc::new()
        .heading(format!("Saved answer {n} · {}/100", a.score))
        .para(Line::new().i(clip(&a.question, 200)))
        .quote(a.text.clone())
        .para(Line::new().i(format!("Saved {}{edited}.", day(a.saved, tz))));
    let lacks = lacks(&a.text, s);
    if !lacks.is_empty() {
        doc = doc
            .para(Line::new().b("Still lacks"))
            .bullets(lacks.into_iter().map(Line::from));
    }
    doc = doc.para(
        Line::new()
            .t("Change it: ")
            .c(format!("/library edit {n} <the full new text>"))
            .t(" · remove it: ")
            .c(format!("/library delete {n}")),
    );
    let mut row = Vec::new();
    if let Some(id) = &a.question_id {
        row.push(button(
            user,
            "Practise this question",
            Action::Drill { question: id.clone() },
        ));
    }
    row.push(run(user, "Delete", format!("library delete {}", a.id)));
    Reply::text(doc).row(row).private()
}

pub fn library_not_found(what: &str, count: usize) -> Reply {
    Reply::text(Doc::new().para(format!(
        "There is no answer \"{}\" in your library (it has {}). /library lists them with their numbers.",
        clip(what, 30),
        plural(count, "answer", "answers")
    )))
    .kind(ReplyKind::Notice)
}

pub fn library_usage() -> Reply {
    Reply::text(
        Doc::new().para("Your saved answers:").bullets([
            Line::new().c("/library").t(" — the list"),
            Line::new().c("/library show N").t(" — one answer"),
            Line::new()
                .c("/library edit N <the full new text>")
                .t(" — replace it (scored again)"),
            Line::new().c("/library delete N").t(" — remove it"),
            Line::new().c("/library export").t(" — all of them as a Markdown file"),
        ]),
    )
    .kind(ReplyKind::Notice)
}

pub fn library_deleted(n: usize, question: &str) -> Reply {
    Reply::text(Doc::new().para(format!(
        "Deleted answer {n} (\"{}\"). /library lists the rest.",
        clip(question, 80)
    )))
    .private()
}

/// /library show for the question being answered right now.
pub fn library_hidden_live() -> Reply {
    Reply::text(Doc::new().para(
        "That saved answer is for the question you are answering now: it is offered once the question closes, so the mock measures you, not your notes.",
    ))
    .kind(ReplyKind::Notice)
}

/// After a question closed in a mock: the user has a saved answer for it.
pub fn saved_offer(user: &UserId, a: &Saved, tz: Option<Tz>) -> Reply {
    Reply::text(
        Doc::new().para(Line::new().b("You have a saved answer for this question").t(format!(
            " ({}/100, saved {}): compare it with what you just said.",
            a.score,
            day(a.saved, tz)
        ))),
    )
    .row(vec![run(user, "Your saved answer", format!("library show {}", a.id))])
    .private()
}

pub fn library_file_name(now: DateTime<Utc>) -> String {
    format!("interview-coach-answers-{}.md", now.format("%Y%m%d-%H%M%S"))
}

pub fn library_caption(n: usize) -> Doc {
    Doc::new().para(format!(
        "Your answer library as Markdown ({}).",
        plural(n, "answer", "answers")
    ))
}

/// The library as a Markdown document.
pub fn library_markdown(all: &[Saved], now: DateTime<Utc>, tz: Option<Tz>) -> String {
    let mut md = String::from("# Your answer library\n\n");
    let _ = writeln!(
        md,
        "Exported {} · {}\n",
        day(now, tz),
        plural(all.len(), "answer", "answers")
    );
    for (i, a) in all.iter().enumerate() {
        let _ = writeln!(md, "## {}. {}\n", i + 1, a.question.trim());
        let id = a
            .question_id
            .as_deref()
            .map(|x| format!(" · `{x}`"))
            .unwrap_or_default();
        let _ = writeln!(
            md,
            "*{} · {}/100 · saved {}{id}*\n",
            a.category.label(),
            a.score,
            day(a.saved, tz)
        );
        let _ = writeln!(md, "{}\n", a.text.trim());
    }
    md
}

pub fn sample_usage() -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .t("Which question? ")
                .c("/sample <question id>")
                .t(", e.g. ")
                .c("/sample beh-leadership-001")
                .t(". Find ids with ")
                .c("/bank")
                .t("."),
        ),
    )
    .kind(ReplyKind::Notice)
}

pub fn sample_unknown(word: &str) -> Reply {
    Reply::text(Doc::new().para(format!(
        "No bank question has the id \"{}\". Sample answers come with bank questions: find ids with /bank.",
        clip(word, 40)
    )))
    .kind(ReplyKind::Notice)
}

/// /sample for the question being answered right now.
pub fn sample_live() -> Reply {
    Reply::text(Doc::new().para(
        "That is the question you are answering now: its sample answer is shown once it closes (the Details button under your feedback), not before.",
    ))
    .kind(ReplyKind::Notice)
}

pub fn sample_answer(user: &UserId, q: &Question, sample: &str, live: bool) -> Reply {
    let mut reply = Reply::text(
        Doc::new()
            .heading(format!("Sample strong answer · {}", q.id))
            .para(Line::new().i(q.text.clone()))
            .quote(sample.trim().to_string())
            .para(
                "Compare it with yours; then write your own from your real facts — a sample is someone else's story.",
            ),
    );
    if !live {
        reply = reply.row(vec![draft_button(user, "Draft mine", &q.id)]);
    }
    reply
}

/// A bank question without a sample answer: said plainly, with what a strong answer covers.
pub fn sample_none(user: &UserId, q: &Question, live: bool) -> Reply {
    let mut reply = Reply::text(
        Doc::new()
            .para(
                Line::new()
                    .t("The bank has no sample answer for ")
                    .c(q.id.clone())
                    .t(" yet."),
            )
            .para(Line::new().b("A strong answer covers"))
            .bullets(q.key_points.iter().map(|k| Line::from(k.as_str()))),
    );
    if !live {
        reply = reply.row(vec![draft_button(user, "Draft this", &q.id)]);
    }
    reply
}
