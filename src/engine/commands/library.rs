//! /save and /library — the saved-answer library (`u/<user>/l/<id>`, oldest first): `/save`
//! keeps the draft (or `/save <question> | <text>` any text) with its question, replacing an
//! earlier answer to the same question; `/library` lists them numbered, and shows, edits
//! (scored again), deletes and exports them (a Markdown file). A saved answer for the question
//! being answered in a mock is not shown until that question closes.

use super::draft::{Asked, MAX_TEXT, score};
use crate::copilot::draft::{Draft, Saved, same_question};
use crate::engine::error::Result;
use crate::engine::history;
use crate::engine::messages as m;
use crate::engine::reply::Reply;
use crate::engine::turn::Turn;
use crate::store::keys;

/// The most answers a library holds.
const MAX_SAVED: usize = 100;

pub async fn save(t: &mut Turn<'_>, args: &str) -> Result<()> {
    let args = args.trim();
    let draft: Option<Draft> = t.e.store.get(&keys::draft(&t.user))?;
    let from_draft = |d: &Draft| Asked {
        id: d.question_id.clone(),
        text: d.question.clone(),
        category: d.category,
    };
    // `/save <question> | <text>`: that text; `/save <question>`: the draft under that
    // question; `/save`: the draft with its own.
    let (asked, text) = match (args.split_once('|'), &draft) {
        (Some((q, text)), _) => {
            let asked = Asked::parse(t, q).or_else(|| draft.as_ref().map(from_draft));
            (asked, text.trim().to_string())
        }
        (None, Some(d)) => (Asked::parse(t, args).or_else(|| Some(from_draft(d))), d.text.clone()),
        (None, None) => (None, String::new()),
    };
    let Some(asked) = asked.filter(|_| text.chars().any(char::is_alphanumeric)) else {
        t.reply(m::save_nothing());
        return Ok(());
    };
    let text: String = text.chars().take(MAX_TEXT).collect();
    let all = history::saved_answers(&t.e.store, &t.user)?;
    let earlier = all.iter().position(|a| {
        (a.question_id.is_some() && a.question_id == asked.id)
            || a.question.trim().eq_ignore_ascii_case(asked.text.trim())
    });
    if earlier.is_none() && all.len() >= MAX_SAVED {
        t.reply(m::library_full(MAX_SAVED));
        return Ok(());
    }
    let s = score(t, asked.id.as_deref(), &asked.text, asked.category, &text);
    let (id, saved_at, n) = match earlier {
        Some(i) => (all[i].id.clone(), all[i].saved, i + 1),
        None => (new_id(t, &all), t.now, all.len() + 1),
    };
    let a = Saved {
        id,
        question_id: asked.id,
        question: asked.text,
        category: asked.category,
        text,
        score: s.overall,
        saved: saved_at,
        updated: t.now,
    };
    tracing::info!(
        chars = a.text.len(),
        score = a.score,
        replaced = earlier.is_some(),
        "answer saved"
    );
    t.batch.put(&keys::saved(&t.user, &a.id), &a);
    t.reply(m::saved(&t.user, n, &a, earlier.is_some()));
    Ok(())
}

/// The save time in milliseconds (zero-padded, so keys sort by it), moved on past any taken.
fn new_id(t: &Turn<'_>, all: &[Saved]) -> String {
    let mut ms = t.now.timestamp_millis().max(0);
    loop {
        let id = format!("{ms:013}");
        if !all.iter().any(|a| a.id == id) {
            return id;
        }
        ms += 1;
    }
}

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    let args = args.trim();
    let (verb, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    let all = history::saved_answers(&t.e.store, &t.user)?;
    let tz = super::schedule::user_tz(t)?;
    let verb = verb.to_lowercase();
    if verb.is_empty() || verb == "list" {
        let r = if all.is_empty() {
            m::library_empty()
        } else {
            m::library_list(&t.user, &all, tz)
        };
        t.reply(r);
        return Ok(());
    }
    if verb == "export" {
        if all.is_empty() {
            t.reply(m::library_empty());
            return Ok(());
        }
        let md = m::library_markdown(&all, t.now, tz);
        t.reply(
            Reply::file(
                m::library_file_name(t.now),
                "text/markdown",
                md.into_bytes(),
                m::library_caption(all.len()),
            )
            .private(),
        );
        return Ok(());
    }
    // `/library 2` is `/library show 2`.
    let (verb, rest) = if verb.chars().all(|c| c.is_ascii_digit()) {
        ("show".to_string(), args)
    } else {
        (verb, rest)
    };
    let (which, text) = rest.trim().split_once(char::is_whitespace).unwrap_or((rest.trim(), ""));
    if !matches!(verb.as_str(), "show" | "edit" | "delete" | "remove") || which.is_empty() {
        t.reply(m::library_usage());
        return Ok(());
    }
    // A number from the list, or an id (the buttons use ids: numbers move when one is deleted).
    let found = match which.parse::<usize>() {
        Ok(n) if (1..=all.len()).contains(&n) => Some(n - 1),
        _ => all.iter().position(|a| a.id == which),
    };
    let Some(i) = found else {
        t.reply(m::library_not_found(which, all.len()));
        return Ok(());
    };
    let mut a = all[i].clone();
    match verb.as_str() {
        "show" => {
            if is_live(t, &a)? {
                t.reply(m::library_hidden_live());
                return Ok(());
            }
            let s = score(t, a.question_id.as_deref(), &a.question, a.category, &a.text);
            t.reply(m::library_show(&t.user, i + 1, &a, &s, tz));
        }
        "edit" => {
            if !text.chars().any(char::is_alphanumeric) {
                t.reply(m::library_usage());
                return Ok(());
            }
            if is_live(t, &a)? {
                t.reply(m::library_hidden_live());
                return Ok(());
            }
            a.text = text.trim().chars().take(MAX_TEXT).collect();
            a.updated = t.now;
            let s = score(t, a.question_id.as_deref(), &a.question, a.category, &a.text);
            a.score = s.overall;
            t.batch.put(&keys::saved(&t.user, &a.id), &a);
            t.reply(m::library_show(&t.user, i + 1, &a, &s, tz));
        }
        _ => {
            t.batch.delete(&keys::saved(&t.user, &a.id));
            t.reply(m::library_deleted(i + 1, &a.question));
        }
    }
    Ok(())
}

/// Is this saved answer one for the question open in the user's interview?
fn is_live(t: &Turn<'_>, a: &Saved) -> Result<bool> {
    let Some(id) = super::sample::live_question(t)? else {
        return Ok(false);
    };
    let text = t.e.bank.get(&id).map(|q| q.text.clone()).unwrap_or_default();
    Ok(same_question(a.question_id.as_deref(), &a.question, Some(&id), &text))
}
