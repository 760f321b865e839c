//! Free text, documents and voice. During an interview text is the answer; otherwise it
//! continues the user's one coach conversation (`conversation.rs`): a model answers with its
//! bounded context, or the offline coach answers what the message asks for
//! (`copilot::intents`: how to answer a question, weak points, what to fix first, practice
//! questions, drafting, questions to ask, a review of a pasted answer — always scored by the
//! rubric), or a matching guide; a message that matches nothing gets the menu of what the
//! coach can do.

use super::brain;
use super::commands::draft;
use super::commands::{cv, forget, suggest, weak};
use super::conversation;
use super::interview_turns;
use super::messages as m;
use super::turn::Turn;
use crate::bank::{Category, catalog};
use crate::copilot::{
    self,
    intents::{self, Intent},
};
use crate::engine::error::Result;
use crate::profile::Pending;
use crate::scoring::lexicon::{GREETINGS, THANKS};
use chrono::Duration;

const MAX_CHAT_CHARS: usize = 2000;
const MAX_TEXT_DOC: usize = 200 * 1024;

pub async fn text(t: &mut Turn<'_>, text: &str) -> Result<()> {
    message(t, text, false).await
}

/// `/answer <text>`: always an answer (or chat), never a reply to a pending question.
pub async fn answer_command(t: &mut Turn<'_>, text: &str) -> Result<()> {
    message(t, text, true).await
}

async fn message(t: &mut Turn<'_>, text: &str, explicit_answer: bool) -> Result<()> {
    // Right after /forget, "yes" or "no" answers its question (even during an interview);
    // anything else withdraws it, so a later "yes" can never delete by surprise.
    if let Some(Pending::Forget { at, .. }) = &t.meta.pending
        && t.now - *at <= Duration::minutes(10)
    {
        match forget::reply_word(text).filter(|_| !explicit_answer) {
            Some(true) => return forget::confirm(t, None).await,
            Some(false) => return forget::cancel(t),
            None => {
                t.meta_mut().pending = None;
                t.reply(m::forget_withdrawn());
            }
        }
    }
    if let Some(mut s) = t.active_session()? {
        return interview_turns::answer(t, &mut s, text).await;
    }
    // /draft asked "what happened?": this message is the user's points.
    if matches!(t.meta.pending, Some(Pending::DraftPoints { .. })) && draft::points(t, text).await? {
        return Ok(());
    }
    let trimmed = text.trim();
    if trimmed.is_empty() || !trimmed.chars().any(|c| c.is_alphanumeric()) {
        t.reply(m::empty_message());
        return Ok(());
    }
    let clipped: String = trimmed.chars().take(MAX_CHAT_CHARS).collect();
    let cut = clipped.chars().count() < trimmed.chars().count();
    let norm = clipped.to_lowercase();
    let norm = norm.trim_end_matches(['!', '.', '?', ' ']);
    let intent = intents::recognise(&clipped);
    // A pasted answer is scored by the rubric scorer, model or not: the number is the scorer's.
    if let Some(Intent::Review { answer, question }) = &intent {
        let offline_from = t.replies.len();
        review(t, answer, question.as_deref());
        return finish(t, &clipped, cut, offline_from, "intent:review".into(), None);
    }
    // With a model configured (and answering), the coach chats with the conversation's bounded
    // context; the guide that matches is part of it. Otherwise, or on any fault, the offline
    // coach answers below.
    let guide = t.e.guides.find(&clipped).map(|g| g.guide);
    let mut llm_stream = None;
    let late_answer = recently_ended(t) && clipped.split_whitespace().count() >= 12;
    let small_talk = GREETINGS.contains(&norm) || THANKS.contains(&norm.replace(',', "").as_str());
    if !small_talk && !late_answer {
        let ctx = if t.e.llm.is_some() {
            conversation::context(t)?
        } else {
            conversation::Context::default()
        };
        let (stream, reply) = brain::chat(t, &clipped, guide, &ctx).await;
        llm_stream = Some(stream);
        if let Some((r, said)) = reply {
            t.reply(r);
            conversation::log(t, &clipped, "llm".into(), &said)?;
            return Ok(());
        }
    }
    let offline_from = t.replies.len();
    let answered_with: String = if GREETINGS.contains(&norm) {
        let r = m::greeting(&t.user, &t.sender.display_name);
        t.reply(r);
        "greeting".into()
    } else if small_talk {
        let r = m::thanks(&t.user);
        t.reply(r);
        "thanks".into()
    } else if let Some(i) = intent {
        offline_intent(t, i, &clipped).await?
    } else if let Some(g) = guide {
        guide_reply(t, g)
    } else if late_answer {
        t.reply(m::answer_after_end());
        "after_end".into()
    } else {
        // Nothing matched: what the coach can do, not a search of the message's words.
        let r = m::chat_menu(&t.user, None, t.e.llm.is_some());
        t.reply(r);
        "help".into()
    };
    finish(t, &clipped, cut, offline_from, answered_with, llm_stream)
}

/// The offline answer's last touches: the note that the message was cut, the stream it
/// replaces, and the exchange kept in the conversation.
fn finish(
    t: &mut Turn<'_>,
    clipped: &str,
    cut: bool,
    offline_from: usize,
    answered_with: String,
    llm_stream: Option<u32>,
) -> Result<()> {
    if cut
        && let Some(r) = t.replies.last_mut()
        && let super::reply::Content::Text(doc) = &mut r.content
    {
        doc.0
            .insert(0, super::reply::Block::Paragraph(m::input_too_long(MAX_CHAT_CHARS)));
    }
    // A stream that was shown and then failed is replaced by the offline answer.
    if let Some(stream) = llm_stream
        && let Some(r) = t
            .replies
            .get_mut(offline_from..)
            .and_then(|r| r.iter_mut().rev().find(|r| r.kind != super::reply::ReplyKind::Notice))
    {
        r.stream = Some(stream);
    }
    let said: String = t
        .replies
        .get(offline_from..)
        .unwrap_or_default()
        .iter()
        .map(|r| r.to_plain())
        .collect::<Vec<_>>()
        .join("\n");
    conversation::log(t, clipped, answered_with, &said)?;
    Ok(())
}

fn guide_reply(t: &mut Turn<'_>, g: &copilot::Guide) -> String {
    let related = copilot::practice_questions(&t.e.bank, g, 2);
    let r = m::guide(&t.user, g, &related);
    t.reply(r);
    format!("guide:{}", g.id)
}

/// The offline coach's answer to a recognised intent; returns what answered.
async fn offline_intent(t: &mut Turn<'_>, intent: Intent, message: &str) -> Result<String> {
    let e = t.e;
    Ok(match intent {
        Intent::HowToAnswer { topic } => {
            let guide = e
                .guides
                .find(message)
                .or_else(|| (!topic.is_empty()).then(|| e.guides.find(&topic)).flatten());
            if let Some(g) = guide {
                return Ok(guide_reply(t, g.guide));
            }
            match copilot::related_questions(&e.bank, &topic, 1).first() {
                Some(q) => {
                    t.reply(m::how_to_question(&t.user, q));
                    format!("bank:{}", q.id)
                }
                None => {
                    let lead = m::no_guide_for(&topic);
                    let r = m::chat_menu(&t.user, Some(lead), e.llm.is_some());
                    t.reply(r);
                    "help".into()
                }
            }
        }
        Intent::WeakPoints => {
            let from = t.replies.len();
            weak::run(t).await?;
            let user = t.user.clone();
            if let Some(r) = t.replies.get_mut(from..).and_then(|r| r.last_mut()) {
                if let super::reply::Content::Text(doc) = &mut r.content {
                    doc.0.insert(0, super::reply::Block::Paragraph(m::weak_points_lead()));
                }
                let shown: Vec<String> = r.buttons.iter().flatten().map(|b| b.label.clone()).collect();
                let more: Vec<_> = m::weak_points_buttons(&user)
                    .into_iter()
                    .filter(|b| !shown.contains(&b.label))
                    .collect();
                if !more.is_empty() {
                    r.buttons.push(more);
                }
            }
            "intent:weak_points".into()
        }
        Intent::FixFirst => {
            suggest::run(t).await?;
            "intent:suggest".into()
        }
        Intent::PracticeQuestions { company, role } => {
            let role = role.or(profile_role(t)?);
            let role = role.and_then(catalog::role).map(|r| (r.slug, r.label));
            t.reply(m::practice_questions(&t.user, company.as_deref(), role));
            "intent:practice_questions".into()
        }
        Intent::Draft { topic } => {
            t.reply(m::draft(&t.user, topic.as_deref()));
            "intent:draft".into()
        }
        Intent::AskInterviewer { stage, role } => {
            let role = role.or(profile_role(t)?).and_then(catalog::role);
            let lists = copilot::ask::lists(stage, role.map(|r| r.slug), role.map(|r| r.label));
            t.reply(m::ask_interviewer(&t.user, &lists));
            "intent:ask_interviewer".into()
        }
        Intent::Review { answer, question } => {
            review(t, &answer, question.as_deref());
            "intent:review".into()
        }
    })
}

/// The profile's role slug, if one is set and known.
fn profile_role(t: &Turn<'_>) -> Result<Option<&'static str>> {
    Ok(t.profile()?.role.as_deref().and_then(catalog::role).map(|r| r.slug))
}

/// How close a named question must be to a bank question to be scored as it (Dice's
/// coefficient of their content words); below it the answer is scored against the named text.
const CLOSE_ENOUGH: f64 = 0.5;

/// The question a pasted answer is scored against when the user names none.
const GENERIC_QUESTION: &str =
    "Tell me about a time you made a difference at work: the situation, what you did, and the result.";

/// "Review my answer: …": the answer scored by the offline rubric scorer against the bank
/// question closest to the question the user named, else that question's own text, else a
/// generic behavioural question.
fn review(t: &mut Turn<'_>, answer: &str, question: Option<&str>) {
    if answer.split_whitespace().count() < 3 {
        t.reply(m::review_usage());
        return;
    }
    let e = t.e;
    let bank_q = question.and_then(|q| copilot::closest_question(&e.bank, q, CLOSE_ENOUGH).map(|(q, _)| q));
    let (target, against) = match (bank_q, question) {
        (Some(q), _) => match e.scorer.target(&q.id) {
            Some(tg) => (tg.clone(), m::ReviewedAgainst::Bank(q)),
            None => (
                e.scorer.target_from_text(&q.text, q.category),
                m::ReviewedAgainst::Bank(q),
            ),
        },
        (None, Some(q)) => (
            e.scorer.target_from_text(q, Category::Behavioral),
            m::ReviewedAgainst::Named(q),
        ),
        (None, None) => (
            e.scorer.target_from_text(GENERIC_QUESTION, Category::Behavioral),
            m::ReviewedAgainst::Generic,
        ),
    };
    let score = e.scorer.score(&target, answer);
    tracing::debug!(
        words = answer.split_whitespace().count(),
        score = score.overall,
        "answer reviewed in chat"
    );
    let r = m::review(&t.user, &against, &score);
    t.reply(r);
}

fn recently_ended(t: &Turn) -> bool {
    t.meta
        .last_ended
        .as_ref()
        .is_some_and(|(_, at)| t.now - *at <= Duration::minutes(15))
}

/// A document: outside an interview, a CV or a job description (/cv, /jd); during one, a text
/// file is the answer.
pub async fn document(
    t: &mut Turn<'_>,
    name: &str,
    mime: Option<&str>,
    bytes: Vec<u8>,
    caption: Option<&str>,
) -> Result<()> {
    let Some(mut s) = t.active_session()? else {
        return cv::document(t, name, mime, bytes, caption).await;
    };
    if bytes.len() > MAX_TEXT_DOC {
        t.reply(m::document_too_big(MAX_TEXT_DOC / 1024));
        return Ok(());
    }
    let texty = mime.is_none_or(|m| m.starts_with("text/")) || name.ends_with(".txt") || name.ends_with(".md");
    match std::str::from_utf8(&bytes) {
        Ok(text) if texty && !text.contains('\0') => interview_turns::answer(t, &mut s, text).await,
        _ => {
            t.reply(m::document_unreadable(name));
            Ok(())
        }
    }
}

/// Longest voice message transcribed (bytes); Telegram's own download limit is 20 MB.
const MAX_VOICE: usize = 20 * 1024 * 1024;

/// A voice message: transcribed through the configured provider, then handled like typed text
/// (the answer during an interview). Without a provider, the user is told how to answer instead.
pub async fn voice(t: &mut Turn<'_>, mime: &str, bytes: Vec<u8>) -> Result<()> {
    let active = t.active_session()?.is_some();
    let Some(llm) = brain::available(t) else {
        // Configured but paused (or over today's allowance, already said): not "none configured".
        let r = if t.e.llm.is_some() {
            m::voice_unusable(active)
        } else {
            m::voice_unavailable(active)
        };
        t.reply(r);
        return Ok(());
    };
    if bytes.is_empty() || bytes.len() > MAX_VOICE {
        t.reply(m::voice_unusable(active));
        return Ok(());
    }
    let ext = match mime {
        m if m.contains("ogg") || m.contains("opus") => "ogg",
        m if m.contains("mpeg") || m.contains("mp3") => "mp3",
        m if m.contains("wav") => "wav",
        m if m.contains("webm") => "webm",
        m if m.contains("mp4") || m.contains("m4a") || m.contains("aac") => "m4a",
        _ => "ogg",
    };
    match llm.transcribe(&format!("voice.{ext}"), bytes).await {
        Ok(heard) => {
            t.reply(m::voice_heard(&heard));
            text(t, &heard).await
        }
        Err(e) => {
            tracing::warn!(error = %e, "transcription failed");
            t.reply(m::voice_unusable(active));
            Ok(())
        }
    }
}
