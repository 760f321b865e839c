//! /cv and /jd (issue #18): what was read from a CV or a job description (the user's proof the
//! coach understood it), the stored card with Replace and Delete, the gap between them, the
//! guess of which one a sent file is (and the button that switches it), and every reason a
//! document could not be read. The terminal's lines for `/cv PATH` are here too.

use crate::copilot::docs::{Cv, Jd, gap};
use crate::copilot::extract::{ExtractError, MAX_TEXT, Unsupported};
use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Button, Doc, Line, Reply, ReplyKind};
use crate::scoring::clip;
use crate::scoring::text::plural;

fn slot(jd: bool) -> &'static str {
    if jd { "job description" } else { "CV" }
}

fn command(jd: bool) -> &'static str {
    if jd { "/jd" } else { "/cv" }
}

fn run(user: &UserId, label: &str, command: &str) -> Button {
    button(
        user,
        label,
        Action::Run {
            command: command.into(),
        },
    )
}

fn list(items: &[String], max: usize) -> String {
    let mut s = items.iter().take(max).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > max {
        s.push_str(&format!(" (+{} more)", items.len() - max));
    }
    if s.is_empty() { "—".into() } else { s }
}

/// The gap line(s) when both are stored.
fn gap_doc(cv: &Cv, jd: &Jd) -> Doc {
    let g = gap(cv, jd);
    if jd.skills.is_empty() {
        return Doc::new();
    }
    if g.is_empty() {
        Doc::new().para(
            Line::new()
                .b("Gap: ")
                .t("none — your CV shows every skill the job description names."),
        )
    } else {
        Doc::new().para(Line::new().b("Gap: ").t(format!(
            "the job asks for {} that your CV doesn't show. That's what we'll work on.",
            list(&g, 10)
        )))
    }
}

fn cv_body(cv: &Cv) -> Doc {
    let mut doc = Doc::new().bullets([
        Line::new().b("Source: ").t(format!(
            "{} · added {}",
            clip(&cv.source, 60),
            cv.added.format("%-d %b %Y")
        )),
        Line::new()
            .b(format!("Roles ({}): ", cv.roles.len()))
            .t(list(&cv.roles.iter().map(|r| clip(r, 70)).collect::<Vec<_>>(), 4)),
        Line::new()
            .b(format!("Skills ({}): ", cv.skills.len()))
            .t(list(&cv.skills, 15)),
        Line::new().b("Achievements: ").t(format!(
            "{} found (lines with an action and a number)",
            cv.achievements.len()
        )),
    ]);
    if !cv.achievements.is_empty() {
        doc = doc.bullets(cv.achievements.iter().take(3).map(|a| Line::new().i(clip(a, 140))));
    }
    doc
}

fn jd_body(jd: &Jd) -> Doc {
    let preferred = jd.preferred();
    let required: Vec<String> = jd.skills.iter().filter(|s| !preferred.contains(s)).cloned().collect();
    let mut bullets = vec![Line::new().b("Source: ").t(format!(
        "{} · added {}",
        clip(&jd.source, 60),
        jd.added.format("%-d %b %Y")
    ))];
    if let Some(t) = &jd.title {
        bullets.push(Line::new().b("Title: ").t(clip(t, 80)));
    }
    if let Some(c) = &jd.company {
        bullets.push(Line::new().b("Company: ").t(clip(c, 60)));
    }
    bullets.push(
        Line::new()
            .b(format!("Required skills ({}): ", required.len()))
            .t(list(&required, 15)),
    );
    if !preferred.is_empty() {
        bullets.push(Line::new().b("Nice to have: ").t(list(&preferred, 10)));
    }
    bullets.push(
        Line::new()
            .b("Responsibilities: ")
            .t(format!("{} found", jd.responsibilities.len())),
    );
    bullets.push(Line::new().b("Seniority: ").t(list(&jd.seniority, 8)));
    Doc::new().bullets(bullets)
}

/// /cv with a CV stored: what it holds, the gap, Replace and Delete.
pub fn cv_card(user: &UserId, cv: &Cv, jd: Option<&Jd>) -> Reply {
    let mut doc = Doc::new().heading("Your CV").append(cv_body(cv));
    match jd {
        Some(jd) => doc = doc.append(gap_doc(cv, jd)),
        None => {
            doc = doc.para(
                Line::new()
                    .t("Add the job you're aiming for with ")
                    .c("/jd")
                    .t(" to see the gap between them."),
            )
        }
    }
    Reply::text(doc).private().row(vec![
        run(user, "Replace", "cv replace"),
        run(user, "Delete", "cv delete"),
    ])
}

/// /jd with a job description stored.
pub fn jd_card(user: &UserId, jd: &Jd, cv: Option<&Cv>) -> Reply {
    let mut doc = Doc::new().heading("Your target job").append(jd_body(jd));
    match cv {
        Some(cv) => doc = doc.append(gap_doc(cv, jd)),
        None => {
            doc = doc.para(
                Line::new()
                    .t("Add your CV with ")
                    .c("/cv")
                    .t(" to see the gap between them."),
            )
        }
    }
    Reply::text(doc).private().row(vec![
        run(user, "Replace", "jd replace"),
        run(user, "Delete", "jd delete"),
    ])
}

/// How a stored document was chosen as a CV or a job description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    /// The user said (/cv, /jd, a caption, the file's name, a /jd waiting for a file).
    Said,
    /// A guess: the button switches it.
    Guessed,
}

/// A CV was stored: what was read from it (and the gap), so the user sees it was understood.
pub fn cv_stored(user: &UserId, cv: &Cv, jd: Option<&Jd>, chosen: Chosen, truncated: bool) -> Reply {
    let mut doc = Doc::new()
        .heading("CV stored")
        .para(format!("Here's what I read from {}:", clip(&cv.source, 60)))
        .append(cv_body(cv));
    if let Some(jd) = jd {
        doc = doc.append(gap_doc(cv, jd));
    }
    if truncated {
        doc = doc.para(format!(
            "It was long, so I kept the first {} KB of its text.",
            MAX_TEXT / 1024
        ));
    }
    if cv.roles.is_empty() && cv.skills.is_empty() {
        doc = doc
            .para("I couldn't find roles or skills in it. If that's wrong, a plain-text version usually reads better.");
    }
    let mut buttons = vec![];
    if chosen == Chosen::Guessed {
        doc = doc.para(
            Line::new()
                .t("I stored it as your CV. Was it a job description? Press the button (or send it again with ")
                .c("/jd")
                .t(" as its caption)."),
        );
        buttons.push(run(user, "It's a job description", "cv tojd"));
    } else {
        doc = doc.para(Line::new().t("See it any time with ").c("/cv").t("."));
    }
    let r = Reply::text(doc).private();
    if buttons.is_empty() { r } else { r.row(buttons) }
}

/// A job description was stored.
pub fn jd_stored(user: &UserId, jd: &Jd, cv: Option<&Cv>, chosen: Chosen, truncated: bool) -> Reply {
    let mut doc = Doc::new()
        .heading("Job description stored")
        .para(format!("Here's what I read from {}:", clip(&jd.source, 60)))
        .append(jd_body(jd));
    if let Some(cv) = cv {
        doc = doc.append(gap_doc(cv, jd));
    }
    if truncated {
        doc = doc.para(format!(
            "It was long, so I kept the first {} KB of its text.",
            MAX_TEXT / 1024
        ));
    }
    let mut buttons = vec![];
    if chosen == Chosen::Guessed {
        doc = doc.para("It reads like a job posting, so I stored it as your target job. Was it your CV?");
        buttons.push(run(user, "It's my CV", "jd tocv"));
    } else {
        doc = doc.para(Line::new().t("See it any time with ").c("/jd").t("."));
    }
    let r = Reply::text(doc).private();
    if buttons.is_empty() { r } else { r.row(buttons) }
}

/// /cv or /jd with nothing stored: how to add one (the next file sent is taken as it).
pub fn doc_nothing_stored(jd: bool) -> Reply {
    let what = slot(jd);
    Reply::text(Doc::new().para(format!("No {what} stored yet.")).para(
        Line::new()
            .t(format!("Send your {what} as a PDF, Word (.docx), TXT or Markdown file — the next file you send is taken as your {what} — or paste its text after "))
            .c(command(jd))
            .t("."),
    ))
    .private()
}

/// Replace: waiting for the new file.
pub fn doc_waiting(jd: bool) -> Reply {
    let what = slot(jd);
    Reply::text(
        Doc::new().para(
            Line::new()
                .t(format!(
                    "Send the new {what} as a file now (PDF, DOCX, TXT or Markdown), or paste its text after "
                ))
                .c(command(jd))
                .t(format!(". Your current {what} stays until the new one is read.")),
        ),
    )
    .private()
}

pub fn doc_deleted(jd: bool, had: bool) -> Reply {
    let what = slot(jd);
    let text = if had {
        format!("Deleted your {what}. Nothing else changed.")
    } else {
        format!("There was no {what} to delete.")
    };
    Reply::text(Doc::new().para(text)).private()
}

/// Pasted text too short to be a CV or a posting.
pub fn doc_too_short(jd: bool, words: usize) -> Reply {
    let what = slot(jd);
    Reply::text(
        Doc::new().para(
            Line::new()
                .t(format!(
                    "That's {} — too short to be a {what}. Paste the whole {what} after ",
                    plural(words, "word", "words")
                ))
                .c(command(jd))
                .t(", or send it as a file. Nothing was stored."),
        ),
    )
    .private()
}

/// The stored CV was really a job description (or the other way round): moved.
pub fn doc_switched(user: &UserId, to_jd: bool, restored: bool) -> Reply {
    let (to, from) = (slot(to_jd), slot(!to_jd));
    let mut doc = Doc::new().para(format!("Done: it's now your {to}."));
    doc = doc.para(if restored {
        format!("Your earlier {from} is back in place.")
    } else {
        format!("You have no {from} stored now.")
    });
    Reply::text(doc).private().row(vec![run(
        user,
        &format!("Show my {to}"),
        if to_jd { "jd" } else { "cv" },
    )])
}

/// The switch button when there is nothing to switch (already switched, or deleted since).
pub fn doc_nothing_to_switch(jd: bool) -> Reply {
    Reply::text(Doc::new().para(format!("There's no {} stored to move, so nothing changed.", slot(jd))))
        .kind(ReplyKind::Notice)
}

/// Why a document could not be read; the user's stored data is untouched.
pub fn doc_failed(name: &str, e: &ExtractError, jd: bool) -> Reply {
    let name = clip(name, 60);
    let paste = command(jd);
    let why = match e {
        ExtractError::Unsupported(Unsupported::Image) => format!(
            "{name} is an image, and I can only read text. Send a PDF with selectable text or a Word .docx, or paste the text after {paste}."
        ),
        ExtractError::Unsupported(Unsupported::LegacyWord) => {
            format!("{name} is an old Word .doc file, which I can't read. Save it as .docx or PDF and send it again.")
        }
        ExtractError::Unsupported(Unsupported::Archive) => {
            format!(
                "{name} is an archive or a spreadsheet, not a document I can read. PDF, DOCX, TXT and Markdown work."
            )
        }
        ExtractError::Unsupported(Unsupported::Binary) => format!(
            "I can't read {name}: it isn't text, a PDF or a Word document. PDF, DOCX, TXT and Markdown work, or paste the text after {paste}."
        ),
        ExtractError::Encrypted => format!(
            "{name} is password-protected, so I can't read it. Save a copy without the password and send that, or paste the text after {paste}."
        ),
        ExtractError::NoText => format!(
            "I found no text in {name} — it looks scanned or image-only. Export a PDF with selectable text, or paste the text after {paste}."
        ),
        ExtractError::TooLarge { size, limit } => format!(
            "{name} is {:.1} MB, over my {} MB limit for documents. A CV is usually well under 1 MB: export it without images, or paste the text after {paste}.",
            *size as f64 / (1024.0 * 1024.0),
            limit / (1024 * 1024)
        ),
        ExtractError::Unpacked { limit } => format!(
            "{name} unpacks to far more text than any CV (over {} MB), so I stopped reading it. Save it again as .docx or PDF.",
            limit / (1024 * 1024)
        ),
        ExtractError::Corrupt(what) => format!(
            "{name} looks damaged, or isn't really a {what}. Export it again and resend it, or paste the text after {paste}."
        ),
        ExtractError::TimedOut(d) => format!(
            "Reading {name} took too long (over {} s), so I stopped. Try a simpler export (a PDF without images), or paste the text after {paste}.",
            d.as_secs().max(1)
        ),
    };
    Reply::text(Doc::new().para(why).para("Nothing you had stored was changed.")).kind(ReplyKind::Notice)
}

/// Terminal: `/cv PATH` names no file.
pub fn local_file_missing(path: &str) -> String {
    format!(
        "No file at {path}. Give the path to your CV or job description (PDF, DOCX, TXT or Markdown), e.g. /cv ./cv.pdf or /jd /home/me/job.txt, or paste the text after /cv."
    )
}

/// Terminal: the file is over the size the terminal reads.
pub fn local_file_too_large(path: &str, limit: usize) -> String {
    format!(
        "{path} is over {} MB, too large to read as a CV or job description.",
        limit / (1024 * 1024)
    )
}

/// Terminal: the file exists but could not be read.
pub fn local_file_unreadable(path: &str, error: &str) -> String {
    format!("Couldn't read {path}: {error}.")
}
