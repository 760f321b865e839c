//! /draft — an answer drafted from the user's own facts: the question (a bank id, the text, or
//! the question asked last), their points (after `|`, or the next message when the coach asks
//! for them) and the lines of their CV that fit best. With a model: prose in their voice, every
//! figure checked against what they gave (`brain::draft_answer`); offline, or when the model's
//! draft is refused: a skeleton of the category's parts with the gaps marked
//! (`copilot::draft::skeleton`). Either way the offline scorer scores it. `/draft edit <text>`
//! revises it (scored again), `/draft show` shows it. Never during an interview.

use crate::bank::Category;
use crate::copilot::draft::{self as drafting, Draft};
use crate::engine::brain::{self, DraftRefused};
use crate::engine::error::Result;
use crate::engine::history;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::profile::Pending;
use crate::scoring::{ScoreResult, clip};
use crate::store::keys;
use chrono::Duration;

/// Longest draft, points and question kept (characters).
pub(crate) const MAX_TEXT: usize = 4000;
const MAX_POINTS: usize = 2000;
const MAX_QUESTION: usize = 300;
/// CV lines put into a draft.
const CV_LINES: usize = 3;
/// How long the coach waits for the points it asked for.
const POINTS_WAIT_MINUTES: i64 = 30;

/// The question a draft answers.
pub(crate) struct Asked {
    pub id: Option<String>,
    pub text: String,
    pub category: Category,
}

impl Asked {
    /// A bank id, else the words as the question's text.
    pub(crate) fn parse(t: &Turn<'_>, words: &str) -> Option<Asked> {
        let words = words.trim();
        if words.is_empty() {
            return None;
        }
        if let Some(q) = t.e.bank.get(&words.to_lowercase()) {
            return Some(Asked::bank(q));
        }
        let text = clip(words, MAX_QUESTION);
        Some(Asked {
            id: None,
            category: drafting::guess_category(&text),
            text,
        })
    }

    fn bank(q: &crate::bank::Question) -> Asked {
        Asked {
            id: Some(q.id.clone()),
            text: q.text.clone(),
            category: q.category,
        }
    }
}

/// The offline scorer's score of a text as it would be said (gap markers and labels left out).
pub(crate) fn score(t: &Turn<'_>, id: Option<&str>, question: &str, category: Category, text: &str) -> ScoreResult {
    let said = drafting::speakable(text);
    match id.and_then(|id| t.e.scorer.target(id)) {
        Some(target) => t.e.scorer.score(target, &said),
        None => {
            t.e.scorer
                .score(&t.e.scorer.target_from_text(question, category), &said)
        }
    }
}

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    let args = args.trim();
    let (head, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    if t.active_session()?.is_some() {
        t.reply(m::draft_during_interview());
        return Ok(());
    }
    match head.to_lowercase().as_str() {
        "edit" => return edit(t, rest).await,
        "show" if rest.trim().is_empty() => return show(t),
        _ => {}
    }
    let (question_part, points) = match args.split_once('|') {
        Some((q, p)) => (q.trim(), Some(p.trim())),
        None => (args, None),
    };
    // A bank id may be followed by the points without a bar: `/draft beh-leadership-001 led…`.
    let (first, after_first) = question_part
        .split_once(char::is_whitespace)
        .unwrap_or((question_part, ""));
    let (asked, points) = match t.e.bank.get(&first.to_lowercase()) {
        Some(q) if points.is_none() && !after_first.trim().is_empty() => {
            (Some(Asked::bank(q)), Some(after_first.trim()))
        }
        _ if question_part.is_empty() => (last_asked(t)?, points),
        _ => (Asked::parse(t, question_part), points),
    };
    let Some(asked) = asked else {
        t.reply(m::draft_which());
        return Ok(());
    };
    match points.filter(|p| !p.is_empty()) {
        Some(p) => draft(t, asked, p).await,
        None => {
            let lines = cv_lines(t, &asked.text, "")?;
            t.reply(m::draft_ask_points(&asked.text, lines.len()));
            t.meta_mut().pending = Some(Pending::DraftPoints {
                question_id: asked.id,
                question: asked.text,
                at: t.now,
            });
            Ok(())
        }
    }
}

/// The last question of the last interview or drill, if any.
fn last_asked(t: &Turn<'_>) -> Result<Option<Asked>> {
    Ok(history::last_asked(t)?
        .and_then(|id| t.e.bank.get(&id))
        .map(Asked::bank))
}

/// The plain message after "What happened? Give me your points": the points, if the coach is
/// still waiting for them (asked within the last half hour, no interview since). `Ok(false)`
/// leaves the message to the chat.
pub(crate) async fn points(t: &mut Turn<'_>, text: &str) -> Result<bool> {
    let Some(Pending::DraftPoints {
        question_id,
        question,
        at,
    }) = t.meta.pending.clone()
    else {
        return Ok(false);
    };
    t.meta_mut().pending = None;
    let interview_since = t.meta.last_ended.as_ref().is_some_and(|(_, ended)| *ended > at);
    if t.now - at > Duration::minutes(POINTS_WAIT_MINUTES) || interview_since {
        return Ok(false);
    }
    let asked = match question_id.as_deref().and_then(|id| t.e.bank.get(id)) {
        Some(q) => Asked::bank(q),
        None => Asked {
            id: None,
            category: drafting::guess_category(&question),
            text: question,
        },
    };
    draft(t, asked, text).await?;
    Ok(true)
}

/// The CV lines (achievements and experience lines, else the text's lines) that fit best.
fn cv_lines(t: &Turn<'_>, question: &str, points: &str) -> Result<Vec<String>> {
    let (cv, _) = history::cv_and_jd(&t.e.store, &t.user)?;
    let Some(cv) = cv else { return Ok(Vec::new()) };
    // The CV's experience lines ranked against the question and the points with BM25
    // (`copilot::examples`); a CV stored without ranked lines falls back to shared stems.
    let ranked = crate::copilot::examples::examples_for(&cv, &format!("{question} {points}"), CV_LINES);
    if !ranked.is_empty() {
        return Ok(ranked);
    }
    let mut lines: Vec<String> = cv.achievements.iter().chain(cv.lines.iter()).cloned().collect();
    if lines.is_empty() {
        lines = cv.text.lines().map(str::to_string).collect();
    }
    Ok(drafting::rank_cv_lines(&lines, question, points, CV_LINES))
}

/// Draft an answer to `asked` from `points` (the word "skip" for none) and the CV.
async fn draft(t: &mut Turn<'_>, asked: Asked, points: &str) -> Result<()> {
    let points: String = points.trim().chars().take(MAX_POINTS).collect();
    let points = if matches!(points.to_lowercase().as_str(), "skip" | "none" | "-" | "no") {
        String::new()
    } else {
        points
    };
    let lines = cv_lines(t, &asked.text, &points)?;
    // With no facts at all there is nothing for a model to write from: the skeleton says so.
    let from_model = if points.is_empty() && lines.is_empty() {
        Err(DraftRefused::Unavailable)
    } else {
        brain::draft_answer(t, &asked.text, asked.category, &points, &lines).await
    };
    let (text, by_model) = match &from_model {
        Ok(text) => (text.clone(), true),
        Err(_) => (drafting::skeleton(asked.category, &points, &lines).0, false),
    };
    let s = score(t, asked.id.as_deref(), &asked.text, asked.category, &text);
    let d = Draft {
        question_id: asked.id,
        question: asked.text,
        category: asked.category,
        points,
        cv_lines: lines,
        text,
        score: s.overall,
        by_model,
        started: t.now,
        updated: t.now,
        revisions: 0,
    };
    tracing::info!(chars = d.text.len(), by_model, score = d.score, "answer drafted");
    let how = match &from_model {
        Ok(_) => m::Drafted::Model,
        Err(DraftRefused::Unavailable) => m::Drafted::Offline,
        Err(DraftRefused::Invented(figs)) => m::Drafted::OfflineInvented(figs),
        Err(DraftRefused::Failed) => m::Drafted::OfflineFailed,
    };
    let r = m::draft_reply(&t.user, &d, &s, how, has_sample(t, &d));
    t.reply(r);
    t.batch.put(&keys::draft(&t.user), &d);
    Ok(())
}

fn has_sample(t: &Turn<'_>, d: &Draft) -> bool {
    d.question_id
        .as_deref()
        .and_then(|id| t.e.bank.get(id))
        .is_some_and(|q| q.sample_answer.is_some())
}

/// `/draft edit <full new text>`: the draft replaced, scored again.
async fn edit(t: &mut Turn<'_>, text: &str) -> Result<()> {
    let Some(mut d) = t.e.store.get::<Draft>(&keys::draft(&t.user))? else {
        t.reply(m::draft_none());
        return Ok(());
    };
    let text = text.trim();
    if !text.chars().any(char::is_alphanumeric) {
        t.reply(m::draft_edit_usage());
        return Ok(());
    }
    d.text = text.chars().take(MAX_TEXT).collect();
    d.revisions += 1;
    d.updated = t.now;
    let s = score(t, d.question_id.as_deref(), &d.question, d.category, &d.text);
    d.score = s.overall;
    let r = m::draft_reply(&t.user, &d, &s, m::Drafted::Revised, has_sample(t, &d));
    t.reply(r);
    t.batch.put(&keys::draft(&t.user), &d);
    Ok(())
}

/// `/draft show`: the draft as it stands.
fn show(t: &mut Turn<'_>) -> Result<()> {
    let Some(d) = t.e.store.get::<Draft>(&keys::draft(&t.user))? else {
        t.reply(m::draft_none());
        return Ok(());
    };
    let s = score(t, d.question_id.as_deref(), &d.question, d.category, &d.text);
    let how = match (d.revisions, d.by_model) {
        (0, true) => m::Drafted::Model,
        (0, false) => m::Drafted::Offline,
        _ => m::Drafted::Revised,
    };
    let r = m::draft_reply(&t.user, &d, &s, how, has_sample(t, &d));
    t.reply(r);
    Ok(())
}
