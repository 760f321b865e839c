//! /bank: the question bank's overview, search results and single questions.

use super::format::fmt_secs;
use crate::bank::{Bank, Category, Question};
use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Button, Doc, Line, Reply, ReplyKind};
use crate::scoring::clip;
use crate::scoring::text::plural;

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
    } else {
        doc = doc.para(Line::new().i("The bank has no sample answer for this question yet."));
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
