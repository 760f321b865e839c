//! /bank — browse and search the question bank by category, competency, role, difficulty and
//! text, or open one question by id (not the one being answered in a running interview).

use crate::bank::{BankQuery, Category, Difficulty, Question, catalog};
use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::profile::Pending;
use crate::scoring::text;

const PAGE: usize = 8;

pub async fn run(t: &mut Turn<'_>, args: &str, page: u32) -> Result<()> {
    let args = args.trim();
    if args.is_empty() {
        let r = m::bank_overview(&t.user, &t.e.bank);
        t.reply(r);
        return Ok(());
    }
    if let Some(q) = t.e.bank.get(&args.to_lowercase()) {
        // The question being answered right now: its key points and sample answer wait until
        // it closes (Details), as /sample's do.
        if super::sample::live_question(t)?.as_deref() == Some(q.id.as_str()) {
            t.reply(m::sample_live());
            return Ok(());
        }
        let mut r = m::bank_question(&t.user, q);
        // Drafting waits until no interview runs (see /draft).
        if t.active_session()?.is_none()
            && let Some(row) = r.buttons.first_mut()
        {
            row.push(m::draft_button(&t.user, "Draft this", &q.id));
        }
        t.reply(r);
        return Ok(());
    }
    let bank = &t.e.bank;
    let known = |w: &str| {
        Category::parse(w).is_some()
            || catalog::parse_role(w).is_some()
            || Difficulty::parse(w).is_some()
            || bank.is_competency(w)
    };
    let mut q = BankQuery::default();
    let mut title_parts: Vec<String> = Vec::new();
    for w in super::args::words(args, known) {
        let lw = w.to_lowercase();
        if q.category.is_none()
            && let Some(c) = Category::parse(&lw)
        {
            title_parts.push(c.label().to_string());
            q.category = Some(c);
        } else if q.competency.is_none() && bank.is_competency(&lw) {
            title_parts.push(lw.replace('_', " "));
            q.competency = Some(lw);
        } else if q.difficulty.is_none()
            && let Some(d) = Difficulty::parse(&lw)
        {
            title_parts.push(d.slug().to_string());
            q.difficulty = Some(d);
        } else if q.role.is_none()
            && let Some(r) = catalog::parse_role(&lw)
        {
            title_parts.push(r.label.to_string());
            q.role = Some(r.slug.to_string());
        } else if lw.chars().any(|c| c.is_alphanumeric()) {
            title_parts.push(format!("\"{}\"", lw.chars().take(30).collect::<String>()));
            q.words.push(text::stem(&lw));
        }
    }
    let hits = bank.search(&q);
    if hits.is_empty() {
        t.reply(m::bank_empty(args));
        return Ok(());
    }
    let pages = hits.len().div_ceil(PAGE) as u32;
    let page = page.min(pages - 1);
    let shown: Vec<&Question> = hits
        .iter()
        .skip(page as usize * PAGE)
        .take(PAGE)
        .map(|h| h.question)
        .collect();
    let title = if title_parts.is_empty() {
        "Questions".to_string()
    } else {
        title_parts.join(" · ")
    };
    let r = m::bank_list(&t.user, &title, &shown, page, pages, hits.len());
    t.reply(r);
    t.meta_mut().pending = Some(Pending::Bank {
        query: args.chars().take(200).collect(),
        page,
    });
    Ok(())
}

/// The "More" button: next page of the last listing.
pub async fn more(t: &mut Turn<'_>) -> Result<()> {
    match t.meta.pending.clone() {
        Some(Pending::Bank { query, page }) => run(t, &query, page + 1).await,
        _ => {
            t.reply(m::unknown_button());
            Ok(())
        }
    }
}
